"""Helpers shared by the tests: paths, a hand-driven clock, and config files."""

from __future__ import annotations

from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BUNDLED_FORMS = ROOT / "assets" / "forms"
TODAY = date(2026, 11, 22)
FOLLOW_UP = "https://council.example/track?ref={reference}"
TEST_KEY = b"v3P0Bq2m1kYb2Hq8S1zL0m9eQe3k8yJ4cW2n7sT5uXA="
"""A fixed Fernet key for outbox tests that open the outbox directly."""


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
