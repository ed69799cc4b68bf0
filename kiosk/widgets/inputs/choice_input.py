"""Large radio buttons (single choice, yes/no) and checkboxes (multiple choice)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QAbstractButton, QButtonGroup, QVBoxLayout, QWidget

from forms.steps import QuestionStep
from kiosk.widgets.basics import text_label
from kiosk.widgets.inputs.base import AnswerInput
from kiosk.widgets.wrapping import WrappingCheckBox, WrappingRadioButton

HINT_GAP_PX = 8


class ChoiceInput(AnswerInput):
    """One large, full-width option per choice; a choice's hint sits under it. Labels wrap, and
    a tap anywhere on a choice's box selects it."""

    multiple = False

    def __init__(self, step: QuestionStep, parent: QWidget | None = None) -> None:
        super().__init__(step, parent)
        self.group = QButtonGroup(self)
        self.group.setExclusive(not self.multiple)
        self.options: dict[str, QAbstractButton] = {}
        self._hints: list[tuple[WrappingRadioButton | WrappingCheckBox, QWidget]] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(12)
        chosen = set(step.raw or []) if self.multiple else {step.raw}
        for choice in step.choices:
            option: WrappingRadioButton | WrappingCheckBox = (
                WrappingCheckBox(choice.label, self) if self.multiple else WrappingRadioButton(choice.label, self)
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
                layout.addWidget(hint)
                self._hints.append((option, hint))
            self.options[choice.value] = option
        self._indent_hints()

    def _indent_hints(self) -> None:
        """Start each hint where its choice's label starts (past the indicator, which grows
        with the text size), on the right-hand side for right-to-left text."""
        right_to_left = self.layoutDirection() == Qt.LayoutDirection.RightToLeft
        for option, hint in self._hints:
            indent = option.text_indent()
            hint.setContentsMargins(0 if right_to_left else indent, 0, indent if right_to_left else 0, HINT_GAP_PX)

    def event(self, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.LayoutRequest, QEvent.Type.LayoutDirectionChange, QEvent.Type.StyleChange):
            self._indent_hints()
        return super().event(event)

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
