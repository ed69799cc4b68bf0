"""What one resident chose on "Text size, colours, speech and language": reset when they leave.

Qt-free. The kiosk starts every session from ``Preferences.defaults(language)`` so the next
person never inherits bigger text, another language, read-aloud or a raised volume (EN 301 549
5.1.3.13: speaker volume reset after each use).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from accessibility.languages import language_codes
from accessibility.tokens import PALETTES, TEXT_SCALES, Theme, theme_for

VOLUME_LEVELS = 5
DEFAULT_VOLUME_LEVEL = 3
RATE_PERCENTS: tuple[int, ...] = (60, 80, 100, 125, 150)
DEFAULT_RATE_LEVEL = 3  # 1-based: 100%


@dataclass(frozen=True)
class Preferences:
    language: str = "en"
    text_scale: float = 1.0
    palette: str = "council"
    read_aloud: bool = False
    volume_level: int = DEFAULT_VOLUME_LEVEL
    rate_level: int = DEFAULT_RATE_LEVEL

    def __post_init__(self) -> None:
        if self.language not in language_codes():
            raise ValueError(f"language {self.language!r} is not offered; choose one of {', '.join(language_codes())}")
        if self.text_scale not in TEXT_SCALES:
            raise ValueError(f"text size {self.text_scale!r} is not offered")
        if self.palette not in PALETTES:
            raise ValueError(f"colour theme {self.palette!r} is not offered")
        if not 1 <= self.volume_level <= VOLUME_LEVELS:
            raise ValueError(f"volume level must be 1 to {VOLUME_LEVELS}")
        if not 1 <= self.rate_level <= len(RATE_PERCENTS):
            raise ValueError(f"speech speed level must be 1 to {len(RATE_PERCENTS)}")

    @classmethod
    def defaults(cls, language: str = "en") -> Preferences:
        """The settings a new session starts with (the kiosk's own language)."""
        return cls(language=language)

    def theme(self) -> Theme:
        return theme_for(self.palette, self.text_scale)

    @property
    def volume(self) -> float:
        """Playback volume from 0 to 1."""
        return self.volume_level / VOLUME_LEVELS

    @property
    def rate_percent(self) -> int:
        """Speech speed as a percentage of the voice's normal speed."""
        return RATE_PERCENTS[self.rate_level - 1]

    def changed(self, **changes: object) -> Preferences:
        """A copy with ``changes``; volume and speed levels are kept within their range."""
        if "volume_level" in changes:
            changes["volume_level"] = min(VOLUME_LEVELS, max(1, int(changes["volume_level"])))  # type: ignore[arg-type]
        if "rate_level" in changes:
            changes["rate_level"] = min(len(RATE_PERCENTS), max(1, int(changes["rate_level"])))  # type: ignore[arg-type]
        return replace(self, **changes)  # type: ignore[arg-type]
