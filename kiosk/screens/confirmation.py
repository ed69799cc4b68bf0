"""The confirmation: the reference number, what happens next, and a QR code to follow it up."""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QVBoxLayout, QWidget

from forms.steps import ConfirmationStep
from kiosk.screens.base import Screen
from kiosk.ui_text import ui
from kiosk.widgets.basics import paragraphs, text_label
from kiosk.widgets.qr_code import QrCodeWidget
from kiosk.widgets.reflow import ReflowRow
from kiosk.widgets.wrapping import natural_width

log = logging.getLogger(__name__)
QR_SIZE_PX = 240


class ConfirmationScreen(Screen):
    sig_finish_requested = Signal()

    def __init__(
        self, step: ConfirmationStep, qr_text: str, *, language: str = "en", parent: QWidget | None = None
    ) -> None:
        super().__init__(title=step.heading, spoken_text=step.spoken_text, language=language, parent=parent)
        panel = QFrame(self)
        panel.setObjectName("ConfirmationPanel")
        inner = QVBoxLayout(panel)
        inner.setContentsMargins(32, 32, 32, 32)
        inner.setSpacing(12)
        inner.addWidget(text_label(step.heading, "panel-heading"))
        inner.addWidget(text_label(step.reference_label, "panel-body"))
        self.reference = text_label(step.reference, "reference")
        self.reference.setObjectName("reference")
        self.reference.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        self.reference.setAccessibleName(f"{step.reference_label}: {step.reference}")
        inner.addWidget(self.reference)
        # The QR code sits beside the panel while the reference number fits on one line there,
        # else below it, with its caption as wide as the screen.
        top = ReflowRow(self, spacing=32)

        def reference_width() -> int:  # the reference on one line, inside the panel's margins
            return natural_width(step.reference, self.reference.font()) + 64

        top.add(panel, stretch=True, fit_width=reference_width)
        self.qr = self._qr_code(qr_text)
        if self.qr is not None:
            qr_block = QWidget(top)
            qr_column = QVBoxLayout(qr_block)
            qr_column.setContentsMargins(0, 0, 0, 0)
            qr_column.setSpacing(8)
            qr_column.addWidget(self.qr, 0, Qt.AlignmentFlag.AlignLeading)
            caption = text_label(step.follow_up, "caption")
            qr_column.addWidget(caption)
            qr_column.addStretch(1)

            def qr_width() -> int:  # the code, and its caption at about 16 characters a line
                return max(QR_SIZE_PX, caption.fontMetrics().averageCharWidth() * 16)

            top.add(qr_block, fit_width=qr_width)
        self.body.addWidget(top)
        self.body.addWidget(text_label(step.keep_reference))
        self.send_status = text_label("", "body")
        self.send_status.setObjectName("send-status")
        self.send_status.hide()
        self.body.addWidget(self.send_status)
        self.body.addWidget(text_label(step.next_heading, "heading-l"))
        self.body.addWidget(paragraphs(step.what_happens_next))
        self.finish_button = self.add_action("finish-button", step.finish_label, self.sig_finish_requested)
        self.finish_layout()

    def set_send_status(self, heading: str, body: str) -> None:
        """Where the report is now (waiting to send / sent), updated after each sync pass."""
        text = f"{heading}. {body}"
        self.send_status.setText(text)
        self.send_status.setAccessibleName(text)
        self.send_status.show()

    def _qr_code(self, text: str) -> QrCodeWidget | None:
        """The follow-up QR code, or None if it cannot be drawn: the reference matters more."""
        try:
            qr = QrCodeWidget(text, ui("qr.accessible_name", self.language), size_px=QR_SIZE_PX, parent=self)
        except Exception as exc:  # noqa: BLE001 - qrcode raises several types for bad data
            log.warning("no QR code on the confirmation: %s", type(exc).__name__)
            return None
        qr.setObjectName("follow-up-qr")
        return qr
