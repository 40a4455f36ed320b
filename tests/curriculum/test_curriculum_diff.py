"""Diffs between versions: structured hunks, field and changelog changes, escaped HTML."""

from __future__ import annotations

import pytest

from curriculum import Library, Problem, diff_files, diff_versions, parse_lesson

REL = "healthy-relationships/1.0.0/en.md"


def test_diff_shows_the_change(loaded: tuple[Library, list[Problem]]) -> None:
    library, _ = loaded
    lesson = library.lesson("healthy-relationships")
    diff = diff_versions(lesson, "1.0.0", "1.1.0", "en")
    assert diff.changed
    inserted = [line.text for h in diff.hunks for line in h.lines if line.kind == "insert"]
    deleted = [line.text for h in diff.hunks for line in h.lines if line.kind == "delete"]
    assert any("secret photos" in text for text in inserted)
    assert any('"healthy" and "unhealthy".' in text for text in deleted)
    assert {c.field for c in diff.fields} == {"released"}
    assert [c.version for c in diff.changelog] == ["1.1.0"]
    new_file = lesson.file("1.1.0", "en")
    assert new_file is not None
    first_insert = next(line for h in diff.hunks for line in h.lines if line.kind == "insert")
    assert first_insert.new_line is not None
    source_lines = new_file.body.split("\n")
    assert source_lines[first_insert.new_line - new_file.body_line] == first_insert.text
    assert diff.hunks[0].header.startswith("@@ -")
    assert "+A partner who checks your phone" in diff.unified()


def test_diff_html_marks_changes(loaded: tuple[Library, list[Problem]]) -> None:
    library, _ = loaded
    html = diff_versions(library.lesson("healthy-relationships"), "1.0.0", "1.1.0", "es").html()
    assert 'class="insert"' in html and 'class="delete"' in html
    assert "ins-word" in html  # changed words inside a changed line are highlighted
    assert "Added online warning signs" in html  # changelog from the English file
    assert "review_status" in html and "reviewed" in html


def test_diff_escapes_lesson_text(template: str) -> None:
    old, _ = parse_lesson(template.encode(), REL, "a.md")
    changed = template.replace("- Whiteboard", "- Whiteboard & markers, if a < b then `<b>`")
    new, problems = parse_lesson(changed.encode(), REL, "b.md")
    assert old is not None and new is not None, problems
    html = diff_files(old, new).html()
    assert "&amp; markers" in html and "a &lt; b" in html and "<b>`" not in html
    assert "&lt;b&gt;" in html


def test_same_version_has_no_changes(loaded: tuple[Library, list[Problem]]) -> None:
    library, _ = loaded
    diff = diff_versions(library.lesson("healthy-relationships"), "1.0.0", "1.0.0", "en")
    assert not diff.changed and diff.hunks == () and diff.changelog == ()
    assert "is the same" in diff.html()


def test_missing_version_or_language(loaded: tuple[Library, list[Problem]]) -> None:
    library, _ = loaded
    lesson = library.lesson("healthy-relationships")
    with pytest.raises(KeyError, match="1.1.0"):
        diff_versions(lesson, "1.0.0", "1.1.0", "hmn")
