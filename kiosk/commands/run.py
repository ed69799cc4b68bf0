"""``council-kiosk``: run the touchscreen kiosk (full screen, or windowed for trying it out)."""

from __future__ import annotations

import logging
import math
import os
import re
import sys
from pathlib import Path

from kiosk.settings import Settings

log = logging.getLogger(__name__)
HEADLESS_DEMO_SECONDS = 8.0
MAX_EXIT_AFTER = 7 * 24 * 3600.0


def _has_display() -> bool:
    """Whether Qt's chosen platform has a screen to draw on (Linux only; elsewhere always)."""
    if not sys.platform.startswith("linux"):
        return True
    platform = os.environ.get("QT_QPA_PLATFORM", "")
    if platform.startswith(("offscreen", "minimal", "vnc", "eglfs", "linuxfb")):
        return True
    if platform.startswith("wayland"):
        return bool(os.environ.get("WAYLAND_DISPLAY"))
    if platform.startswith("xcb"):
        return bool(os.environ.get("DISPLAY"))
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def _parse_size(text: str | None) -> tuple[int, int] | None:
    if not text:
        return None
    match = re.fullmatch(r"([0-9]{3,4})x([0-9]{3,4})", text.strip().lower())
    if not match:
        raise ValueError(f"--size must be WIDTHxHEIGHT in pixels between 100 and 9999, like 1080x1920, not {text!r}")
    return int(match.group(1)), int(match.group(2))


def _check_exit_after(seconds: float | None) -> None:
    if seconds is not None and not (math.isfinite(seconds) and 0 < seconds <= MAX_EXIT_AFTER):
        raise ValueError(f"--exit-after must be a number of seconds from 0 to {MAX_EXIT_AFTER:g}, not {seconds!r}")


def _check_screenshot_path(path: Path | None) -> None:
    if path is None:
        return
    if path.suffix.lower() != ".png":
        raise ValueError(f"--screenshot must name a .png file, not {str(path)!r}")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ValueError(f"--screenshot: cannot create the folder {path.parent}: {exc.strerror}") from exc
    if not os.access(path.parent, os.W_OK):
        raise ValueError(f"--screenshot: the folder {path.parent} is not writable")


def _log_uncaught(exc_type: type[BaseException], exc: BaseException, tb: object) -> None:
    """Log an uncaught error by type and place only (its message may quote a resident's input)."""
    from kiosk.controller import describe_failure, forget_last_exception

    log.error("uncaught error: %s", describe_failure(exc))
    exc.__traceback__ = None
    forget_last_exception()


def run_kiosk(settings: Settings, *, windowed: bool, size: str | None,
              exit_after: float | None, screenshot: Path | None) -> int:  # fmt: skip
    """Show the kiosk until it is closed (or ``exit_after`` seconds), saving a screenshot if asked."""
    try:
        window_size = _parse_size(size)
        _check_exit_after(exit_after)
        _check_screenshot_path(screenshot)
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
        try:
            _check_screenshot_path(screenshot)
        except ValueError as exc:
            print(f"council-kiosk: {exc}", file=sys.stderr)
            return 2
        print(f"council-kiosk: no display found, so the demo runs headless for {exit_after:g} s "
              f"and saves what it shows to {screenshot}", file=sys.stderr)  # fmt: skip
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from kiosk.app import build_kiosk
    from kiosk.demo_case_api import start_demo_case_api

    sys.excepthook = _log_uncaught
    app = QApplication.instance() or QApplication([sys.argv[0]])
    app.setApplicationName("council-kiosk")
    demo_server, settings = start_demo_case_api(settings)
    if demo_server is not None:
        print(f"council-kiosk: demo case API (reference Open311 server) at {demo_server.base_url}", file=sys.stderr)
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
        try:
            if screenshot is not None and not kiosk.window.grab().save(str(screenshot), "PNG"):
                print(f"council-kiosk: could not save the screenshot to {screenshot}", file=sys.stderr)
                status["code"] = 3
        finally:
            app.quit()

    if exit_after is not None:
        QTimer.singleShot(int(exit_after * 1000), finish)
    elif screenshot is not None:
        QTimer.singleShot(2000, finish)
    app.exec()
    out_of_service = kiosk.controller is None
    kiosk.close()
    if demo_server is not None:
        demo_server.stop()
    return 3 if out_of_service else status["code"]
