"""Wipe what Qt keeps outside our widgets: the clipboard and the X11 primary selection."""

from __future__ import annotations

from PySide6.QtGui import QClipboard, QGuiApplication


def clear_clipboards() -> None:
    """Empty the clipboard and, where the platform has one, the primary selection."""
    clipboard = QGuiApplication.clipboard()
    clipboard.clear(QClipboard.Mode.Clipboard)
    if clipboard.supportsSelection():
        clipboard.clear(QClipboard.Mode.Selection)
