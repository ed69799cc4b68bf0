"""The kiosk's one way to do work off the GUI thread (sync passes, status look-ups).

``BackgroundTasks.run(fn, on_done, on_failed)`` runs ``fn()`` on a small thread pool and calls
``on_done(result)`` or ``on_failed(description)`` back on the GUI thread, through a queued Qt
signal. Background functions must never touch widgets; the callbacks may. A failure is
described by type and place only (its message might quote personal data). ``wait`` lets the
kiosk finish what is running before it closes the outbox.
"""

from __future__ import annotations

import itertools
import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal, Slot

log = logging.getLogger(__name__)


class _Job(QRunnable):
    def __init__(self, job_id: int, fn: Callable[[], Any], finished: Signal) -> None:
        super().__init__()
        self._job_id = job_id
        self._fn = fn
        self._finished = finished

    def run(self) -> None:
        try:
            result, failure = self._fn(), None
        except Exception as exc:  # noqa: BLE001 - reported to the caller on the GUI thread
            from kiosk.controller import describe_failure

            result, failure = None, describe_failure(exc)
            exc.__traceback__ = None
        self._fn = None
        self._finished.emit(self._job_id, result, failure)


class BackgroundTasks(QObject):
    """Runs callables on its own thread pool; results arrive as Qt signals on the GUI thread."""

    _sig_job_finished = Signal(int, object, object)

    def __init__(self, parent: QObject | None = None, *, max_threads: int = 2) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(max_threads)
        self._ids = itertools.count(1)
        self._callbacks: dict[int, tuple[Callable[[Any], None], Callable[[str], None] | None]] = {}
        self._sig_job_finished.connect(self._deliver, Qt.ConnectionType.QueuedConnection)

    def run(
        self, fn: Callable[[], Any], on_done: Callable[[Any], None], on_failed: Callable[[str], None] | None = None
    ) -> None:
        """Start ``fn`` in the background; exactly one of the callbacks runs later on this thread."""
        job_id = next(self._ids)
        self._callbacks[job_id] = (on_done, on_failed)
        self._pool.start(_Job(job_id, fn, self._sig_job_finished))

    @property
    def busy(self) -> bool:
        return bool(self._callbacks)

    def wait(self, timeout_ms: int = 60_000) -> bool:
        """Block until every running job is done (at shutdown); False if the time ran out."""
        return self._pool.waitForDone(timeout_ms)

    @Slot(int, object, object)
    def _deliver(self, job_id: int, result: Any, failure: str | None) -> None:
        on_done, on_failed = self._callbacks.pop(job_id, (None, None))
        if failure is not None:
            log.error("background work failed: %s", failure)
            if on_failed is not None:
                on_failed(failure)
        elif on_done is not None:
            on_done(result)
