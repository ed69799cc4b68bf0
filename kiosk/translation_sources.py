"""Every English text the kiosk translates through catalogues, by key, gathered from its owners."""

from __future__ import annotations

from forms import wording
from forms.questions.registry import QUESTION_TYPES
from kiosk import ui_text


def english_sources() -> dict[str, str]:
    """Key -> English for the engine's wording, the kiosk's frame and every question type's messages."""
    sources: dict[str, str] = dict(wording.ENGLISH)
    clash = set(sources) & set(ui_text.ENGLISH)
    if clash:
        raise ValueError(f"the same key names two texts: {sorted(clash)}")
    sources.update(ui_text.ENGLISH)
    for qtype in QUESTION_TYPES.values():
        for key, english in qtype.messages.items():
            sources[qtype.message_key(key)] = english
    return sources
