"""The frame every screen shares: a centred, readable column with an optional Back control."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from accessibility.languages import language as language_named
from kiosk.ui_text import ui
from kiosk.widgets.basics import button
from kiosk.widgets.reflow import keep_width_in_chars

CONTENT_MAX_CHARS = 65  # 1100 px at 100% text; at larger text a landscape screen uses more of its width


def layout_is_right_to_left(code: str) -> bool:
    return language_named(code).right_to_left


class Screen(QWidget):
    """Base of all screens. ``spoken_text`` is what read-aloud will say for this screen."""

    sig_back_requested = Signal()

    def __init__(
        self,
        *,
        title: str,
        with_back: bool = False,
        spoken_text: str = "",
        language: str = "en",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.language = language
        self.setProperty("role", "screen")
        self.setAccessibleName(title)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.spoken_text = spoken_text
        outer = QHBoxLayout(self)
        outer.setContentsMargins(40, 16, 40, 40)
        column = QWidget(self)
        keep_width_in_chars(column, CONTENT_MAX_CHARS)
        outer.addStretch(1)
        outer.addWidget(column, 100)
        outer.addStretch(1)
        self.body = QVBoxLayout(column)
        self.body.setContentsMargins(0, 0, 0, 0)
        self.body.setSpacing(20)
        self.back_button = None
        if with_back:
            back = ui("back", language)
            arrow = "›" if layout_is_right_to_left(language) else "‹"
            self.back_button = button(f"{arrow} {back}", "link", accessible_name=back,
                                      description=ui("back.description", language))  # fmt: skip
            self.back_button.clicked.connect(self.sig_back_requested)
            self.add_button_row(self.back_button)

    def add_button_row(self, widget: QWidget) -> None:
        """Add a control at its natural width, aligned to the start of the line."""
        row = QHBoxLayout()
        row.addWidget(widget)
        row.addStretch(1)
        self.body.addLayout(row)

    def add_action(self, name: str, label: str, signal_or_slot, *, accessible_name: str | None = None) -> QPushButton:
        """Add the screen's main button (green, named ``name`` for tests) and connect its tap."""
        action = button(label, accessible_name=accessible_name)
        action.setObjectName(name)
        action.clicked.connect(signal_or_slot)
        self.add_button_row(action)
        return action

    def finish_layout(self) -> None:
        """Call after adding content: keeps it at the top of the screen."""
        self.body.addStretch(1)

    def first_focus(self) -> QWidget | None:
        """What takes focus when the screen appears: the screen itself, named by its heading,
        as a browser focuses a new page; Tab then reaches the first control."""
        return self
