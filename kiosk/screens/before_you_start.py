"""A form's start page: what you will need, how long it takes, and how we use your information."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from forms.steps import BeforeYouStartStep
from kiosk.screens.base import Screen
from kiosk.widgets.basics import paragraphs, text_label


class BeforeYouStartScreen(Screen):
    sig_start_requested = Signal()

    def __init__(self, step: BeforeYouStartStep, *, language: str = "en", parent: QWidget | None = None) -> None:
        super().__init__(
            title=step.form_title, with_back=True, spoken_text=step.spoken_text, language=language, parent=parent
        )
        self.body.addWidget(text_label(step.form_title, "heading-xl"))
        self.body.addWidget(text_label(step.heading, "heading-m"))
        self.body.addWidget(paragraphs(step.body))
        self.body.addWidget(text_label(step.privacy_heading, "heading-m"))
        self.body.addWidget(paragraphs(step.privacy))
        self.start_button = self.add_action(
            "start-button", f"{step.start_label}  ›", self.sig_start_requested, accessible_name=step.start_label
        )
        self.finish_layout()
