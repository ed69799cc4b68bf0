"""What an on-screen keyboard layout is, once loaded: pages of rows of keys. Plain data, no Qt.

Rows are in reading order: in a right-to-left layout the first key of a row is drawn at the right.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

KEY_KINDS = ("char", "shift", "page", "backspace", "space", "enter", "hide", "gap")


@dataclass(frozen=True)
class Key:
    """One key. ``char`` keys type ``text``; the others act (Backspace, Shift, change page, ...);
    a ``gap`` is an empty space the width of a key, to line keys up.

    ``name`` is the English accessible name written in the layout, or "" when it comes from the
    layout's name patterns (see ``kiosk.widgets.keyboard.names``). ``shifted_*`` is what the key
    types and shows while Shift is on; they equal the plain values for keys without case.
    """

    kind: str
    label: str
    text: str = ""
    name: str = ""
    shifted_text: str = ""
    shifted_label: str = ""
    shifted_name: str = ""
    width: float = 1.0
    target: str = ""  # the page a "page" key opens

    @property
    def has_case(self) -> bool:
        return self.kind == "char" and self.shifted_text != self.text


@dataclass(frozen=True)
class Page:
    """One page of keys (letters, or digits and symbols); ``rows`` are never empty."""

    id: str
    rows: tuple[tuple[Key, ...], ...]

    @property
    def units(self) -> float:
        """The width of the widest row, in key units."""
        return max(sum(key.width for key in row) for row in self.rows)

    def all_keys(self) -> list[Key]:
        return [key for row in self.rows for key in row]


@dataclass(frozen=True)
class NamePatterns:
    """English accessible-name patterns for keys whose layout gives no name, e.g. "Letter {text}".

    ``capital`` names a letter typed with Shift ("Capital letter {text}").
    """

    letter: str
    digit: str
    capital: str


@dataclass(frozen=True)
class KeyboardLayout:
    """A whole layout: its pages (the first is shown first), direction and naming patterns."""

    name: str
    title: str
    right_to_left: bool
    has_case: bool
    names: NamePatterns
    pages: tuple[Page, ...]
    max_key_width_px: int
    source: Path

    def page(self, page_id: str) -> Page:
        for page in self.pages:
            if page.id == page_id:
                return page
        raise KeyError(f"{self.name} keyboard has no page {page_id!r}")
