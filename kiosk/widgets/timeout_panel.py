"""The "Are you still there?" overlay: a countdown and a large "I need more time"."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QVBoxLayout, QWidget

from kiosk.ui_text import ui
from kiosk.widgets.basics import button, text_label


class TimeoutOverlay(QWidget):
    """Covers the whole window; the resident answers with one tap."""

    sig_more_time_requested = Signal()
    sig_start_again_requested = Signal()

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("TimeoutOverlay")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        self.panel = QFrame(self)
        self.panel.setObjectName("TimeoutPanel")
        self.panel.setMaximumWidth(900)
        inner = QVBoxLayout(self.panel)
        inner.setContentsMargins(40, 40, 40, 40)
        inner.setSpacing(24)
        self.heading = text_label(ui("timeout.heading"), "heading-xl")
        self.message = text_label("", "body")
        inner.addWidget(self.heading)
        inner.addWidget(self.message)
        self.more_time_button = button(ui("timeout.more_time"))
        self.more_time_button.setObjectName("more-time-button")
        self.more_time_button.clicked.connect(self.sig_more_time_requested)
        self.start_again_button = button(ui("timeout.start_again"), "secondary")
        self.start_again_button.setObjectName("timeout-start-again")
        self.start_again_button.clicked.connect(self.sig_start_again_requested)
        inner.addWidget(self.more_time_button)
        inner.addWidget(self.start_again_button)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.panel, 10)
        row.addStretch(1)
        outer.addLayout(row)
        outer.addStretch(1)
        self.hide()

    def show_countdown(self, seconds: int) -> None:
        text = ui("timeout.body", seconds=seconds)
        self.message.setText(text)
        self.message.setAccessibleName(text)
        if not self.isVisible():
            self.setGeometry(self.parentWidget().rect())
            self.show()
            self.raise_()
            self.more_time_button.setFocus(Qt.FocusReason.OtherFocusReason)
