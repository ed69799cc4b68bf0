"""The on-screen keyboard: large keys whose layouts are data files (``assets/keyboards/*.toml``)."""

from kiosk.widgets.keyboard.dock import KeyboardDock

__all__ = ["KeyboardDock"]
