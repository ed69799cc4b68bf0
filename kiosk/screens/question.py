"""One question: heading, hint, error summary and inline errors, the input, and Continue."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QVBoxLayout, QWidget

from forms.steps import QuestionStep
from forms.wording import wording
from kiosk.screens.base import Screen
from kiosk.ui_text import ui
from kiosk.widgets.basics import button, text_label
from kiosk.widgets.error_summary import ErrorSummary
from kiosk.widgets.inputs.registry import INPUT_WIDGETS

SINGLE_FIELD_KINDS = {"text", "textarea", "number", "email", "phone", "postcode", "pin"}
PARTS_KINDS = {"date", "address"}
TYPED_KINDS = SINGLE_FIELD_KINDS | PARTS_KINDS


class QuestionScreen(Screen):
    sig_answer_submitted = Signal(object)

    def __init__(self, step: QuestionStep, *, language: str = "en", parent: QWidget | None = None) -> None:
        super().__init__(
            title=step.heading, with_back=True, spoken_text=step.spoken_text, language=language, parent=parent
        )
        self.step = step
        self.error_summary: ErrorSummary | None = None
        if step.errors:
            self.error_summary = ErrorSummary(wording("error_summary.heading", language), step.errors, self)
            self.error_summary.sig_error_selected.connect(self.focus_part)
            self.body.addWidget(self.error_summary)
        self.body.addWidget(text_label(step.form_title, "caption"))
        group = QFrame(self)
        group.setObjectName("ErrorGroup" if step.errors else "QuestionGroup")
        column = QVBoxLayout(group)
        column.setContentsMargins(24 if step.errors else 0, 0, 0, 0)
        column.setSpacing(16)
        self.heading = text_label(step.heading, "heading-xl")
        column.addWidget(self.heading)
        if step.hint:
            column.addWidget(text_label(step.hint, "hint"))
        for error in step.errors:
            message = text_label(error.message, "error-message")
            message.setAccessibleName(ui("error.prefix", language, message=error.message))
            column.addWidget(message)
        self.input = INPUT_WIDGETS[step.input_kind](step, group)
        self.input.sig_submit_requested.connect(self._submit)
        self._name_for_screen_readers(step)
        self.input.mark_errors({e.part for e in step.errors})
        column.addWidget(self.input)
        self.body.addWidget(group)
        self.continue_button = self.add_action("continue-button", step.continue_label, self._submit)
        self.finish_layout()

    def _name_for_screen_readers(self, step: QuestionStep) -> None:
        """One field: it is named by the question. Choices keep their own labels and the group
        is named by the question. Parts (day, month, year) keep their labels; each is described
        by the hint and its own errors."""
        description = " ".join([step.hint, *(e.message for e in step.errors)]).strip()
        if step.input_kind in SINGLE_FIELD_KINDS:
            field = self.input.part_widget(None)
            field.setAccessibleName(step.heading)
            field.setAccessibleDescription(description)
            self.heading.setBuddy(field)
        elif step.input_kind in PARTS_KINDS:
            self.input.setAccessibleName(step.heading)
            for part, field in self.input.fields.items():
                own = [e.message for e in step.errors if e.part in (part, None)]
                field.setAccessibleDescription(" ".join([step.heading, step.hint, *own]).strip())
        else:
            self.input.setAccessibleName(step.heading)
            self.input.setAccessibleDescription(description)

    def offer_hear_answer(self, hear: Callable[[], None]) -> None:
        """With read-aloud on: a control to hear what is entered (private, so only on request)."""
        self.hear_answer_button = button(
            ui("speech.hear_answer", self.language),
            "secondary",
            description=ui("speech.hear_answer_description", self.language),
        )
        self.hear_answer_button.setObjectName("hear-answer-button")
        self.hear_answer_button.clicked.connect(hear)
        row = QHBoxLayout()
        row.addWidget(self.hear_answer_button)
        row.addStretch(1)
        self.body.insertLayout(self.body.count() - 2, row)  # above Continue (and the closing stretch)

    def answer_text(self) -> str:
        """What is entered now, as words (choices by their labels); "" when nothing is."""
        raw = self.input.raw()
        if isinstance(raw, dict):
            return ", ".join(str(v).strip() for v in raw.values() if str(v).strip())
        if isinstance(raw, list):
            labels = {c.value: c.label for c in self.step.choices}
            return ", ".join(labels.get(v, str(v)) for v in raw)
        if self.step.choices and raw:
            return next((c.label for c in self.step.choices if c.value == raw), str(raw))
        return str(raw).strip() if raw is not None else ""

    def _submit(self) -> None:
        self.sig_answer_submitted.emit(self.input.raw())

    def focus_part(self, part: str | None) -> None:
        widget = self.input.part_widget(part)
        widget.setFocus(Qt.FocusReason.OtherFocusReason)
        QTimer.singleShot(0, lambda: widget.setFocus(Qt.FocusReason.OtherFocusReason))

    def first_focus(self) -> QWidget | None:
        if self.error_summary is not None:
            return self.error_summary
        if self.step.input_kind in TYPED_KINDS:
            return self.input.part_widget(None)
        return self
