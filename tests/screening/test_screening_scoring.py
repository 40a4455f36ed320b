"""Scoring: levels, drivers, red flags, declined answers, next steps and versions."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from screening import (
    CLEAR,
    HIGHEST,
    INCOMPLETE,
    LEVELS,
    NONE,
    POSSIBLE,
    AnswerError,
    Instrument,
    age_group,
    find,
    label,
    latest,
    load_bundled,
    load_instrument_text,
    load_library,
    next_steps_for,
    rank,
    score,
)
from screening.model import NOTE, YES

FIXTURES = Path(__file__).parent / "fixtures"
BUNDLED, _ = load_bundled()
LIBRARY, _ = load_library([FIXTURES / "library"])
INSTRUMENTS = [*BUNDLED, *LIBRARY]


def _get(instruments: list[Instrument], instrument_id: str, version: str) -> Instrument:
    instrument = find(instruments, instrument_id, version)
    assert instrument is not None, (instrument_id, version)
    return instrument


YOUTH = _get(BUNDLED, "youth-brief-screen", "1.0.0")
STAFF = _get(BUNDLED, "staff-indicator-checklist", "1.0.0")
YOUTH_NEXT = _get(LIBRARY, "youth-brief-screen", "1.9.0")
MARKERS = ["ran-away", "substance-use", "police-contact", "sti-history", "many-partners"]
ALL_MARKERS = [*MARKERS, "violent-injury"]
FLAGS_NO = {"exchange-sex": "no", "earnings-taken": "no", "forced-sex": "no"}


def concern(level: str) -> str:
    """The level the rules gave: Incomplete only ever replaces "none"."""
    return NONE if level == INCOMPLETE else level


def _answers(instrument: Instrument) -> st.SearchStrategy[dict[str, str]]:
    """Any valid (possibly partial) set of answers to `instrument`."""
    per_item = {
        item.id: (
            st.text(max_size=20) if item.type == NOTE else st.sampled_from(item.answer_values())
        )
        for item in instrument.items()
    }
    return st.fixed_dictionaries({}, optional=per_item)


instrument_and_answers = st.sampled_from(INSTRUMENTS).flatmap(
    lambda ins: st.tuples(st.just(ins), _answers(ins))
)


# ---------------------------------------------------------------- examples


def test_two_yes_markers_give_possible_with_those_drivers() -> None:
    result = score(YOUTH, {"ran-away": "yes", "police-contact": "yes", "substance-use": "no"})
    assert result.level == POSSIBLE
    assert result.drivers == ("ran-away", "police-contact")
    assert result.red_flags_hit == ()
    assert result.yes_count == 2


def test_one_yes_marker_is_no_concern() -> None:
    answers = {m: "no" for m in ALL_MARKERS} | FLAGS_NO | {"ran-away": "yes"}
    result = score(YOUTH, answers)
    assert (result.level, result.drivers, result.not_assessed) == (NONE, (), ())


def test_declined_and_unknown_do_not_count_towards_the_threshold() -> None:
    answers = {m: "no" for m in ALL_MARKERS} | FLAGS_NO | {
        "ran-away": "yes", "police-contact": "declined", "sti-history": "unknown"}
    result = score(YOUTH, answers)
    assert result.level == NONE
    assert result.declined == ("police-contact",)
    assert result.not_assessed == ("police-contact", "sti-history")


def test_a_few_answers_only_are_incomplete_not_no_concern() -> None:
    result = score(YOUTH, {"ran-away": "yes", "police-contact": "declined"})
    assert result.level == INCOMPLETE
    assert "violent-injury" in result.unanswered
    assert "violent-injury" in result.not_assessed


def test_red_flag_forces_clear_even_with_no_markers() -> None:
    answers = {m: "no" for m in MARKERS} | {"earnings-taken": "yes"}
    result = score(YOUTH, answers)
    assert result.level == CLEAR
    assert result.drivers == ("earnings-taken",)
    assert result.red_flags_hit == ("earnings-taken",)


def test_staff_sum_bands() -> None:
    all_no = {i.id: "no" for i in STAFF.items()}
    assert score(STAFF, all_no).level == NONE
    assert score(STAFF, {}).level == INCOMPLETE
    assert score(STAFF, {"absence": "possible"}).level == POSSIBLE
    seven = {
        "absence": "yes",
        "hotel-stays": "yes",
        "older-partner": "yes",
        "online-contact": "possible",
    }
    result = score(STAFF, seven)
    assert result.level == POSSIBLE
    assert dict(result.domain_sums)["hotels"] == 2
    eight = seven | {"online-contact": "yes"}
    result = score(STAFF, eight)
    assert result.level == CLEAR
    assert result.drivers == ("older-partner", "hotel-stays", "absence", "online-contact")


def test_staff_possible_on_a_red_flag_counts_points_but_does_not_force_clear() -> None:
    result = score(STAFF, {"exchange-sex": "possible"})
    assert result.level == POSSIBLE
    assert result.red_flags_hit == ()
    assert score(STAFF, {"exchange-sex": "yes"}).level == CLEAR


def test_bad_answers_are_refused() -> None:
    with pytest.raises(AnswerError, match="no item 'nope'"):
        score(YOUTH, {"nope": "yes"})
    with pytest.raises(AnswerError, match="'possible' is not an answer to 'ran-away'"):
        score(YOUTH, {"ran-away": "possible"})
    with pytest.raises(AnswerError, match="'maybe' is not an answer"):
        score(STAFF, {"absence": "maybe"})


MINIMAL = (FIXTURES / "minimal.toml").read_text(encoding="utf-8")


def test_each_domain_mode_and_single_choice_points() -> None:
    text = MINIMAL.replace(
        'type = "note"',
        'type = "single_choice"\noptions = [\n'
        '  { id = "never", label = { en = "Never", es = "Nunca", hmn = "Tsis tau",'
        ' so = "Marna" } },\n'
        '  { id = "often", points = 3, label = { en = "Often", es = "A menudo", hmn = "Ntau zaus",'
        ' so = "Badanaa" } },\n]',
    ).replace('domains = ["main"]', 'domains = ["main"]\ncombine = "each"')
    instrument, problems = load_instrument_text(text, "each.toml")
    assert problems == [] and instrument is not None
    result = score(instrument, {"d": "often"})
    assert (result.level, result.drivers, result.domain_sums) == (CLEAR, ("d",), (("main", 3),))
    assert score(instrument, {"d": "never", "a": "yes"}).level == POSSIBLE


def test_notes_never_change_the_level() -> None:
    instrument, _ = load_instrument_text(MINIMAL, "mini.toml")
    assert instrument is not None
    assert score(instrument, {"d": "yes yes yes"}).level == INCOMPLETE
    assert score(instrument, {"d": "yes yes yes", "a": "no", "b": "no", "c": "no"}).level == NONE
    with pytest.raises(AnswerError):
        score(instrument, {"d": "x" * 501})


# ---------------------------------------------------------------- next steps


def test_clear_for_a_minor_required_the_mandated_report_in_1_0_0() -> None:
    for instrument in (YOUTH, STAFF):
        steps = next_steps_for(instrument, CLEAR, 15)
        report = [s for s in steps if s.mandated_report]
        assert len(report) == 1
        text = report[0].text.en
        facts = ("260E", "24 hours", "72 hours", "weekends and holidays", "612-348-3552", "911")
        for fact in facts:
            assert fact in text
        for lang in ("es", "hmn", "so"):
            assert "612-348-3552" in report[0].text.get(lang)
            assert "911" in report[0].text.get(lang)
        assert any(s.referral_handout for s in steps)
        assert [s.follow_up_days for s in steps if s.follow_up_days] == [3]


def test_young_adults_get_a_voluntary_referral_not_a_report() -> None:
    for instrument in BUNDLED:
        if instrument.version != "1.0.0":
            continue  # 1.1.0: tests/screening/test_screening_safety.py
        steps = next_steps_for(instrument, CLEAR, 19)
        assert not any(s.mandated_report for s in steps)
        assert any("consent governs" in s.text.en for s in steps)
        assert any("1-888-373-7888" in s.text.en for s in steps)
        assert any(s.referral_handout for s in steps)


def test_possible_never_says_trafficked_and_always_has_a_follow_up() -> None:
    for instrument in BUNDLED:
        for age in (12, 17, 18, 24):
            steps = next_steps_for(instrument, POSSIBLE, age)
            assert any(s.follow_up_days == 7 for s in steps)
            assert not any(s.mandated_report for s in steps)


def test_age_groups() -> None:
    assert [age_group(a) for a in (0, 17, 18, 24)] == ["under-18", "under-18", "18-24", "18-24"]
    for age in (-1, 25):
        with pytest.raises(ValueError):
            age_group(age)
    with pytest.raises(ValueError, match="unknown level"):
        next_steps_for(YOUTH, "severe", 15)


def test_levels_are_ordered_and_labelled() -> None:
    assert LEVELS == (NONE, POSSIBLE, CLEAR) and HIGHEST == CLEAR
    assert [rank(level) for level in LEVELS] == [0, 1, 2]
    assert label(CLEAR, "en") == "Clear Concern"
    assert label(POSSIBLE, "hmn") == "Tej zaum muaj kev txhawj xeeb"
    assert label(NONE, "xx") == "No Concern"


# ---------------------------------------------------------------- versions


def test_a_record_keeps_scoring_under_its_own_version() -> None:
    installed = [*[i for i in BUNDLED if i.version == "1.0.0"], *LIBRARY]
    assert latest(installed, "youth-brief-screen") is YOUTH_NEXT
    stored_id, stored_version = "youth-brief-screen", "1.0.0"
    stored_answers = {"ran-away": "yes", "hotel-stay": "yes"}
    recorded = find(installed, stored_id, stored_version)
    assert recorded is not None
    old_answers = {k: v for k, v in stored_answers.items() if k != "hotel-stay"}
    assert score(recorded, old_answers) == score(YOUTH, old_answers)
    assert score(recorded, old_answers).level == INCOMPLETE  # most items unanswered
    assert score(YOUTH_NEXT, stored_answers).level == POSSIBLE
    with pytest.raises(AnswerError):
        score(recorded, stored_answers)


# ---------------------------------------------------------------- properties


@settings(max_examples=300, deadline=None)
@given(data=instrument_and_answers, flag_index=st.integers(min_value=0, max_value=2))
def test_a_red_flag_yes_always_gives_the_highest_level(
    data: tuple[Instrument, dict[str, str]], flag_index: int
) -> None:
    instrument, answers = data
    flag = instrument.scoring.red_flags[flag_index]
    result = score(instrument, answers | {flag: YES})
    assert result.level == HIGHEST
    assert flag in result.red_flags_hit
    assert flag in result.drivers


@settings(max_examples=300, deadline=None)
@given(data=instrument_and_answers)
def test_scoring_is_deterministic(data: tuple[Instrument, dict[str, str]]) -> None:
    instrument, answers = data
    first = score(instrument, answers)
    assert score(instrument, answers) == first
    assert score(instrument, dict(reversed(list(answers.items())))) == first
    order = [item.id for item in instrument.items()]
    assert list(first.drivers) == sorted(first.drivers, key=order.index)
    assert (first.level in (NONE, INCOMPLETE)) == (first.drivers == ())


@settings(max_examples=300, deadline=None)
@given(data=instrument_and_answers)
def test_declined_never_counts_as_yes(data: tuple[Instrument, dict[str, str]]) -> None:
    instrument, answers = data
    result = score(instrument, answers)
    as_no = {k: ("no" if v == "declined" else v) for k, v in answers.items()}
    skipped = {k: v for k, v in answers.items() if v != "declined"}
    for other in (as_no, skipped):
        assert (concern(score(instrument, other).level), score(instrument, other).drivers) == (
            concern(result.level),
            result.drivers,
        )
    assert not set(result.declined) & set(result.drivers)
    all_declined = {i.id: "declined" for i in instrument.items() if i.type != NOTE}
    assert score(instrument, all_declined).level == INCOMPLETE
    assert score(instrument, all_declined).not_assessed == tuple(all_declined)


@settings(max_examples=300, deadline=None)
@given(data=instrument_and_answers, pick=st.integers(min_value=0))
def test_another_yes_never_lowers_the_level(
    data: tuple[Instrument, dict[str, str]], pick: int
) -> None:
    instrument, answers = data
    choosable = [i for i in instrument.items() if YES in i.answer_values()]
    item = choosable[pick % len(choosable)]
    before = concern(score(instrument, answers).level)
    after = concern(score(instrument, answers | {item.id: YES}).level)
    assert rank(after) >= rank(before)
