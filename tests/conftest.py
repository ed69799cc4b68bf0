"""Shared fixtures: a real kiosk on a real SQLite outbox in a temporary folder, offscreen."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402
from helpers import TODAY, FakeClock, write_config  # noqa: E402


@pytest.fixture(autouse=True)
def memory_keyring() -> Iterator:
    """Every test gets an empty in-memory OS keyring, so nothing touches a real one."""
    import keyring
    from keyring_backends import MemoryKeyring

    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


@pytest.fixture
def child_keyring(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Child processes started by this test share a file-backed test keyring; returns its path."""
    from helpers import ROOT
    from keyring_backends import file_keyring_env

    path = tmp_path / "test-keyring.json"
    for name, value in file_keyring_env(path).items():
        monkeypatch.setenv(name, value)
    paths = [str(ROOT / "tests"), os.environ.get("PYTHONPATH", "")]
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(p for p in paths if p))
    return path


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
