"""One page of keys as large buttons that never take focus, laid out in rows by width units.

Keys are placed by hand rather than by box layouts so a key of width 1.5 is exactly one and a
half keys wide on every row, rows are centred, and a right-to-left page is mirrored.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QPushButton, QSizePolicy, QWidget

from accessibility.tokens import MIN_TARGET_PX
from kiosk.widgets.keyboard.model import Key, NamePatterns, Page
from kiosk.widgets.keyboard.names import accessible_name

MARGIN_PX = 12
GAP_PX = 8


def key_object_name(key: Key) -> str:
    """A stable object name: ``key-q``, ``key-backspace``, ``key-page-symbols``."""
    if key.kind == "char":
        return f"key-{key.text}"
    if key.kind == "page":
        return f"key-page-{key.target}"
    return f"key-{key.kind}"


class KeyButton(QPushButton):
    """A key: styled as role "key", named for screen readers, never focused (focus stays in the field)."""

    def __init__(self, key: Key, patterns: NamePatterns, parent: QWidget | None = None) -> None:
        super().__init__(key.label, parent)
        self.key = key
        self._patterns = patterns
        self.setObjectName(key_object_name(key))
        self.setProperty("role", "key")
        self.setProperty("keykind", "char" if key.kind == "char" else "action")
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setAutoDefault(False)
        self.setLayoutDirection(Qt.LayoutDirection.LeftToRight)  # labels such as "(" are never mirrored
        self.setCheckable(key.kind == "shift")
        self.show_case(shifted=False)

    def show_case(self, shifted: bool) -> None:
        """Show (and name) the key as it types now: capitals while Shift is on."""
        capital = shifted and self.key.has_case
        label = self.key.shifted_label if capital else self.key.label
        self.setText(label.replace("&", "&&"))  # a lone "&" would be taken for a shortcut marker
        self.setAccessibleName(accessible_name(self.key, self._patterns, shifted))


class KeyGrid(QWidget):
    """The buttons of one page. ``units`` is the width (in keys) the page is laid out for."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.rows: list[list[tuple[Key, KeyButton | None]]] = []
        self.units = 1.0
        self.max_unit_px = MIN_TARGET_PX

    def set_page(self, page: Page, patterns: NamePatterns, *, units: float, max_unit_px: int,
                 right_to_left: bool) -> None:  # fmt: skip
        """Replace the keys with ``page``'s; the old buttons are deleted."""
        for button in self.buttons():
            button.hide()
            button.deleteLater()
        self.units = max(units, page.units)
        self.max_unit_px = max_unit_px
        self.setLayoutDirection(Qt.LayoutDirection.RightToLeft if right_to_left else Qt.LayoutDirection.LeftToRight)
        self.rows = [
            [(key, None if key.kind == "gap" else KeyButton(key, patterns, self)) for key in row] for row in page.rows
        ]
        self._place()
        for button in self.buttons():
            button.show()
        self.updateGeometry()

    def buttons(self) -> list[KeyButton]:
        return [button for row in self.rows for _key, button in row if button is not None]

    def clear(self) -> None:
        """Delete every key (the next ``set_page`` builds them again)."""
        for button in self.buttons():
            button.hide()
            button.deleteLater()
        self.rows = []
        self.updateGeometry()

    def key_height(self) -> int:
        """As tall as the style makes a key (the theme's target size and text), never under 64 px."""
        heights = [button.sizeHint().height() for button in self.buttons()]
        return max([MIN_TARGET_PX, *heights])

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        rows = max(1, len(self.rows))
        height = 2 * MARGIN_PX + rows * self.key_height() + (rows - 1) * GAP_PX
        return QSize(round(self.units * self.max_unit_px) + 2 * MARGIN_PX, height)

    # The height is given through height-for-width: the window's column lays such items out at
    # exactly that height (as it does its reflowing bars) while the window's minimum height
    # counts only ``minimumSizeHint``. So the keys always get their full height, and showing
    # them never makes the window taller than the screen (which would move "Ask a helper").
    def hasHeightForWidth(self) -> bool:  # noqa: N802 - Qt override
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802 - Qt override
        return self.sizeHint().height()

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt override
        return QSize(round(self.units * (MIN_TARGET_PX + GAP_PX)) + 2 * MARGIN_PX, 0)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        self._place()

    def _place(self) -> None:
        available = self.width() - 2 * MARGIN_PX
        unit = min(float(self.max_unit_px), (available + GAP_PX) / self.units)
        height = self.key_height()
        mirrored = self.layoutDirection() == Qt.LayoutDirection.RightToLeft
        for row_number, row in enumerate(self.rows):
            row_width = sum(key.width for key, _ in row) * unit - GAP_PX
            x = MARGIN_PX + (available - row_width) / 2
            y = MARGIN_PX + row_number * (height + GAP_PX)
            for key, button in row:
                width = key.width * unit - GAP_PX
                if button is not None:
                    left = self.width() - round(x + width) if mirrored else round(x)
                    button.setGeometry(QRect(left, y, round(x + width) - round(x), height))
                x += key.width * unit
