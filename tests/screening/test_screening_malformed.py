"""Malformed definitions are rejected with the file and the line or field named."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from screening import (
    InstrumentError,
    load_instrument_text,
    load_library,
    parse_instrument,
    read_instrument,
    validate_file,
)

FIXTURES = Path(__file__).parent / "fixtures"
MALFORMED = FIXTURES / "malformed"
MINIMAL = (FIXTURES / "minimal.toml").read_text(encoding="utf-8")

# file -> (location, words the message must contain)
EXPECTED = {
    "toml-syntax-error": ("line 10, column 36", "not valid TOML"),
    "bad-semver": ("version", "'1.0' is not a semantic version"),
    "unknown-item-type": ("sections[0].items[3].type", "Unknown item type 'free_text'"),
    "duplicate-item-id": ("sections[0].items[3].id", "'a' is used twice"),
    "missing-translation": ("sections[0].items[1].text.hmn", "Hmong (hmn) translation is missing"),
    "threshold-unknown-item": ("scoring.rules[0].items[1]", "unknown item 'x'"),
    "threshold-unknown-domain": ("scoring.rules[1].domains[1]", "domain 'extra'"),
    "level-mapping-gap": ("scoring.rules[1].bands[1].min", "should start at 1"),
    "red-flag-unknown-item": ("scoring.red_flags[0]", "item 'z' that does not exist"),
    "missing-field": ("kind", "required field 'kind'"),
    "wrong-field-type": ("scoring.rules[0].at_least", "must be a whole number"),
    "unknown-field": ("next_steps[1].follow_up_day", "Unknown field 'follow_up_day'"),
    "unknown-placeholder": ("next_steps[2].text.en", "Unknown placeholder '{county}'"),
    "step-unknown-item": ("next_steps[4].items[0]", "unknown item 'nope'"),
    "report-prompt-unknown-item": ("scoring.report_prompts[0]", "item 'q' that does not exist"),
}


def test_every_malformed_fixture_has_an_expectation() -> None:
    assert sorted(p.stem for p in MALFORMED.glob("*.toml")) == sorted(EXPECTED)


def test_minimal_base_is_valid() -> None:
    assert validate_file(FIXTURES / "minimal.toml") == []


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_malformed_file_is_rejected_naming_file_and_place(name: str) -> None:
    location, words = EXPECTED[name]
    path = MALFORMED / f"{name}.toml"
    problems = validate_file(path)
    assert len(problems) == 1, [str(p) for p in problems]
    problem = problems[0]
    assert problem.file == str(path)
    assert problem.location == location
    assert words in problem.message
    assert problem.message.endswith(".")
    assert str(problem) == f"{path}: {location}: {problem.message}"


def test_syntax_error_location_points_at_the_broken_line() -> None:
    path = MALFORMED / "toml-syntax-error.toml"
    line = int(validate_file(path)[0].location.split(",")[0].removeprefix("line "))
    assert 'title = { en = "Mini screen, es' in path.read_text(encoding="utf-8").splitlines()[
        line - 1
    ]


def _problems(old: str, new: str) -> list[str]:
    assert MINIMAL.count(old) == 1, old
    instrument, problems = load_instrument_text(MINIMAL.replace(old, new), "mini.toml")
    assert instrument is None
    assert all(p.file == "mini.toml" for p in problems)
    return [f"{p.location}: {p.message}" for p in problems]


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ('format = 1', 'format = 2', "format: Format 2 is not supported"),
        ('id = "mini-screen"', 'id = "Mini Screen"', "id: The instrument id 'Mini Screen'"),
        ('kind = "youth-brief-screen"', 'kind = "quiz"', "kind: Unknown kind 'quiz'"),
        ('respondent = "youth"', 'respondent = "staff"', "respondent: A 'youth-brief-screen'"),
        ('"not-validated"', '"approved"', "validation_status: Unknown validation status"),
        ('hmn = "draft"', 'hmn = "done"', "translation_status.hmn: Unknown translation status"),
        ('es = "draft", ', "", "translation_status.es: The review status of the Spanish"),
        ('released = 2026-11-29', 'released = "2026-11-29"', "released: 'released' must be a date"),
        ('version = "1.0.0"\ndate', 'version = "0.9.0"\ndate', "changelog: The changelog has no"),
        (
            'title = { en = "Mini screen",',
            'title = { en = "Mini screen", fr = "x",',
            "title.fr: Unknown language",
        ),
        (
            'title = { en = "Mini screen"',
            'title = { en = ""',
            "title.en: The English (en) translation",
        ),
        ('sources = ["Test fixture."]', "sources = []", "sources: List at least one source"),
        ('at_least = 2', 'at_least = 3', "scoring.rules[0].at_least: at_least must be between 1"),
        (
            'level = "possible"\n\n[[scoring',
            'level = "none"\n\n[[scoring',
            "A count rule must raise",
        ),
        (
            'items = ["a", "b"]',
            'items = ["a", "d"]',
            "scoring.rules[0].items[1]: The note item 'd'",
        ),
        (
            'type = "count"\nitems',
            'type = "sum"\nitems',
            "scoring.rules[0].type: Unknown scoring rule type",
        ),
        (
            'red_flags = ["c"]',
            'red_flags = ["d"]',
            "scoring.red_flags[0]: The red-flag item 'd' must be",
        ),
        (
            'red_flags = ["c"]',
            'red_flags = ["c", "c"]',
            "scoring.red_flags[1]: The red flag 'c' is listed twice",
        ),
        ('points = { yes = 1 }', 'points = { declined = 1 }', "scoring.rules[1].points.declined"),
        (
            '{ min = 1, max = 2, level = "possible" }',
            '{ min = 0, max = 2, level = "possible" }',
            "Level mapping overlap",
        ),
        (
            '{ min = 0, max = 0, level = "none" }',
            '{ min = 1, max = 0, level = "none" }',
            "bands[0].min: Points 0 to 0 have no level",
        ),
        (
            '{ min = 3, level = "clear" }',
            '{ min = 3, max = 9, level = "clear" }',
            "Points above 9 have no level",
        ),
        ('{ min = 3, level = "clear" }', '{ min = 3, level = "none" }', "Levels must not go down"),
        ('{ min = 3, level = "clear" }', '{ min = 3, level = "severe" }', "Unknown level 'severe'"),
        (
            'level = "none"\ntext',
            'level = "possible"\ntext',
            "next_steps: No next step for level 'none' and ages under-18",
        ),
        ('ages = "18-24"', 'ages = "adult"', "next_steps[3].ages: Unknown age group 'adult'"),
        ('follow_up_days = 7', 'follow_up_days = 0', "follow_up_days must be 1 or more"),
        (
            'type = "note"',
            'type = "single_choice"',
            "sections[0].items[3].options: A single_choice item needs",
        ),
    ],
)
def test_validator_checks(old: str, new: str, expected: str) -> None:
    problems = _problems(old, new)
    assert any(expected in p for p in problems), problems


def test_single_choice_options_are_checked() -> None:
    options = (
        'type = "single_choice"\n'
        'options = [\n'
        '  { id = "x", label = { en = "X", es = "X", hmn = "X", so = "X" } },\n'
        '  { id = "x", label = { en = "Y", es = "Y", hmn = "Y", so = "" }, points = -1 },\n'
        "]"
    )
    problems = _problems('type = "note"', options)
    assert any("options[1].id: The option id 'x' is used twice" in p for p in problems)
    assert any("options[1].points: Points cannot be negative" in p for p in problems)
    assert any("options[1].label.so: The Somali (so) translation" in p for p in problems)


def test_options_on_a_yes_no_item_are_refused() -> None:
    option = (
        'type = "yes_no"\n'
        'options = [{ id = "x", label = { en = "X", es = "X", hmn = "X", so = "X" } }]'
    )
    problems = _problems('type = "note"', option)
    assert any("Only single_choice items have options" in p for p in problems)


def test_one_bad_file_never_stops_the_others(tmp_path: Path) -> None:
    good = tmp_path / "mini-screen" / "1.0.0.toml"
    good.parent.mkdir()
    good.write_text(MINIMAL, encoding="utf-8")
    for name in ("bad-semver", "toml-syntax-error", "duplicate-item-id"):
        bad = tmp_path / "broken" / f"{name}.toml"
        bad.parent.mkdir(exist_ok=True)
        shutil.copy(MALFORMED / f"{name}.toml", bad)
    instruments, problems = load_library([tmp_path])
    assert [i.key for i in instruments] == [("mini-screen", "1.0.0")]
    assert sorted(Path(p.file).stem for p in problems) == [
        "bad-semver",
        "duplicate-item-id",
        "toml-syntax-error",
    ]


def test_library_file_must_sit_at_id_and_version(tmp_path: Path) -> None:
    misplaced = tmp_path / "mini-screen" / "2.0.0.toml"
    misplaced.parent.mkdir()
    misplaced.write_text(MINIMAL, encoding="utf-8")
    instruments, problems = load_library([tmp_path])
    assert instruments == []
    assert len(problems) == 1
    assert "must be stored as mini-screen/1.0.0.toml" in problems[0].message


def test_same_version_with_different_content_is_reported(tmp_path: Path) -> None:
    first = tmp_path / "one" / "mini-screen" / "1.0.0.toml"
    second = tmp_path / "two" / "mini-screen" / "1.0.0.toml"
    third = tmp_path / "three" / "mini-screen" / "1.0.0.toml"
    for path in (first, second, third):
        path.parent.mkdir(parents=True)
    first.write_text(MINIMAL, encoding="utf-8")
    second.write_text("# same content, another comment\n" + MINIMAL, encoding="utf-8")
    third.write_text(MINIMAL.replace("Question A?", "Question A, changed?"), encoding="utf-8")
    instruments, problems = load_library([first.parents[1], second.parents[1], third.parents[1]])
    assert len(instruments) == 1
    assert instruments[0].source == str(first)
    assert len(problems) == 1
    assert problems[0].file == str(third)
    assert "already installed" in problems[0].message


def test_missing_folder_and_unreadable_file_are_problems(tmp_path: Path) -> None:
    instruments, problems = load_library([tmp_path / "nowhere"])
    assert instruments == []
    assert problems[0].message == "The instrument folder does not exist."
    problems = validate_file(tmp_path / "missing.toml")
    assert len(problems) == 1
    assert problems[0].message.startswith("The file cannot be read")
    latin1 = tmp_path / "latin1.toml"
    latin1.write_bytes('title = "caf\xe9"'.encode("latin-1"))
    assert validate_file(latin1)[0].message.startswith("The file cannot be read")


def test_raising_helpers_carry_every_problem() -> None:
    assert parse_instrument(MINIMAL, "mini.toml").id == "mini-screen"
    with pytest.raises(InstrumentError) as caught:
        read_instrument(MALFORMED / "bad-semver.toml")
    assert [p.location for p in caught.value.problems] == ["version"]
    assert "bad-semver.toml: version: The version '1.0'" in str(caught.value)
    broken = MINIMAL.replace('red_flags = ["c"]', 'red_flags = ["z"]').replace("1.0.0", "1.0")
    with pytest.raises(InstrumentError) as caught:
        parse_instrument(broken, "stored copy")
    assert len(caught.value.problems) >= 3
    assert all(p.file == "stored copy" for p in caught.value.problems)


def test_a_placeholder_outside_next_steps_is_named() -> None:
    text = MINIMAL.replace('title.en = "', 'title.en = "{county_cp} ', 1)
    if text == MINIMAL:
        text = MINIMAL.replace('en = "Mini screen', 'en = "{county_cp} Mini screen', 1)
    _instrument, problems = load_instrument_text(text, "mini.toml")
    assert any("filled only in next steps" in str(p) for p in problems), problems
