"""Soak: memory after 1,000 resident sessions through the real screens, in one process.

    .venv/bin/python bench/soak_memory.py [--sessions 1000]

Builds the kiosk offscreen at 1080x1920 with a fake clock, then runs
``sessions.run_sessions``: half the residents answer every question and send, half answer 1-4
pages and walk away, and the idle timeout (driven by the fake clock: warning, then countdown)
ends their session. RSS is read from /proc/self/status (VmRSS) after start-up and at the end;
an extra reading after the first ``--warm-up`` sessions separates one-off warm-up (caches,
fonts, statement compilation) from steady growth. Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import gc
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import sessions  # noqa: E402

TARGET_GROWTH_PCT = 10.0


def mib(kib: int) -> str:
    return f"{kib / 1024:.1f} MiB"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sessions", type=int, default=1000)
    parser.add_argument("--warm-up", type=int, default=50, help="sessions after which a middle reading is taken")
    args = parser.parse_args()

    sessions.quiet_qt_warnings()
    app = sessions.ensure_app()
    clock = sessions.FakeClock()
    with tempfile.TemporaryDirectory(prefix="bench-soak-") as folder:
        kiosk = sessions.open_kiosk(sessions.write_config(Path(folder)), clock)
        gc.collect()
        rss_start = sessions.rss_kib()
        widgets_start = len(app.allWidgets())
        warm = sessions.run_sessions(kiosk, args.warm_up, clock)
        gc.collect()
        rss_warm = sessions.rss_kib()
        rest = sessions.run_sessions(kiosk, args.sessions - args.warm_up, clock)
        gc.collect()
        rss_end = sessions.rss_kib()
        widgets_end = len(app.allWidgets())
        stored = len(kiosk.outbox.items())
        kiosk.close()

    total = warm.sessions + rest.sessions
    seconds = warm.seconds + rest.seconds
    growth = (rss_end - rss_start) / rss_start * 100
    steady = (rss_end - rss_warm) / rss_warm * 100
    sent, timed_out = warm.sent + rest.sent, warm.timed_out + rest.timed_out
    answered = warm.pages_answered + rest.pages_answered
    print(
        f"soak, offscreen 1080x1920, {total} sessions in one process ({sent} sent, {timed_out} ended by "
        f"the idle timeout, {answered} questions answered, {stored} items in the outbox):"
    )
    print(f"  RSS start {mib(rss_start)}, after {warm.sessions} sessions {mib(rss_warm)}, end {mib(rss_end)}")
    per_session = (rss_end - rss_warm) / max(rest.sessions, 1)
    print(f"  RSS growth start->end {growth:+.1f}%  (after warm-up->end {steady:+.1f}%, {per_session:.1f} KiB/session)")
    print(f"  live widgets start {widgets_start}, end {widgets_end}")
    print(f"  {total / seconds:.1f} sessions/second ({seconds:.1f} s)")
    verdict = "meets" if growth < TARGET_GROWTH_PCT else "MISSES"
    print(f"  target: RSS growth under {TARGET_GROWTH_PCT:.0f}% across {total} sessions: {growth:+.1f}%, {verdict} it")
    return 0


if __name__ == "__main__":
    sys.exit(main())
