"""The "Are you still there?" overlay: a countdown and a large "I need more time"."""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QApplication, QFrame, QHBoxLayout, QVBoxLayout, QWidget

from kiosk.ui_text import ui
from kiosk.widgets.basics import button, text_label
from kiosk.widgets.reflow import ReflowRow

PANEL_WIDTH_CHARS = 56


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
        buttons = ReflowRow(self.panel)  # side by side while they fit, else one above the other
        buttons.add(self.more_time_button)
        buttons.add(self.start_again_button)
        inner.addWidget(buttons)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.panel, 10)
        row.addStretch(1)
        outer.addLayout(row)
        outer.addStretch(1)
        self._return_focus: QWidget | None = None
        self.language = "en"
        self.hide()

    def set_language(self, language: str) -> None:
        """Show the warning in ``language`` from now on."""
        self.language = language
        self.heading.setText(ui("timeout.heading", language))
        self.heading.setAccessibleName(ui("timeout.heading", language))
        for widget, key in (
            (self.more_time_button, "timeout.more_time"),
            (self.start_again_button, "timeout.start_again"),
        ):
            widget.setText(ui(key, language))
            widget.setAccessibleName(ui(key, language))

    def forget(self) -> None:
        """Hide without giving focus back: the session is over and its widgets are going."""
        self._return_focus = None
        self.hide()

    def dismiss(self) -> None:
        """Hide, and give focus back to where the resident was (the field they were typing in)."""
        was_visible = self.isVisible()
        self.hide()
        target, self._return_focus = self._return_focus, None
        if was_visible and target is not None and shiboken6.isValid(target) and target.isVisible():
            target.setFocus(Qt.FocusReason.OtherFocusReason)

    def focusNextPrevChild(self, forward: bool) -> bool:  # noqa: N802 - Qt override
        """Keep Tab inside the panel while it is shown: nothing behind it can be reached."""
        if not self.isVisible():
            return super().focusNextPrevChild(forward)
        buttons = [self.more_time_button, self.start_again_button]
        current = QApplication.focusWidget()
        index = buttons.index(current) if current in buttons else -1
        buttons[(index + (1 if forward else -1)) % len(buttons)].setFocus(Qt.FocusReason.TabFocusReason)
        return True

    def _fit_panel(self) -> None:
        """About ``PANEL_WIDTH_CHARS`` characters a line in the current text size (so at 300%
        the panel takes the window's width rather than growing taller than the window)."""
        self.message.ensurePolished()
        self.panel.setMaximumWidth(self.message.fontMetrics().averageCharWidth() * PANEL_WIDTH_CHARS + 80)

    def show_countdown(self, seconds: int) -> None:
        text = ui("timeout.body", self.language, seconds=seconds)
        self.message.setText(text)
        self.message.setAccessibleName(text)
        if not self.isVisible():
            self._return_focus = QApplication.focusWidget()
            self._fit_panel()
            self.setGeometry(self.parentWidget().rect())
            self.show()
            self.raise_()
            self.more_time_button.setFocus(Qt.FocusReason.OtherFocusReason)
