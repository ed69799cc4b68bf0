"""A several-line input for descriptions."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QVBoxLayout, QWidget

from forms.steps import QuestionStep
from kiosk.widgets.inputs.base import AnswerInput, SafePlainTextEdit


class TextAreaInput(AnswerInput):
    def __init__(self, step: QuestionStep, parent: QWidget | None = None) -> None:
        super().__init__(step, parent)
        self.field = SafePlainTextEdit(self)
        self.field.setObjectName(f"answer-{step.question_id}")
        self.field.setPlainText(step.raw or "")
        self.field.setProperty("keyboard_layout", "text")
        self.field.setMinimumHeight(self.field.fontMetrics().lineSpacing() * 5 + 24)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.field)

    def raw(self) -> Any:
        return self.field.toPlainText()

    def part_widget(self, part: str | None) -> QWidget:
        return self.field
