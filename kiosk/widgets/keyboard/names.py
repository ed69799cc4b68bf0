"""The one place a key's accessible name is made (screen readers and speech say it).

Names are English for now: written in the layout file, or made from its patterns
("Letter {text}"). A translation of key names hooks in here, and only here.
"""

from __future__ import annotations

import unicodedata

from kiosk.widgets.keyboard.model import Key, NamePatterns


def character_class(text: str) -> str | None:
    """The class of ``text`` for naming: "letter" (letters with their marks), "digit", or None."""
    categories = [unicodedata.category(char) for char in text]
    if categories and all(c[0] in "LM" for c in categories) and any(c[0] == "L" for c in categories):
        return "letter"
    if categories and all(c == "Nd" for c in categories):
        return "digit"
    return None


def accessible_name(key: Key, patterns: NamePatterns, shifted: bool = False) -> str:
    """What a screen reader calls ``key`` as it is now (``shifted``: while Shift is on)."""
    capital = shifted and key.has_case
    explicit = key.shifted_name if capital else key.name
    if explicit:
        return explicit
    text = key.shifted_text if capital else key.text
    kind = character_class(text)
    if kind == "digit":
        return patterns.digit.format(text=text)
    if kind == "letter":
        return (patterns.capital if capital else patterns.letter).format(text=text)
    return text
