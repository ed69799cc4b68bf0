"""Keeps the outbox draining while the kiosk runs: a sync pass every few seconds, off the GUI thread.

Passes run through ``BackgroundTasks`` (never two at once); each finished pass is announced with
``sig_pass_finished(PassSummary)`` on the GUI thread, so screens showing a reference can update
its state. Status look-ups for "Check on something I reported" go the same way. A resident
never waits for the network: nothing here blocks the GUI thread.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Signal

from kiosk.background import BackgroundTasks
from sync.case_api.base import CaseApiClient, StatusOutcome, Transient
from sync.worker import PassSummary, SyncWorker

log = logging.getLogger(__name__)


class SyncService(QObject):
    """Runs ``worker.run_pass`` every ``interval_ms`` and on request, in the background.

    ``status_client`` answers status look-ups; it is not the worker's own client, since both may
    be in use at once on different threads.
    """

    sig_pass_finished = Signal(object)

    def __init__(
        self,
        worker: SyncWorker,
        status_client: CaseApiClient,
        tasks: BackgroundTasks,
        *,
        interval_ms: int,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._worker = worker
        self._client = status_client
        self._tasks = tasks
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.run_now)
        self._running = False
        self._again = False
        self._stopped = False
        self.last_summary: PassSummary | None = None

    def start(self) -> None:
        """Run a first pass now, then one every interval."""
        self._stopped = False
        self._timer.start()
        self.run_now()

    def run_now(self) -> None:
        """Start a pass unless one is running (then one more follows it, e.g. after a Send)."""
        if self._stopped:
            return
        if self._running:
            self._again = True
            return
        self._running = True
        self._tasks.run(self._worker.run_pass, self._pass_done, self._pass_failed)

    def _pass_done(self, summary: PassSummary) -> None:
        self._running = False
        self.last_summary = summary
        self.sig_pass_finished.emit(summary)
        self._follow_up()

    def _pass_failed(self, failure: str) -> None:
        self._running = False
        log.error("sync pass failed: %s", failure)
        self._follow_up()

    def _follow_up(self) -> None:
        if self._again and not self._stopped:
            self._again = False
            self.run_now()

    def look_up_status(self, remote_id: str, on_done: Callable[[StatusOutcome], None]) -> None:
        """Ask the case API for a case's status in the background; ``on_done`` gets the outcome."""
        self._tasks.run(
            lambda: self._client.case_status(remote_id),
            on_done,
            lambda failure: on_done(Transient(f"the status look-up failed ({failure})")),
        )

    def stop(self, timeout_ms: int = 60_000) -> None:
        """Stop the timer and wait for a running pass to finish (before the outbox closes)."""
        self._stopped = True
        self._timer.stop()
        self._tasks.wait(timeout_ms)
        self._client.close()
        self._worker.close()
