"""Loading and validating lessons: every problem names file and line; the rest still loads."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from curriculum import Library, Problem, load_lesson_file, load_library, parse_lesson

REL = "healthy-relationships/1.0.0/en.md"

# (bad lesson file, text on the line the problem must point at, words in the message)
MALFORMED = [
    ("no-front-matter/1.0.0/en.md", None, "no front matter"),
    ("yaml-error/1.0.0/en.md", "Name: three: [signs", "YAML syntax error"),
    ("bad-version/1.0.0/en.md", "version: 1.0", "bad version"),
    ("bad-grade-band/1.0.0/en.md", "grade_band:", "unknown grade band"),
    ("language-mismatch/1.0.0/en.md", "language: es", "does not match the file name"),
    ("folder-mismatch/1.0.0/en.md", "id: another-lesson", "does not match its folder"),
    ("folder-mismatch/1.0.0/en.md", "version: 1.0.1", "does not match its folder '1.0.0'"),
    ("missing-section/1.0.0/en.md", "{#sources}", "missing required section {#exit-ticket}"),
    ("orphan-translation/1.1.0/es.md", "version: 1.1.0", "has no English file"),
    ("raw-html/1.0.0/en.md", "<script>", "raw HTML"),
    ("remote-image/1.0.0/en.md", "![cards](https://", "remote address"),
]


def _problems_for(problems: list[Problem], relpath: str) -> list[Problem]:
    return [p for p in problems if p.file.replace("\\", "/").endswith(relpath)]


@pytest.mark.parametrize(("relpath", "marker", "words"), MALFORMED)
def test_each_malformed_kind_is_reported_with_file_and_line(
    loaded: tuple[Library, list[Problem]],
    fixture_root: Path,
    find_line: Callable[[Path, str], int],
    relpath: str,
    marker: str | None,
    words: str,
) -> None:
    library, problems = loaded
    found = [p for p in _problems_for(problems, relpath) if words in p.message]
    assert found, f"no problem with {words!r} for {relpath}: {problems}"
    expected_line = 1 if marker is None else find_line(fixture_root / relpath, marker)
    assert found[0].line == expected_line
    assert found[0].severity == "error"
    assert str(found[0]).startswith(f"{found[0].file}:{expected_line}: error: ")
    lesson_id, version, language = relpath[:-3].split("/")
    lesson = library.get(lesson_id)
    assert lesson is None or lesson.file(version, language) is None


def test_the_rest_of_the_library_still_loads(loaded: tuple[Library, list[Problem]]) -> None:
    library, _ = loaded
    assert set(library.lesson("healthy-relationships").version_numbers) == {"1.0.0", "1.1.0"}
    assert library.lesson("healthy-relationships").languages == ("en", "es", "hmn", "so")
    assert library.lesson("online-safety").languages == ("en", "es")
    assert "minutes-off" in library  # a warning does not keep a lesson out
    assert library.lesson("orphan-translation").version_numbers == ("1.0.0",)


def test_good_lessons_have_no_problems(loaded: tuple[Library, list[Problem]]) -> None:
    _, problems = loaded
    for lesson_id in ("healthy-relationships", "online-safety"):
        assert [p for p in problems if f"/{lesson_id}/" in p.file.replace("\\", "/")] == []


def test_activity_minutes_not_adding_up_is_only_a_warning(
    loaded: tuple[Library, list[Problem]], fixture_root: Path, find_line: Callable[[Path, str], int]
) -> None:
    _, problems = loaded
    relpath = "minutes-off/1.0.0/en.md"
    (warning,) = _problems_for(problems, relpath)
    assert warning.severity == "warning"
    assert "add up to 45" in warning.message and "50" in warning.message
    assert warning.line == find_line(fixture_root / relpath, "{#activities}")


def test_loaded_file_has_front_matter_sections_and_lines(
    loaded: tuple[Library, list[Problem]], fixture_root: Path, find_line: Callable[[Path, str], int]
) -> None:
    library, _ = loaded
    f = library.lesson("healthy-relationships").file("1.0.0", "en")
    assert f is not None
    assert f.title == "Healthy and unhealthy relationships"
    assert f.grade_band == "9-12" and f.duration_minutes == 50
    assert len(f.objectives) == 3 and f.topics == ("relationships", "warning-signs")
    assert f.changelog[0].version == "1.0.0"
    assert f.relpath == REL
    handout = f.section("student-handout")
    assert handout is not None and handout.title == "Student handout" and handout.level == 2
    assert handout.line == find_line(fixture_root / REL, "{#student-handout}")
    assert f.line_of("grade_band") == find_line(fixture_root / REL, "grade_band:")
    es = library.lesson("healthy-relationships").file("1.0.0", "es")
    assert es is not None and es.section("student-handout") is not None
    assert es.source_version == "1.0.0" and es.review_status == "draft"


def _mutated(template: str, old: str, new: str) -> bytes:
    assert old in template, old
    return template.replace(old, new, 1).encode("utf-8")


# (replace this, with that, words in the message, text on the expected line or None for line 1)
MUTATIONS = [
    ("---\nid:", "--\nid:", "no front matter", None),
    ("---\n\n## Objectives", "\n## Objectives", "not closed", None),
    ("title: Healthy", "title: Healthy\ntitle: Again", "appears twice", "title: Again"),
    ("released: 2026-11-01", "released: 2026-13-01", "", "released:"),
    ("released: 2026-11-01", "released: soon", "must be a date", "released:"),
    ("duration_minutes: 50", "duration_minutes: fifty", "whole number", "duration_minutes:"),
    ("  - Identify one trusted adult at school to talk to.\n", "", "3 to 5", "objectives:"),
    ("[relationships, warning-signs]", "[Relationships]", "lowercase", "topics:"),
    ("  - version: 1.0.0\n", "  - version: 0.9.0\n", "no entry for this version", "changelog:"),
    ("## Materials {#materials}", "### Materials {#materials}", "level-2", "{#materials}"),
    ("## Materials {#materials}", "## Materials {#objectives}", "used twice", "Materials"),
    ("- Whiteboard", "- Whiteboard <!-- hidden -->", "HTML comment", "Whiteboard"),
    ("- Whiteboard", "- Whiteboard <iframe src=x></iframe>", "<iframe>", "Whiteboard"),
    ("- Whiteboard", "- Whiteboard <img src=x>", "<img>", "Whiteboard"),
    ("- Whiteboard", "- Whiteboard ![w][pic]\n\n[pic]: //evil.example/w.png", "remote", "![w]"),
    ("title: Healthy", "title: [unclosed", "flow sequence that starts on line 3", "version:"),
]


@pytest.mark.parametrize(("old", "new", "words", "marker"), MUTATIONS)
def test_front_matter_and_body_rules(
    template: str, old: str, new: str, words: str, marker: str | None
) -> None:
    data = _mutated(template, old, new)
    lesson, problems = parse_lesson(data, REL, "x.md")
    assert lesson is None
    found = [p for p in problems if words in p.message and p.is_error]
    assert found, problems
    lines = data.decode().split("\n")
    expected = (
        1 if marker is None else next(i for i, text in enumerate(lines, start=1) if marker in text)
    )
    assert found[0].line == expected, found[0]


def test_unknown_field_is_a_warning(template: str) -> None:
    data = _mutated(
        template, "    changes: First release.", "    changes: First release.\nextra: 1"
    )
    lesson, problems = parse_lesson(data, REL, "x.md")
    assert lesson is not None
    assert [(p.severity, p.line) for p in problems] == [("warning", 20)]
    assert "unknown front-matter field 'extra'" in problems[0].message


def test_translation_rules(template: str) -> None:
    es = template.replace("language: en", "language: es")
    es = es.replace(
        "changelog:\n  - version: 1.0.0\n    date: 2026-11-01\n    changes: First release.\n",
        "source_version: 1.0.0\nreview_status: draft\n",
    )
    rel = "healthy-relationships/1.0.0/es.md"
    good, problems = parse_lesson(es.encode(), rel, "es.md")
    assert good is not None and problems == []
    newer = es.replace("source_version: 1.0.0", "source_version: 1.2.0")
    assert "newer than" in parse_lesson(newer.encode(), rel, "es.md")[1][0].message
    status = es.replace("review_status: draft", "review_status: final")
    assert "'draft' or 'reviewed'" in parse_lesson(status.encode(), rel, "es.md")[1][0].message
    missing = es.replace("source_version: 1.0.0\n", "")
    assert "missing front-matter field 'source_version'" in str(
        parse_lesson(missing.encode(), rel, "es.md")[1]
    )


def test_markup_that_is_not_raw_html_is_allowed(template: str) -> None:
    text = template.replace(
        "- Whiteboard",
        "- Whiteboard `<script>` and a < b > c, <https://example.org>, ![local](cards.png)\n\n"
        "```\n<div>code</div>\n```",
    )
    lesson, problems = parse_lesson(text.encode(), REL, "x.md")
    assert lesson is not None, problems
    assert problems == []


def test_non_https_links_only_warn(template: str) -> None:
    text = template.replace("- Whiteboard", "- Whiteboard [site](http://example.org) [x](#sources)")
    lesson, problems = parse_lesson(text.encode(), REL, "x.md")
    assert lesson is not None
    assert [p.severity for p in problems] == ["warning"]
    assert "http://example.org" in problems[0].message


def test_crlf_bom_and_non_utf8(template: str) -> None:
    crlf = ("\ufeff" + template).replace("\n", "\r\n").encode("utf-8")
    lesson, problems = parse_lesson(crlf, REL, "x.md")
    assert lesson is not None and problems == []
    bad = template.replace("Whiteboard", "White\udcffboard").encode("utf-8", "surrogateescape")
    lesson, problems = parse_lesson(bad, REL, "x.md")
    assert lesson is None
    assert problems[0].line == template.split("\n").index("- Whiteboard") + 1


def test_files_outside_the_layout(tmp_path: Path, template: str) -> None:
    (tmp_path / "healthy-relationships" / "v1").mkdir(parents=True)
    (tmp_path / "healthy-relationships" / "v1" / "en.md").write_text(template)
    (tmp_path / "healthy-relationships" / "1.0.0").mkdir()
    (tmp_path / "healthy-relationships" / "1.0.0" / "fr.md").write_text(template)
    (tmp_path / "healthy-relationships" / "1.0.0" / "en.md").write_text(template)
    (tmp_path / "healthy-relationships" / "1.0.0" / "notes.txt").write_text("x")
    (tmp_path / "README.md").write_text("about these lessons")
    library, problems = load_library(tmp_path)
    assert len(library) == 1
    messages = sorted(p.message for p in problems)
    assert any("is not a version" in m for m in messages)
    assert any("language must be one of" in m for m in messages)
    assert any("not a lesson file" in m for m in messages)
    assert len(problems) == 3


def test_several_roots_first_wins(copy_lessons: Callable[..., Path], tmp_path: Path) -> None:
    bundled = copy_lessons("healthy-relationships", into="bundled")
    installed = copy_lessons("healthy-relationships", "online-safety", into="installed")
    library, problems = load_library([bundled, installed])
    assert problems == [] and len(library) == 2
    changed = installed / "healthy-relationships" / "1.0.0" / "en.md"
    changed.write_text(changed.read_text().replace("Index cards", "Cards"))
    library, problems = load_library([bundled, installed])
    assert len(problems) == 1 and "differs from" in problems[0].message
    f = library.lesson("healthy-relationships").file("1.0.0", "en")
    assert f is not None and "Index cards" in f.body
    _, problems = load_library([tmp_path / "nowhere"])
    assert "not found" in problems[0].message


def test_load_single_file(fixture_root: Path, tmp_path: Path) -> None:
    lesson, problems = load_lesson_file(fixture_root / REL)
    assert lesson is not None and problems == []
    lesson, problems = load_lesson_file(fixture_root / "orphan-translation/1.1.0/es.md")
    assert lesson is None and "has no English file" in problems[0].message
    lesson, problems = load_lesson_file(tmp_path / "missing" / "1.0.0" / "en.md")
    assert lesson is None and "cannot read" in problems[0].message


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=400) | st.text(max_size=400).map(lambda s: ("---\n" + s).encode()))
def test_parser_never_raises(data: bytes) -> None:
    lesson, problems = parse_lesson(data, REL, "x.md")
    assert lesson is None
    assert problems and all(p.line >= 1 and p.message for p in problems)


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=200))
def test_any_extra_body_text_never_crashes(template: str, extra: str) -> None:
    lesson, problems = parse_lesson((template + extra).encode(), REL, "x.md")
    assert lesson is not None or any(p.is_error for p in problems)
