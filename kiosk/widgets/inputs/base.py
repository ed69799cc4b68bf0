"""What every answer input offers the question screen, and text fields that keep no traces.

Text fields have no context menu (so nobody pastes someone else's text), accept no drops, and
ask the input method not to learn or predict what is typed.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLineEdit, QPlainTextEdit, QWidget

from forms.steps import QuestionStep
from kiosk.widgets.basics import restyle

PRIVATE_HINTS = Qt.InputMethodHint.ImhNoPredictiveText | Qt.InputMethodHint.ImhSensitiveData


class SafeLineEdit(QLineEdit):
    """A one-line field without context menu, drops or predictive text."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
        self.setAcceptDrops(False)
        self.setInputMethodHints(PRIVATE_HINTS)


class SafePlainTextEdit(QPlainTextEdit):
    """A multi-line field without context menu or drops; Tab moves on instead of typing a tab."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
        self.setAcceptDrops(False)
        self.setTabChangesFocus(True)
        self.setInputMethodHints(PRIVATE_HINTS)


class AnswerInput(QWidget):
    """Base of the inputs: shows a step's raw answer and hands back what the resident entered."""

    sig_submit_requested = Signal()  # Enter pressed in a one-line field

    def __init__(self, step: QuestionStep, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.step = step

    def raw(self) -> Any:
        raise NotImplementedError

    def part_widget(self, part: str | None) -> QWidget:
        """The widget to focus for an error on ``part`` (None: the first one)."""
        raise NotImplementedError

    def mark_errors(self, parts: set[str | None]) -> None:
        """Show a red border on the fields that have an error."""
        for part in parts:
            widget = self.part_widget(part)
            widget.setProperty("error", True)
            restyle(widget)

    def clear_text(self) -> None:
        """Forget everything typed, including undo history (used when a session ends)."""
        for field in self.findChildren(QLineEdit):
            field.setText("")
            field.setModified(False)
            field.clear()
        for area in self.findChildren(QPlainTextEdit):
            area.setUndoRedoEnabled(False)
            area.clear()
