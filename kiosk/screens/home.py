"""The home screen: the languages on offer (each in its own script), then large tiles, one per
service offered on this kiosk."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGridLayout, QWidget

from accessibility.languages import languages
from kiosk.controller import Tile
from kiosk.screens.base import Screen
from kiosk.ui_text import ui
from kiosk.widgets.basics import option_button, text_label
from kiosk.widgets.tile import ServiceTile


class HomeScreen(Screen):
    sig_form_selected = Signal(str)
    sig_language_chosen = Signal(str)

    def __init__(
        self,
        tiles: list[Tile],
        *,
        columns: int = 1,
        language: str = "en",
        language_columns: int = 5,
        parent: QWidget | None = None,
    ) -> None:
        heading = ui("home.heading", language)
        super().__init__(title=heading, language=language, parent=parent)
        self.language_buttons = self._language_row(language, language_columns)
        self.body.addWidget(text_label(heading, "heading-xl"))
        self.body.addWidget(text_label(ui("home.lead", language) if tiles else ui("home.no_forms", language), "body"))
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

    def _language_row(self, current: str, columns: int) -> dict[str, QWidget]:
        """One button per language, named in its own script, so a resident who cannot read the
        current language can still find theirs; the current one shows as selected."""
        grid = QGridLayout()
        grid.setSpacing(12)
        found: dict[str, QWidget] = {}
        for index, lang in enumerate(languages()):
            choice = option_button(f"home-language-{lang.code}", lang.native_name, chosen=lang.code == current,
                                   description=lang.english_name)  # fmt: skip
            choice.clicked.connect(lambda _=False, code=lang.code: self.sig_language_chosen.emit(code))
            grid.addWidget(choice, index // columns, index % columns)
            found[lang.code] = choice
        self.body.addLayout(grid)
        return found
