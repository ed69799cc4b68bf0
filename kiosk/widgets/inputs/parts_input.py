"""Inputs made of labelled parts: date (day, month, year) and address (lines, town, postcode)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QBoxLayout, QHBoxLayout, QVBoxLayout, QWidget

from forms.steps import QuestionStep
from kiosk.widgets.basics import text_label
from kiosk.widgets.inputs.base import PRIVATE_HINTS, AnswerInput, SafeLineEdit

IMH = Qt.InputMethodHint
PART_WIDTH_CHARS = {"day": 3, "month": 5, "year": 5, "postcode": 9}
PART_HINTS = {"day": IMH.ImhDigitsOnly, "year": IMH.ImhDigitsOnly, "postcode": IMH.ImhPreferUppercase}
PART_KEYBOARDS = {"day": "date", "month": "date", "year": "date", "postcode": "postcode"}


class PartsInput(AnswerInput):
    """Each part is a labelled one-line field; the label is the field's buddy and its name."""

    horizontal = False

    def __init__(self, step: QuestionStep, parent: QWidget | None = None) -> None:
        super().__init__(step, parent)
        self.fields: dict[str, SafeLineEdit] = {}
        layout: QBoxLayout = QHBoxLayout(self) if self.horizontal else QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(24 if self.horizontal else 12)
        for part, label_text in step.part_labels.items():
            column = QVBoxLayout()
            column.setSpacing(4)
            label = text_label(label_text, "part-label")
            field = SafeLineEdit(self)
            field.setObjectName(f"answer-{step.question_id}-{part}")
            field.setAccessibleName(label_text)
            field.setInputMethodHints(PRIVATE_HINTS | PART_HINTS.get(part, IMH.ImhNone))
            field.setMaxLength(120)
            field.setText(str((step.raw or {}).get(part, "")))
            field.returnPressed.connect(self.sig_submit_requested)
            field.setProperty("keyboard_layout", PART_KEYBOARDS.get(part, "text"))
            chars = PART_WIDTH_CHARS.get(part)
            if chars:
                field.setFixedWidth(field.fontMetrics().averageCharWidth() * chars * 2 + 40)
            label.setBuddy(field)
            column.addWidget(label)
            column.addWidget(field)
            layout.addLayout(column)
            self.fields[part] = field
        if self.horizontal:
            layout.addStretch(1)

    def raw(self) -> Any:
        return {part: field.text() for part, field in self.fields.items()}

    def part_widget(self, part: str | None) -> QWidget:
        return self.fields.get(part or "", next(iter(self.fields.values())))


class DateInput(PartsInput):
    horizontal = True


class AddressInput(PartsInput):
    horizontal = False
