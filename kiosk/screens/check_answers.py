"""Check your answers: every answer with its Change, the declaration and the named send button."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QGridLayout, QWidget

from forms.steps import CheckAnswersStep
from kiosk.screens.base import Screen
from kiosk.ui_text import ui
from kiosk.widgets.basics import button, paragraphs, text_label


class CheckAnswersScreen(Screen):
    sig_change_requested = Signal(str)
    sig_send_requested = Signal()

    def __init__(self, step: CheckAnswersStep, *, language: str = "en", parent: QWidget | None = None) -> None:
        super().__init__(
            title=step.heading, with_back=True, spoken_text=step.spoken_text, language=language, parent=parent
        )
        self.body.addWidget(text_label(step.form_title, "caption"))
        self.body.addWidget(text_label(step.heading, "heading-xl"))
        self.change_buttons = {}
        for row in step.rows:
            frame = QFrame(self)
            frame.setObjectName("SummaryRow")
            grid = QGridLayout(frame)
            grid.setContentsMargins(0, 8, 0, 16)
            grid.addWidget(text_label(row.question, "summary-key"), 0, 0, 1, 2)
            answer = text_label(row.answer, "body" if row.provided else "hint")
            answer.setAccessibleName(f"{row.question}: {row.answer}")
            grid.addWidget(answer, 1, 0)
            change = button(row.change_label, "link", accessible_name=row.change_accessible_name)
            change.setObjectName(f"change-{row.question_id}")
            change.clicked.connect(lambda _=False, qid=row.question_id: self.sig_change_requested.emit(qid))
            grid.addWidget(change, 1, 1)
            grid.setColumnStretch(0, 1)
            self.body.addWidget(frame)
            self.change_buttons[row.question_id] = change
        self.body.addWidget(text_label(step.declaration_heading, "heading-l"))
        self.body.addWidget(paragraphs(step.declaration))
        self.failure = text_label(ui("send.failed", language), "error-message")
        self.failure.hide()
        self.body.addWidget(self.failure)
        self.send_button = self.add_action("send-button", step.send_label, self._send)
        self.finish_layout()

    def _send(self) -> None:
        self.send_button.setEnabled(False)
        self.sig_send_requested.emit()

    def show_send_failure(self) -> None:
        self.failure.show()
        self.send_button.setEnabled(True)
        self.failure.setFocus()
