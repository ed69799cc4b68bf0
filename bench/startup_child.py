"""Child of bench/startup.py: start the kiosk as ``council-kiosk`` does and report the first paint.

Usage: ``python bench/startup_child.py SPAWN_TIME CONFIG [WxH]``

``SPAWN_TIME`` is the parent's ``time.time()`` just before it spawned this process. The very
first statement records this process's own start, so the report has both "from spawn" (fork,
exec, interpreter start-up and everything after) and "from exec" (from the first line of this
script, i.e. after the interpreter itself has started).

The kiosk is started through the real command line (``kiosk.cli.main`` with ``--windowed
--size``), unchanged; it opens its outbox (SQLAlchemy, Alembic) only after the first paint, so
that is not part of the figure. The only hook: ``kiosk.app.build_kiosk``
is wrapped so that, once the QApplication exists, an application-wide event filter waits for
the first ``QEvent.Paint`` delivered to a visible ``HomeScreen`` ("paint started"), then
removes itself and posts a ``QTimer.singleShot(0)``; that fires once the paint pass and its
flush to the window's backing store have finished and control is back in the event loop
("painted"). The child then prints one ``STARTUP {json}`` line, flushes, and quits the kiosk.
Importing ``kiosk.app`` up front (to wrap it) only moves import time earlier; the total from
exec to paint is unchanged.
"""

from __future__ import annotations

import time

EXEC_TIME = time.time()

import json  # noqa: E402
import sys  # noqa: E402
from pathlib import Path  # noqa: E402


def main(argv: list[str]) -> int:
    spawn_time = float(argv[1])
    config = Path(argv[2])
    size = argv[3] if len(argv) > 3 else "1080x1920"
    marks: dict[str, float] = {}  # absolute time.time() of each step
    durations: dict[str, float] = {}

    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication

    import kiosk.app
    from kiosk.cli import main as council_kiosk
    from kiosk.screens.home import HomeScreen

    marks["imported"] = time.time()
    real_build_kiosk = kiosk.app.build_kiosk

    class FirstHomePaint(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
            if (
                "paint_started" not in marks
                and event.type() == QEvent.Type.Paint
                and isinstance(watched, HomeScreen)
                and watched.isVisible()
            ):
                marks["paint_started"] = time.time()
                QApplication.instance().removeEventFilter(self)
                QTimer.singleShot(0, report)
            return False

    def report() -> None:
        marks["painted"] = time.time()
        line = {
            "platform": QApplication.platformName(),
            "exec_time": EXEC_TIME,
            "spawn_time": spawn_time,
            **{name: value - EXEC_TIME for name, value in marks.items()},
            **{f"{name}_seconds": value for name, value in durations.items()},
        }
        print("STARTUP " + json.dumps(line), flush=True)
        QApplication.instance().quit()

    watcher = FirstHomePaint()

    def build_and_watch(*args: object, **kwargs: object) -> object:
        marks["build_started"] = time.time()
        built = real_build_kiosk(*args, **kwargs)
        marks["built"] = time.time()
        QApplication.instance().installEventFilter(watcher)
        return built

    kiosk.app.build_kiosk = build_and_watch
    status = council_kiosk(["--config", str(config), "--windowed", "--size", size])
    if "painted" not in marks:
        print("STARTUP-FAILED the home screen was never painted", flush=True)
        return status or 1
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv))
