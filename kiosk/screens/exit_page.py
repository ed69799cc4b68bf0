"""An exit page: the form ends here with instructions (such as an emergency number) instead."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QVBoxLayout, QWidget

from forms.steps import ExitStep
from kiosk.screens.base import Screen
from kiosk.widgets.basics import paragraphs, text_label


class ExitScreen(Screen):
    sig_finish_requested = Signal()

    def __init__(self, step: ExitStep, *, language: str = "en", parent: QWidget | None = None) -> None:
        super().__init__(
            title=step.heading, with_back=True, spoken_text=step.spoken_text, language=language, parent=parent
        )
        self.body.addWidget(text_label(step.form_title, "caption"))
        panel = QFrame(self)
        panel.setObjectName("WarningPanel")
        inner = QVBoxLayout(panel)
        inner.setContentsMargins(32, 24, 24, 24)
        inner.setSpacing(16)
        inner.addWidget(text_label(step.heading, "heading-xl"))
        inner.addWidget(paragraphs(step.body))
        self.body.addWidget(panel)
        self.finish_button = self.add_action("finish-button", step.finish_label, self.sig_finish_requested)
        self.finish_layout()
