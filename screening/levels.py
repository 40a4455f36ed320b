"""Levels of concern: ordered constants with translated labels."""

from __future__ import annotations

from screening.model import Text

NONE = "none"
POSSIBLE = "possible"
CLEAR = "clear"
INCOMPLETE = "incomplete"

LEVELS: tuple[str, ...] = (NONE, POSSIBLE, CLEAR)
"""Levels scoring rules give, lowest to highest. A red flag answered yes always gives
LEVELS[-1]."""

HIGHEST = LEVELS[-1]

OUTCOMES: tuple[str, ...] = (NONE, INCOMPLETE, POSSIBLE, CLEAR)
"""Every result a screening can have: the rule levels plus Incomplete (not assessed),
which replaces "none" when a red flag or most items were declined or unknown."""

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
    INCOMPLETE: Text(
        en="Incomplete (not assessed)",
        es="Incompleta (no evaluada)",
        hmn="Tsis tiav (tsis tau ntsuam xyuas)",
        so="Dhammaystiran maaha (lama qiimeyn)",
    ),
    CLEAR: Text(
        en="Clear Concern",
        es="Preocupación clara",
        hmn="Muaj kev txhawj xeeb tseeb",
        so="Walaac cad",
    ),
}


def rank(level: str) -> int:
    """Position of a rule level in LEVELS (0 = none); ValueError for any other level."""
    try:
        return LEVELS.index(level)
    except ValueError:
        raise ValueError(f"unknown level {level!r}; expected one of {', '.join(LEVELS)}") from None


def check_outcome(level: str) -> None:
    """ValueError unless `level` is one of OUTCOMES."""
    if level not in OUTCOMES:
        raise ValueError(f"unknown level {level!r}; expected one of {', '.join(OUTCOMES)}")


def highest(levels: list[str] | tuple[str, ...]) -> str:
    """The highest of `levels`, or NONE when there are none."""
    return max(levels, key=rank, default=NONE)


def label(level: str, lang: str) -> str:
    """The display label of `level` in `lang` (English when `lang` is unknown)."""
    check_outcome(level)
    return LEVEL_LABELS[level].get(lang)
