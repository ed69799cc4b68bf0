"""Test hook: die abruptly at a named point so durability tests can prove crash safety.

When the environment variable ``COUNCIL_KIOSK_CRASH_POINT`` names a point, the process kills
itself with SIGKILL there (no cleanup, no flushing, like a power cut to the Python process).
``name@N`` kills on the Nth time the point is reached, so a test can crash in the middle of a
long run. ``crash_window`` covers a span (such as an HTTP request in flight): the kill comes
from a timer while the span is still running. Without the variable these are cheap no-ops.
Never set the variable on a real kiosk.
"""

from __future__ import annotations

import os
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager

ENV_VAR = "COUNCIL_KIOSK_CRASH_POINT"

# SIGKILL does not exist on Windows; there os.kill with SIGTERM terminates the process abruptly.
_KILL_SIGNAL = getattr(signal, "SIGKILL", signal.SIGTERM)
_hits: dict[str, int] = {}
_lock = threading.Lock()


def _kill() -> None:
    os.kill(os.getpid(), _KILL_SIGNAL)


def _armed(name: str) -> bool:
    wanted = os.environ.get(ENV_VAR)
    if not wanted:
        return False
    point, _, count = wanted.partition("@")
    if point != name:
        return False
    with _lock:
        _hits[name] = _hits.get(name, 0) + 1
        return _hits[name] >= (int(count) if count.isdigit() else 1)


def crash_point(name: str) -> None:
    """Kill this process at once if ``COUNCIL_KIOSK_CRASH_POINT`` names this point (and hit count)."""
    if _armed(name):
        _kill()


@contextmanager
def crash_window(name: str, after_seconds: float) -> Iterator[None]:
    """If armed, kill the process ``after_seconds`` into the ``with`` block (while it still runs)."""
    if not _armed(name):
        yield
        return
    timer = threading.Timer(after_seconds, _kill)
    timer.daemon = True
    timer.start()
    try:
        yield
    finally:
        timer.cancel()
