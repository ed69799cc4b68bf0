"""Deliver on-screen key taps as real key events, so fields treat them like a physical keyboard.

Validation, undo, the cursor and Return (which submits a question) all behave as they do for
keys pressed on a keyboard, because the field receives the same press and release events.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget

Key = Qt.Key
KEY_FOR_TEXT = {" ": Key.Key_Space, "\r": Key.Key_Return}


def qt_key_for(text: str) -> int:
    """The Qt key code a keyboard would report for ``text`` (its upper-case code point)."""
    if text in KEY_FOR_TEXT:
        return KEY_FOR_TEXT[text].value
    upper = text.upper()
    if len(upper) == 1:
        return ord(upper)
    return Key.Key_unknown.value


def send_key(target: QWidget, key: int, text: str = "") -> None:
    """A press and a release of ``key`` carrying ``text``, sent to ``target``."""
    shift = text != text.lower()
    modifiers = Qt.KeyboardModifier.ShiftModifier if shift else Qt.KeyboardModifier.NoModifier
    for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
        QApplication.sendEvent(target, QKeyEvent(kind, key, modifiers, text))


def type_text(target: QWidget, text: str) -> None:
    """Type ``text`` (one key's worth: a letter, "لا", ".co.uk") into ``target``."""
    send_key(target, qt_key_for(text), text)


def press_backspace(target: QWidget) -> None:
    send_key(target, Key.Key_Backspace.value)


def press_return(target: QWidget) -> None:
    send_key(target, Key.Key_Return.value, "\r")
