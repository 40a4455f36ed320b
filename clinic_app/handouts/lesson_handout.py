"""Lesson handouts: a lesson version's student handout and its letter to families.

The footer of every page names the lesson and the version taught, so a printed copy
can always be matched to the version in the delivery log.
"""

from __future__ import annotations

from xml.sax.saxutils import escape

from reportlab.platypus import Flowable, PageBreak, Paragraph

from clinic_app.handouts.document import (
    BuildReport,
    StartCopy,
    checked_language,
    one_build_at_a_time,
    page_size_points,
    render_story,
)
from clinic_app.handouts.draft_notice import draft_footer
from clinic_app.handouts.lesson_source import LessonHandoutText
from clinic_app.handouts.markdown import markdown_flowables
from clinic_app.handouts.output import Output, write_pdf
from clinic_app.handouts.styles import Styles, make_styles
from clinic_app.i18n import translations

LESSON_FONT_SIZE = 10.5


def lesson_footer(text: LessonHandoutText) -> str:
    """The footer line, e.g. "Lesson healthy-relationships, version 1.1.0"."""
    return translations(text.lang).gettext("Lesson {lesson}, version {version}").format(
        lesson=text.lesson_id, version=text.version)


def lesson_story(text: LessonHandoutText, styles: Styles, copy_index: int = 0,
                 include_parent_notice: bool = True) -> list[Flowable]:
    """The flowables of one copy: the student handout, then the letter on a new page."""
    t = translations(text.lang)
    story: list[Flowable] = [
        StartCopy(copy_index, text.lang, lesson_footer(text),
                  notice=draft_footer(text.lang) if text.draft else ""),
        Paragraph(escape(text.title), styles.title),
        *markdown_flowables(text.student_markdown, styles),
    ]
    if include_parent_notice and text.parent_markdown.strip():
        story += [
            PageBreak(),
            Paragraph(escape(t.gettext("A note for families")), styles.title),
            Paragraph(escape(text.title), styles.subtitle),
            *markdown_flowables(text.parent_markdown, styles, letter=True),
        ]
    return story


@one_build_at_a_time
def build_lesson_handout(lesson_markdown_section: str, parent_notice_section: str | None,
                         title: str, lesson_id: str, version: str, lang: str, out: Output,
                         page_size: str = "letter", *, draft: bool = False) -> BuildReport:
    """Build one lesson handout (student section, then the parent letter) and write it.

    `parent_notice_section` may be None or empty to print the student handout only;
    `draft` (an unreviewed translation) adds the draft notice to every page.
    """
    lang = checked_language(lang)
    size = page_size_points(page_size)
    text = LessonHandoutText(lesson_id=lesson_id, version=version, lang=lang, title=title,
                             student_markdown=lesson_markdown_section,
                             parent_markdown=parent_notice_section or "", draft=draft)
    story = lesson_story(text, make_styles(LESSON_FONT_SIZE))
    data, report = render_story(story, lang=lang, title=title, size=size)
    write_pdf(data, out)
    return report
