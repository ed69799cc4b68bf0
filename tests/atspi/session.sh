#!/usr/bin/env bash
# Inside one dbus-run-session (and an X display in $DISPLAY): start the kiosk, walk it, stop it.
#
# Usage: session.sh PLAN.json REPORT.json KIOSK_LOG -- KIOSK_COMMAND...
# The walker's JSON report goes to REPORT.json (stdout here also carries the AT-SPI daemons'
# chatter); the kiosk's output goes to KIOSK_LOG. Exits with the walker's status. The kiosk is
# stopped however the walker ends.
set -u
plan=$1
report=$2
kiosk_log=$3
shift 4
"$@" >"$kiosk_log" 2>&1 &
kiosk=$!
trap 'kill -TERM "$kiosk" 2>/dev/null; wait "$kiosk" 2>/dev/null' EXIT
# Debian's Python, without the venv's PYTHONPATH (the kiosk needs it, pyatspi must not see it).
env -u PYTHONPATH -u PYTHONHOME /usr/bin/python3 "$(dirname "$0")/walk_journey.py" "$plan" >"$report"
