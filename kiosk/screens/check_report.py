""" "Check on something I reported": type (or scan) a reference, see where the report stands.

The screen shows only status (never anyone's answers), so it is safe whoever types the
reference. A barcode scanner types like a keyboard and ends with Enter, which looks the
reference up; a scanned follow-up link works too.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget

from forms.steps import ErrorView
from forms.wording import wording
from kiosk.report_status import ReportStatus
from kiosk.screens.base import Screen
from kiosk.ui_text import ui
from kiosk.widgets.basics import button, restyle, text_label
from kiosk.widgets.error_summary import ErrorSummary
from kiosk.widgets.inputs.base import PRIVATE_HINTS, SafeLineEdit


class CheckReportScreen(Screen):
    sig_lookup_requested = Signal(str)
    sig_finish_requested = Signal()

    def __init__(self, example: str, *, language: str = "en", parent: QWidget | None = None) -> None:
        heading, hint = ui("check.heading", language), ui("check.hint", language, example=example)
        super().__init__(
            title=heading, with_back=True, spoken_text=f"{heading}. {hint}", language=language, parent=parent
        )
        self.error_summary: ErrorSummary | None = None
        self._summary_slot = QVBoxLayout()
        self.body.addLayout(self._summary_slot)
        self.body.addWidget(text_label(heading, "heading-xl"))
        self.label = text_label(ui("check.label", self.language), "label")
        self.body.addWidget(self.label)
        self.hint = text_label(hint, "hint")
        self.body.addWidget(self.hint)
        self.inline_error = text_label("", "error-message")
        self.inline_error.hide()
        self.body.addWidget(self.inline_error)
        self.field = SafeLineEdit(self)
        self.field.setObjectName("reference-field")
        self.field.setAccessibleName(ui("check.label", self.language))
        self.field.setAccessibleDescription(hint)
        self.field.setInputMethodHints(PRIVATE_HINTS | Qt.InputMethodHint.ImhPreferUppercase)
        self.field.setMaxLength(300)
        self.field.setMinimumWidth(560)  # a whole reference at the largest body text, before wrapping
        self.field.setMaximumWidth(800)
        self.field.returnPressed.connect(self._request_lookup)
        self.label.setBuddy(self.field)
        self.add_button_row(self.field)
        self.lookup_button = self.add_action("lookup-button", ui("check.lookup", self.language), self._request_lookup)
        self.result = QFrame(self)
        self.result.setObjectName("ReportStatusPanel")
        self.result.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.result_layout = QVBoxLayout(self.result)
        self.result_layout.setContentsMargins(32, 28, 32, 28)
        self.result_layout.setSpacing(12)
        self.result.hide()
        self.body.addWidget(self.result)
        self.finish_button = button(ui("check.finish", self.language), "secondary")
        self.finish_button.setObjectName("check-finish-button")
        self.finish_button.clicked.connect(self.sig_finish_requested)
        self.add_button_row(self.finish_button)
        self.finish_layout()

    def first_focus(self) -> QWidget | None:
        return self.field

    def _request_lookup(self) -> None:
        self.sig_lookup_requested.emit(self.field.text())

    def show_error(self, message: str) -> None:
        """GOV.UK pattern: a summary that takes focus, and the same words by the field."""
        self.result.hide()
        self._clear_summary()
        self.error_summary = ErrorSummary(wording("error_summary.heading", self.language), (ErrorView(message),), self)
        self.error_summary.sig_error_selected.connect(lambda _part: self.field.setFocus())
        self._summary_slot.addWidget(self.error_summary)
        self.inline_error.setText(message)
        self.inline_error.setAccessibleName(message)
        self.inline_error.show()
        self.field.setProperty("error", True)
        restyle(self.field)
        self.error_summary.setFocus(Qt.FocusReason.OtherFocusReason)

    def show_status(self, status: ReportStatus) -> None:
        """Show (or refresh) where the report stands; focus moves to it when it first appears."""
        self._clear_summary()
        self.inline_error.hide()
        self.field.setProperty("error", False)
        restyle(self.field)
        while self.result_layout.count():
            item = self.result_layout.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()
        lines = [ui("check.reference", self.language, reference=status.reference), status.heading, status.body]
        self.result_layout.addWidget(text_label(lines[0], "body"))
        self.result_layout.addWidget(text_label(status.heading, "heading-l"))
        self.result_layout.addWidget(text_label(status.body, "body"))
        extra = list(status.council_lines) or ([ui("check.looking_up", self.language)] if status.looking_up else [])
        for line in extra:
            self.result_layout.addWidget(text_label(line, "body"))
        self.result.setAccessibleName(". ".join(lines + extra))
        self.spoken_text = self.result.accessibleName()
        first_time = self.result.isHidden()
        self.result.show()
        if first_time:
            self.result.setFocus(Qt.FocusReason.OtherFocusReason)

    def status_texts(self) -> list[str]:
        """The texts now shown in the result panel (for tests and read-aloud)."""
        return [label.text() for label in self.result.findChildren(QLabel) if not label.isHidden()]

    def _clear_summary(self) -> None:
        if self.error_summary is not None:
            self.error_summary.hide()
            self.error_summary.deleteLater()
            self.error_summary = None
