"""A scripted resident: taps and types through the real screens with Qt's test events.

Used by the tests, the benchmarks and the screenshot script so they all drive the kiosk the way
a person does (a click on the widget, key presses into the field), never by calling the engine.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QPoint, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractButton, QApplication, QWidget

from kiosk.screens.base import Screen
from kiosk.screens.check_answers import CheckAnswersScreen
from kiosk.screens.question import QuestionScreen
from kiosk.widgets.inputs.choice_input import ChoiceInput
from kiosk.widgets.inputs.parts_input import PartsInput
from kiosk.window import KioskWindow


class ResidentDriver:
    """Drive one kiosk window. Every action ends with pending events processed."""

    def __init__(self, window: KioskWindow) -> None:
        self.window = window

    @property
    def screen(self) -> Screen:
        assert self.window.screen is not None, "no screen is shown"
        return self.window.screen

    def settle(self) -> None:
        QApplication.processEvents()

    def tap(self, widget: QWidget) -> None:
        """Press and release in the middle of the widget, as a finger would."""
        assert widget.isVisible() and widget.isEnabled(), f"cannot tap {widget.objectName() or widget}"
        if isinstance(widget, QAbstractButton):
            self.window.scroll.ensureWidgetVisible(widget)
        QTest.mouseClick(widget, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                         QPoint(widget.width() // 2, widget.height() // 2))  # fmt: skip
        self.settle()

    def type_into(self, widget: QWidget, text: str) -> None:
        """Type ``text`` key by key; letters outside ASCII (Siân, Łukasz) arrive as a keyboard
        or input method delivers them: a key event carrying the character."""
        widget.setFocus()
        for char in text:
            if char.isascii():
                QTest.keyClicks(widget, char)
            else:
                for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
                    QApplication.sendEvent(widget, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, char))
        self.settle()

    def find(self, name: str) -> QWidget:
        widget = self.window.findChild(QWidget, name)
        assert widget is not None, f"no widget named {name!r} on {type(self.screen).__name__}"
        return widget

    # -- whole-screen actions -----------------------------------------------------------------
    def open_form(self, form_id: str) -> None:
        self.tap(self.find(f"tile-{form_id}"))

    def start(self) -> None:
        self.tap(self.find("start-button"))

    def tap_continue(self) -> None:
        self.tap(self.find("continue-button"))

    def tap_back(self) -> None:
        assert self.screen.back_button is not None
        self.tap(self.screen.back_button)

    def tap_change(self, question_id: str) -> None:
        self.tap(self.find(f"change-{question_id}"))

    def tap_send(self) -> None:
        self.tap(self.find("send-button"))

    def tap_finish(self) -> None:
        self.tap(self.find("finish-button"))

    def enter(self, value: Any) -> None:
        """Enter an answer given in the ``submit`` JSON format into the current question."""
        screen = self.screen
        assert isinstance(screen, QuestionScreen), f"not a question: {type(screen).__name__}"
        answer_input = screen.input
        if value is None:
            return
        if isinstance(answer_input, ChoiceInput):
            values = value if isinstance(value, list) else [value]
            keys = [("yes" if item else "no") if isinstance(item, bool) else item for item in values]
            for key in keys:
                option = answer_input.options[key]
                if not option.isChecked():
                    self.tap(option)
            if answer_input.multiple:  # a revisited page: untick what is no longer chosen
                for key, option in answer_input.options.items():
                    if key not in keys and option.isChecked():
                        self.tap(option)
        elif isinstance(answer_input, PartsInput):
            parts = value
            if screen.step.input_kind == "date":
                year, month, day = str(value).split("-")
                parts = {"day": day, "month": month, "year": year}
            for part, text in parts.items():
                field = answer_input.fields[part]
                field.clear()
                self.type_into(field, str(text))
        else:
            field = answer_input.part_widget(None)
            field.clear()
            self.type_into(field, str(value))

    def answer_and_continue(self, value: Any) -> None:
        self.enter(value)
        self.tap_continue()

    def complete_questions(self, answers: dict[str, Any]) -> None:
        """Answer every question shown until the form leaves the questions."""
        while isinstance(self.screen, QuestionScreen):
            question_id = self.screen.step.question_id
            self.answer_and_continue(answers.get(question_id))
            if isinstance(self.screen, QuestionScreen) and self.screen.step.question_id == question_id:
                errors = [e.message for e in self.screen.step.errors]
                raise AssertionError(f"{question_id} was not accepted: {errors}")

    def at_check_answers(self) -> bool:
        return isinstance(self.screen, CheckAnswersScreen)
