"""Screening instruments as data: model, loader, validator, scoring. Pure Python, no Qt.

The app calls the names re-exported here; see docs/instrument-format.md for the
definition format.
"""

from screening.hashing import canonical_json, content_hash
from screening.levels import (
    CLEAR,
    HIGHEST,
    INCOMPLETE,
    LEVEL_LABELS,
    LEVELS,
    NONE,
    OUTCOMES,
    POSSIBLE,
    label,
    rank,
)
from screening.library import (
    BUNDLED_DIR,
    ImportCheck,
    check_import,
    conflict_problem,
    find,
    latest,
    load_bundled,
    load_instrument_file,
    load_instrument_text,
    load_library,
    parse_instrument,
    read_instrument,
    validate_file,
)
from screening.model import LANGUAGES, Instrument, Item, NextStep, Section, Text
from screening.problems import InstrumentError, Problem
from screening.scoring import (
    AnswerError,
    Result,
    age_group,
    age_note,
    check_answers,
    next_steps_for,
    score,
)

__all__ = [
    "BUNDLED_DIR",
    "CLEAR",
    "HIGHEST",
    "INCOMPLETE",
    "LANGUAGES",
    "LEVELS",
    "LEVEL_LABELS",
    "NONE",
    "OUTCOMES",
    "POSSIBLE",
    "AnswerError",
    "ImportCheck",
    "Instrument",
    "InstrumentError",
    "Item",
    "NextStep",
    "Problem",
    "Result",
    "Section",
    "Text",
    "age_group",
    "age_note",
    "canonical_json",
    "check_answers",
    "check_import",
    "conflict_problem",
    "content_hash",
    "find",
    "label",
    "latest",
    "load_bundled",
    "load_instrument_file",
    "load_instrument_text",
    "load_library",
    "next_steps_for",
    "parse_instrument",
    "rank",
    "read_instrument",
    "score",
    "validate_file",
]
