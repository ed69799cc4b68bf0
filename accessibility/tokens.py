"""Design tokens: every size and colour the kiosk draws with, scaled from one place.

Sizes are in device-independent pixels at 100% text. Body text is 30 px so a capital letter is
at least 4.8 mm tall on a 21.5" 1080p panel; touch targets are at least 64 px (about 16 mm).
Three palettes: the council default (WCAG AA: 4.5:1 text, 3:1 controls and focus), high
contrast (7:1 text) and yellow on black. ``PALETTE_PAIRS`` names which colours meet which, so a
test computes every contrast ratio rather than trusting the hex values.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

MIN_TARGET_PX = 64


@dataclass(frozen=True)
class Palette:
    """Colours of one theme (hex strings)."""

    name: str
    text: str = "#0b0c0c"
    secondary_text: str = "#484949"
    background: str = "#ffffff"
    panel: str = "#f3f2f1"
    border: str = "#0b0c0c"
    soft_border: str = "#b1b4b6"
    brand: str = "#1d70b8"
    brand_text: str = "#ffffff"
    link: str = "#1d70b8"
    primary: str = "#00703c"
    primary_text: str = "#ffffff"
    primary_shadow: str = "#002d18"
    secondary: str = "#f3f2f1"
    secondary_text_on: str = "#0b0c0c"
    secondary_shadow: str = "#929191"
    error: str = "#d4351c"
    focus: str = "#ffdd00"
    focus_text: str = "#0b0c0c"
    success: str = "#00703c"
    success_text: str = "#ffffff"
    warning: str = "#0b0c0c"
    focus_indicator: str = "#0b0c0c"
    input_focus_background: str = "#fffdf0"
    summary_focus_background: str = "#fffbe0"
    overlay: str = "rgba(11, 12, 12, 180)"
    key: str = "#ffffff"
    key_text: str = "#0b0c0c"
    keyboard: str = "#dee0e2"


COUNCIL = Palette(name="council")

HIGH_CONTRAST = Palette(
    name="high-contrast",
    text="#000000",
    secondary_text="#000000",
    background="#ffffff",
    panel="#ffffff",
    border="#000000",
    soft_border="#000000",
    brand="#000000",
    brand_text="#ffffff",
    link="#00306b",
    primary="#00401f",
    primary_text="#ffffff",
    primary_shadow="#000000",
    secondary="#ffffff",
    secondary_text_on="#000000",
    secondary_shadow="#000000",
    error="#9b0000",
    focus="#ffdd00",
    focus_text="#000000",
    focus_indicator="#000000",
    success="#00401f",
    success_text="#ffffff",
    warning="#000000",
    input_focus_background="#ffffff",
    summary_focus_background="#ffffff",
    overlay="rgba(0, 0, 0, 210)",
    key="#ffffff",
    key_text="#000000",
    keyboard="#ffffff",
)

YELLOW_ON_BLACK = Palette(
    name="yellow-on-black",
    text="#ffff00",
    secondary_text="#ffff00",
    background="#000000",
    panel="#000000",
    border="#ffff00",
    soft_border="#ffff00",
    brand="#000000",
    brand_text="#ffff00",
    link="#ffff00",
    primary="#ffff00",
    primary_text="#000000",
    primary_shadow="#ffffff",
    secondary="#000000",
    secondary_text_on="#ffff00",
    secondary_shadow="#ffff00",
    error="#ff9e9e",
    focus="#ffffff",
    focus_text="#000000",
    focus_indicator="#ffffff",
    success="#000000",
    success_text="#ffff00",
    warning="#ffff00",
    input_focus_background="#000000",
    summary_focus_background="#000000",
    overlay="rgba(0, 0, 0, 220)",
    key="#000000",
    key_text="#ffff00",
    keyboard="#333333",
)

PALETTES: dict[str, Palette] = {p.name: p for p in (COUNCIL, HIGH_CONTRAST, YELLOW_ON_BLACK)}
"""The colour themes a resident can choose, by name, in the order they are offered."""

TEXT_SCALES: tuple[float, ...] = (1.0, 1.5, 2.0, 3.0)
"""The text sizes a resident can choose: 100%, 150%, 200% and 300% of body text."""

# Colour pairs drawn together: (foreground, background). Text pairs need 4.5:1 in the council
# theme and 7:1 in the others; control and focus pairs (borders, indicators) need 3:1.
TEXT_PAIRS: tuple[tuple[str, str], ...] = (
    ("text", "background"),
    ("secondary_text", "background"),
    ("text", "panel"),
    ("secondary_text", "panel"),
    ("brand_text", "brand"),
    ("link", "background"),
    ("primary_text", "primary"),
    ("secondary_text_on", "secondary"),
    ("error", "background"),
    ("focus_text", "focus"),
    ("success_text", "success"),
    ("text", "input_focus_background"),
    ("text", "summary_focus_background"),
    ("key_text", "key"),
)
CONTROL_PAIRS: tuple[tuple[str, str], ...] = (
    ("border", "background"),
    ("focus_indicator", "background"),  # the thick focus bar or outline around the focus fill
    ("error", "background"),
    ("primary", "background"),
    ("border", "keyboard"),
)
TEXT_RATIO = {"council": 4.5, "high-contrast": 7.0, "yellow-on-black": 7.0}
CONTROL_RATIO = 3.0


@dataclass(frozen=True)
class Sizes:
    """Font sizes, spacing and target sizes at a given text scale."""

    scale: float = 1.0
    body: int = 30
    caption: int = 28
    heading_xl: int = 48
    heading_l: int = 40
    heading_m: int = 34
    button: int = 30
    bar: int = 30
    reference: int = 52
    spacing: int = 8
    target: int = MIN_TARGET_PX
    border: int = 2
    focus_width: int = 4
    content_width: int = 1000

    def scaled(self, scale: float) -> Sizes:
        """Sizes for ``scale`` x body text; headings grow at most 2x so long words still fit
        (at 300% a heading may be smaller than body text: it stays bold and first), and so does
        the text of the top and help bars, so they leave the screen to the content."""

        def text(px: int) -> int:
            return round(px * scale)

        def heading(px: int) -> int:
            return round(min(px * scale, px * 2))

        return replace(
            self,
            scale=scale,
            body=text(self.body),
            caption=text(self.caption),
            button=text(self.button),
            heading_xl=heading(self.heading_xl),
            heading_l=heading(self.heading_l),
            heading_m=heading(self.heading_m),
            reference=heading(self.reference),
            bar=heading(self.bar),
            target=max(MIN_TARGET_PX, round(self.target * min(scale, 1.5))),
        )


@dataclass(frozen=True)
class Theme:
    palette: Palette = COUNCIL
    sizes: Sizes = Sizes()
    font_family: str = (
        '"Noto Sans", "DejaVu Sans", "Noto Sans Arabic", "Noto Sans Bengali", "Liberation Sans", Arial, sans-serif'
    )


def theme_for(palette_name: str = "council", scale: float = 1.0) -> Theme:
    """The theme for a palette name and text scale; unknown names or scales raise ValueError."""
    if palette_name not in PALETTES:
        raise ValueError(f"unknown colour theme {palette_name!r}; choose one of {', '.join(PALETTES)}")
    if scale not in TEXT_SCALES:
        raise ValueError(f"unknown text size {scale!r}; choose one of {', '.join(map(str, TEXT_SCALES))}")
    return Theme(palette=PALETTES[palette_name], sizes=Sizes().scaled(scale))
