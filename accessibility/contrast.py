"""WCAG 2.2 contrast ratios, computed from colours as the standard defines them."""

from __future__ import annotations


def _channel(value: int) -> float:
    c = value / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def relative_luminance(hex_colour: str) -> float:
    """Relative luminance of an opaque ``#rrggbb`` colour (WCAG 2.2, "relative luminance")."""
    text = hex_colour.lstrip("#")
    if len(text) != 6:
        raise ValueError(f"expected a #rrggbb colour, got {hex_colour!r}")
    r, g, b = (int(text[i : i + 2], 16) for i in (0, 2, 4))
    return 0.2126 * _channel(r) + 0.7152 * _channel(g) + 0.0722 * _channel(b)


def contrast_ratio(foreground: str, background: str) -> float:
    """The contrast ratio of two colours, from 1 (none) to 21 (black on white)."""
    a, b = relative_luminance(foreground), relative_luminance(background)
    lighter, darker = max(a, b), min(a, b)
    return (lighter + 0.05) / (darker + 0.05)
