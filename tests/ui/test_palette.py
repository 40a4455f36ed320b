"""The one palette and the one stylesheet: readable colours, every level styled."""

from __future__ import annotations

import re

import pytest
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication, QLabel

import screening
from clinic_app.paths import resource_path
from clinic_app.ui import palette
from clinic_app.ui.style import STYLESHEET, app_stylesheet, restyle

AA = 4.5  # WCAG 2.x level AA, normal text


def relative_luminance(colour: str) -> float:
    """WCAG 2.x relative luminance of '#rrggbb'."""
    channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    red, green, blue = linear
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast(text: str, background: str) -> float:
    lighter, darker = sorted((relative_luminance(text), relative_luminance(background)),
                             reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def test_the_contrast_formula_matches_wcag() -> None:
    assert contrast("#000000", "#ffffff") == pytest.approx(21)
    assert contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)


SWATCHES = {
    **{f"level {key}": swatch for key, swatch in palette.LEVELS.items()},
    **{f"state {key}": swatch for key, swatch in palette.STATES.items()},
    **{f"translation {key}": swatch for key, swatch in palette.TRANSLATION_STATUSES.items()},
    "driver": palette.DRIVER,
    "red flag": palette.RED_FLAG,
}
TEXTS = {"muted": palette.MUTED, "error": palette.ERROR, "success": palette.SUCCESS,
         "warning": palette.WARNING, "ink": palette.INK, "text": palette.TEXT}


@pytest.mark.parametrize("name", sorted(SWATCHES))
def test_level_and_state_text_meets_aa_on_its_background(name: str) -> None:
    swatch = SWATCHES[name]
    # No background of its own: shown in a white list, on the window, or as a badge.
    grounds = ([swatch.background] if swatch.background
               else [palette.WHITE, palette.WINDOW, palette.BADGE])
    for ground in grounds:
        assert contrast(swatch.text, ground) >= AA, f"{name}: {swatch.text} on {ground}"


@pytest.mark.parametrize("level", screening.OUTCOMES)
def test_level_text_meets_aa_without_its_background(level: str) -> None:
    """The result page writes the level in its colour on the window itself."""
    for ground in (palette.WHITE, palette.WINDOW):
        assert contrast(palette.LEVELS[level].text, ground) >= AA, f"{level} on {ground}"


@pytest.mark.parametrize("name", sorted(TEXTS))
def test_label_text_meets_aa_on_every_surface(name: str) -> None:
    for ground in (palette.WHITE, palette.WINDOW, palette.PANEL, palette.BANNER,
                   palette.REQUIRED):
        assert contrast(TEXTS[name], ground) >= AA, f"{name}: {TEXTS[name]} on {ground}"


def test_checked_answer_buttons_are_readable() -> None:
    assert contrast(palette.CHECKED_TEXT, palette.CHECKED) >= AA
    assert contrast(palette.SELECTION_TEXT, palette.SELECTION) >= AA


def test_the_stylesheet_styles_every_level_and_state() -> None:
    text = resource_path(STYLESHEET).read_text(encoding="utf-8")
    for level in screening.OUTCOMES:
        assert f'[level="{level}"]' in text, level
        assert f'[role="badge"][level="{level}"]' in text, level
    for state in palette.STATES:
        assert f'[state="{state}"]' in text, state
    for status in palette.TRANSLATION_STATUSES:
        assert f'[status="{status}"]' in text, status
    for role in ("error", "hint", "heading", "title", "banner", "success", "warning"):
        assert f'[role="{role}"]' in text, role


def test_the_stylesheet_names_colours_only_through_the_palette() -> None:
    text = resource_path(STYLESHEET).read_text(encoding="utf-8")
    assert not re.findall(r"#[0-9a-fA-F]{3,6}\b", text), "write $name, add it to palette.py"
    filled = app_stylesheet()  # every $name is known (substitute raises otherwise)
    assert "$" not in filled
    assert palette.LEVELS[screening.CLEAR].text in filled


def test_the_stylesheet_reaches_a_label(qapp: QApplication) -> None:
    label = QLabel("Refused")
    restyle(label, role="error")
    label.ensurePolished()
    assert label.palette().color(QPalette.ColorRole.WindowText).name() == palette.ERROR
    label.show()
    restyle(label, role="", level=screening.POSSIBLE)  # changed while shown
    assert (label.palette().color(QPalette.ColorRole.WindowText).name()
            == palette.LEVELS[screening.POSSIBLE].text)
    label.close()
