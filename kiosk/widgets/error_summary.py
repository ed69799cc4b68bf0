"""The GOV.UK error summary: "There is a problem", each message a link to its field.

It takes focus when shown so screen readers announce it, and a tap on a message moves focus to
the field concerned.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QVBoxLayout, QWidget

from forms.steps import ErrorView
from kiosk.widgets.basics import button, text_label


class ErrorSummary(QFrame):
    sig_error_selected = Signal(object)  # the part (str or None) whose field should take focus

    def __init__(self, heading: str, errors: tuple[ErrorView, ...], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ErrorSummary")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAccessibleName(heading)
        self.setAccessibleDescription(". ".join(e.message for e in errors))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.addWidget(text_label(heading, "heading-m"))
        self.links = []
        for error in errors:
            link = button(error.message, "error-link")
            link.clicked.connect(lambda _=False, part=error.part: self.sig_error_selected.emit(part))
            layout.addWidget(link)
            self.links.append(link)
