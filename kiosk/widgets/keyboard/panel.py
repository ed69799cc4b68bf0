"""The keyboard itself: shows a layout's pages and turns key taps into typing in the focused field.

Shift is one-shot: it gives one capital, then the keys go back to lower case. The second tap of a
double tap is dropped when the first one changed the screen (Enter submitting a question), so it
cannot act on the next question.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QVBoxLayout, QWidget

from kiosk.widgets.keyboard.key_events import press_backspace, press_return, type_text
from kiosk.widgets.keyboard.key_grid import KeyButton, KeyGrid
from kiosk.widgets.keyboard.model import Key, KeyboardLayout

PRESS_EVENTS = {QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonDblClick, QEvent.Type.TouchBegin}
RELEASE_EVENTS = {QEvent.Type.MouseButtonRelease, QEvent.Type.TouchEnd}


class KeyboardPanel(QWidget):
    """Keys of the current layout and page; typing goes to the application's focus widget."""

    sig_hide_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.keyboard_layout: KeyboardLayout | None = None
        self.page_id = ""
        self.shifted = False
        self._shown: tuple[str, str] | None = None  # (layout name, page id) the grid holds
        self._last_release_ms: int | None = None
        self._guard_from_ms: int | None = None
        self.grid = KeyGrid(self)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.grid)

    # -- what is shown ------------------------------------------------------------------------
    def show_layout(self, layout: KeyboardLayout) -> None:
        """Show ``layout`` at its first page, Shift off."""
        self.keyboard_layout = layout
        direction = Qt.LayoutDirection.RightToLeft if layout.right_to_left else Qt.LayoutDirection.LeftToRight
        self.setLayoutDirection(direction)
        self.show_page(layout.pages[0].id)

    def show_page(self, page_id: str) -> None:
        """Show page ``page_id`` of the current layout, Shift off."""
        layout = self.keyboard_layout
        assert layout is not None, "show_layout() first"
        if (layout.name, page_id) != self._shown:
            self._shown = (layout.name, page_id)
            self.page_id = page_id
            self.grid.set_page(layout.page(page_id), layout.names, units=max(p.units for p in layout.pages),
                               max_unit_px=layout.max_key_width_px, right_to_left=layout.right_to_left)  # fmt: skip
            for button in self.grid.buttons():
                button.installEventFilter(self)
                button.clicked.connect(lambda _checked=False, key=button.key: self._tapped(key))
        self.set_shifted(False)

    def set_shifted(self, shifted: bool) -> None:
        self.shifted = shifted
        for button in self.grid.buttons():
            button.show_case(shifted)
            if button.key.kind == "shift":
                button.setChecked(shifted)

    def clear(self) -> None:
        """Forget the layout and delete its keys: nothing of one session's keyboard stays."""
        self.grid.clear()
        self.keyboard_layout = None
        self._shown = None
        self.page_id = ""
        self.shifted = False

    def buttons(self) -> list[KeyButton]:
        """The keys shown now."""
        return self.grid.buttons()

    # -- taps ---------------------------------------------------------------------------------
    def guard_double_tap(self) -> None:
        """The screen just changed: drop a key press that is the second tap of a double tap."""
        self._guard_from_ms = self._last_release_ms

    def _tapped(self, key: Key) -> None:
        if key.kind == "hide":
            self.sig_hide_requested.emit()
        elif key.kind == "shift":
            self.set_shifted(not self.shifted)
        elif key.kind == "page":
            self.show_page(key.target)
        else:
            self._type(key)

    def _type(self, key: Key) -> None:
        target = QApplication.focusWidget()
        if target is None:
            return
        if key.kind == "backspace":
            press_backspace(target)
        elif key.kind == "enter":
            press_return(target)
        elif key.kind in ("char", "space"):
            capital = self.shifted and key.has_case
            type_text(target, key.shifted_text if capital else key.text)
            if self.shifted and key.kind == "char":
                self.set_shifted(False)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        kind = event.type()
        if kind in RELEASE_EVENTS:
            self._last_release_ms = event.timestamp()
        elif kind in PRESS_EVENTS and self._guard_from_ms is not None:
            since = event.timestamp() - self._guard_from_ms
            return 0 <= since < QGuiApplication.styleHints().mouseDoubleClickInterval()
        return False
