"""The bundled sample instruments load cleanly and say what they are."""

from __future__ import annotations

import re

import pytest

from screening import LANGUAGES, Instrument, find, load_bundled
from screening.model import RATING, YES_NO, CountRule, Text
from screening.validator import _Checker

INSTRUMENTS, PROBLEMS = load_bundled()
BY_ID = {i.id: i for i in INSTRUMENTS}
RED_FLAGS = ("exchange-sex", "earnings-taken", "forced-sex")

# Words in Hmong texts that are not Hmong RPA: names, acronyms, loan words.
NOT_HMONG = {
    "clinic-app", "minnesota", "hennepin", "county", "child", "protection", "safe", "harbor",
    "the", "link", "national", "human", "trafficking", "hotline", "day", "one", "stat", "ch",
    "sti", "minn", "motel", "online", "tattoo", "dollar",
    # 1.1.0: names, placeholders and English terms kept in parentheses for reviewers.
    "adult", "cse-it", "center", "city", "door", "down", "it", "maarc", "ncmec", "reporting",
    "wrong", "agency", "commercial", "consultation", "cp", "exploitation", "navigator", "of",
    "sexual", "social", "tribal", "indicators", "quick", "youth", "for",
}
# An RPA syllable ends in a vowel (a e i o u w, nasal aa/ee/oo), optionally followed by one
# tone letter (b j v s g m d). A word here is one or more syllables written together.
RPA_WORD = re.compile(r"(?:[^aeiouw\W\d_]*[aeiouw]+[bjvsgmd]?)+")


def _texts(instrument: Instrument) -> list[Text]:
    return [text for _, text in _Checker(instrument).texts()]


def test_bundled_instruments_load_with_no_problems() -> None:
    assert [str(p) for p in PROBLEMS] == []
    assert sorted(BY_ID) == ["staff-indicator-checklist", "youth-brief-screen"]
    assert sorted((i.id, i.version) for i in INSTRUMENTS) == [
        ("staff-indicator-checklist", "1.0.0"), ("staff-indicator-checklist", "1.1.0"),
        ("youth-brief-screen", "1.0.0"), ("youth-brief-screen", "1.1.0")]


@pytest.mark.parametrize("instrument", INSTRUMENTS, ids=lambda i: i.id)
def test_labelled_as_sample_not_validated_and_draft_translations(instrument: Instrument) -> None:
    assert instrument.validation_status == "not-validated"
    assert dict(instrument.translation_status) == {
        "en": "source", "es": "draft", "hmn": "draft", "so": "draft"
    }
    assert "not validated" in instrument.title.en
    assert "not been validated" in instrument.notice.en
    assert instrument.scoring.red_flags == RED_FLAGS
    sources = " ".join(instrument.sources)
    for cited in ("Pediatric Emergency Care", "Journal of Adolescent Health", "Pediatrics. 2021",
                  "260E", "Safe Harbor", "National Human Trafficking Hotline"):
        assert cited in sources


@pytest.mark.parametrize("instrument", INSTRUMENTS, ids=lambda i: i.id)
def test_every_text_is_in_all_four_languages(instrument: Instrument) -> None:
    for text in _texts(instrument):
        values = dict(text.items())
        assert set(values) == set(LANGUAGES)
        assert all(v.strip() for v in values.values())
        assert len({values["en"], values["es"], values["so"]}) == 3 or len(values["en"]) < 12


@pytest.mark.parametrize("instrument", INSTRUMENTS, ids=lambda i: i.id)
def test_hmong_words_are_well_formed_rpa(instrument: Instrument) -> None:
    bad = set()
    for text in _texts(instrument):
        for word in re.findall(r"[A-Za-z][A-Za-z-]*", text.hmn):
            lower = word.lower()
            if lower not in NOT_HMONG and not RPA_WORD.fullmatch(lower):
                bad.add(word)
    assert bad == set()


def test_rpa_check_catches_a_lost_or_doubled_tone_letter() -> None:
    assert RPA_WORD.fullmatch("txhawj") and RPA_WORD.fullmatch("menyuam")
    assert RPA_WORD.fullmatch("neeg") and RPA_WORD.fullmatch("ntawv")
    assert not RPA_WORD.fullmatch("txhawjj")
    assert not RPA_WORD.fullmatch("txhawjx")
    assert not RPA_WORD.fullmatch("ntawvk")


def test_youth_screen_shape() -> None:
    youth = find(INSTRUMENTS, "youth-brief-screen", "1.0.0")
    assert youth is not None
    assert (youth.kind, youth.respondent) == ("youth-brief-screen", "youth")
    assert all(item.type == YES_NO for item in youth.items())
    (rule,) = youth.scoring.rules
    assert isinstance(rule, CountRule)
    assert 6 <= len(rule.items) <= 8
    assert rule.at_least == 2 and rule.level == "possible"
    assert not set(rule.items) & set(RED_FLAGS)


def test_youth_screen_1_1_0_adds_one_labour_question_outside_the_validated_count() -> None:
    youth = find(INSTRUMENTS, "youth-brief-screen", "1.1.0")
    assert youth is not None
    first, labour = youth.scoring.rules
    assert isinstance(first, CountRule) and isinstance(labour, CountRule)
    assert (first.at_least, len(first.items)) == (2, 6)
    assert (labour.items, labour.at_least, labour.level) == (("work-fear",), 1, "possible")
    assert youth.scoring.report_prompts == ("work-fear",)
    assert youth.age_note_below == 12 and youth.age_note is not None


def test_staff_checklist_shape() -> None:
    staff = find(INSTRUMENTS, "staff-indicator-checklist", "1.0.0")
    assert staff is not None
    assert (staff.kind, staff.respondent) == ("staff-indicators", "staff")
    assert all(item.type == RATING for item in staff.items())
    assert len(staff.sections) == 9
    newer = find(INSTRUMENTS, "staff-indicator-checklist", "1.1.0")
    assert newer is not None and len(newer.sections) == 10
    assert newer.scoring.report_prompts == ("image-pressure", "work-fear")
    assert all(item.guidance.en for item in staff.items())
