"""The languages the kiosk offers: code, own name, direction, speech voice and review state.

Read once from ``assets/translations/languages.toml``. English is the source language: every
other language's texts come from its catalogue (``<code>.po``) and from the forms themselves.
"""

from __future__ import annotations

import functools
import tomllib
from dataclasses import dataclass
from pathlib import Path

TRANSLATIONS_DIR = Path(__file__).resolve().parent.parent / "assets" / "translations"
SOURCE_LANGUAGE = "en"
REQUIRED_KEYS = ("code", "native_name", "english_name", "direction", "reviewed", "voice")


class LanguageFileError(ValueError):
    """The language list is missing or malformed; the message names the file and the entry."""


@dataclass(frozen=True)
class Language:
    code: str
    native_name: str
    english_name: str
    right_to_left: bool
    reviewed: bool
    voice: str


def _parse(path: Path) -> tuple[Language, ...]:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise LanguageFileError(f"{path}: {exc}") from exc
    entries = data.get("language")
    if not isinstance(entries, list) or not entries:
        raise LanguageFileError(f"{path}: no [[language]] entries")
    found: list[Language] = []
    for number, entry in enumerate(entries, start=1):
        where = f"{path}: language {number}"
        missing = [k for k in REQUIRED_KEYS if k not in entry]
        if missing:
            raise LanguageFileError(f"{where}: missing {', '.join(missing)}")
        if entry["direction"] not in ("ltr", "rtl"):
            raise LanguageFileError(f"{where}: direction must be 'ltr' or 'rtl', not {entry['direction']!r}")
        if not isinstance(entry["reviewed"], bool):
            raise LanguageFileError(f"{where}: reviewed must be true or false")
        found.append(
            Language(
                code=str(entry["code"]),
                native_name=str(entry["native_name"]),
                english_name=str(entry["english_name"]),
                right_to_left=entry["direction"] == "rtl",
                reviewed=entry["reviewed"],
                voice=str(entry["voice"]),
            )
        )
    codes = [language.code for language in found]
    if SOURCE_LANGUAGE not in codes:
        raise LanguageFileError(f"{path}: English ({SOURCE_LANGUAGE}) must be listed")
    if len(set(codes)) != len(codes):
        raise LanguageFileError(f"{path}: a language is listed twice")
    return tuple(found)


@functools.cache
def languages(path: Path = TRANSLATIONS_DIR / "languages.toml") -> tuple[Language, ...]:
    """Every language offered, English first as listed."""
    return _parse(path)


def language(code: str) -> Language:
    """The language with ``code``, or English when the kiosk does not offer it."""
    for candidate in languages():
        if candidate.code == code:
            return candidate
    return language(SOURCE_LANGUAGE)


def language_codes() -> tuple[str, ...]:
    return tuple(candidate.code for candidate in languages())
