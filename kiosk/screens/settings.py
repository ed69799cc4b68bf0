"""One large screen for text size, colours, read-aloud and language, reachable from every screen.

Each choice is a big toggle button that shows (and tells screen readers) whether it is selected.
A choice applies at once: the screen is rebuilt in the new language, size and colours, so the
resident sees the effect before leaving. Everything resets when the session ends.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QPushButton, QWidget

from accessibility.languages import languages
from accessibility.preferences import RATE_PERCENTS, VOLUME_LEVELS, Preferences
from accessibility.tokens import PALETTES, TEXT_SCALES
from kiosk.screens.base import Screen
from kiosk.ui_text import ui
from kiosk.widgets.basics import button, option_button, text_label


class SettingsScreen(Screen):
    """Emits ``sig_preferences_changed`` with a dict of changed fields; Back/Done returns."""

    sig_preferences_changed = Signal(object)

    def __init__(
        self, preferences: Preferences, *, speech_problem: str | None = None, parent: QWidget | None = None
    ) -> None:
        language = preferences.language
        heading = ui("settings.heading", language)
        super().__init__(
            title=heading,
            spoken_text=f"{heading}. {ui('settings.lead', language)}",
            language=language,
            parent=parent,
        )
        self.preferences = preferences
        self.options: dict[str, QPushButton] = {}
        columns = 2 if preferences.text_scale <= 1.5 else 1
        self.body.addWidget(text_label(heading, "heading-xl"))
        self.body.addWidget(text_label(ui("settings.lead", language)))

        self._section("settings.language_heading")
        self._options(
            [(f"language-{lang.code}", lang.native_name, {"language": lang.code}) for lang in languages()],
            chosen=f"language-{language}",
            columns=columns,
        )
        self._section("settings.text_size_heading")
        self._options(
            [
                (
                    f"text-size-{scale}",
                    f"{ui(f'settings.text_size.{scale}', language)} ({round(scale * 100)}%)",
                    {"text_scale": scale},
                )
                for scale in TEXT_SCALES
            ],  # fmt: skip
            chosen=f"text-size-{preferences.text_scale}",
            columns=columns,
        )
        self._section("settings.colours_heading")
        self._options(
            [(f"theme-{name}", ui(f"settings.theme.{name}", language), {"palette": name}) for name in PALETTES],
            chosen=f"theme-{preferences.palette}",
            columns=1,
        )
        self._section("settings.speech_heading")
        if speech_problem is None:
            self._options(
                [
                    ("read-aloud-on", ui("settings.speech.on", language), {"read_aloud": True}),
                    ("read-aloud-off", ui("settings.speech.off", language), {"read_aloud": False}),
                ],
                chosen="read-aloud-on" if preferences.read_aloud else "read-aloud-off",
                columns=columns,
            )
            self._stepper("volume", "settings.volume_heading", "settings.volume_down", "settings.volume_up",
                          "volume_level", preferences.volume_level, VOLUME_LEVELS)  # fmt: skip
            self._stepper("rate", "settings.rate_heading", "settings.rate_down", "settings.rate_up",
                          "rate_level", preferences.rate_level, len(RATE_PERCENTS))  # fmt: skip
        else:
            self.body.addWidget(text_label(ui("settings.speech_unavailable", language), "hint"))
        self.done_button = self.add_action("return-button", ui("settings.done", language), self.sig_back_requested)
        self.finish_layout()

    def _section(self, key: str) -> None:
        self.body.addSpacing(12)
        self.body.addWidget(text_label(ui(key, self.language), "heading-m"))

    def _options(self, options: list[tuple[str, str, dict]], *, chosen: str, columns: int) -> None:
        grid = QGridLayout()
        grid.setSpacing(12)
        selected = ui("settings.chosen", self.language)
        for index, (name, label, change) in enumerate(options):
            is_chosen = name == chosen
            option = option_button(name, label, chosen=is_chosen, description=selected if is_chosen else "")
            option.clicked.connect(lambda _checked=False, change=change: self._choose(change))
            grid.addWidget(option, index // columns, index % columns)
            self.options[name] = option
        self.body.addLayout(grid)

    def _stepper(self, name: str, heading_key: str, down_key: str, up_key: str, field: str, level: int,
                 levels: int) -> None:  # fmt: skip
        self.body.addWidget(text_label(ui(heading_key, self.language), "body-strong"))
        row = QHBoxLayout()
        row.setSpacing(16)
        down = button(ui(down_key, self.language), "secondary")
        down.setObjectName(f"{name}-down")
        down.setEnabled(level > 1)
        down.clicked.connect(lambda: self._choose({field: level - 1}))
        up = button(ui(up_key, self.language), "secondary")
        up.setObjectName(f"{name}-up")
        up.setEnabled(level < levels)
        up.clicked.connect(lambda: self._choose({field: level + 1}))
        shown = text_label(ui("settings.level", self.language, level=level, levels=levels))
        shown.setObjectName(f"{name}-level")
        shown.setAlignment(Qt.AlignmentFlag.AlignCenter)
        row.addWidget(down)
        row.addWidget(shown, 1)
        row.addWidget(up)
        self.body.addLayout(row)
        self.options[f"{name}-down"], self.options[f"{name}-up"] = down, up

    def _choose(self, change: dict) -> None:
        self.sig_preferences_changed.emit(change)
