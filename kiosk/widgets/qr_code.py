"""A QR code painted from ``qrcode``'s module matrix (no image library needed)."""

from __future__ import annotations

import qrcode
from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget


class QrCodeWidget(QWidget):
    """Draws ``text`` as a QR code with a quiet zone, black on white whatever the theme."""

    def __init__(self, text: str, accessible_name: str, size_px: int = 280, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.text = text
        code = qrcode.QRCode(border=4, error_correction=qrcode.constants.ERROR_CORRECT_M)
        code.add_data(text)
        code.make(fit=True)
        self._matrix = code.get_matrix()
        self._size = size_px
        self.setAccessibleName(accessible_name)
        self.setFixedSize(QSize(size_px, size_px))
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt override
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor("white"))
        modules = len(self._matrix)
        cell = self._size / modules
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor("black"))
        for row, line in enumerate(self._matrix):
            for col, dark in enumerate(line):
                if dark:
                    painter.drawRect(QRectF(col * cell, row * cell, cell + 0.5, cell + 0.5))
        painter.end()
