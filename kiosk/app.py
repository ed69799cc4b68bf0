"""Assemble a working kiosk from settings: catalogue, outbox, window, controller, idle monitor.

``build_kiosk`` needs a QApplication to exist; it is what ``council-kiosk`` runs and what the
tests drive, with an injectable clock and tick so timeouts run in milliseconds.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from PySide6.QtWidgets import QApplication

from accessibility.qss import render_qss
from accessibility.tokens import Theme
from forms.catalogue import Catalogue, load_catalogue
from kiosk.controller import KioskController
from kiosk.idle import IdleMonitor
from kiosk.settings import Settings
from kiosk.window import KioskWindow
from sync.outbox import Outbox, OutboxError

log = logging.getLogger(__name__)


@dataclass
class Kiosk:
    """The running parts of one kiosk. ``controller`` is None when it is out of service."""

    window: KioskWindow
    controller: KioskController | None
    idle: IdleMonitor
    outbox: Outbox | None
    catalogue: Catalogue

    def close(self) -> None:
        self.idle.set_active(False)
        self.window.close()
        if self.outbox is not None:
            self.outbox.close()


def build_kiosk(
    settings: Settings,
    *,
    clock: Callable[[], float] = time.monotonic,
    tick_ms: int = 250,
    today: Callable[[], date] = date.today,
) -> Kiosk:
    """Create the kiosk's parts and show the home screen (or out of service) in the window."""
    app = QApplication.instance()
    assert app is not None, "create a QApplication first"
    app.setStyleSheet(render_qss(Theme()))
    catalogue = load_catalogue(settings.form_paths())
    catalogue.sort(settings.forms.order)
    for problem in catalogue.problems:
        log.warning("form definition skipped: %s", problem)
    window = KioskWindow(settings.kiosk.council_name, settings.kiosk.name)
    idle = IdleMonitor(settings.session.idle_seconds, settings.session.warning_seconds,
                       clock=clock, tick_ms=tick_ms, parent=window)  # fmt: skip
    app.installEventFilter(idle)
    try:
        outbox = Outbox.open(settings.data_dir, reference_prefix=settings.kiosk.reference_prefix)
    except OutboxError as exc:
        log.error("out of service: the outbox cannot be opened: %s", exc)
        window.show_out_of_service(f"the outbox cannot be opened: {exc}")
        return Kiosk(window, None, idle, None, catalogue)

    def session_changed(active: bool) -> None:
        idle.set_active(active)
        window.set_session_active(active)

    controller = KioskController(window, catalogue, outbox, follow_up_text=settings.follow_up_text,
                                 today=today, on_session_changed=session_changed)  # fmt: skip
    window.bind(controller)
    idle.sig_warning_started.connect(window.timeout_overlay.show_countdown)
    idle.sig_countdown_changed.connect(window.timeout_overlay.show_countdown)
    idle.sig_warning_cancelled.connect(window.timeout_overlay.dismiss)
    idle.sig_session_expired.connect(lambda: controller.end_session("timed out"))
    window.timeout_overlay.sig_more_time_requested.connect(idle.extend)
    window.timeout_overlay.sig_start_again_requested.connect(lambda: controller.end_session("start again"))
    controller.show_home()
    return Kiosk(window, controller, idle, outbox, catalogue)
