"""A resident who walks away: the kiosk warns, offers more time, then forgets everything.

The idle monitor runs on the fake clock, so two minutes of walking away take a few milliseconds.
"""

from __future__ import annotations

import re

import pytest
from journey_answers import delete_closed_windows  # noqa: F401
from PySide6.QtGui import QClipboard, QGuiApplication
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit, QPlainTextEdit, QWidget

from kiosk.screens.before_you_start import BeforeYouStartScreen
from kiosk.screens.home import HomeScreen
from kiosk.screens.question import QuestionScreen
from kiosk.settings import load_settings

DESCRIPTION = "My boiler has been broken since Tuesday"
NAME = "Evangeline Quartermaine"
COPIED = "Evangeline copied this"


def clipboard_modes() -> list[QClipboard.Mode]:
    clipboard = QGuiApplication.clipboard()
    return [QClipboard.Mode.Clipboard] + ([QClipboard.Mode.Selection] if clipboard.supportsSelection() else [])


def begin_call_back(resident) -> QLineEdit:
    """Answer the first two pages of "Request a call back" and type a name without continuing."""
    resident.open_form("call-back")
    resident.start()
    resident.answer_and_continue("housing")
    resident.answer_and_continue(DESCRIPTION)
    assert resident.screen.step.question_id == "full-name"
    resident.enter(NAME)
    field = resident.screen.input.part_widget(None)
    assert field.text() == NAME
    for mode in clipboard_modes():
        QGuiApplication.clipboard().setText(COPIED, mode)
    return field


def texts_holding(widgets: list[QWidget], *secrets: str) -> list[str]:
    found = []
    for widget in widgets:
        if isinstance(widget, QLineEdit | QLabel):
            text = widget.text()
        elif isinstance(widget, QPlainTextEdit):
            text = widget.toPlainText()
        else:
            continue
        text += f" {widget.accessibleName()} {widget.accessibleDescription()}"
        found += [f"{type(widget).__name__} {widget.objectName()!r}" for s in secrets if s in text]
    return found


def assert_session_wiped(kiosk, resident) -> None:
    """Home screen, no journey, and the resident's words nowhere: not in a widget, not on a clipboard."""
    assert isinstance(resident.screen, HomeScreen)
    assert kiosk.controller.journey is None
    assert not kiosk.controller.in_session
    assert not kiosk.window.timeout_overlay.isVisible()
    assert not kiosk.window.start_again_button.isVisible()
    assert texts_holding(kiosk.window.findChildren(QWidget), DESCRIPTION, NAME) == []
    # Screens already taken down are emptied before they wait for deletion.
    assert texts_holding(QApplication.allWidgets(), DESCRIPTION, NAME) == []
    for mode in clipboard_modes():
        assert QGuiApplication.clipboard().text(mode) == "", mode


def seconds_shown(kiosk) -> int:
    match = re.search(r"(\d+) seconds", kiosk.window.timeout_overlay.message.text())
    assert match, kiosk.window.timeout_overlay.message.text()
    return int(match.group(1))


def test_warning_then_more_time_then_the_session_ends_and_forgets(kiosk, resident, fake_clock, qtbot, kiosk_config):
    settings = load_settings(kiosk_config)
    idle, warning = kiosk.idle.idle_seconds, kiosk.idle.warning_seconds
    assert (idle, warning) == (settings.session.idle_seconds, settings.session.warning_seconds) == (120, 30)
    field = begin_call_back(resident)
    overlay = kiosk.window.timeout_overlay

    fake_clock.advance(idle - 1)
    qtbot.wait(30)
    assert not overlay.isVisible()

    fake_clock.advance(2)
    qtbot.wait(30)
    assert overlay.isVisible()
    assert overlay.heading.text() == "Are you still there?"
    assert seconds_shown(kiosk) >= 20
    qtbot.waitUntil(overlay.more_time_button.hasFocus, timeout=1000)
    assert overlay.more_time_button.text() == "I need more time"

    resident.tap(overlay.more_time_button)
    assert not overlay.isVisible()
    assert isinstance(resident.screen, QuestionScreen)
    assert resident.screen.step.question_id == "full-name"
    assert resident.screen.input.part_widget(None) is field
    assert field.text() == NAME

    # More time means the whole idle time again, not just the rest of the countdown.
    fake_clock.advance(idle - 1)
    qtbot.wait(30)
    assert not overlay.isVisible()

    fake_clock.advance(warning + 2)
    qtbot.wait(30)
    qtbot.waitUntil(lambda: isinstance(resident.screen, HomeScreen), timeout=1000)
    assert_session_wiped(kiosk, resident)

    # Nothing restarts the countdown on the home screen, and the next resident starts afresh.
    fake_clock.advance(idle + warning)
    qtbot.wait(30)
    assert not overlay.isVisible()
    assert isinstance(resident.screen, HomeScreen)
    resident.open_form("call-back")
    assert isinstance(resident.screen, BeforeYouStartScreen)
    resident.start()
    assert resident.screen.step.question_id == "topic"
    assert resident.screen.input.raw() == ""


def test_countdown_follows_the_clock(kiosk, resident, fake_clock, qtbot):
    begin_call_back(resident)
    idle, warning = kiosk.idle.idle_seconds, kiosk.idle.warning_seconds
    away = idle + 1
    fake_clock.advance(away)
    qtbot.waitUntil(kiosk.window.timeout_overlay.isVisible, timeout=1000)
    shown = [seconds_shown(kiosk)]
    assert shown == [idle + warning - away]
    for step in (4, 7, 10):
        fake_clock.advance(step)
        away += step
        qtbot.waitUntil(lambda left=idle + warning - away: seconds_shown(kiosk) == left, timeout=1000)
        shown.append(seconds_shown(kiosk))
        assert kiosk.window.timeout_overlay.isVisible()
        assert isinstance(resident.screen, QuestionScreen)
    assert shown == [29, 25, 18, 8]


@pytest.mark.parametrize("button_name", ["start-again-button", "timeout-start-again"])
def test_starting_again_wipes_the_session(button_name, kiosk, resident, fake_clock, qtbot):
    """ "Start again" in the top bar, or "Clear my answers now" on the warning, forgets everything."""
    begin_call_back(resident)
    if button_name == "timeout-start-again":
        fake_clock.advance(kiosk.idle.idle_seconds + 1)
        qtbot.waitUntil(kiosk.window.timeout_overlay.isVisible, timeout=1000)
    button = resident.find(button_name)
    assert button.isVisible()
    resident.tap(button)
    assert_session_wiped(kiosk, resident)


def test_timeout_on_check_your_answers_leaves_no_answer_in_any_widget(kiosk, resident, fake_clock, qtbot):
    """Check your answers shows every answer in labels; they must go with the session too."""
    resident.open_form("call-back")
    resident.start()
    resident.complete_questions({"topic": "housing", "details": DESCRIPTION, "full-name": NAME,
                                 "phone": "07700 900 982", "best-time": "any-time", "interpreter": False})  # fmt: skip
    assert resident.at_check_answers()
    assert texts_holding(kiosk.window.findChildren(QLabel), DESCRIPTION, NAME) != []

    fake_clock.advance(kiosk.idle.idle_seconds + kiosk.idle.warning_seconds + 1)
    qtbot.waitUntil(lambda: isinstance(resident.screen, HomeScreen), timeout=1000)
    qtbot.wait(5)
    assert_session_wiped(kiosk, resident)


def test_tab_stays_in_the_timeout_panel_and_focus_returns_to_the_field(kiosk, resident, fake_clock, qtbot):
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    resident.open_form("call-back")
    resident.start()
    resident.answer_and_continue("council-tax")
    field = resident.screen.input.part_widget(None)
    resident.type_into(field, "About my bill")
    assert field.hasFocus()
    fake_clock.advance(kiosk.idle.idle_seconds + 1)
    overlay = kiosk.window.timeout_overlay
    qtbot.waitUntil(overlay.isVisible, timeout=1000)
    seen = set()
    for _ in range(6):
        QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        seen.add(QApplication.focusWidget())
    assert seen == {overlay.more_time_button, overlay.start_again_button}
    resident.tap(overlay.more_time_button)
    assert not overlay.isVisible()
    assert field.hasFocus()
    assert field.toPlainText() == "About my bill"
