"""One-line inputs: short text, number, email, phone and postcode differ only in hints."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QVBoxLayout, QWidget

from forms.steps import QuestionStep
from kiosk.widgets.inputs.base import PRIVATE_HINTS, AnswerInput, SafeLineEdit
from kiosk.widgets.reflow import keep_width_in_chars

IMH = Qt.InputMethodHint
KIND_HINTS = {
    "text": IMH.ImhNone,
    "number": IMH.ImhFormattedNumbersOnly,
    "email": IMH.ImhEmailCharactersOnly | IMH.ImhNoAutoUppercase,
    "phone": IMH.ImhDialableCharactersOnly,
    "postcode": IMH.ImhPreferUppercase | IMH.ImhNoAutoUppercase,
    "pin": IMH.ImhDigitsOnly | IMH.ImhHiddenText | IMH.ImhSensitiveData,
}
KIND_WIDTH_CHARS = {"number": 8, "phone": 16, "postcode": 9, "pin": 12}
KIND_KEYBOARDS = {"number": "number", "email": "email", "phone": "digits", "postcode": "postcode", "pin": "pin"}


class TextInput(AnswerInput):
    def __init__(self, step: QuestionStep, parent: QWidget | None = None) -> None:
        super().__init__(step, parent)
        self.field = SafeLineEdit(self)
        self.field.setObjectName(f"answer-{step.question_id}")
        self.field.setInputMethodHints(PRIVATE_HINTS | KIND_HINTS.get(step.input_kind, IMH.ImhNone))
        self.field.setMaxLength(int(step.options.get("max_length", 200)) + 50)
        self.field.setText(step.raw or "")
        self.field.returnPressed.connect(self.sig_submit_requested)
        self.field.setProperty("keyboard_layout", KIND_KEYBOARDS.get(step.input_kind, "text"))
        if step.input_kind == "pin":
            self.field.setEchoMode(SafeLineEdit.EchoMode.Password)
        width = KIND_WIDTH_CHARS.get(step.input_kind)
        if width:
            keep_width_in_chars(self.field, width)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.field)

    def raw(self) -> Any:
        return self.field.text()

    def part_widget(self, part: str | None) -> QWidget:
        return self.field
