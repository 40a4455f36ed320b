"""Clinical safety of the 1.1.0 instruments, written as the scenarios a nurse meets
(content review, December 2026; DOMAIN.md sections 3 and 4)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from screening import (
    CLEAR,
    INCOMPLETE,
    LANGUAGES,
    NONE,
    POSSIBLE,
    Instrument,
    age_note,
    find,
    load_bundled,
    next_steps_for,
    score,
)

BUNDLED, _ = load_bundled()
ROOT = Path(__file__).parents[2]


def _get(instrument_id: str, version: str = "1.1.0") -> Instrument:
    instrument = find(BUNDLED, instrument_id, version)
    assert instrument is not None
    return instrument


YOUTH = _get("youth-brief-screen")
STAFF = _get("staff-indicator-checklist")
NEWEST = (YOUTH, STAFF)


def all_no(instrument: Instrument) -> dict[str, str]:
    return {item.id: "no" for item in instrument.items() if item.type != "note"}


def steps_text(instrument: Instrument, level: str, age: int, answers: dict[str, str],
               lang: str = "en") -> str:
    return " ".join(s.text.get(lang) for s in next_steps_for(instrument, level, age, answers))


# 1. ------------------------------------------------------- the family-money answer
def test_1_money_question_asks_about_sex_or_forced_work_not_family_budgets() -> None:
    for instrument in NEWEST:
        item = instrument.item("earnings-taken")
        for lang in LANGUAGES:
            assert item.text.get(lang).strip()
        assert "sex" in item.text.en and "forc" in item.text.en
        assert "family" in item.guidance.en  # tells staff a family pooling pay is not this
    old = _get("youth-brief-screen", "1.0.0").item("earnings-taken").text.en
    assert "decide how you have to earn them" in old  # the released 1.0.0 keeps its text


# 2. ------------------------------------------------------- declined is not "no"
@pytest.mark.parametrize("instrument", NEWEST, ids=lambda i: i.id)
@pytest.mark.parametrize("non_answer", ["declined", "unknown"])
def test_2_a_youth_who_declines_everything_is_incomplete(instrument: Instrument,
                                                         non_answer: str) -> None:
    answers = {i: non_answer for i in all_no(instrument)}
    result = score(instrument, answers)
    assert result.level == INCOMPLETE and result.level != NONE
    assert result.not_assessed == tuple(answers)
    assert not result.decision_asked
    text = steps_text(instrument, INCOMPLETE, 15, answers)
    assert "Do not record this as no concern" in text
    assert "Is it safe for you to go home today?" in text


@pytest.mark.parametrize("instrument", NEWEST, ids=lambda i: i.id)
def test_2_a_declined_red_flag_alone_makes_the_result_incomplete(instrument: Instrument) -> None:
    answers = all_no(instrument) | {"forced-sex": "declined"}
    result = score(instrument, answers)
    assert result.level == INCOMPLETE and result.not_assessed == ("forced-sex",)


@pytest.mark.parametrize("instrument", NEWEST, ids=lambda i: i.id)
def test_2_no_concern_never_rules_exploitation_out(instrument: Instrument) -> None:
    result = score(instrument, all_no(instrument))
    assert result.level == NONE
    for lang in LANGUAGES:
        text = steps_text(instrument, NONE, 15, all_no(instrument), lang)
        assert text and "{" not in text
    assert "does not rule out exploitation" in steps_text(instrument, NONE, 15, {})


def test_2_a_concern_raised_is_kept_when_other_answers_are_declined() -> None:
    answers = {i: "declined" for i in all_no(YOUTH)} | {"ran-away": "yes", "police-contact": "yes"}
    result = score(YOUTH, answers)
    assert result.level == POSSIBLE  # never hidden behind Incomplete
    assert "forced-sex" in result.not_assessed


# 3. ------------------------------------------------------- the decision, not the score
def test_3_a_score_only_clear_asks_for_the_decision_and_creates_no_duty() -> None:
    answers = all_no(STAFF) | {"ran-away-repeat": "yes", "unstable-housing": "yes",
                               "absence": "yes", "hotel-stays": "yes"}
    result = score(STAFF, answers)
    assert result.level == CLEAR and result.red_flags_hit == ()
    assert result.decision_asked and result.report_prompts == ()
    steps = next_steps_for(STAFF, CLEAR, 15, answers)
    assert not any(s.mandated_report for s in steps)  # the level never is the report
    assert "Make your report decision" in steps_text(STAFF, CLEAR, 15, answers)


@pytest.mark.parametrize("item", ["exchange-sex", "image-pressure"])
@pytest.mark.parametrize("rating", ["possible", "yes"])
def test_3_exchange_or_image_pressure_above_no_always_asks(item: str, rating: str) -> None:
    result = score(STAFF, all_no(STAFF) | {item: rating})
    assert result.decision_asked and result.report_prompts == (item,)
    assert result.level in (POSSIBLE, CLEAR)


def test_3_nothing_of_note_asks_for_no_decision() -> None:
    for instrument in NEWEST:
        assert not score(instrument, all_no(instrument)).decision_asked
        assert not score(instrument, all_no(instrument) | {"ran-away" if instrument is YOUTH
                                                           else "absence": "yes"}).decision_asked


# 4. ------------------------------------------------------- forced sex: who and when
def test_4_forced_sex_asks_who_and_when_and_names_peer_assault_honestly() -> None:
    for instrument in NEWEST:
        answers = all_no(instrument) | {"forced-sex": "yes"}
        result = score(instrument, answers)
        assert result.level == CLEAR and result.decision_asked
        text = steps_text(instrument, CLEAR, 15, answers)
        assert "who it was and when" in text
        assert "may not be a 260E report" in text and "sexual-assault advocacy" in text
        assert "who it was and when" not in steps_text(instrument, CLEAR, 15, all_no(instrument)
                                                       | {"exchange-sex": "yes"})


# 5. ------------------------------------------------------- the right name
def test_5_exchange_is_commercial_sexual_exploitation_not_always_trafficking() -> None:
    for instrument in NEWEST:
        guidance = instrument.item("exchange-sex").guidance.en
        assert "commercial sexual exploitation" in guidance
        assert "sex trafficking when someone else profits" in guidance
        assert "is sex trafficking under Minnesota law" not in guidance
        answers = all_no(instrument) | {"exchange-sex": "yes"}
        assert "victim, not a criminal" in steps_text(instrument, CLEAR, 15, answers)


# 6. ------------------------------------------------------- honest privacy script
@pytest.mark.parametrize("instrument", NEWEST, ids=lambda i: i.id)
def test_6_privacy_script_states_honest_limits(instrument: Instrument) -> None:
    script = instrument.privacy_script.en
    assert "Most of what you tell me stays private" in script
    assert "I will tell you first whenever I can" in script
    assert "police" in script and "parent" in script
    for promise in ("stays in the clinic", "one exception", "I ask every student"):
        assert promise not in script
    for lang in LANGUAGES:
        assert instrument.privacy_script.get(lang) != _get(instrument.id, "1.0.0"
                                                           ).privacy_script.get(lang)


# 8, 9, 10. ---------------------------------------------- navigator, safety, adults
@pytest.mark.parametrize("instrument", NEWEST, ids=lambda i: i.id)
@pytest.mark.parametrize("age", [15, 19])
@pytest.mark.parametrize("level", [POSSIBLE, CLEAR])
def test_8_9_every_youth_with_concern_gets_the_navigator_and_the_safety_step(
        instrument: Instrument, age: int, level: str) -> None:
    for lang in LANGUAGES:
        text = steps_text(instrument, level, age, {}, lang)
        assert "{navigator}" in text  # filled from the clinic's contacts
    text = steps_text(instrument, level, age, {})
    assert "No Wrong Door" in text
    assert "Is it safe for you to go home today?" in text
    assert "Do not contact a parent, caregiver or the person named" in text


@pytest.mark.parametrize("instrument", NEWEST, ids=lambda i: i.id)
def test_10_an_18_year_old_gets_the_vulnerable_adult_check(instrument: Instrument) -> None:
    for level in (POSSIBLE, CLEAR):
        text = steps_text(instrument, level, 18, {})
        assert "vulnerable adult" in text and "MAARC" in text and "up to 21" in text
        assert "consent governs" in text.lower()
    assert "vulnerable adult" not in steps_text(instrument, CLEAR, 17, {})


# 11. ------------------------------------------------------ age and labour
def test_11_age_11_shows_the_clinician_discretion_note_in_every_language() -> None:
    note = age_note(YOUTH, 11)
    assert note is not None and "clinical judgement" in note.en
    assert all(note.get(lang).strip() for lang in LANGUAGES)
    assert age_note(YOUTH, 12) is None and age_note(STAFF, 11) is None


def test_11_both_instruments_ask_one_labour_question() -> None:
    for instrument in NEWEST:
        item = instrument.item("work-fear")
        assert {"afraid", "threat"} & set(item.text.en.lower().replace(",", " ").split()) or (
            "afraid" in item.text.en)
        assert "ID or papers" in item.text.en
        result = score(instrument, all_no(instrument) | {"work-fear": "yes"})
        assert result.level == POSSIBLE and result.decision_asked
        assert "labour" in steps_text(instrument, POSSIBLE, 16, {"work-fear": "yes"})


# 12. ------------------------------------------------------ sources and claims
def test_12_sources_cite_indicator_lists_and_local_claims_carry_year_and_source() -> None:
    staff_sources = " ".join(STAFF.sources)
    assert "Recognizing the Signs" in staff_sources and "Blue Campaign" in staff_sources
    for instrument in NEWEST:
        assert "2013" in " ".join(instrument.sources)
        assert "not the levels of CSE-IT" in instrument.notice.en
    assert "in 2012" in YOUTH.item("ran-away").guidance.en
    assert "(City of Minneapolis, 2013)" in STAFF.item("hotel-stays").guidance.en


# Jurisdiction ------------------------------------------------------------------------
def test_newest_content_names_no_county() -> None:
    """`grep -ri hennepin` finds county names only in contact data and in versions
    released before the rule (DOMAIN.md section 4)."""
    newest_lessons = {}
    for path in sorted((ROOT / "curriculum" / "lessons").glob("*/*/en.md")):
        lesson, version = path.parts[-3], path.parts[-2]
        key = tuple(int(p) for p in version.split("."))
        if lesson not in newest_lessons or key > newest_lessons[lesson][0]:
            newest_lessons[lesson] = (key, path.parent)
    files = [f for _key, folder in newest_lessons.values() for f in folder.glob("*.md")]
    files += [ROOT / "screening" / "instruments" / i.id / f"{i.version}.toml" for i in NEWEST]
    assert len(newest_lessons) >= 8
    assert len(files) == len(newest_lessons) * 4 + 2  # every newest lesson in four languages
    for file in files:
        text = file.read_text(encoding="utf-8")
        for county in ("hennepin", "ramsey", "612-348-3552", "the link"):
            assert county not in text.lower(), (file, county)
        assert not re.search(r"\{(?!county_cp|tribal_agency|navigator|consultation_line|#)"
                             r"[a-z_]+\}", text), file
