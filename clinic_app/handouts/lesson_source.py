"""Find a lesson file in the curriculum library and cut out its handout sections.

Uses the curriculum package's loader; the sections are the `{#student-handout}` and
`{#parent-notice}` headings of one lesson version in one language.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from clinic_app.handouts.contacts import Contact
from clinic_app.handouts.errors import LessonHandoutError
from clinic_app.i18n import LANGUAGES, _
from curriculum import LessonFile, Library, bundled_lessons_root, load_library

STUDENT_SECTION = "student-handout"
PARENT_SECTION = "parent-notice"
_HEADING = re.compile(r"^(#{1,6})[ \t]")
_FENCE = re.compile(r"^[ \t]{0,3}(```|~~~)")


@dataclass(frozen=True)
class LessonHandoutText:
    """What a lesson handout prints, in one language: the two sections and the footer facts."""

    lesson_id: str
    version: str
    lang: str
    title: str
    student_markdown: str
    parent_markdown: str
    draft: bool = False  # an unreviewed translation: the handout says so


def load_bundled_library() -> Library:
    """The lessons shipped in curriculum/lessons (files with errors are left out)."""
    library, _problems = load_library(bundled_lessons_root())
    return library


def section_markdown(lesson: LessonFile, section_id: str) -> str:
    """The Markdown under a section heading, up to the next heading of the same or higher level."""
    section = lesson.section(section_id)
    if section is None:
        raise LessonHandoutError(_("Lesson '{lesson}' has no section {{#{section}}}.").format(
            lesson=lesson.id, section=section_id))
    lines = lesson.body.split("\n")
    start = section.line - lesson.body_line + 1
    taken: list[str] = []
    in_fence = False
    for line in lines[start:]:
        if _FENCE.match(line):
            in_fence = not in_fence
        heading = None if in_fence else _HEADING.match(line)
        if heading and len(heading[1]) <= section.level:
            break
        taken.append(line)
    return "\n".join(taken).strip("\n")


def handout_text(lesson: LessonFile, contacts: Sequence[Contact] = ()) -> LessonHandoutText:
    """The student handout and parent notice of one lesson file, with placeholders such
    as {county_cp} filled from `contacts` in the lesson's language."""
    from clinic_app.jurisdiction import fill

    return LessonHandoutText(
        lesson_id=lesson.id, version=lesson.version, lang=lesson.language, title=lesson.title,
        student_markdown=fill(section_markdown(lesson, STUDENT_SECTION), contacts,
                              lesson.language),
        parent_markdown=fill(section_markdown(lesson, PARENT_SECTION), contacts,
                             lesson.language),
        draft=lesson.language != "en" and lesson.review_status != "reviewed",
    )


def find_lesson_file(library: Library, lesson_id: str, version: str | None,
                     lang: str) -> LessonFile:
    """The file of a lesson version in `lang` (newest version in `lang` when none is given).

    Raises LessonHandoutError with one clear line for an unknown lesson, version or a
    language the lesson has no text in.
    """
    lesson = library.get(lesson_id)
    if lesson is None:
        raise LessonHandoutError(_("No lesson '{lesson}'. Lessons: {lessons}.").format(
            lesson=lesson_id, lessons=", ".join(sorted(item.id for item in library))))
    name = LANGUAGES.get(lang, lang)
    if version is None:
        found = lesson.newest_file(lang)
        if found is None:
            raise LessonHandoutError(
                _("Lesson '{lesson}' has no text in {language} yet; it has: {languages}.")
                .format(lesson=lesson_id, language=name, languages=", ".join(lesson.languages)))
        return found
    chosen = lesson.version(version)
    if chosen is None:
        raise LessonHandoutError(
            _("Lesson '{lesson}' has no version {version}; versions: {versions}.").format(
                lesson=lesson_id, version=version, versions=", ".join(lesson.version_numbers)))
    found = chosen.file(lang)
    if found is None:
        raise LessonHandoutError(
            _("Version {version} of lesson '{lesson}' has no text in {language}; it has: "
              "{languages}.").format(version=version, lesson=lesson_id, language=name,
                                     languages=", ".join(chosen.languages)))
    return found
