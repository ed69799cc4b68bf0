"""Shared fixtures: a real kiosk on a real SQLite outbox in a temporary folder, offscreen."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402
from helpers import TODAY, FakeClock, write_config  # noqa: E402


@pytest.fixture
def fake_clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def kiosk_config(tmp_path: Path) -> Path:
    return write_config(tmp_path / "kiosk")


@pytest.fixture
def kiosk(qtbot, kiosk_config: Path, fake_clock: FakeClock) -> Iterator:
    """The real kiosk (window, controller, outbox) at 1080x1920, with a hand-driven clock."""
    from PySide6.QtCore import QEvent
    from PySide6.QtWidgets import QApplication

    from kiosk.app import build_kiosk
    from kiosk.settings import load_settings

    settings = load_settings(kiosk_config)
    built = build_kiosk(settings, clock=fake_clock, tick_ms=5, today=lambda: TODAY)
    qtbot.addWidget(built.window)
    built.window.resize(1080, 1920)
    built.window.show()
    qtbot.waitExposed(built.window)
    built.controller.show_home()
    yield built
    built.close()
    built.window.deleteLater()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


@pytest.fixture
def resident(kiosk):
    from kiosk.driver import ResidentDriver

    return ResidentDriver(kiosk.window)
