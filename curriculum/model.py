"""The lesson model: frozen records for files, versions, lessons and problems."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

from curriculum.versions import version_key

SOURCE_LANGUAGE = "en"
LANGUAGES: tuple[str, ...] = ("en", "es", "hmn", "so")
GRADE_BANDS: tuple[str, ...] = ("6-8", "9-12")
REVIEW_STATUSES: tuple[str, ...] = ("draft", "reviewed")
REQUIRED_SECTIONS: tuple[str, ...] = (
    "objectives",
    "materials",
    "preparation",
    "content-warning",
    "parent-notice",
    "activities",
    "discussion",
    "student-handout",
    "exit-ticket",
    "sources",
)

Severity = Literal["error", "warning"]
TranslationStatus = Literal["source", "draft", "reviewed", "stale", "missing"]


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with a file: where (file, 1-based line) and what."""

    file: str
    line: int
    message: str
    severity: Severity = "error"

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.severity}: {self.message}"

    @property
    def is_error(self) -> bool:
        """True for problems that keep a file out of the library or a pack from installing."""
        return self.severity == "error"


@dataclass(frozen=True, slots=True)
class Section:
    """A heading with an anchor id, e.g. ``## Student handout {#student-handout}``."""

    id: str
    title: str
    level: int
    line: int


@dataclass(frozen=True, slots=True)
class ChangelogEntry:
    """One changelog entry from an English lesson file."""

    version: str
    date: dt.date | None
    changes: str


@dataclass(frozen=True, slots=True)
class LessonFile:
    """One lesson, one version, one language: parsed front matter plus the Markdown body."""

    id: str
    version: str
    language: str
    title: str
    released: dt.date | None
    grade_band: str
    duration_minutes: int
    objectives: tuple[str, ...]
    topics: tuple[str, ...]
    sources: tuple[str, ...]
    changelog: tuple[ChangelogEntry, ...]
    source_version: str | None
    review_status: str | None
    body: str
    body_line: int
    sections: tuple[Section, ...]
    relpath: str
    path: str
    sha256: str
    field_lines: Mapping[str, int] = field(default_factory=dict, compare=False, repr=False)

    @property
    def is_translation(self) -> bool:
        """True for every language but the English source."""
        return self.language != SOURCE_LANGUAGE

    @property
    def section_ids(self) -> tuple[str, ...]:
        """Anchor ids of all headings that carry one, in file order."""
        return tuple(s.id for s in self.sections)

    def section(self, section_id: str) -> Section | None:
        """The heading with this anchor id, if any."""
        for s in self.sections:
            if s.id == section_id:
                return s
        return None

    def line_of(self, field_name: str) -> int:
        """File line of a front-matter field (1, the opening ``---``, when unknown)."""
        return self.field_lines.get(field_name, 1)


def _language_order(file: LessonFile) -> int:
    try:
        return LANGUAGES.index(file.language)
    except ValueError:
        return len(LANGUAGES)


@dataclass(frozen=True, slots=True)
class LessonVersion:
    """All language files of one version of a lesson."""

    version: str
    files: tuple[LessonFile, ...]

    @staticmethod
    def of(version: str, files: list[LessonFile]) -> LessonVersion:
        """Build a version with its files in the standard language order."""
        return LessonVersion(version, tuple(sorted(files, key=_language_order)))

    @property
    def languages(self) -> tuple[str, ...]:
        """Languages present in this version."""
        return tuple(f.language for f in self.files)

    @property
    def english(self) -> LessonFile | None:
        """The English (source) file, if present."""
        return self.file(SOURCE_LANGUAGE)

    def file(self, language: str) -> LessonFile | None:
        """The file in ``language``, if present."""
        for f in self.files:
            if f.language == language:
                return f
        return None

    @property
    def main(self) -> LessonFile:
        """The English file, or the first translation when English is absent."""
        return self.english or self.files[0]


@dataclass(frozen=True, slots=True)
class Lesson:
    """A lesson with all its versions, oldest first."""

    id: str
    versions: tuple[LessonVersion, ...]

    @staticmethod
    def of(lesson_id: str, versions: list[LessonVersion]) -> Lesson:
        """Build a lesson with its versions sorted oldest first."""
        return Lesson(lesson_id, tuple(sorted(versions, key=lambda v: version_key(v.version))))

    @property
    def version_numbers(self) -> tuple[str, ...]:
        """Version strings, oldest first."""
        return tuple(v.version for v in self.versions)

    @property
    def newest(self) -> LessonVersion:
        """The newest version that has an English file (else simply the newest)."""
        for v in reversed(self.versions):
            if v.english is not None:
                return v
        return self.versions[-1]

    @property
    def newest_version(self) -> str:
        """Version string of :attr:`newest`."""
        return self.newest.version

    @property
    def newest_english_version(self) -> str | None:
        """The newest version with an English file, or None."""
        for v in reversed(self.versions):
            if v.english is not None:
                return v.version
        return None

    @property
    def title(self) -> str:
        """English title of the newest version."""
        return self.newest.main.title

    @property
    def grade_band(self) -> str:
        """Grade band of the newest version."""
        return self.newest.main.grade_band

    @property
    def topics(self) -> tuple[str, ...]:
        """Topics of the newest version."""
        return self.newest.main.topics

    @property
    def languages(self) -> tuple[str, ...]:
        """Every language present in any version, in the standard order."""
        present = {f.language for v in self.versions for f in v.files}
        return tuple(lang for lang in LANGUAGES if lang in present)

    def version(self, version: str) -> LessonVersion | None:
        """The given version, if present."""
        for v in self.versions:
            if v.version == version:
                return v
        return None

    def file(self, version: str, language: str) -> LessonFile | None:
        """One file by version and language, if present."""
        v = self.version(version)
        return v.file(language) if v is not None else None

    def newest_file(self, language: str) -> LessonFile | None:
        """The newest file available in ``language``."""
        for v in reversed(self.versions):
            f = v.file(language)
            if f is not None:
                return f
        return None

    def translation_status(self, version: str, language: str) -> TranslationStatus:
        """``source`` for English, else ``draft``/``reviewed``, ``stale`` or ``missing``.

        A translation is stale when the English version it was made from
        (``source_version``) is older than the lesson's newest English version.
        """
        f = self.file(version, language)
        if f is None:
            return "missing"
        if not f.is_translation:
            return "source"
        newest = self.newest_english_version
        made_from = f.source_version or f.version
        if newest is not None and version_key(made_from) < version_key(newest):
            return "stale"
        return "reviewed" if f.review_status == "reviewed" else "draft"

    def status_table(self) -> dict[str, dict[str, TranslationStatus]]:
        """Version -> language -> status for all four languages."""
        return {
            v.version: {lang: self.translation_status(v.version, lang) for lang in LANGUAGES}
            for v in self.versions
        }
