"""Texts in several languages: every human-readable string in a form is a ``{language: text}`` map."""

from __future__ import annotations

from collections.abc import Mapping

DEFAULT_LANGUAGE = "en"

LocalText = Mapping[str, str]


def localise(text: LocalText | None, language: str) -> str:
    """Return the text in ``language``, falling back to English, or "" when there is none."""
    if not text:
        return ""
    return text.get(language) or text.get(DEFAULT_LANGUAGE, "")
