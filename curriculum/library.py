"""The loaded lesson library and its queries: list, filter, search, translation status."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from curriculum.model import LANGUAGES, Lesson, LessonFile, LessonVersion, TranslationStatus
from curriculum.versions import version_key

_SPACE_RE = re.compile(r"\s+")
SNIPPET_CHARS = 60


@dataclass(frozen=True, slots=True)
class SearchHit:
    """A lesson file matching a search: where the first term was found and a short snippet."""

    lesson_id: str
    version: str
    language: str
    title: str
    in_title: bool
    snippet: str


class Library:
    """An immutable set of lessons. Build it with :func:`curriculum.load_library`."""

    def __init__(self, files: Iterable[LessonFile] = ()) -> None:
        grouped: dict[str, dict[str, list[LessonFile]]] = {}
        for f in files:
            grouped.setdefault(f.id, {}).setdefault(f.version, []).append(f)
        self._lessons: dict[str, Lesson] = {
            lesson_id: Lesson.of(
                lesson_id, [LessonVersion.of(v, fs) for v, fs in by_version.items()]
            )
            for lesson_id, by_version in sorted(grouped.items())
        }
        self._folded: dict[str, str] = {}

    def __len__(self) -> int:
        return len(self._lessons)

    def __iter__(self) -> Iterator[Lesson]:
        return iter(self._lessons.values())

    def __contains__(self, lesson_id: object) -> bool:
        return lesson_id in self._lessons

    def lesson(self, lesson_id: str) -> Lesson:
        """The lesson with this id; raises KeyError when absent."""
        return self._lessons[lesson_id]

    def get(self, lesson_id: str) -> Lesson | None:
        """The lesson with this id, or None."""
        return self._lessons.get(lesson_id)

    def files(self) -> Iterator[LessonFile]:
        """Every lesson file, by lesson, version and language."""
        for lesson in self._lessons.values():
            for version in lesson.versions:
                yield from version.files

    def file_at(self, relpath: str) -> LessonFile | None:
        """The file at ``<lesson-id>/<version>/<lang>.md``, if loaded."""
        parts = relpath.split("/")
        if len(parts) != 3 or not parts[2].endswith(".md"):
            return None
        lesson = self._lessons.get(parts[0])
        return lesson.file(parts[1], parts[2][:-3]) if lesson else None

    def lessons(
        self,
        grade_band: str | None = None,
        topic: str | None = None,
        language: str | None = None,
    ) -> list[Lesson]:
        """Lessons sorted by title, optionally filtered.

        grade_band and topic look at the newest version; language keeps lessons that
        have a file in that language in any version.
        """
        found = [
            lesson
            for lesson in self._lessons.values()
            if (grade_band is None or lesson.grade_band == grade_band)
            and (topic is None or topic in lesson.topics)
            and (language is None or language in lesson.languages)
        ]
        return sorted(found, key=lambda lesson: (lesson.title.casefold(), lesson.id))

    def topics(self) -> list[str]:
        """All topics used by the newest versions, sorted."""
        return sorted({t for lesson in self._lessons.values() for t in lesson.topics})

    def search(
        self,
        query: str,
        language: str | None = None,
        grade_band: str | None = None,
        topic: str | None = None,
    ) -> list[SearchHit]:
        """Case-insensitive search of titles and text in each lesson's newest file per language.

        Every whitespace-separated term must occur (in the title or the body).
        Hits with the query in the title come first.
        """
        terms = [t for t in query.casefold().split() if t]
        if not terms:
            return []
        hits: list[SearchHit] = []
        for lesson in self.lessons(grade_band=grade_band, topic=topic, language=language):
            for lang in (language,) if language else lesson.languages:
                f = lesson.newest_file(lang)
                if f is None:
                    continue
                title = f.title.casefold()
                text = self._folded_body(f)
                if all(t in title or t in text for t in terms):
                    hits.append(self._hit(f, terms, title, text))
        hits.sort(key=lambda h: (not h.in_title, h.title.casefold(), h.language))
        return hits

    def _folded_body(self, f: LessonFile) -> str:
        key = f.path
        folded = self._folded.get(key)
        if folded is None:
            folded = f.body.casefold()
            self._folded[key] = folded
        return folded

    @staticmethod
    def _hit(f: LessonFile, terms: list[str], title: str, text: str) -> SearchHit:
        in_title = all(t in title for t in terms)
        snippet = ""
        position = next((text.find(t) for t in terms if t in text), -1)
        if position >= 0 and len(text) == len(f.body):
            start = max(0, position - SNIPPET_CHARS // 2)
            piece = _SPACE_RE.sub(" ", f.body[start : start + SNIPPET_CHARS * 2]).strip()
            snippet = ("…" if start else "") + piece + "…"
        return SearchHit(f.id, f.version, f.language, f.title, in_title, snippet)

    def translation_status(self, lesson_id: str) -> dict[str, dict[str, TranslationStatus]]:
        """Version -> language -> status ("source", "draft", "reviewed", "stale", "missing")."""
        return self.lesson(lesson_id).status_table()

    def stale_translations(self) -> list[LessonFile]:
        """Translations in the newest version of each language that are stale."""
        out: list[LessonFile] = []
        for lesson in self._lessons.values():
            for lang in LANGUAGES[1:]:
                f = lesson.newest_file(lang)
                if f and lesson.translation_status(f.version, lang) == "stale":
                    out.append(f)
        return out

    def listing(self) -> list[dict[str, object]]:
        """The ``curriculum list --json`` shape: id, title, versions (version, languages)."""
        return [
            {
                "id": lesson.id,
                "title": lesson.title,
                "grade_band": lesson.grade_band,
                "topics": list(lesson.topics),
                "versions": [
                    {"version": version, "languages": dict(statuses)}
                    for version, statuses in sorted(
                        lesson.status_table().items(), key=lambda kv: version_key(kv[0])
                    )
                ],
            }
            for lesson in self.lessons()
        ]
