"""Assemble a working kiosk from settings: catalogue, outbox, window, controller, idle monitor.

``build_kiosk`` needs a QApplication to exist; it is what ``council-kiosk`` runs and what the
tests drive, with an injectable clock and tick so timeouts run in milliseconds. The outbox (and
with it SQLAlchemy and Alembic) can be opened just after the home screen is first painted, so a
resident sees the kiosk sooner; if it cannot be opened the kiosk goes out of service at once.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication

from accessibility.qss import render_qss
from accessibility.tokens import Theme
from forms.catalogue import Catalogue, CatalogueSource
from kiosk.controller import KioskController
from kiosk.idle import IdleMonitor
from kiosk.settings import Settings
from kiosk.window import KioskWindow

if TYPE_CHECKING:
    from accessibility.speech.synthesiser import Synthesiser
    from kiosk.read_aloud import ReadAloud
    from kiosk.sync_service import SyncService
    from sync.key_store import KeyStore
    from sync.outbox import Outbox

log = logging.getLogger(__name__)

ENGINE_CHECK_DELAY_MS = 1500


@dataclass
class Kiosk:
    """The running parts of one kiosk. ``controller`` is None when it is out of service."""

    window: KioskWindow
    controller: KioskController | None
    idle: IdleMonitor
    outbox: Outbox | None
    catalogue: Catalogue
    settings: Settings
    key_store: KeyStore | None = None
    sync: SyncService | None = None
    sync_problem: str | None = None
    read_aloud: ReadAloud | None = None
    speech_engine: Synthesiser | None = None

    def open_outbox(self) -> bool:
        """Open the outbox and hand it to the controller; on failure, go out of service."""
        from kiosk.commands.open_outbox import key_store_for, open_outbox
        from sync.key_store import KeyStoreError
        from sync.outbox import OutboxError

        if self.outbox is not None:
            return True
        try:
            self.outbox = open_outbox(self.settings, self.key_store or key_store_for(self.settings))
        except KeyStoreError as exc:
            self.go_out_of_service(f"submissions cannot be stored safely: {exc}")
            return False
        except OutboxError as exc:
            self.go_out_of_service(f"the outbox cannot be opened: {exc}")
            return False
        if self.controller is not None:
            self.controller.attach_outbox(self.outbox)
        self.start_sync()
        return True

    def start_sync(self) -> None:
        """Drain the outbox to the case API in the background, if one is configured.

        Without a case API (or with a configuration mistake, logged for staff) the kiosk still
        takes forms: they wait safely in the outbox.
        """
        from kiosk.background import BackgroundTasks
        from kiosk.commands.open_outbox import key_store_for
        from kiosk.sync_service import SyncService
        from kiosk.sync_setup import SyncConfigError, build_case_api_client, sync_policy
        from sync.worker import SyncWorker

        if self.sync is not None or self.outbox is None or not self.settings.case_api.base_url:
            return
        key_store = self.key_store or key_store_for(self.settings)
        try:
            policy = sync_policy(self.settings)
            client = build_case_api_client(self.settings, key_store)
            # A second client for status look-ups: a requests.Session is not shared between threads.
            status_client = build_case_api_client(self.settings, key_store, need_api_key=False)
        except SyncConfigError as exc:
            self.sync_problem = str(exc)
            log.error("submissions will wait in the outbox: sync cannot start: %s", exc)
            return
        worker = SyncWorker(self.outbox, client, policy)
        tasks = BackgroundTasks(self.window)
        interval_ms = max(50, int(self.settings.sync.interval_seconds * 1000))
        self.sync = SyncService(worker, status_client, tasks, interval_ms=interval_ms, parent=self.window)
        controller = self.controller
        if controller is not None:
            self.sync.sig_pass_finished.connect(lambda _summary: controller.refresh_send_status())
            controller.attach_sync(self.sync.look_up_status, self.sync.run_now)
        self.sync.start()

    def go_out_of_service(self, reason: str) -> None:
        """Stop taking forms and show staff ``reason`` (never personal data)."""
        log.error("out of service: %s", reason)
        if self.controller is not None:
            self.controller.end_session("out of service")
        self.controller = None
        self.idle.set_active(False)
        self.window.show_out_of_service(reason)

    def open_outbox_after_first_paint(self, delay_ms: int = 100) -> None:
        """Open the outbox ``delay_ms`` after the window first paints: the home screen is on the
        glass by then, and only Send needs the outbox, many taps later."""
        self.window.installEventFilter(_FirstPaint(self.window, lambda: QTimer.singleShot(delay_ms, self.open_outbox)))

    def close(self) -> None:
        self.idle.set_active(False)
        self.window.close()
        if self.read_aloud is not None:
            self.read_aloud.stop()
        if self.speech_engine is not None:
            self.speech_engine.close()
            self.speech_engine = None
        if self.sync is not None:
            self.sync.stop()
            self.sync = None
        if self.outbox is not None:
            self.outbox.close()
            self.outbox = None


def _add_read_aloud(kiosk: Kiosk, controller: KioskController) -> None:
    """Speech for residents who turn it on: synthesised off the GUI thread, played stoppably."""
    from accessibility.qt_speech_player import SpeechPlayer
    from accessibility.speech.prompt_cache import PromptCache
    from accessibility.speech.synthesiser import Synthesiser
    from kiosk.background import BackgroundTasks
    from kiosk.read_aloud import ReadAloud
    from kiosk.ui_text import ui

    window = kiosk.window
    kiosk.speech_engine = Synthesiser()
    read_aloud = ReadAloud(BackgroundTasks(window, max_threads=1), kiosk.speech_engine, lambda: SpeechPlayer(window),
                           cache=PromptCache(), parent=window)  # fmt: skip
    read_aloud.sig_start_requested.connect(lambda: controller.change_preferences({"read_aloud": True}))

    def warn_aloud(seconds: int) -> None:
        """The privacy time-out warns audibly too (with the way to get more time), when speaking."""
        if read_aloud.enabled:
            lang = controller.language
            read_aloud.speak(" ".join((ui("timeout.heading", lang), ui("timeout.body", lang, seconds=seconds),
                                       ui("timeout.more_time", lang))))  # fmt: skip

    kiosk.idle.sig_warning_started.connect(warn_aloud)
    window.attach_read_aloud(read_aloud)
    # Start the speech engine once the home screen is up: not on the start-up path.
    QTimer.singleShot(ENGINE_CHECK_DELAY_MS, read_aloud, read_aloud.check_engine)
    kiosk.read_aloud = read_aloud


class _FirstPaint(QObject):
    """Calls ``then`` after the first paint event of the watched widget, once."""

    def __init__(self, parent: QObject, then: Callable[[], None]) -> None:
        super().__init__(parent)
        self._then = then

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            self._then()
        return False


def build_kiosk(
    settings: Settings,
    *,
    clock: Callable[[], float] = time.monotonic,
    tick_ms: int = 250,
    today: Callable[[], date] = date.today,
    open_outbox_now: bool = True,
    key_store: KeyStore | None = None,
) -> Kiosk:
    """Create the kiosk's parts and show the home screen (or out of service) in the window.

    With ``open_outbox_now=False`` the caller opens it later (``open_outbox_after_first_paint``).
    ``key_store`` holds the outbox key (default: the demo's in demo mode, else the OS keyring).
    """
    app = QApplication.instance()
    assert app is not None, "create a QApplication first"
    app.setStyleSheet(render_qss(Theme()))
    source = CatalogueSource(settings.form_paths, settings.forms.order)
    catalogue = source.current()
    for problem in catalogue.problems:
        log.warning("form definition skipped: %s", problem)
    window = KioskWindow(settings.kiosk.council_name, settings.kiosk.name)
    idle = IdleMonitor(settings.session.idle_seconds, settings.session.warning_seconds,
                       clock=clock, tick_ms=tick_ms, parent=window)  # fmt: skip
    app.installEventFilter(idle)

    def session_changed(active: bool) -> None:
        idle.set_active(active)
        window.set_session_active(active)

    controller = KioskController(window, catalogue, None, follow_up_text=settings.follow_up_text,
                                 today=today, on_session_changed=session_changed,
                                 reference_prefix=settings.kiosk.reference_prefix,
                                 refresh_catalogue=source.current)  # fmt: skip
    window.bind(controller)
    idle.sig_warning_started.connect(window.timeout_overlay.show_countdown)
    idle.sig_countdown_changed.connect(window.timeout_overlay.show_countdown)
    idle.sig_warning_cancelled.connect(window.timeout_overlay.dismiss)
    idle.sig_session_expired.connect(lambda: controller.end_session("timed out"))
    window.timeout_overlay.sig_more_time_requested.connect(idle.extend)
    window.timeout_overlay.sig_start_again_requested.connect(lambda: controller.end_session("start again"))
    kiosk = Kiosk(window, controller, idle, None, catalogue, settings, key_store)
    _add_read_aloud(kiosk, controller)
    if open_outbox_now and not kiosk.open_outbox():
        return kiosk
    controller.show_home()
    return kiosk
