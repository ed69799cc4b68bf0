"""The home screen: large tiles, one per service offered on this kiosk."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGridLayout, QWidget

from kiosk.controller import Tile
from kiosk.screens.base import Screen
from kiosk.ui_text import ui
from kiosk.widgets.basics import text_label
from kiosk.widgets.tile import ServiceTile


class HomeScreen(Screen):
    sig_form_selected = Signal(str)

    def __init__(self, tiles: list[Tile], *, columns: int = 1, parent: QWidget | None = None) -> None:
        heading = ui("home.heading")
        super().__init__(title=heading, parent=parent)
        self.body.addWidget(text_label(heading, "heading-xl"))
        self.body.addWidget(text_label(ui("home.lead") if tiles else ui("home.no_forms"), "body"))
        grid = QGridLayout()
        grid.setSpacing(20)
        self.tiles: dict[str, ServiceTile] = {}
        for index, tile in enumerate(tiles):
            widget = ServiceTile(tile.title, tile.summary, self)
            widget.setObjectName(f"tile-{tile.form_id}")
            widget.clicked.connect(lambda _=False, form_id=tile.form_id: self.sig_form_selected.emit(form_id))
            grid.addWidget(widget, index // columns, index % columns)
            self.tiles[tile.form_id] = widget
        for column in range(columns):
            grid.setColumnStretch(column, 1)
        self.body.addLayout(grid)
        self.spoken_text = f"{heading} " + ". ".join(t.title for t in tiles) + "."
        self.finish_layout()
