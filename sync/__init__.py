"""Qt-free synchronisation core: the durable outbox of submissions and its reference numbers.

Nothing in this package imports PySide6; it is usable (and tested) without a QApplication.
"""
