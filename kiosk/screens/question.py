"""One question: heading, hint, error summary and inline errors, the input, and Continue."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QFrame, QVBoxLayout, QWidget

from forms.steps import QuestionStep
from forms.wording import wording
from kiosk.screens.base import Screen
from kiosk.widgets.basics import text_label
from kiosk.widgets.error_summary import ErrorSummary
from kiosk.widgets.inputs.registry import INPUT_WIDGETS

TYPED_KINDS = {"text", "textarea", "number", "email", "phone", "postcode", "date", "address"}


class QuestionScreen(Screen):
    sig_answer_submitted = Signal(object)

    def __init__(self, step: QuestionStep, language: str = "en", parent: QWidget | None = None) -> None:
        super().__init__(title=step.heading, with_back=True, spoken_text=step.spoken_text, parent=parent)
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
            message.setAccessibleName(f"Error: {error.message}")
            column.addWidget(message)
        self.input = INPUT_WIDGETS[step.input_kind](step, group)
        self.input.sig_submit_requested.connect(self._submit)
        description = " ".join([step.hint, *(e.message for e in step.errors)]).strip()
        main_field = self.input.part_widget(None)
        if step.input_kind not in ("date", "address"):
            main_field.setAccessibleName(step.heading)
            self.heading.setBuddy(main_field)
        if description:
            main_field.setAccessibleDescription(description)
        self.input.mark_errors({e.part for e in step.errors})
        column.addWidget(self.input)
        self.body.addWidget(group)
        self.continue_button = self.add_action("continue-button", step.continue_label, self._submit)
        self.finish_layout()

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
