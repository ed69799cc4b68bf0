"""Shown instead of the forms when the kiosk cannot store submissions: it accepts nothing."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from kiosk.screens.base import Screen
from kiosk.ui_text import ui
from kiosk.widgets.basics import text_label


class OutOfServiceScreen(Screen):
    def __init__(self, reason: str, parent: QWidget | None = None) -> None:
        heading = ui("out_of_service.heading")
        super().__init__(title=heading, spoken_text=f"{heading}. {ui('out_of_service.body')}", parent=parent)
        self.body.addWidget(text_label(heading, "heading-xl"))
        self.body.addWidget(text_label(ui("out_of_service.body")))
        self.body.addWidget(text_label(ui("out_of_service.staff", reason=reason), "hint"))
        self.finish_layout()
