"""Design tokens: every size and colour the kiosk draws with, scaled from one place.

Sizes are in device-independent pixels at 100% text. Body text is 30 px so a capital letter is
at least 4.8 mm tall on a 21.5" 1080p panel; touch targets are at least 64 px (about 16 mm).
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


COUNCIL = Palette(name="council")


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
    reference: int = 52
    spacing: int = 8
    target: int = MIN_TARGET_PX
    border: int = 2
    focus_width: int = 4
    content_width: int = 1000

    def scaled(self, scale: float) -> Sizes:
        """Sizes for ``scale`` x body text; headings grow at most 2x so long words still fit."""

        def text(px: int) -> int:
            return round(px * scale)

        def heading(px: int) -> int:
            return round(min(px * scale, max(px * 2, self.body * scale)))

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
            target=max(MIN_TARGET_PX, round(self.target * min(scale, 1.5))),
        )


@dataclass(frozen=True)
class Theme:
    palette: Palette = COUNCIL
    sizes: Sizes = Sizes()
    font_family: str = '"Noto Sans", "DejaVu Sans", "Liberation Sans", Arial, sans-serif'
