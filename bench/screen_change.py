"""Screen change: from the tap on Continue to the next question shown and painted, offscreen.

    .venv/bin/python bench/screen_change.py [--rounds 10]

A ``ResidentDriver`` answers every question of the forms in ``sessions.ANSWERS`` (a mix of
choices, yes/no, addresses, dates, text) at 1080x1920 and sends them. Only Continue taps that
lead from one question to the next are timed (typing the answer is not). For each one:

- t0: just before the press is sent to the Continue button;
- "shown": the ``QEvent.Show`` of the new screen;
- "paint started": the first ``QEvent.Paint`` the new screen receives;
- "painted": the tap and ``processEvents()`` have returned, the new screen has been painted,
  and the old screen's deferred delete has run (a real event loop does that in the same pass).

Shown and paint-start are caught without an application-wide filter (which would tax every
event): a filter on the scroll area's viewport sees ``ChildAdded`` when the new screen is put
in, and installs a second filter on that screen only. Prints figures; asserts nothing except
that each change really reached the next question and was painted.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import sessions  # noqa: E402

TARGET_P95_SECONDS = 0.030


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=10, help="times through every form (about 30 changes each)")
    args = parser.parse_args()

    sessions.quiet_qt_warnings()
    sessions.ensure_app()
    from PySide6.QtCore import QEvent, QObject

    from kiosk.driver import ResidentDriver
    from kiosk.screens.base import Screen
    from kiosk.screens.question import QuestionScreen

    class ScreenWatch(QObject):
        """Timestamps of the newest screen's Show and first Paint."""

        def __init__(self) -> None:
            super().__init__()
            self.reset()

        def reset(self) -> None:
            self.screen: QObject | None = None
            self.shown: float | None = None
            self.paint_started: float | None = None

        def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
            kind = event.type()
            if kind == QEvent.Type.ChildAdded and isinstance(event.child(), Screen):
                self.screen = event.child()
                self.screen.installEventFilter(self)
            elif watched is self.screen:
                if kind == QEvent.Type.Show and self.shown is None:
                    self.shown = time.perf_counter()
                elif kind == QEvent.Type.Paint and self.paint_started is None:
                    self.paint_started = time.perf_counter()
            return False

    clock = sessions.FakeClock()
    painted: list[float] = []
    shown: list[float] = []
    paint_started: list[float] = []
    slowest: list[tuple[float, str]] = []
    with tempfile.TemporaryDirectory(prefix="bench-screen-change-") as folder:
        kiosk = sessions.open_kiosk(sessions.write_config(Path(folder)), clock)
        watch = ScreenWatch()
        kiosk.window.scroll.viewport().installEventFilter(watch)
        resident = ResidentDriver(kiosk.window)
        for round_index in range(args.rounds + 1):
            measured = round_index > 0  # the first round warms caches and is not counted
            for form_id in sessions.FORMS:
                resident.open_form(form_id)
                resident.start()
                while isinstance(screen := kiosk.window.screen, QuestionScreen):
                    question_id = screen.step.question_id
                    resident.enter(sessions.ANSWERS[form_id].get(question_id))
                    watch.reset()
                    started = time.perf_counter()
                    resident.tap_continue()
                    sessions.flush_deferred_deletes()
                    done = time.perf_counter()
                    new = kiosk.window.screen
                    if not isinstance(new, QuestionScreen):
                        break  # Continue on the last question goes to check answers: not timed
                    assert new.step.question_id != question_id, f"{form_id}: {question_id} was not accepted"
                    assert watch.screen is new and watch.paint_started is not None, "next screen not painted"
                    if measured:
                        painted.append(done - started)
                        shown.append(watch.shown - started)
                        paint_started.append(watch.paint_started - started)
                        slowest.append((done - started, f"{form_id}: {question_id} -> {new.step.question_id}"))
                resident.tap_send()
                resident.tap_finish()
                sessions.settle()
        kiosk.close()

    print(f"question-to-question screen change after Continue, offscreen 1080x1920, {len(painted)} changes:")
    print(f"  new screen shown          {sessions.summary_ms(shown)}")
    print(f"  new screen paint started  {sessions.summary_ms(paint_started)}")
    print(f"  new screen painted        {sessions.summary_ms(painted)}")
    worst = ", ".join(f"{name} {seconds * 1000:.1f} ms" for seconds, name in sorted(slowest, reverse=True)[:3])
    print(f"  slowest: {worst}")
    p95 = sessions.percentile(painted, 95)
    verdict = "meets" if p95 < TARGET_P95_SECONDS else "MISSES"
    print(f"  target: screen change p95 under {TARGET_P95_SECONDS * 1000:.0f} ms: {p95 * 1000:.2f} ms, {verdict} it")
    return 0


if __name__ == "__main__":
    sys.exit(main())
