"""Translated wording: gettext catalogues (``assets/translations/<code>.po``) keyed by context.

Each entry's ``msgctxt`` is the stable key (``home.heading``) and its ``msgid`` the English text
the translation was made from. A translation is used only while its English source is unchanged,
so an edited English text shows in English (never a stale translation) until it is translated
again; ``council-kiosk check-translations`` reports such entries. Catalogues are read directly
with Babel (no compiled files) and only when a language other than English is first used.
"""

from __future__ import annotations

import functools
import logging
from dataclasses import dataclass
from pathlib import Path

from accessibility.languages import SOURCE_LANGUAGE, TRANSLATIONS_DIR

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class CatalogueEntry:
    english: str
    text: str
    fuzzy: bool


def catalogue_path(code: str, directory: Path = TRANSLATIONS_DIR) -> Path:
    return directory / f"{code}.po"


def read_catalogue(path: Path) -> dict[str, CatalogueEntry]:
    """The entries of one .po file by key (msgctxt); entries without a key are ignored."""
    from babel.messages.pofile import read_po

    with path.open("rb") as handle:
        catalog = read_po(handle)
    entries: dict[str, CatalogueEntry] = {}
    for message in catalog:
        if not message.id or not message.context or not isinstance(message.id, str):
            continue
        text = message.string if isinstance(message.string, str) else ""
        entries[message.context] = CatalogueEntry(message.id, text, message.fuzzy)
    return entries


@functools.cache
def _loaded(code: str, directory: Path) -> dict[str, CatalogueEntry]:
    path = catalogue_path(code, directory)
    if not path.exists():
        log.warning("no catalogue for language %s: showing English", code)
        return {}
    try:
        return read_catalogue(path)
    except Exception as exc:  # noqa: BLE001 - a broken catalogue must not stop the kiosk
        log.error("catalogue %s cannot be read (%s): showing English", path.name, type(exc).__name__)
        return {}


def translate(key: str, english: str, language: str, directory: Path = TRANSLATIONS_DIR) -> str:
    """``english`` in ``language``: the catalogue's text for ``key`` when it was made from this
    exact English and is not marked fuzzy, else the English itself."""
    if language == SOURCE_LANGUAGE:
        return english
    entry = _loaded(language, directory).get(key)
    if entry is None or entry.fuzzy or not entry.text or entry.english != english:
        return english
    return entry.text
