"""Text and buttons styled by role, each with an accessible name, sized from the theme tokens.

Both wrap: at 300% text a label or a button label takes as many lines as it needs (see
``kiosk.widgets.wrapping``), so nothing is cut off and the screen never scrolls sideways.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton, QSizePolicy, QVBoxLayout, QWidget

from kiosk.widgets.wrapping import WrappingLabel, WrappingPushButton


def text_label(text: str, role: str = "body", parent: QWidget | None = None) -> QLabel:
    """A wrapping plain-text label; ``role`` picks its style (heading-xl, hint, caption, ...).
    Long words break rather than run off the screen."""
    label = WrappingLabel(text, parent)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    label.setProperty("role", role)
    label.setAccessibleName(text)
    label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
    return label


def paragraphs(text: str, role: str = "body", parent: QWidget | None = None) -> QWidget:
    """Text with one label per paragraph (split at line breaks), spaced like a printed page."""
    block = QWidget(parent)
    layout = QVBoxLayout(block)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(16)
    for paragraph in (p.strip() for p in text.split("\n")):
        if paragraph:
            layout.addWidget(text_label(paragraph, role, block))
    return block


def button(text: str, role: str = "primary", *, accessible_name: str | None = None,
           description: str = "", parent: QWidget | None = None) -> QPushButton:  # fmt: skip
    """A large button acting on release, reachable by Tab, named for screen readers; its text
    wraps onto more lines when the button is narrow (``text()`` stays the whole label)."""
    widget = WrappingPushButton(text, parent)
    widget.setProperty("role", role)
    widget.setAccessibleName(accessible_name or text)
    if description:
        widget.setAccessibleDescription(description)
    widget.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
    widget.setAutoDefault(False)
    widget.setCursor(Qt.CursorShape.PointingHandCursor)
    return widget


CHECK_MARK = "✓"


def option_button(name: str, label: str, *, chosen: bool, description: str = "") -> QPushButton:
    """One of a set of choices (a language, a text size): a large toggle named ``name`` for
    tests, showing a tick and a checked state (for screen readers) when it is the chosen one."""
    option = button(f"{CHECK_MARK} {label}" if chosen else label, "option", accessible_name=label,
                    description=description)  # fmt: skip
    option.setObjectName(name)
    option.setCheckable(True)
    option.setChecked(chosen)
    return option


def restyle(widget: QWidget) -> None:
    """Re-apply the style sheet after a dynamic property (such as ``error``) changed."""
    widget.style().unpolish(widget)
    widget.style().polish(widget)
