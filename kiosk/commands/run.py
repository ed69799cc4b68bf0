"""``council-kiosk``: run the touchscreen kiosk (full screen, or windowed for trying it out)."""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path

from kiosk.settings import Settings

log = logging.getLogger(__name__)
HEADLESS_DEMO_SECONDS = 8.0


def _has_display() -> bool:
    if not sys.platform.startswith("linux") or os.environ.get("QT_QPA_PLATFORM"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def _parse_size(text: str | None) -> tuple[int, int] | None:
    if not text:
        return None
    width, _, height = text.lower().partition("x")
    if not (width.isdigit() and height.isdigit()):
        raise ValueError(f"--size must look like 1080x1920, not {text!r}")
    return int(width), int(height)


def run_kiosk(settings: Settings, *, windowed: bool, size: str | None,
              exit_after: float | None, screenshot: Path | None) -> int:  # fmt: skip
    """Show the kiosk until it is closed (or ``exit_after`` seconds), saving a screenshot if asked."""
    try:
        window_size = _parse_size(size)
    except ValueError as exc:
        print(f"council-kiosk: {exc}", file=sys.stderr)
        return 2
    if not _has_display():
        if not settings.demo:
            print("council-kiosk: no display found (DISPLAY is not set); run it on the kiosk's screen, "
                  "or set QT_QPA_PLATFORM=offscreen with --exit-after and --screenshot", file=sys.stderr)  # fmt: skip
            return 2
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
        exit_after = exit_after or HEADLESS_DEMO_SECONDS
        screenshot = screenshot or settings.data_dir / "demo-screenshot.png"
        print(f"council-kiosk: no display found, so the demo runs headless for {exit_after:g} s "
              f"and saves what it shows to {screenshot}", file=sys.stderr)  # fmt: skip
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from kiosk.app import build_kiosk

    app = QApplication.instance() or QApplication([sys.argv[0]])
    app.setApplicationName("council-kiosk")
    kiosk = build_kiosk(settings, open_outbox_now=False)
    kiosk.open_outbox_after_first_paint()
    offscreen = os.environ.get("QT_QPA_PLATFORM") == "offscreen"
    if window_size:
        kiosk.window.resize(*window_size)
    elif offscreen:
        kiosk.window.resize(1080, 1920)
    elif windowed:
        kiosk.window.resize(1280, 900)
    if windowed or window_size or offscreen:
        kiosk.window.show()
    else:
        kiosk.window.showFullScreen()
    status = {"code": 0}

    def finish() -> None:
        if screenshot is not None:
            screenshot.parent.mkdir(parents=True, exist_ok=True)
            if not kiosk.window.grab().save(str(screenshot), "PNG"):
                print(f"council-kiosk: could not save the screenshot to {screenshot}", file=sys.stderr)
                status["code"] = 3
        kiosk.close()
        app.quit()

    if exit_after is not None:
        QTimer.singleShot(int(exit_after * 1000), finish)
    elif screenshot is not None:
        QTimer.singleShot(2000, finish)
    app.exec()
    out_of_service = kiosk.controller is None
    kiosk.close()
    return 3 if out_of_service else status["code"]
