"""Simulated residents driving the real kiosk screens, shared by the benchmarks and tests/test_soak.py.

Everything here goes through ``kiosk.driver.ResidentDriver`` (taps and key presses on the real
widgets); nothing calls the journey engine directly. Importable by path (``bench`` is not a
package): put this folder on ``sys.path`` or load it with ``importlib``.

One thing the driver does not do, and a real kiosk does: return to the event loop. The window
discards each old screen with ``deleteLater()``, and Qt only runs those deferred deletes when
control returns to a running event loop (``app.exec()``), never inside a bare
``QApplication.processEvents()``. A script driving the screens outside ``exec()`` therefore keeps
every old screen alive unless it flushes them, which would make memory figures meaningless.
``flush_deferred_deletes`` does what the event loop would do after each tap.
"""

from __future__ import annotations

import math
import os
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

TODAY = date(2026, 11, 22)
WINDOW_SIZE = (1080, 1920)
IDLE_SECONDS = 120.0
WARNING_SECONDS = 30.0

# Complete answers per form, in the ``submit`` JSON format the driver's ``enter`` takes.
ANSWERS: dict[str, dict[str, Any]] = {
    "missed-bin": {
        "bin-type": "recycling",
        "bin-out": True,
        "address": {"line1": "12 Station Road", "line2": "", "town": "Anytown", "postcode": "at1 2cd"},
        "due-date": "2026-11-20",
        "more-info": "The crew missed our whole side of the street.",
        "full-name": "Margaret Okafor",
        "contact-method": "phone",
        "phone": "07700 900982",
    },
    "call-back": {
        "topic": "council-tax",
        "details": "I have had two bills for the same month and do not know which to pay.",
        "full-name": "Tomasz Nowak",
        "phone": "01632 960001",
        "best-time": "weekday-morning",
        "interpreter": False,
    },
    "noise": {
        "danger": False,
        "noise-type": "music-tv",
        "happening-now": True,
        "how-often": "most-days",
        "times": ["evening", "night"],
        "source": "The flat above, number 14.",
        "council-home": "yes",
        "your-address": {"line1": "12 Tower Court", "line2": "Flat 9", "town": "Anytown", "postcode": "AT1 4XY"},
        "full-name": "Amina Begum",
        "phone": "07700 900123",
    },
    "housing-repair": {
        "emergency": "none",
        "tenant": True,
        "room": "kitchen",
        "problem": "leak",
        "description": "Water drips from the pipe under the sink.",
        "address": {"line1": "3 Mill Lane", "line2": "", "town": "Anytown", "postcode": "AT2 1AB"},
        "access-times": ["weekday-morning", "saturday-morning"],
        "full-name": "Dafydd Jones",
        "phone": "07700 900456",
    },
}
FORMS: tuple[str, ...] = tuple(ANSWERS)


class FakeClock:
    """A monotonic clock moved by hand, so an idle timeout takes no real time."""

    def __init__(self, start: float = 1000.0) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


def write_config(folder: Path, *, data_dir: Path | None = None) -> Path:
    """A kiosk config whose outbox lives under ``folder`` (or ``data_dir``)."""
    folder.mkdir(parents=True, exist_ok=True)
    config = folder / "config.toml"
    config.write_text(
        "schema_version = 1\n"
        "[kiosk]\n"
        'name = "Bench library, kiosk 1"\n'
        'council_name = "Benchshire Council"\n'
        'reference_prefix = "BEN"\n'
        f'data_dir = "{data_dir or folder / "data"}"\n'
        'follow_up_url = "https://council.example/track?ref={reference}"\n'
        "[session]\n"
        f"idle_seconds = {IDLE_SECONDS}\n"
        f"warning_seconds = {WARNING_SECONDS}\n",
        encoding="utf-8",
    )
    return config


def quiet_qt_warnings() -> None:
    """Drop the offscreen plugin's "does not support propagateSizeHints()" noise; keep the rest."""
    from PySide6.QtCore import qInstallMessageHandler

    def handler(_mode: object, _context: object, message: str) -> None:
        if "propagateSizeHints" not in message:
            print(message, file=sys.stderr)

    qInstallMessageHandler(handler)


def ensure_app() -> Any:
    """The QApplication (created if needed)."""
    from PySide6.QtWidgets import QApplication

    return QApplication.instance() or QApplication(["bench"])


def open_kiosk(config: Path, clock: Callable[[], float], *, size: tuple[int, int] = WINDOW_SIZE) -> Any:
    """Build the real kiosk from ``config`` as ``council-kiosk`` does, shown at ``size``."""
    from kiosk.app import build_kiosk
    from kiosk.settings import load_settings

    ensure_app()
    kiosk = build_kiosk(load_settings(config), clock=clock, tick_ms=60_000, today=lambda: TODAY)
    kiosk.window.resize(*size)
    kiosk.window.show()
    assert kiosk.controller is not None, "the kiosk is out of service"
    kiosk.controller.show_home()
    settle()
    return kiosk


def flush_deferred_deletes() -> None:
    """Run the ``deleteLater()`` calls a running event loop would have run by now."""
    from PySide6.QtCore import QEvent
    from PySide6.QtWidgets import QApplication

    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def settle() -> None:
    """Process pending events and deferred deletes, as returning to the event loop does."""
    from PySide6.QtWidgets import QApplication

    QApplication.processEvents()
    flush_deferred_deletes()
    QApplication.processEvents()


def rss_kib() -> int:
    """This process's resident set size in KiB, from /proc/self/status (VmRSS)."""
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    raise RuntimeError("no VmRSS in /proc/self/status")


@dataclass
class SessionStats:
    """What ``run_sessions`` did. ``references`` are the reference numbers shown on confirmations."""

    sessions: int = 0
    sent: int = 0
    timed_out: int = 0
    pages_answered: int = 0
    references: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def per_second(self) -> float:
        return self.sessions / self.seconds if self.seconds else math.nan


def _driver(kiosk: Any) -> Any:
    from kiosk.driver import ResidentDriver

    return ResidentDriver(kiosk.window)


def _at_home(kiosk: Any) -> bool:
    from kiosk.screens.home import HomeScreen

    return isinstance(kiosk.window.screen, HomeScreen) and not kiosk.controller.in_session


def answer_pages(kiosk: Any, form_id: str, limit: int | None = None) -> int:
    """Answer the questions shown (at most ``limit``) from ``ANSWERS``; returns how many."""
    from kiosk.screens.question import QuestionScreen

    resident = _driver(kiosk)
    answered = 0
    while (limit is None or answered < limit) and isinstance(screen := kiosk.window.screen, QuestionScreen):
        question_id = screen.step.question_id
        resident.answer_and_continue(ANSWERS[form_id].get(question_id))
        answered += 1
        now = kiosk.window.screen
        if isinstance(now, QuestionScreen) and now.step.question_id == question_id:
            raise AssertionError(f"{form_id}: {question_id} was not accepted: {[e.message for e in now.step.errors]}")
    return answered


def send_session(kiosk: Any, form_id: str) -> tuple[str, int]:
    """One resident answers every question of ``form_id``, sends, reads the reference, finishes.

    Returns the reference shown on the confirmation and the number of questions answered.
    """
    from kiosk.screens.confirmation import ConfirmationScreen

    resident = _driver(kiosk)
    resident.open_form(form_id)
    resident.start()
    answered = answer_pages(kiosk, form_id)
    assert resident.at_check_answers(), f"{form_id}: not at check your answers"
    resident.tap_send()
    screen = kiosk.window.screen
    assert isinstance(screen, ConfirmationScreen), f"{form_id}: no confirmation after Send"
    reference = screen.reference.text()
    resident.tap_finish()
    settle()
    return reference, answered


def abandoned_session(kiosk: Any, form_id: str, pages: int, clock: FakeClock) -> int:
    """One resident answers up to ``pages`` questions and walks away; the idle timeout ends it.

    The fake clock is moved past the idle time (the "are you still there?" warning must show),
    then past the countdown (the session must end). Returns the number of pages answered.
    """
    resident = _driver(kiosk)
    resident.open_form(form_id)
    resident.start()
    answered = answer_pages(kiosk, form_id, pages)
    settle()
    clock.advance(kiosk.idle.idle_seconds + 1)
    kiosk.idle.check()
    settle()
    assert kiosk.idle.warning and kiosk.window.timeout_overlay.isVisible(), "no idle warning shown"
    clock.advance(kiosk.idle.warning_seconds)
    kiosk.idle.check()
    settle()
    return answered


def run_sessions(kiosk: Any, n: int, clock: FakeClock, *, send_every: int = 2) -> SessionStats:
    """Drive ``n`` resident sessions through the real screens, one after another.

    Session ``i`` uses form ``FORMS[i % len(FORMS)]``. Every ``send_every``-th session (the first,
    then every ``send_every``) answers everything and sends; the others answer 1-4 pages and are
    ended by the idle timeout. ``clock`` must be the clock the kiosk was built with. Every session
    must end on a clean home screen (asserted).
    """
    stats = SessionStats()
    started = time.perf_counter()
    for index in range(n):
        form_id = FORMS[index % len(FORMS)]
        if index % send_every == 0:
            reference, answered = send_session(kiosk, form_id)
            stats.references.append(reference)
            stats.sent += 1
            stats.pages_answered += answered
        else:
            stats.pages_answered += abandoned_session(kiosk, form_id, 1 + stats.timed_out % 4, clock)
            stats.timed_out += 1
        stats.sessions += 1
        assert _at_home(kiosk), f"session {index} ({form_id}) did not end on the home screen"
    stats.seconds = time.perf_counter() - started
    return stats


def percentile(values: Sequence[float], pct: float) -> float:
    """The ``pct`` percentile (0-100) by linear interpolation between closest ranks."""
    ordered = sorted(values)
    if not ordered:
        return math.nan
    rank = (len(ordered) - 1) * pct / 100
    low, high = math.floor(rank), math.ceil(rank)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def summary_ms(values: Sequence[float]) -> str:
    """``p50 / p95 / max`` of seconds, shown in milliseconds."""
    return (
        f"p50 {statistics.median(values) * 1000:.2f} ms, p95 {percentile(values, 95) * 1000:.2f} ms, "
        f"max {max(values) * 1000:.2f} ms (n={len(values)})"
    )
