"""Start-up: process start to the home screen shown and painted, offscreen and under Xvfb.

    .venv/bin/python bench/startup.py [--runs 20]

Each run spawns ``bench/startup_child.py``, which starts the kiosk through ``council-kiosk
--windowed --size 1080x1920`` and prints when the home screen was first painted (see that file
for how the paint is detected). Figures are "from exec" (the child's first line, after the
interpreter has started) and "from spawn" (the parent's clock just before spawning: includes
fork/exec and Python's own start-up). One unmeasured warm-up run per platform goes first, so the
outbox file exists and the page cache is warm: the figures are warm starts, like a kiosk restart.

Under Xvfb it starts its own server on a free display (``-displayfd``) and stops it afterwards;
if Xvfb is not installed, that half is skipped with a message. Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from sessions import percentile, write_config  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
CHILD = Path(__file__).resolve().parent / "startup_child.py"
SIZE = "1080x1920"
TARGET_SECONDS = 0.5


def child_env(platform: str, display: str | None = None) -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH")) if p)
    env["QT_QPA_PLATFORM"] = platform
    env.pop("DISPLAY", None)
    env.pop("WAYLAND_DISPLAY", None)
    if display is not None:
        env["DISPLAY"] = display
    return env


def run_once(config: Path, env: dict[str, str]) -> dict[str, float]:
    spawn_time = time.time()
    done = subprocess.run(
        [sys.executable, str(CHILD), repr(spawn_time), str(config), SIZE],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    for line in done.stdout.splitlines():
        if line.startswith("STARTUP "):
            report = json.loads(line.removeprefix("STARTUP "))
            report["from_spawn"] = report["exec_time"] + report["painted"] - report["spawn_time"]
            return report
    raise RuntimeError(f"start-up child failed (exit {done.returncode}):\n{done.stdout[-2000:]}\n{done.stderr[-4000:]}")


def measure(label: str, config: Path, env: dict[str, str], runs: int) -> None:
    warm_up = run_once(config, env)
    reports = [run_once(config, env) for _ in range(runs)]
    exec_painted = [r["painted"] for r in reports]
    spawn_painted = [r["from_spawn"] for r in reports]

    def line(name: str, values: list[float]) -> str:
        return (
            f"  {name:<36} median {statistics.median(values) * 1000:7.1f} ms   "
            f"p95 {percentile(values, 95) * 1000:7.1f} ms   "
            f"min {min(values) * 1000:7.1f}   max {max(values) * 1000:7.1f}"
        )

    print(f"{label} (Qt platform '{reports[0]['platform']}', window {SIZE}, {runs} warm runs):")
    print(line("imports done (from exec)", [r["imported"] for r in reports]))
    print(line("build_kiosk called (from exec)", [r["build_started"] for r in reports]))
    print(line("build_kiosk returned (from exec)", [r["built"] for r in reports]))
    print(line("home paint started (from exec)", [r["paint_started"] for r in reports]))
    print(line("home painted (from exec)", exec_painted))
    print(line("home painted (from spawn)", spawn_painted))
    print(
        f"  warm-up run (unmeasured): painted {warm_up['painted'] * 1000:.1f} ms from exec, "
        f"{warm_up['from_spawn'] * 1000:.1f} ms from spawn"
    )
    median = statistics.median(spawn_painted)
    verdict = "meets" if median <= TARGET_SECONDS else "MISSES"
    print(
        f"  target: home painted within {TARGET_SECONDS:.1f} s of process start (median, warm, from spawn): "
        f"{median:.3f} s, {verdict} it"
    )


IMPORT_BREAKDOWN = (
    "PySide6.QtCore",
    "PySide6.QtWidgets",
    "pydantic",
    "kiosk.settings",
    "forms.catalogue",
    "sqlalchemy",
    "sqlalchemy.orm",
    "alembic",
    "sync.outbox",
    "qrcode",
    "kiosk.app",
    "kiosk.cli",
)


def import_breakdown(config: Path, env: dict[str, str]) -> None:
    """One extra run with ``-X importtime``: cumulative import cost of the heavy modules."""
    done = subprocess.run(
        [sys.executable, "-X", "importtime", str(CHILD), repr(time.time()), str(config), SIZE],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    cumulative: dict[str, int] = {}
    for row in done.stderr.splitlines():
        if row.startswith("import time:") and row.count("|") == 2:
            _, total, name = row.removeprefix("import time:").split("|")
            if total.strip().isdigit():
                cumulative.setdefault(name.strip(), int(total))
    found = [f"{name} {cumulative[name] / 1000:.0f} ms" for name in IMPORT_BREAKDOWN if name in cumulative]
    print("  import cost, one run with -X importtime (cumulative, where first imported; inflated a little):")
    print("    " + ", ".join(found))


def start_xvfb() -> tuple[subprocess.Popen[bytes], str]:
    """Start Xvfb on a display number it picks itself; return the process and ``:N``."""
    read_end, write_end = os.pipe()
    server = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write_end), "-screen", "0", "1080x1920x24", "-nolisten", "tcp"],
        pass_fds=(write_end,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(write_end)
    with os.fdopen(read_end, "rb") as pipe:
        number = pipe.readline().strip().decode()
    if not number.isdigit():
        server.kill()
        server.wait()
        raise RuntimeError("Xvfb did not report a display number")
    return server, f":{number}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-startup-") as folder:
        config = write_config(Path(folder))
        measure("offscreen", config, child_env("offscreen"), args.runs)
        import_breakdown(config, child_env("offscreen"))
        print()
        if shutil.which("Xvfb") is None:
            print("Xvfb: skipped, Xvfb is not installed (apt-get install xvfb)")
            return 0
        server, display = start_xvfb()
        try:
            measure(f"Xvfb {display}", config, child_env("xcb", display), args.runs)
        finally:
            server.terminate()
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()
    return 0


if __name__ == "__main__":
    sys.exit(main())
