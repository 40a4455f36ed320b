"""Levels of concern: ordered constants with translated labels."""

from __future__ import annotations

from screening.model import Text

NONE = "none"
POSSIBLE = "possible"
CLEAR = "clear"

LEVELS: tuple[str, ...] = (NONE, POSSIBLE, CLEAR)
"""Lowest to highest. A red flag answered yes always gives LEVELS[-1]."""

HIGHEST = LEVELS[-1]

LEVEL_LABELS: dict[str, Text] = {
    NONE: Text(
        en="No Concern",
        es="Sin preocupación",
        hmn="Tsis muaj kev txhawj xeeb",
        so="Walaac ma jiro",
    ),
    POSSIBLE: Text(
        en="Possible Concern",
        es="Posible preocupación",
        hmn="Tej zaum muaj kev txhawj xeeb",
        so="Walaac suurtagal ah",
    ),
    CLEAR: Text(
        en="Clear Concern",
        es="Preocupación clara",
        hmn="Muaj kev txhawj xeeb tseeb",
        so="Walaac cad",
    ),
}


def rank(level: str) -> int:
    """Position of `level` in LEVELS (0 = none); ValueError for an unknown level."""
    try:
        return LEVELS.index(level)
    except ValueError:
        raise ValueError(f"unknown level {level!r}; expected one of {', '.join(LEVELS)}") from None


def highest(levels: list[str] | tuple[str, ...]) -> str:
    """The highest of `levels`, or NONE when there are none."""
    return max(levels, key=rank, default=NONE)


def label(level: str, lang: str) -> str:
    """The display label of `level` in `lang` (English when `lang` is unknown)."""
    rank(level)
    return LEVEL_LABELS[level].get(lang)
