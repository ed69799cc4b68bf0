"""Where the bundled data (forms, styles, icons) lives, installed or in a checkout."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path


def assets_dir() -> Path:
    return Path(str(files("assets")))


def bundled_forms_dir() -> Path:
    return assets_dir() / "forms"
