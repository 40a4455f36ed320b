"""Check the front-matter fields of one lesson file and turn them into typed values."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from curriculum.frontmatter import FrontMatter
from curriculum.layout import LESSON_ID_RE, LayoutParts
from curriculum.model import (
    GRADE_BANDS,
    LANGUAGES,
    REVIEW_STATUSES,
    SOURCE_LANGUAGE,
    ChangelogEntry,
    Problem,
)
from curriculum.versions import is_version, version_key

TOPIC_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
COMMON_FIELDS = (
    "id",
    "title",
    "version",
    "released",
    "grade_band",
    "duration_minutes",
    "language",
    "objectives",
    "topics",
    "sources",
)
SOURCE_ONLY_FIELDS = ("changelog",)
TRANSLATION_FIELDS = ("source_version", "review_status")
KNOWN_FIELDS = frozenset(COMMON_FIELDS + SOURCE_ONLY_FIELDS + TRANSLATION_FIELDS)
MIN_OBJECTIVES, MAX_OBJECTIVES = 3, 5
MAX_DURATION = 600


SHOWN_CHARS = 60


def shown(value: object) -> str:
    """A front-matter value for a message: its repr, shortened, and safe for huge numbers."""
    try:
        text = repr(value)
    except ValueError:  # an int of more than 4300 digits (YAML reads 0x... without a limit)
        return "a number too large to show"
    return text if len(text) <= SHOWN_CHARS else text[: SHOWN_CHARS - 3] + "..."


@dataclass(slots=True)
class Fields:
    """Typed front-matter values; invalid values fall back to what the folder says or empty."""

    id: str
    version: str
    language: str
    title: str = ""
    released: dt.date | None = None
    grade_band: str = ""
    duration_minutes: int = 0
    objectives: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    changelog: tuple[ChangelogEntry, ...] = ()
    source_version: str | None = None
    review_status: str | None = None
    problems: list[Problem] = field(default_factory=list)


class _Checker:
    def __init__(self, fm: FrontMatter, file: str) -> None:
        self.fm = fm
        self.file = file
        self.problems: list[Problem] = []

    def line(self, key: str) -> int:
        return self.fm.key_lines.get(key, 1)

    def error(self, key: str, message: str) -> None:
        self.problems.append(Problem(self.file, self.line(key), message))

    def warn(self, key: str, message: str) -> None:
        self.problems.append(Problem(self.file, self.line(key), message, "warning"))

    def present(self, key: str) -> bool:
        if key not in self.fm.data or self.fm.data[key] is None:
            self.problems.append(Problem(self.file, 1, f"missing front-matter field '{key}'"))
            return False
        return True

    def text(self, key: str) -> str | None:
        if not self.present(key):
            return None
        value = self.fm.data[key]
        if not isinstance(value, str) or not value.strip():
            self.error(key, f"'{key}' must be non-empty text")
            return None
        return value.strip()

    def text_list(self, key: str) -> tuple[str, ...]:
        if not self.present(key):
            return ()
        value = self.fm.data[key]
        if not isinstance(value, list) or not value:
            self.error(key, f"'{key}' must be a non-empty list")
            return ()
        lines = self.fm.item_lines.get(key, [])
        items: list[str] = []
        for index, item in enumerate(value):
            if isinstance(item, str) and item.strip():
                items.append(item.strip())
            else:
                line = lines[index] if index < len(lines) else self.line(key)
                self.problems.append(
                    Problem(self.file, line, f"'{key}' item {index + 1} must be non-empty text")
                )
        return tuple(items)


def check_fields(fm: FrontMatter, where: LayoutParts, file: str) -> Fields:
    """Validate the front matter against the spec and the file's place in the layout."""
    c = _Checker(fm, file)
    data = fm.data
    out = Fields(id=where.lesson_id, version=where.version, language=where.language)

    for key, line in fm.duplicate_keys:
        c.problems.append(Problem(file, line, f"field '{key}' appears twice"))
    for key in data:
        if str(key) not in KNOWN_FIELDS:
            c.warn(str(key), f"unknown front-matter field '{key}'; ignored")

    lesson_id = c.text("id")
    if lesson_id is not None:
        if not LESSON_ID_RE.match(lesson_id):
            c.error("id", f"id {lesson_id!r} must be lowercase letters, digits and hyphens")
        elif lesson_id != where.lesson_id:
            c.error("id", f"id {lesson_id!r} does not match its folder {where.lesson_id!r}")

    if c.present("version"):
        version = data["version"]
        if not is_version(version):
            c.error("version", f"bad version {shown(version)}: use MAJOR.MINOR.PATCH, e.g. 1.0.0")
        elif version != where.version:
            c.error("version", f"version {version} does not match its folder {where.version!r}")

    if c.present("language"):
        language = data["language"]
        if language not in LANGUAGES:
            c.error("language", f"unknown language {shown(language)}: use {', '.join(LANGUAGES)}")
        elif language != where.language:
            c.error(
                "language",
                f"language {language!r} does not match the file name '{where.language}.md'",
            )

    out.title = c.text("title") or ""
    out.released = _date(c, "released")

    if c.present("grade_band"):
        band = data["grade_band"]
        if band not in GRADE_BANDS:
            c.error(
                "grade_band",
                f'unknown grade band {shown(band)}: use "6-8" or "9-12" (quoted)',
            )
        else:
            out.grade_band = band

    if c.present("duration_minutes"):
        minutes = data["duration_minutes"]
        if isinstance(minutes, bool) or not isinstance(minutes, int):
            c.error(
                "duration_minutes", f"duration_minutes must be a whole number, not {shown(minutes)}"
            )
        elif not 0 < minutes <= MAX_DURATION:
            c.error("duration_minutes", f"duration_minutes {shown(minutes)} is out of range")
        else:
            out.duration_minutes = minutes

    out.objectives = c.text_list("objectives")
    if out.objectives and not MIN_OBJECTIVES <= len(out.objectives) <= MAX_OBJECTIVES:
        c.error(
            "objectives",
            f"{len(out.objectives)} objectives: a lesson has "
            f"{MIN_OBJECTIVES} to {MAX_OBJECTIVES} measurable objectives",
        )
    topics = c.text_list("topics")
    bad_topics = [t for t in topics if not TOPIC_RE.match(t)]
    if bad_topics:
        c.error("topics", f"topics must be lowercase English keywords: {', '.join(bad_topics)}")
    out.topics = tuple(t for t in topics if t not in bad_topics)
    out.sources = c.text_list("sources")

    if where.language == SOURCE_LANGUAGE:
        _check_source_only(c, out, where)
    else:
        _check_translation(c, out, where)
    out.problems = c.problems
    return out


def _date(c: _Checker, key: str) -> dt.date | None:
    if not c.present(key):
        return None
    value: Any = c.fm.data[key]
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
    c.error(key, f"'{key}' must be a date like 2026-11-01, not {shown(value)}")
    return None


def _check_source_only(c: _Checker, out: Fields, where: LayoutParts) -> None:
    for key in TRANSLATION_FIELDS:
        if key in c.fm.data:
            c.warn(key, f"'{key}' is for translations only; ignored in the English file")
    if not c.present("changelog"):
        return
    raw = c.fm.data["changelog"]
    if not isinstance(raw, list) or not raw:
        c.error("changelog", "'changelog' must be a list of entries (version, date, changes)")
        return
    lines = c.fm.item_lines.get("changelog", [])
    entries: list[ChangelogEntry] = []
    for index, item in enumerate(raw):
        line = lines[index] if index < len(lines) else c.line("changelog")
        entry = _changelog_entry(item)
        if entry is None:
            c.problems.append(
                Problem(
                    c.file,
                    line,
                    f"changelog entry {index + 1} needs 'version' (MAJOR.MINOR.PATCH), "
                    "'date' and 'changes'",
                )
            )
            continue
        if version_key(entry.version) > version_key(where.version):
            c.problems.append(
                Problem(c.file, line, f"changelog entry for {entry.version}, a later version")
            )
        entries.append(entry)
    if is_version(where.version) and all(e.version != where.version for e in entries):
        c.error("changelog", f"the changelog has no entry for this version ({where.version})")
    out.changelog = tuple(sorted(entries, key=lambda e: version_key(e.version), reverse=True))


def _changelog_entry(item: object) -> ChangelogEntry | None:
    if not isinstance(item, dict):
        return None
    version, date, changes = item.get("version"), item.get("date"), item.get("changes")
    if not is_version(version) or not isinstance(changes, str) or not changes.strip():
        return None
    if isinstance(date, str):
        try:
            date = dt.date.fromisoformat(date)
        except ValueError:
            return None
    if isinstance(date, dt.datetime):
        date = date.date()
    if not isinstance(date, dt.date):
        return None
    assert isinstance(version, str)
    return ChangelogEntry(version, date, changes.strip())


def _check_translation(c: _Checker, out: Fields, where: LayoutParts) -> None:
    if "changelog" in c.fm.data:
        c.warn("changelog", "the changelog belongs in the English file only; ignored")
    if c.present("source_version"):
        source = c.fm.data["source_version"]
        if not is_version(source):
            c.error("source_version", f"bad source_version {shown(source)}: use MAJOR.MINOR.PATCH")
        elif is_version(where.version) and version_key(source) > version_key(where.version):
            c.error(
                "source_version",
                f"source_version {source} is newer than this file's version {where.version}",
            )
        else:
            out.source_version = source
    if c.present("review_status"):
        status = c.fm.data["review_status"]
        if status not in REVIEW_STATUSES:
            c.error("review_status", f"review_status {shown(status)} must be 'draft' or 'reviewed'")
        else:
            out.review_status = status
