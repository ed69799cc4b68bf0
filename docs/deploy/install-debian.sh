#!/usr/bin/env bash
# Install the kiosk into ./.venv on Debian 12 (or Ubuntu), with the system packages it needs.
#   bash docs/deploy/install-debian.sh           # the kiosk
#   bash docs/deploy/install-debian.sh --tests   # the kiosk and what the test suite needs
# As root it installs system packages with apt-get; otherwise it says what is missing and goes on.
set -euo pipefail
cd "$(dirname "$0")/../.."

with_tests=0
[[ "${1:-}" == "--tests" ]] && with_tests=1

# Qt's xcb platform (a real window), fonts for every script we ship, Xvfb for headless runs.
system_packages=(
  python3 python3-venv python3-pip
  libegl1 libgl1 libfontconfig1 libxkbcommon0 libdbus-1-3 libglib2.0-0
  libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0 libxcb-randr0 libxcb-render-util0
  libxcb-shape0 libxcb-xfixes0 libxcb-xkb1 libxkbcommon-x11-0 libx11-xcb1 libxcb-shm0 libxcb-sync1
  fonts-dejavu-core fonts-noto-core
  espeak-ng libespeak-ng1
  xvfb xauth xclip
)
# The screen-reader test walks the kiosk's accessibility tree over AT-SPI with Debian's pyatspi.
test_packages=(dbus dbus-x11 at-spi2-core python3-pyatspi xdotool)

((with_tests)) && system_packages+=("${test_packages[@]}")
missing=()
for package in "${system_packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if ((${#missing[@]})); then
  if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null; then
    echo "Installing system packages: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "Not root (or no apt-get): install these yourself if the kiosk will not start: ${missing[*]}" >&2
  fi
fi

python=""
for candidate in python3.11 python3; do
  if command -v "$candidate" >/dev/null && "$candidate" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))'; then
    python=$candidate
    break
  fi
done
if [[ -z "$python" ]]; then
  echo "The kiosk needs Python 3.11 (Debian 12's python3). Found: $(python3 --version 2>&1)" >&2
  exit 2
fi

if [[ ! -x .venv/bin/python ]]; then
  "$python" -m venv .venv
fi
.venv/bin/python -m pip install --quiet --upgrade pip
if ((with_tests)); then
  .venv/bin/python -m pip install --quiet -e ".[test]"
else
  .venv/bin/python -m pip install --quiet -e .
fi
echo "Installed into $(pwd)/.venv"
