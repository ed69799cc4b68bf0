"""Notice when a resident has walked away: warn after the idle time, end after the countdown.

The clock and the tick interval are injectable, so tests run these timers in milliseconds.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer, Signal

ACTIVITY_EVENTS = {
    QEvent.Type.MouseButtonPress,
    QEvent.Type.MouseButtonRelease,
    QEvent.Type.KeyPress,
    QEvent.Type.TouchBegin,
    QEvent.Type.TouchUpdate,
    QEvent.Type.Wheel,
    QEvent.Type.InputMethod,
}


class IdleMonitor(QObject):
    """Active only during a session. Any touch or key press counts as the resident being there."""

    sig_warning_started = Signal(int)  # whole seconds left
    sig_countdown_changed = Signal(int)
    sig_warning_cancelled = Signal()
    sig_session_expired = Signal()

    def __init__(
        self,
        idle_seconds: float,
        warning_seconds: float,
        *,
        clock: Callable[[], float] = time.monotonic,
        tick_ms: int = 250,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.idle_seconds = idle_seconds
        self.warning_seconds = warning_seconds
        self._clock = clock
        self._last_activity = clock()
        self._warning = False
        self._active = False
        self._last_shown = -1
        self._timer = QTimer(self)
        self._timer.setInterval(tick_ms)
        self._timer.timeout.connect(self.check)

    @property
    def warning(self) -> bool:
        return self._warning

    def set_active(self, active: bool) -> None:
        """Watch (a session is in progress) or stop watching (home screen)."""
        self._active = active
        self._warning = False
        self._last_activity = self._clock()
        if active:
            self._timer.start()
        else:
            self._timer.stop()

    def extend(self) -> None:
        """The resident is here ("I need more time", or any touch): start the idle time again."""
        self._last_activity = self._clock()
        if self._warning:
            self._warning = False
            self.sig_warning_cancelled.emit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if self._active and event.type() in ACTIVITY_EVENTS and not self._warning:
            self._last_activity = self._clock()
        return False

    def check(self) -> None:
        """Compare the clock with the last activity; called by the timer, or by tests."""
        if not self._active:
            return
        idle = self._clock() - self._last_activity
        if idle < self.idle_seconds:
            return
        left = max(0, math.ceil(self.idle_seconds + self.warning_seconds - idle))
        if not self._warning:
            self._warning = True
            self._last_shown = left
            self.sig_warning_started.emit(left)
        elif left != self._last_shown:
            self._last_shown = left
            self.sig_countdown_changed.emit(left)
        if left == 0:
            self.set_active(False)
            self.sig_session_expired.emit()
