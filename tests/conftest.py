"""Shared fixtures: a real kiosk on a real SQLite outbox in a temporary folder, offscreen."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import date
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
BUNDLED_FORMS = ROOT / "assets" / "forms"
TODAY = date(2026, 11, 22)
FOLLOW_UP = "https://council.example/track?ref={reference}"


class FakeClock:
    """A monotonic clock the test moves by hand, so idle timeouts take milliseconds."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


def write_config(folder: Path, *, extra: str = "", data_dir: Path | None = None) -> Path:
    """A config file for a kiosk whose data lives under ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    config = folder / "config.toml"
    config.write_text(
        "schema_version = 1\n"
        "[kiosk]\n"
        'name = "Test library, kiosk 1"\n'
        'council_name = "Testshire Council"\n'
        'reference_prefix = "TST"\n'
        f'data_dir = "{data_dir or folder / "data"}"\n'
        f'follow_up_url = "{FOLLOW_UP}"\n' + extra,
        encoding="utf-8",
    )
    return config


@pytest.fixture
def fake_clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def kiosk_config(tmp_path: Path) -> Path:
    return write_config(tmp_path / "kiosk")


@pytest.fixture
def kiosk(qtbot, kiosk_config: Path, fake_clock: FakeClock) -> Iterator:
    """The real kiosk (window, controller, outbox) at 1080x1920, with a hand-driven clock."""
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


@pytest.fixture
def resident(kiosk):
    from kiosk.driver import ResidentDriver

    return ResidentDriver(kiosk.window)
