"""Test hook: die abruptly at a named point so durability tests can prove crash safety.

When the environment variable ``COUNCIL_KIOSK_CRASH_POINT`` equals the name passed to
``crash_point``, the process kills itself with SIGKILL (no cleanup, no flushing, like a power
cut to the Python process). Otherwise ``crash_point`` is a cheap no-op. Never set the variable
on a real kiosk.
"""

from __future__ import annotations

import os
import signal

ENV_VAR = "COUNCIL_KIOSK_CRASH_POINT"

# SIGKILL does not exist on Windows; there os.kill with SIGTERM terminates the process abruptly.
_KILL_SIGNAL = getattr(signal, "SIGKILL", signal.SIGTERM)


def crash_point(name: str) -> None:
    """Kill this process at once if ``COUNCIL_KIOSK_CRASH_POINT`` names this point."""
    if os.environ.get(ENV_VAR) == name:
        os.kill(os.getpid(), _KILL_SIGNAL)
