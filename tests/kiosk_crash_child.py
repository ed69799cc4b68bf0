"""Child process for tests/test_kiosk_crash.py: a resident sends a missed-bin report on the real kiosk.

Usage: ``python tests/kiosk_crash_child.py CONFIG``

Builds the real kiosk from ``CONFIG`` (offscreen, 1080x1920) and, from inside the running event
loop, drives the missed-bin form with ``ResidentDriver``. The moment the confirmation screen is
shown (its ``QEvent.Show``, delivered while the window puts it in place), it prints
``CONFIRMATION <reference>`` and flushes stdout; the parent SIGKILLs it on reading that line.
The event loop then keeps running (the kiosk waits for the next resident), with a safety exit
after ``SAFETY_EXIT_MS`` in case the parent never kills it. ``ANSWERS`` and ``TODAY`` are what
the parent expects to find stored.
"""

from __future__ import annotations

import os
import sys
import traceback
from datetime import date
from pathlib import Path

FORM_ID = "missed-bin"
TODAY = date(2026, 11, 22)
SAFETY_EXIT_MS = 60_000
ANSWERS = {
    "bin-type": "garden",
    "bin-out": True,
    "address": {"line1": "7 Crash Close", "line2": "Flat 2", "town": "Testbury", "postcode": "tb1 9zz"},
    "due-date": "2026-11-19",
    "more-info": "Left by the gate, as always. The man at number 9 saw the lorry go past.",
    "full-name": "Olusegun Adeyemi-Clarke",
    "contact-method": "email",
    "email": "o.adeyemi@example.org",
}


def main(argv: list[str]) -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication

    from kiosk.app import build_kiosk
    from kiosk.driver import ResidentDriver
    from kiosk.screens.confirmation import ConfirmationScreen
    from kiosk.settings import load_settings

    app = QApplication([argv[0]])
    kiosk = build_kiosk(load_settings(Path(argv[1])), today=lambda: TODAY)
    kiosk.window.resize(1080, 1920)
    kiosk.window.show()
    kiosk.controller.show_home()

    class ConfirmationWatch(QObject):
        """Announce the reference the instant a confirmation screen is shown."""

        def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
            if event.type() == QEvent.Type.ChildAdded and isinstance(event.child(), ConfirmationScreen):
                event.child().installEventFilter(self)
            elif event.type() == QEvent.Type.Show and isinstance(watched, ConfirmationScreen):
                print(f"CONFIRMATION {watched.reference.text()}", flush=True)
            return False

    watch = ConfirmationWatch()
    kiosk.window.scroll.viewport().installEventFilter(watch)

    def resident_sends() -> None:
        try:
            resident = ResidentDriver(kiosk.window)
            resident.open_form(FORM_ID)
            resident.start()
            resident.complete_questions(ANSWERS)
            assert resident.at_check_answers(), "the form did not reach check your answers"
            resident.tap_send()
        except BaseException:
            print("CHILD-FAILED " + traceback.format_exc().replace("\n", " | "), flush=True)
            app.exit(2)

    QTimer.singleShot(0, resident_sends)
    QTimer.singleShot(SAFETY_EXIT_MS, app.quit)
    app.exec()
    print("NOT-KILLED the parent never killed this process", flush=True)
    kiosk.close()
    return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
