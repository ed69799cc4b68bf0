"""Every theme's colours meet their contrast figures, computed from the tokens (WCAG 2.2 formula)."""

from __future__ import annotations

import pytest

from accessibility.contrast import contrast_ratio
from accessibility.qss import render_qss
from accessibility.tokens import (
    CONTROL_PAIRS,
    CONTROL_RATIO,
    PALETTES,
    TEXT_PAIRS,
    TEXT_RATIO,
    TEXT_SCALES,
    Sizes,
    theme_for,
)


def test_the_formula_matches_known_values() -> None:
    assert contrast_ratio("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast_ratio("#ffffff", "#ffffff") == pytest.approx(1.0)
    assert contrast_ratio("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)  # the known AA grey
    with pytest.raises(ValueError, match="#rrggbb"):
        contrast_ratio("red", "#ffffff")


@pytest.mark.parametrize("name", list(PALETTES))
def test_text_meets_its_ratio(name: str) -> None:
    palette = PALETTES[name]
    failing = {
        (fg, bg): round(contrast_ratio(getattr(palette, fg), getattr(palette, bg)), 2)
        for fg, bg in TEXT_PAIRS
        if contrast_ratio(getattr(palette, fg), getattr(palette, bg)) < TEXT_RATIO[name]
    }
    assert not failing, f"{name}: text below {TEXT_RATIO[name]}:1: {failing}"


def test_high_contrast_themes_ask_for_seven_to_one() -> None:
    assert TEXT_RATIO["high-contrast"] >= 7 and TEXT_RATIO["yellow-on-black"] >= 7 and TEXT_RATIO["council"] >= 4.5


@pytest.mark.parametrize("name", list(PALETTES))
def test_controls_and_focus_meet_three_to_one(name: str) -> None:
    palette = PALETTES[name]
    failing = {
        (fg, bg): round(contrast_ratio(getattr(palette, fg), getattr(palette, bg)), 2)
        for fg, bg in CONTROL_PAIRS
        if contrast_ratio(getattr(palette, fg), getattr(palette, bg)) < CONTROL_RATIO
    }
    assert not failing, f"{name}: controls below {CONTROL_RATIO}:1: {failing}"


@pytest.mark.parametrize("name", list(PALETTES))
def test_focus_is_at_least_three_pixels_and_drawn_in_the_indicator_colour(name: str) -> None:
    theme = theme_for(name)
    assert theme.sizes.focus_width >= 3
    qss = render_qss(theme)
    assert f"solid {theme.palette.focus_indicator}" in qss
    assert "#fffdf0" not in qss or name == "council"  # no colour outside the tokens


@pytest.mark.parametrize("scale", TEXT_SCALES)
def test_text_scales_body_fully_and_headings_at_most_twice(scale: float) -> None:
    base, sizes = Sizes(), theme_for("council", scale).sizes
    assert sizes.body == round(base.body * scale)
    for heading in ("heading_xl", "heading_l", "heading_m"):
        assert getattr(sizes, heading) <= 2 * getattr(base, heading)
        assert getattr(sizes, heading) >= getattr(base, heading)
    assert sizes.target >= 64


def test_unknown_theme_or_size_is_refused_by_name() -> None:
    with pytest.raises(ValueError, match="unknown colour theme 'pink'"):
        theme_for("pink")
    with pytest.raises(ValueError, match="unknown text size 1.25"):
        theme_for("council", 1.25)
