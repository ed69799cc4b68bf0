"""A screen of information with one way back: used for features not yet on this kiosk."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from kiosk.screens.base import Screen
from kiosk.ui_text import ui
from kiosk.widgets.basics import paragraphs, text_label


class InfoScreen(Screen):
    """Says plainly what is not available and how to get help; Back returns to the journey."""

    def __init__(self, kind: str, *, language: str = "en", parent: QWidget | None = None) -> None:
        heading, body = ui(f"{kind}.heading", language), ui(f"{kind}.body", language)
        super().__init__(title=heading, spoken_text=f"{heading}. {body}", language=language, parent=parent)
        self.body.addWidget(text_label(heading, "heading-xl"))
        self.body.addWidget(paragraphs(body))
        self.return_button = self.add_action("return-button", ui("info.return", language), self.sig_back_requested)
        self.finish_layout()
