"""The example in docs/instrument-format.md is a valid instrument and scores as described."""

from __future__ import annotations

import re
from pathlib import Path

from screening import CLEAR, INCOMPLETE, POSSIBLE, load_instrument_text, next_steps_for, score

DOC = Path(__file__).parents[2] / "docs" / "instrument-format.md"


def _example() -> str:
    text = DOC.read_text(encoding="utf-8")
    section = text.split("## A complete example", 1)[1]
    match = re.search(r"```toml\n(.*?)```", section, re.S)
    assert match is not None
    return match.group(1)


def test_documented_example_is_valid_and_scores() -> None:
    instrument, problems = load_instrument_text(_example(), str(DOC))
    assert [str(p) for p in problems] == []
    assert instrument is not None
    assert score(instrument, {"ran-away": "yes"}).level == INCOMPLETE  # the rest not asked
    assert score(instrument, {"ran-away": "yes", "police-contact": "yes"}).level == POSSIBLE
    assert score(instrument, {"exchange-sex": "yes", "comment": "x"}).level == CLEAR
    assert next_steps_for(instrument, CLEAR, 16)[0].mandated_report  # still loads; never a duty
    assert score(instrument, {"exchange-sex": "yes"}).decision_asked


def test_documented_item_types_match_the_code() -> None:
    from screening.model import ITEM_TYPES

    text = DOC.read_text(encoding="utf-8")
    table = text.split("| `type` | answers stored |")[1].split("\n\n")[0]
    documented = re.findall(r"^\| `(\w+)` \| ", table, re.M)
    assert tuple(documented) == ITEM_TYPES
