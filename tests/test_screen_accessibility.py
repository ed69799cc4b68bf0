"""Every screen a resident can meet, checked as a screen reader and a finger meet it.

On each screen of whole journeys, at portrait and landscape sizes: every widget Tab can reach is
named for screen readers, every control is a large target, text is large enough to read, text
fields offer no context menu, and "Ask a helper" and the accessibility button never move.
"""

from __future__ import annotations

import pytest
from journey_answers import EXIT_ANSWERS, FORM_JOURNEYS, delete_closed_windows  # noqa: F401
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QAccessible, QFontInfo
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QCheckBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QRadioButton,
    QWidget,
)

from kiosk.screens.before_you_start import BeforeYouStartScreen
from kiosk.screens.check_answers import CheckAnswersScreen
from kiosk.screens.confirmation import ConfirmationScreen
from kiosk.screens.exit_page import ExitScreen
from kiosk.screens.home import HomeScreen
from kiosk.screens.info import InfoScreen
from kiosk.screens.question import QuestionScreen
from kiosk.screens.settings import SettingsScreen

SIZES = {"portrait": (1080, 1920), "landscape": (1920, 1080)}
MIN_TARGET_PX = 60
MIN_TEXT_PX = 28
BAR_BUTTONS = ("helper-button", "accessibility-button")
KINDS = {"radio": QRadioButton, "checkbox": QCheckBox, "line": QLineEdit, "area": QPlainTextEdit}


class ScreenAudit:
    """Checks the window as it is now; remembers where the bar buttons were on the first screen."""

    def __init__(self, window: QWidget) -> None:
        self.window = window
        self.bar_places: dict[str, QRect] = {}
        self.screens: list[str] = []
        self.kinds_seen: set[str] = set()

    def check(self, label: str) -> None:
        QApplication.processEvents()
        problems: list[str] = []
        for widget in self.window.findChildren(QWidget):
            if widget.isVisible():
                self.kinds_seen.update(kind for kind, cls in KINDS.items() if isinstance(widget, cls))
                problems += self._problems(widget, f"{label}: {type(widget).__name__} {widget.objectName()!r}")
        for name in BAR_BUTTONS:
            bar_button = self.window.findChild(QWidget, name)
            assert bar_button is not None and bar_button.isVisible(), f"{label}: no {name}"
            place = QRect(bar_button.mapToGlobal(QPoint(0, 0)), bar_button.size())
            expected = self.bar_places.setdefault(name, place)
            if place != expected:
                problems.append(f"{label}: {name} moved from {expected} to {place}")
        assert not problems, "\n".join(problems)
        self.screens.append(label)

    @staticmethod
    def _problems(widget: QWidget, where: str) -> list[str]:
        problems = []
        if widget.focusPolicy() & Qt.FocusPolicy.TabFocus:
            interface = QAccessible.queryAccessibleInterface(widget)
            if interface is None or not interface.text(QAccessible.Text.Name).strip():
                problems.append(f"{where} takes Tab focus but has no accessible name")
        if isinstance(widget, QAbstractButton) and min(widget.width(), widget.height()) < MIN_TARGET_PX:
            problems.append(f"{where} is a {widget.width()}x{widget.height()} px target")
        if isinstance(widget, QLineEdit | QPlainTextEdit):
            if widget.height() < MIN_TARGET_PX:
                problems.append(f"{where} is only {widget.height()} px high")
            if widget.contextMenuPolicy() != Qt.ContextMenuPolicy.NoContextMenu:
                problems.append(f"{where} offers a context menu")
        if isinstance(widget, QLabel | QAbstractButton | QLineEdit | QPlainTextEdit):
            has_text = not isinstance(widget, QLabel | QAbstractButton) or widget.text()
            pixels = QFontInfo(widget.font()).pixelSize()
            if has_text and pixels < MIN_TEXT_PX:
                problems.append(f"{where} has {pixels} px text")
        return problems


@pytest.fixture(params=list(SIZES), ids=list(SIZES))
def sized_kiosk(request, kiosk):
    """The kiosk at portrait or landscape size, home screen rebuilt for that width."""
    kiosk.window.resize(*SIZES[request.param])
    QApplication.processEvents()
    kiosk.controller.show_home()
    return kiosk


def visit_bar_screens(resident, audit: ScreenAudit, where: str) -> None:
    """Open the helper and accessibility screens from the bottom bar and come back each time."""
    back_to = type(resident.screen)
    for name, kind, screen_class in (
        ("helper-button", "helper", InfoScreen),
        ("accessibility-button", "accessibility", SettingsScreen),
    ):
        resident.tap(resident.find(name))
        assert isinstance(resident.screen, screen_class)
        audit.check(f"{kind} screen from {where}")
        resident.tap(resident.find("return-button"))
        assert isinstance(resident.screen, back_to)


@pytest.mark.parametrize("form_id", list(FORM_JOURNEYS))
def test_every_screen_of_a_journey_is_named_large_and_steady(form_id, sized_kiosk, resident, fake_clock, qtbot):
    kiosk = sized_kiosk
    audit = ScreenAudit(kiosk.window)
    answers = FORM_JOURNEYS[form_id].answers
    audit.check("home")
    visit_bar_screens(resident, audit, "home")

    resident.open_form(form_id)
    assert isinstance(resident.screen, BeforeYouStartScreen)
    audit.check("before you start")
    resident.start()
    resident.tap_continue()
    assert resident.screen.error_summary is not None
    audit.check(f"{resident.screen.step.question_id} with an error")
    while isinstance(resident.screen, QuestionScreen):
        question_id = resident.screen.step.question_id
        audit.check(question_id)
        resident.answer_and_continue(answers.get(question_id))
        still = isinstance(resident.screen, QuestionScreen) and resident.screen.step.question_id == question_id
        assert not still, f"{question_id} was not accepted"

    assert isinstance(resident.screen, CheckAnswersScreen)
    audit.check("check your answers")
    visit_bar_screens(resident, audit, "check your answers")

    fake_clock.advance(kiosk.idle.idle_seconds + 1)
    qtbot.waitUntil(kiosk.window.timeout_overlay.isVisible, timeout=1000)
    audit.check("timeout overlay")
    resident.tap(resident.find("more-time-button"))
    assert not kiosk.window.timeout_overlay.isVisible()

    resident.tap_send()
    assert isinstance(resident.screen, ConfirmationScreen)
    audit.check("confirmation")
    visit_bar_screens(resident, audit, "confirmation")
    resident.tap_finish()
    assert isinstance(resident.screen, HomeScreen)
    audit.check("home again")
    assert len(audit.screens) >= 12
    expected = {"radio", "line", "area"} | (
        {"checkbox"} if form_id in ("housing-repair", "fly-tipping", "noise") else set()
    )
    if form_id == "moving-home":
        expected.discard("area")
    assert audit.kinds_seen == expected


@pytest.mark.parametrize("form_id", list(EXIT_ANSWERS))
def test_exit_pages_are_named_large_and_steady(form_id, sized_kiosk, resident):
    audit = ScreenAudit(sized_kiosk.window)
    audit.check("home")
    _, answers = EXIT_ANSWERS[form_id]
    resident.open_form(form_id)
    resident.start()
    audit.check("first question")
    resident.complete_questions(answers)
    assert isinstance(resident.screen, ExitScreen)
    audit.check("exit page")
    visit_bar_screens(resident, audit, "exit page")
    resident.tap_finish()
    assert isinstance(resident.screen, HomeScreen)
    audit.check("home again")
