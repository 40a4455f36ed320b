"""Class sets: copies in two languages in one PDF, progress, cancel, page numbers per copy."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from handout_pdf_checks import catalog_lang, page_texts, reader

from clinic_app.handouts import (
    HandoutCancelled,
    HandoutError,
    build_class_set,
    find_lesson_file,
    handout_text,
    load_bundled_library,
)
from clinic_app.i18n import translations

LIBRARY = load_bundled_library()
SOURCES = {lang: handout_text(find_lesson_file(LIBRARY, "healthy-relationships", "1.1.0", lang))
           for lang in ("en", "es")}


def test_copies_in_two_languages_with_progress() -> None:
    seen: list[tuple[int, int]] = []
    out = io.BytesIO()
    report = build_class_set([("en", 3), ("es", 2)], SOURCES, out,
                             progress=lambda done, total: seen.append((done, total)))
    pages = page_texts(reader(out.getvalue()))
    assert report.pages == len(pages) == 10
    assert catalog_lang(reader(out.getvalue())) == "en-US"
    spanish_first = translations("es").gettext("Page {number} of {total}").format(
        number=1, total=2)
    assert sum("Page 1 of 2" in page for page in pages) == 3  # three English copies
    assert sum(spanish_first in page for page in pages[6:]) == 2  # two Spanish copies
    assert all("version 1.1.0" in page for page in pages[:6])
    assert seen[-1] == (5, 5)
    assert [done for done, _total in seen] == sorted(done for done, _total in seen)
    assert {total for _done, total in seen} == {5}
    assert SOURCES["es"].title in " ".join(pages[6].split())
    assert report.overflows == []


def test_student_handout_only() -> None:
    out = io.BytesIO()
    report = build_class_set([("en", 4)], SOURCES, out, include_parent_notice=False)
    assert report.pages == 4


def test_cancel_stops_and_writes_nothing(tmp_path: Path) -> None:
    out = tmp_path / "set.pdf"
    calls: list[int] = []

    def progress(done: int, total: int) -> None:
        calls.append(done)

    with pytest.raises(HandoutCancelled):
        build_class_set([("en", 20), ("es", 20)], SOURCES, out, progress=progress,
                        cancelled=lambda: len(calls) >= 3)
    assert not out.exists() and list(tmp_path.iterdir()) == []
    assert len(calls) == 3


def test_cancel_before_start() -> None:
    with pytest.raises(HandoutCancelled):
        build_class_set([("en", 2)], SOURCES, io.BytesIO(), cancelled=lambda: True)


@pytest.mark.parametrize(("items", "words"), [
    ([("en", 0)], "between 1 and"),
    ([], "between 1 and"),
    ([("en", 501)], "between 1 and"),
    ([("en", -1)], "negative"),
    ([("so", 2)], "no Soomaali text"),
    ([("fr", 2)], "Unknown language"),
])
def test_bad_requests_are_clear(items: list[tuple[str, int]], words: str) -> None:
    with pytest.raises(HandoutError, match=words):
        build_class_set(items, SOURCES, io.BytesIO())
