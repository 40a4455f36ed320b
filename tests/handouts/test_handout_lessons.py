"""Lesson handouts: every bundled lesson in every language, sections, footer, safe Markdown."""

from __future__ import annotations

import io

import pytest
from handout_pdf_checks import (
    LANGS,
    catalog_lang,
    fonts_not_embedded,
    metadata_problems,
    page_texts,
    reader,
    squashed,
)

from clinic_app.handouts import (
    LessonHandoutError,
    build_lesson_handout,
    find_lesson_file,
    handout_text,
    load_bundled_library,
    section_markdown,
)
from clinic_app.handouts.lesson_handout import lesson_footer
from clinic_app.handouts.markdown import inline_markup, parse_blocks

LIBRARY = load_bundled_library()
LESSON_IDS = sorted(lesson.id for lesson in LIBRARY)


def cases() -> list[tuple[str, str, str]]:
    return [(lesson.id, version, lang) for lesson in LIBRARY
            for version in lesson.version_numbers for lang in LANGS]


def test_the_bundled_library_has_lessons() -> None:
    assert len(LESSON_IDS) >= 8


@pytest.mark.parametrize(("lesson_id", "version", "lang"), cases())
def test_every_lesson_handout_builds(lesson_id: str, version: str, lang: str) -> None:
    file = LIBRARY.lesson(lesson_id).file(version, lang)
    assert file is not None, f"no {lang} text of {lesson_id} {version}"
    text = handout_text(file)
    out = io.BytesIO()
    report = build_lesson_handout(text.student_markdown, text.parent_markdown, text.title,
                                  text.lesson_id, text.version, lang, out)
    pdf = reader(out.getvalue())
    pages = page_texts(pdf)
    whole = squashed("".join(pages))
    assert report.overflows == [] and report.pages == len(pages) >= 2
    assert catalog_lang(pdf).split("-")[0] == lang
    assert fonts_not_embedded(pdf) == [] and metadata_problems(pdf) == []
    assert all(squashed(lesson_footer(text)) in squashed(page) for page in pages)
    assert squashed(text.title) in whole
    first_words = " ".join(text.student_markdown.replace("*", "").split()[:4])
    assert squashed(first_words) in whole
    last_words = " ".join(text.parent_markdown.replace("*", "").split()[-2:])
    assert squashed(last_words) in whole


@pytest.mark.parametrize("lang", ["es", "hmn", "so"])
def test_lesson_footer_is_translated(lang: str) -> None:
    """Fails until the catalogs translate the handout strings (expected for new strings)."""
    english = handout_text(find_lesson_file(LIBRARY, "healthy-relationships", "1.1.0", "en"))
    other = type(english)(**{**english.__dict__, "lang": lang})
    assert lesson_footer(other) != lesson_footer(english)


def test_sections_are_cut_at_the_next_section() -> None:
    file = find_lesson_file(LIBRARY, "healthy-relationships", "1.1.0", "en")
    student = section_markdown(file, "student-handout")
    parent = section_markdown(file, "parent-notice")
    assert student.startswith("**Class notes") and "Exit ticket" not in student
    assert parent.startswith("Dear families") and "Activities" not in parent
    assert "{#" not in student + parent


def test_newest_version_in_the_language_is_the_default() -> None:
    assert find_lesson_file(LIBRARY, "healthy-relationships", None, "en").version == "1.2.0"
    assert find_lesson_file(LIBRARY, "healthy-relationships", "1.0.0", "en").version == "1.0.0"


@pytest.mark.parametrize(("lesson_id", "version", "lang", "words"), [
    ("no-such-lesson", None, "en", "No lesson 'no-such-lesson'"),
    ("healthy-relationships", "9.9.9", "en", "has no version 9.9.9; versions: 1.0.0, 1.1.0, 1.2.0"),
])
def test_unknown_lesson_or_version_is_one_clear_line(lesson_id: str, version: str | None,
                                                      lang: str, words: str) -> None:
    with pytest.raises(LessonHandoutError) as caught:
        find_lesson_file(LIBRARY, lesson_id, version, lang)
    assert words in str(caught.value) and "\n" not in str(caught.value)


def test_version_footer_names_the_version() -> None:
    file = find_lesson_file(LIBRARY, "healthy-relationships", "1.0.0", "en")
    out = io.BytesIO()
    text = handout_text(file)
    build_lesson_handout(text.student_markdown, None, text.title, text.lesson_id,
                         text.version, "en", out)
    pages = page_texts(reader(out.getvalue()))
    assert len(pages) == 1
    assert "Lesson healthy-relationships, version 1.0.0" in pages[0]
    assert "Page 1 of" not in pages[0]


def test_markdown_subset() -> None:
    blocks = parse_blocks("# Title {#x}\n\nA **bold** and *italic* and __b__ _i_ line\n"
                          "continued.\n\n- one\n- two\n  more\n1. first\n")
    assert [(b.kind, b.level) for b in blocks] == [
        ("heading", 1), ("paragraph", 0), ("item", 0), ("item", 0), ("item", 0)]
    assert blocks[0].text == "Title"
    assert blocks[1].text == ("A <b>bold</b> and <i>italic</i> and <b>b</b> <i>i</i> line "
                              "continued.")
    assert blocks[3].text == "two more" and blocks[4].marker == "1."


def test_everything_else_is_escaped() -> None:
    assert inline_markup('<script>x</script> & <font size="40">') == (
        "&lt;script&gt;x&lt;/script&gt; &amp; &lt;font size=\"40\"&gt;")
    assert inline_markup("snake_case_name and 2*3*4") == "snake_case_name and 2*3*4"


def test_crossed_emphasis_and_raw_html_still_print() -> None:
    out = io.BytesIO()
    report = build_lesson_handout("**a *b** c* <b>x</b> [link](http://x) ![i](y.png)\n\n"
                                  "| a | b |\n|---|---|", None, "T", "t", "1.0.0", "en", out)
    text = "".join(page_texts(reader(out.getvalue())))
    assert "<b>x</b>" in text and "[link](http://x)" in text
    assert report.overflows == []


def test_letter_keeps_the_closing_on_its_own_line() -> None:
    blocks = parse_blocks("Sincerely,\n[Name], [Title]", letter=True)
    assert blocks[0].text == "Sincerely,<br/>[Name], [Title]"
