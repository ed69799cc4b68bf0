"""Inputs made of labelled parts: date (day, month, year) and address (lines, town, postcode)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QVBoxLayout, QWidget

from forms.steps import QuestionStep
from kiosk.widgets.basics import text_label
from kiosk.widgets.inputs.base import PRIVATE_HINTS, AnswerInput, SafeLineEdit
from kiosk.widgets.reflow import ReflowRow, keep_width_in_chars

IMH = Qt.InputMethodHint
PART_WIDTH_CHARS = {"day": 3, "month": 5, "year": 5, "postcode": 9}
PART_HINTS = {"day": IMH.ImhDigitsOnly, "year": IMH.ImhDigitsOnly, "postcode": IMH.ImhPreferUppercase}
PART_KEYBOARDS = {"day": "date", "month": "date", "year": "date", "postcode": "postcode"}


class PartsInput(AnswerInput):
    """Each part is a labelled one-line field; the label is the field's buddy and its name.
    Side by side parts (day, month, year) wrap onto a new line when the text is too large."""

    horizontal = False

    def __init__(self, step: QuestionStep, parent: QWidget | None = None) -> None:
        super().__init__(step, parent)
        self.fields: dict[str, SafeLineEdit] = {}
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(12)
        row = ReflowRow(self, spacing=24) if self.horizontal else None
        if row is not None:
            layout.addWidget(row)
        for part, label_text in step.part_labels.items():
            column = QVBoxLayout()
            column.setSpacing(4)
            if row is not None:
                column.setContentsMargins(0, 0, 0, 0)
                part_box = row.add(QWidget(row))
                part_box.setLayout(column)
            else:
                layout.addLayout(column)
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
                keep_width_in_chars(field, chars, fixed=True)
            label.setBuddy(field)
            column.addWidget(label)
            column.addWidget(field)
            if row is not None:
                column.addStretch(1)  # a taller neighbour on the line leaves space below, not between
            self.fields[part] = field

    def raw(self) -> Any:
        return {part: field.text() for part, field in self.fields.items()}

    def part_widget(self, part: str | None) -> QWidget:
        return self.fields.get(part or "", next(iter(self.fields.values())))


class DateInput(PartsInput):
    horizontal = True


class AddressInput(PartsInput):
    horizontal = False
