"""Choose the engine's voice for a screen language.

The kiosk speaks the language shown on screen (EN 301 549 5.1.3.14). Engines describe voices
differently: espeak-ng gives ids such as ``gmw/en`` with languages ``["en-gb"]`` (and French as
``roa/fr`` with ``["fr-fr"]``); other engines give ``en_GB`` or only a name. ``VoiceTable``
matches a language code (``en``, ``pl``, ``ro``, ``ar``, ``bn``, or a regional tag such as
``en-US``) against each voice's languages and the last part of its id, prefers British English
for ``en``, falls back to English for a language no voice speaks, and remembers each answer.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

FALLBACK_LANGUAGE = "en"

PREFERRED_TAGS: dict[str, tuple[str, ...]] = {"en": ("en-gb", "en-gb-x-rp")}
"""For a bare language code, the regional voices to choose first, best first."""


@dataclass(frozen=True)
class VoiceInfo:
    """One voice of the engine: its id (what the engine is told), display name and language tags."""

    id: str
    name: str
    languages: tuple[str, ...]

    @property
    def tags(self) -> tuple[str, ...]:
        """Normalised language tags this voice speaks: its languages, then the last part of its id."""
        tags = [normalise_language(language) for language in self.languages]
        tags.append(normalise_language(re.split(r"[/\\]", self.id)[-1]))
        return tuple(dict.fromkeys(tag for tag in tags if tag))


@dataclass(frozen=True)
class VoiceChoice:
    """The voice chosen for a language, and whether it really speaks it (False: the English fallback)."""

    voice: VoiceInfo
    language: str
    matched: bool


def normalise_language(code: Any) -> str:
    """``"en_GB"``, ``b"en-gb"`` and ``" EN-gb "`` all become ``"en-gb"``; anything unreadable becomes ``""``."""
    if isinstance(code, bytes):
        code = code.decode("ascii", "ignore")
    if not isinstance(code, str):
        return ""
    code = code.strip().lower().replace("_", "-")
    return code if re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", code) else ""


def voice_from_engine(voice: Any) -> VoiceInfo:
    """A ``VoiceInfo`` from a pyttsx3 ``Voice`` (or anything with ``id``, ``name`` and ``languages``)."""
    languages = getattr(voice, "languages", None) or ()
    if isinstance(languages, str | bytes):
        languages = (languages,)
    readable = tuple(
        language.decode("ascii", "ignore") if isinstance(language, bytes) else language
        for language in languages
        if isinstance(language, str | bytes)
    )
    return VoiceInfo(id=str(voice.id), name=str(getattr(voice, "name", "") or voice.id), languages=readable)


class VoiceTable:
    """The engine's voices, and the best voice for each language code (cached; safe across threads)."""

    def __init__(self, voices: Iterable[VoiceInfo]) -> None:
        self._voices = tuple(voices)
        self._chosen: dict[str, VoiceChoice] = {}
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._voices)

    @property
    def voices(self) -> tuple[VoiceInfo, ...]:
        return self._voices

    def choose(self, language: str) -> VoiceChoice:
        """The voice for ``language``; English (then any voice) when none speaks it.

        Raises ``LookupError`` only when the table holds no voices at all.
        """
        key = normalise_language(language)
        with self._lock:
            choice = self._chosen.get(key)
            if choice is None:
                choice = self._choose(key)
                self._chosen[key] = choice
        return choice

    def speaks(self, language: str) -> bool:
        """True when some voice really speaks ``language`` (not only the English fallback)."""
        return self.choose(language).matched

    def _choose(self, language: str) -> VoiceChoice:
        voice = self._best(language) if language else None
        if voice is not None:
            return VoiceChoice(voice, language, matched=True)
        fallback = self._best(FALLBACK_LANGUAGE) or (self._voices[0] if self._voices else None)
        if fallback is None:
            raise LookupError("the speech engine has no voices")
        return VoiceChoice(fallback, language, matched=language.split("-")[0] == FALLBACK_LANGUAGE)

    def _best(self, language: str) -> VoiceInfo | None:
        """The voice whose tags match ``language`` best, or None when no voice speaks it."""
        primary = language.split("-")[0]
        preferred = PREFERRED_TAGS.get(language, ())
        best: tuple[tuple[int, int, int], VoiceInfo] | None = None
        for position, voice in enumerate(self._voices):
            for tag in voice.tags:
                rank = _rank(tag, language, primary, preferred)
                if rank is None:
                    continue
                score = (rank, len(tag), position)
                if best is None or score < best[0]:
                    best = (score, voice)
        return best[1] if best else None


def _rank(tag: str, language: str, primary: str, preferred: tuple[str, ...]) -> int | None:
    """Lower is better: the exact tag, a preferred regional tag, the bare language, any regional variant."""
    if tag == language:
        return 0 if "-" in language else 1 + len(preferred)  # a bare code ranks after its preferred regions
    if tag in preferred:
        return 1 + preferred.index(tag)
    if tag == primary:
        return 10
    if tag.startswith(primary + "-"):
        return 20
    return None
