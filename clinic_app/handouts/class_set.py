"""Class sets: one PDF with N copies of a lesson handout in one language, M in another.

Built off the UI thread: `progress(done, total)` reports copies laid out and
`cancelled()` is polled at each copy; a cancelled build raises HandoutCancelled and
writes nothing.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from reportlab.platypus import Flowable, PageBreak

from clinic_app.handouts.document import (
    BuildReport,
    CancelCheck,
    ProgressCallback,
    checked_language,
    one_build_at_a_time,
    page_size_points,
    render_story,
)
from clinic_app.handouts.errors import HandoutCancelled, HandoutError
from clinic_app.handouts.lesson_handout import LESSON_FONT_SIZE, lesson_story
from clinic_app.handouts.lesson_source import LessonHandoutText
from clinic_app.handouts.output import Output, write_pdf
from clinic_app.handouts.styles import make_styles
from clinic_app.i18n import LANGUAGES, _

MAX_COPIES = 500


def _check_items(items: Sequence[tuple[str, int]],
                 sources: Mapping[str, LessonHandoutText]) -> list[tuple[str, int]]:
    wanted: list[tuple[str, int]] = []
    for lang, copies in items:
        lang = checked_language(lang)
        if copies < 0:
            raise HandoutError(_("The number of copies cannot be negative."))
        if copies and lang not in sources:
            raise HandoutError(_("There is no {language} text of this lesson to print.").format(
                language=LANGUAGES[lang]))
        if copies:
            wanted.append((lang, copies))
    total = sum(copies for _lang, copies in wanted)
    if not 1 <= total <= MAX_COPIES:
        raise HandoutError(_("Print between 1 and {most} copies.").format(most=MAX_COPIES))
    return wanted


@one_build_at_a_time
def build_class_set(items: Sequence[tuple[str, int]], sources: Mapping[str, LessonHandoutText],
                    out: Output, *, include_parent_notice: bool = True,
                    page_size: str = "letter", progress: ProgressCallback | None = None,
                    cancelled: CancelCheck | None = None) -> BuildReport:
    """Build copies in several languages, e.g. items=[("en", 20), ("so", 8)], into one PDF.

    `sources` maps each language to its lesson text. Page numbers restart with each copy.
    The PDF's /Lang is the first language listed.
    """
    wanted = _check_items(items, sources)
    size = page_size_points(page_size)
    total = sum(copies for _lang, copies in wanted)
    styles = make_styles(LESSON_FONT_SIZE)
    story: list[Flowable] = []
    index = 0
    for lang, copies in wanted:
        for _copy in range(copies):
            if cancelled is not None and cancelled():
                raise HandoutCancelled(_("Printing was cancelled; no file was written."))
            if index:
                story.append(PageBreak())
            story += lesson_story(sources[lang], styles, index, include_parent_notice)
            index += 1
    first = sources[wanted[0][0]]
    data, report = render_story(story, lang=first.lang, title=first.title, size=size,
                                progress=progress, cancelled=cancelled, copies=total)
    write_pdf(data, out)
    return report
