"""Readable differences between two versions of a lesson in one language."""

from __future__ import annotations

import difflib
import html
import re
from dataclasses import dataclass
from typing import Literal

from curriculum.model import SOURCE_LANGUAGE, ChangelogEntry, Lesson, LessonFile
from curriculum.versions import version_key

LineKind = Literal["context", "insert", "delete"]
_WORD_RE = re.compile(r"\s+|\w+|[^\w\s]")
COMPARED_FIELDS = (
    "title",
    "released",
    "grade_band",
    "duration_minutes",
    "objectives",
    "topics",
    "sources",
    "source_version",
    "review_status",
)
_INS_STYLE = "background-color:#d7f5dd"
_DEL_STYLE = "background-color:#fbdada"
_INS_WORD_STYLE = "background-color:#9fe3ae; font-weight:bold"
_DEL_WORD_STYLE = "background-color:#f2a6a6; text-decoration:line-through"


@dataclass(frozen=True, slots=True)
class DiffLine:
    """One body line in a hunk, with its line number in the old and/or new file."""

    kind: LineKind
    old_line: int | None
    new_line: int | None
    text: str


@dataclass(frozen=True, slots=True)
class Hunk:
    """A run of changes with some unchanged lines around it (file line numbers)."""

    old_start: int
    old_count: int
    new_start: int
    new_count: int
    lines: tuple[DiffLine, ...]

    @property
    def header(self) -> str:
        """Unified-diff style header, e.g. ``@@ -12,7 +12,9 @@``."""
        return f"@@ -{self.old_start},{self.old_count} +{self.new_start},{self.new_count} @@"


@dataclass(frozen=True, slots=True)
class FieldChange:
    """A front-matter field whose value differs, both values as display text."""

    field: str
    old: str
    new: str


@dataclass(frozen=True, slots=True)
class LessonDiff:
    """Everything that differs between two files of a lesson in one language."""

    lesson_id: str
    language: str
    old_version: str
    new_version: str
    fields: tuple[FieldChange, ...]
    changelog: tuple[ChangelogEntry, ...]
    hunks: tuple[Hunk, ...]

    @property
    def changed(self) -> bool:
        """True when the body or any compared field differs."""
        return bool(self.hunks or self.fields)

    def unified(self) -> str:
        """The body diff as plain unified-diff text."""
        out = [
            f"--- {self.lesson_id} {self.old_version} ({self.language})",
            f"+++ {self.lesson_id} {self.new_version} ({self.language})",
        ]
        marks = {"context": " ", "insert": "+", "delete": "-"}
        for hunk in self.hunks:
            out.append(hunk.header)
            out.extend(marks[line.kind] + line.text for line in hunk.lines)
        return "\n".join(out) + "\n"

    def html(self) -> str:
        """The diff as escaped HTML (Qt rich-text friendly): fields, changelog, then hunks."""
        return diff_html(self)


def _display(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, tuple | list):
        return "\n".join(f"- {item}" for item in value)
    return str(value)


def _hunks(old: LessonFile, new: LessonFile, context: int) -> tuple[Hunk, ...]:
    a, b = old.body.split("\n"), new.body.split("\n")
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    hunks: list[Hunk] = []
    for group in matcher.get_grouped_opcodes(context):
        lines: list[DiffLine] = []
        for tag, i1, i2, j1, j2 in group:
            if tag == "equal":
                lines += [
                    DiffLine("context", old.body_line + i, new.body_line + j1 + (i - i1), a[i])
                    for i in range(i1, i2)
                ]
                continue
            lines += [DiffLine("delete", old.body_line + i, None, a[i]) for i in range(i1, i2)]
            lines += [DiffLine("insert", None, new.body_line + j, b[j]) for j in range(j1, j2)]
        first = group[0]
        last = group[-1]
        hunks.append(
            Hunk(
                old.body_line + first[1],
                last[2] - first[1],
                new.body_line + first[3],
                last[4] - first[3],
                tuple(lines),
            )
        )
    return tuple(hunks)


def _changelog_between(
    old: str, new: str, english: LessonFile | None
) -> tuple[ChangelogEntry, ...]:
    if english is None:
        return ()
    low, high = sorted((version_key(old), version_key(new)))
    return tuple(e for e in english.changelog if low < version_key(e.version) <= high)


def diff_files(
    old: LessonFile, new: LessonFile, english: LessonFile | None = None, context: int = 3
) -> LessonDiff:
    """Compare two lesson files; ``english`` (the newer English file) supplies the changelog."""
    fields = tuple(
        FieldChange(name, _display(getattr(old, name)), _display(getattr(new, name)))
        for name in COMPARED_FIELDS
        if getattr(old, name) != getattr(new, name)
    )
    source = english if english is not None else (new if not new.is_translation else None)
    return LessonDiff(
        lesson_id=new.id,
        language=new.language,
        old_version=old.version,
        new_version=new.version,
        fields=fields,
        changelog=_changelog_between(old.version, new.version, source),
        hunks=_hunks(old, new, context),
    )


def diff_versions(
    lesson: Lesson, old_version: str, new_version: str, language: str, context: int = 3
) -> LessonDiff:
    """Compare two versions of ``lesson`` in ``language``; KeyError names what is missing."""
    old = lesson.file(old_version, language)
    new = lesson.file(new_version, language)
    for version, f in ((old_version, old), (new_version, new)):
        if f is None:
            raise KeyError(f"{lesson.id} has no version {version} in language {language!r}")
    assert old is not None and new is not None
    newer = max(old_version, new_version, key=version_key)
    return diff_files(old, new, english=lesson.file(newer, SOURCE_LANGUAGE), context=context)


def _word_marks(a: str, b: str) -> tuple[str, str]:
    """Both lines as HTML with the changed words highlighted."""
    wa, wb = _WORD_RE.findall(a), _WORD_RE.findall(b)
    matcher = difflib.SequenceMatcher(None, wa, wb, autojunk=False)
    out_a: list[str] = []
    out_b: list[str] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        old_text, new_text = html.escape("".join(wa[i1:i2])), html.escape("".join(wb[j1:j2]))
        if tag == "equal":
            out_a.append(old_text)
            out_b.append(new_text)
            continue
        if old_text:
            out_a.append(f'<span class="del-word" style="{_DEL_WORD_STYLE}">{old_text}</span>')
        if new_text:
            out_b.append(f'<span class="ins-word" style="{_INS_WORD_STYLE}">{new_text}</span>')
    return "".join(out_a), "".join(out_b)


def _hunk_rows(hunk: Hunk) -> list[str]:
    rendered = [html.escape(line.text) for line in hunk.lines]
    lines = hunk.lines
    i = 0
    while i < len(lines):  # pair each run of deletions with the insertions that follow it
        if lines[i].kind != "delete":
            i += 1
            continue
        d_end = i
        while d_end < len(lines) and lines[d_end].kind == "delete":
            d_end += 1
        n_end = d_end
        while n_end < len(lines) and lines[n_end].kind == "insert":
            n_end += 1
        for k in range(min(d_end - i, n_end - d_end)):
            rendered[i + k], rendered[d_end + k] = _word_marks(
                lines[i + k].text, lines[d_end + k].text
            )
        i = n_end
    rows = []
    marks = {"context": ("", " "), "insert": (_INS_STYLE, "+"), "delete": (_DEL_STYLE, "\u2212")}
    for line, text in zip(lines, rendered, strict=True):
        style, mark = marks[line.kind]
        old_no = "" if line.old_line is None else str(line.old_line)
        new_no = "" if line.new_line is None else str(line.new_line)
        rows.append(
            f'<tr class="{line.kind}" style="{style}"><td class="ln">{old_no}</td>'
            f'<td class="ln">{new_no}</td><td class="mark">{mark}</td>'
            f'<td class="text"><pre style="margin:0; white-space:pre-wrap">{text}</pre></td></tr>'
        )
    return rows


def diff_html(diff: LessonDiff) -> str:
    """Render a LessonDiff as escaped HTML: insertions marked '+', deletions '−', and coloured."""
    e = html.escape
    parts = [
        f'<h2 class="diff-title">{e(diff.lesson_id)}: {e(diff.old_version)} \u2192 '
        f"{e(diff.new_version)} ({e(diff.language)})</h2>"
    ]
    if diff.changelog:
        parts.append('<h3>Changelog</h3><ul class="changelog">')
        parts += [
            f"<li><b>{e(c.version)}</b> ({e(str(c.date or ''))}): {e(c.changes)}</li>"
            for c in diff.changelog
        ]
        parts.append("</ul>")
    if diff.fields:
        parts.append(
            '<h3>Details</h3><table class="fields" border="1" cellpadding="3">'
            "<tr><th>Field</th><th>Before</th><th>After</th></tr>"
        )
        parts += [
            f"<tr><td>{e(c.field)}</td>"
            f'<td style="{_DEL_STYLE}">{e(c.old).replace(chr(10), "<br>")}</td>'
            f'<td style="{_INS_STYLE}">{e(c.new).replace(chr(10), "<br>")}</td></tr>'
            for c in diff.fields
        ]
        parts.append("</table>")
    if not diff.hunks:
        parts.append('<p class="no-change">The lesson text is the same.</p>')
    for hunk in diff.hunks:
        parts.append(
            f'<h4 class="hunk">{e(hunk.header)}</h4>'
            '<table class="diff" cellspacing="0" cellpadding="2" width="100%">'
        )
        parts += _hunk_rows(hunk)
        parts.append("</table>")
    return "\n".join(parts)
