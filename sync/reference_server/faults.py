"""Fault switches for the reference server: what it does wrong, on purpose, to test clients.

Promises:
- every fault is off by default, so a fresh ``Faults`` makes a well-behaved server;
- values are checked and coerced when set (from Python, ``--fault NAME=VALUE`` or ``/_admin/faults``):
  an unknown name or a bad value raises ``FaultError`` (a ``ValueError``) and changes nothing;
- setting and reading are thread-safe; ``update`` changes several switches at once, atomically;
- rates are drawn from one ``random.Random(seed)``, only while a rate is strictly between 0 and 1,
  so a rate of 1.0 always fires, 0 never does, and a given seed gives the same sequence of draws.
"""

from __future__ import annotations

import math
import random
import threading
from collections.abc import Callable
from typing import Any

ERROR_BODIES = ("json", "html", "text")
_TRUE = {"true", "1", "yes", "on"}
_FALSE = {"false", "0", "no", "off"}
_NONE = {"", "none", "null"}


class FaultError(ValueError):
    """A fault name or value is not acceptable; the message says which and why."""


def _number(name: str, value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise FaultError(f"{name} must be a number, not {value!r}")
    try:
        number = float(value)
    except ValueError:
        raise FaultError(f"{name} must be a number, not {value!r}") from None
    if not math.isfinite(number) or number < 0:
        raise FaultError(f"{name} must be a number of 0 or more, not {value!r}")
    return number


def _seconds(name: str, value: Any) -> float:
    return _number(name, value)


def _rate(name: str, value: Any) -> float:
    rate = _number(name, value)
    if rate > 1:
        raise FaultError(f"{name} must be between 0 and 1, not {value!r}")
    return rate


def _flag(name: str, value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in _TRUE | _FALSE:
        return value.strip().lower() in _TRUE
    raise FaultError(f"{name} must be true or false, not {value!r}")


def _status(name: str, value: Any) -> int:
    if isinstance(value, str):
        value = value.strip()
        if not value.isdigit():
            raise FaultError(f"{name} must be an HTTP status code such as 503, not {value!r}")
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int) or not 200 <= value <= 599:
        raise FaultError(f"{name} must be an HTTP status code such as 503, not {value!r}")
    return value


def _optional(parse: Callable[[str, Any], Any]) -> Callable[[str, Any], Any]:
    def parse_optional(name: str, value: Any) -> Any:
        if value is None or (isinstance(value, str) and value.strip().lower() in _NONE):
            return None
        return parse(name, value)

    return parse_optional


def _error_body(name: str, value: Any) -> str:
    if isinstance(value, str) and value.strip().lower() in ERROR_BODIES:
        return value.strip().lower()
    raise FaultError(f"{name} must be one of {', '.join(ERROR_BODIES)}, not {value!r}")


# name -> (default, parser). The parser accepts Python values and the strings of ``--fault``.
FAULT_SPECS: dict[str, tuple[Any, Callable[[str, Any], Any]]] = {
    "latency_seconds": (0.0, _seconds),
    "error_rate": (0.0, _rate),
    "error_status": (503, _status),
    "error_body": ("json", _error_body),
    "retry_after": (None, _optional(_seconds)),
    "drop_after_commit_rate": (0.0, _rate),
    "ok_error_list_rate": (0.0, _rate),
    "token_only": (False, _flag),
    "token_delay_seconds": (0.0, _seconds),
    "force_status": (None, _optional(_status)),
    "malformed_rate": (0.0, _rate),
}


class Faults:
    """The server's fault switches; see the module docstring. Attributes are the names in ``FAULT_SPECS``.

    - ``latency_seconds``: sleep before answering any Open311 request.
    - ``error_rate`` with ``error_status``, ``error_body`` (json|html|text) and ``retry_after``: answer
      with that status before doing anything; ``json`` means an error list in the requested format.
    - ``drop_after_commit_rate``: a POST creates and commits its case, then the connection is closed
      without an answer.
    - ``ok_error_list_rate``: a POST is answered 200 with an error list and creates nothing.
    - ``token_only`` and ``token_delay_seconds``: POST answers carry only a token, which resolves to the
      case id after that delay.
    - ``force_status``: every Open311 request is answered with this status and an error list.
    - ``malformed_rate``: a POST is answered 200 with a body that is neither JSON nor XML.
    """

    latency_seconds: float
    error_rate: float
    error_status: int
    error_body: str
    retry_after: float | None
    drop_after_commit_rate: float
    ok_error_list_rate: float
    token_only: bool
    token_delay_seconds: float
    force_status: int | None
    malformed_rate: float

    def __init__(self, seed: int = 0, **values: Any) -> None:
        object.__setattr__(self, "_lock", threading.RLock())
        object.__setattr__(self, "_seed", seed)
        object.__setattr__(self, "_random", random.Random(seed))
        for name, (default, _) in FAULT_SPECS.items():
            object.__setattr__(self, name, default)
        self.update(**values)

    @staticmethod
    def check(name: str, value: Any) -> Any:
        """The coerced value for ``name``; raises ``FaultError`` for an unknown name or a bad value."""
        spec = FAULT_SPECS.get(name)
        if spec is None:
            raise FaultError(f"unknown fault {name!r} (known: {', '.join(FAULT_SPECS)})")
        return spec[1](name, value)

    @staticmethod
    def parse_assignment(text: str) -> tuple[str, Any]:
        """``"error_rate=0.2"`` -> ``("error_rate", 0.2)``; raises ``FaultError`` saying what is wrong."""
        name, sep, value = text.partition("=")
        if not sep or not name.strip():
            raise FaultError(f"{text!r} is not NAME=VALUE (known names: {', '.join(FAULT_SPECS)})")
        name = name.strip()
        return name, Faults.check(name, value)

    def __setattr__(self, name: str, value: Any) -> None:
        checked = self.check(name, value)
        with self._lock:
            object.__setattr__(self, name, checked)

    def update(self, **values: Any) -> None:
        """Set several faults at once: all are checked first, so a bad one changes nothing."""
        checked = {name: self.check(name, value) for name, value in values.items()}
        with self._lock:
            for name, value in checked.items():
                object.__setattr__(self, name, value)

    def reset(self) -> None:
        """Switch every fault off and restart the random draws from the seed."""
        with self._lock:
            for name, (default, _) in FAULT_SPECS.items():
                object.__setattr__(self, name, default)
            self._random.seed(self._seed)

    def as_dict(self) -> dict[str, Any]:
        """A consistent snapshot of every switch, JSON-ready."""
        with self._lock:
            return {name: getattr(self, name) for name in FAULT_SPECS}

    def roll(self, rate_name: str) -> bool:
        """Whether the fault with this rate fires now: always at 1, never at 0, else a seeded draw."""
        with self._lock:
            rate = getattr(self, rate_name)
            if rate <= 0:
                return False
            if rate >= 1:
                return True
            return self._random.random() < rate

    def __repr__(self) -> str:
        changed = {k: v for k, v in self.as_dict().items() if v != FAULT_SPECS[k][0]}
        return f"Faults({', '.join(f'{k}={v!r}' for k, v in changed.items())})"
