"""Reusable touchscreen widgets: text, buttons, inputs, the error summary and the QR code."""
