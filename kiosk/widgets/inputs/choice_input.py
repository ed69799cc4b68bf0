"""Large radio buttons (single choice, yes/no) and checkboxes (multiple choice)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QAbstractButton, QButtonGroup, QCheckBox, QRadioButton, QVBoxLayout, QWidget

from forms.steps import QuestionStep
from kiosk.widgets.basics import text_label
from kiosk.widgets.inputs.base import AnswerInput


class WideCheckBox(QCheckBox):
    """A checkbox that takes a tap anywhere on its full-width box, as the radio buttons do.

    Under a style sheet, QCheckBox only reacts inside its indicator and text, so a tap on the
    right of the drawn box would do nothing.
    """

    def hitButton(self, pos: QPoint) -> bool:  # noqa: N802 - Qt override
        return self.rect().contains(pos)


class ChoiceInput(AnswerInput):
    """One large, full-width option per choice; a choice's hint sits under it."""

    multiple = False

    def __init__(self, step: QuestionStep, parent: QWidget | None = None) -> None:
        super().__init__(step, parent)
        self.group = QButtonGroup(self)
        self.group.setExclusive(not self.multiple)
        self.options: dict[str, QAbstractButton] = {}
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(12)
        chosen = set(step.raw or []) if self.multiple else {step.raw}
        for choice in step.choices:
            option: QAbstractButton = (
                WideCheckBox(choice.label, self) if self.multiple else QRadioButton(choice.label, self)
            )
            option.setObjectName(f"choice-{step.question_id}-{choice.value}")
            option.setAccessibleName(choice.label)
            if choice.hint:
                option.setAccessibleDescription(choice.hint)
            option.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
            option.setChecked(choice.value in chosen)
            self.group.addButton(option)
            layout.addWidget(option)
            if choice.hint:
                hint = text_label(choice.hint, "hint")
                hint.setContentsMargins(72, 0, 0, 8)
                layout.addWidget(hint)
            self.options[choice.value] = option

    def raw(self) -> Any:
        chosen = [value for value, option in self.options.items() if option.isChecked()]
        if self.multiple:
            return chosen
        return chosen[0] if chosen else ""

    def part_widget(self, part: str | None) -> QWidget:
        checked = [o for o in self.options.values() if o.isChecked()]
        return checked[0] if checked else next(iter(self.options.values()))

    def mark_errors(self, parts: set[str | None]) -> None:
        """Choices show their error through the error group around them, not a border each."""


class MultipleChoiceInput(ChoiceInput):
    multiple = True
