"""No clipped text, whatever the words: property tests on the layout, and thread use."""

from __future__ import annotations

import dataclasses
import io
from concurrent.futures import ThreadPoolExecutor

from handout_pdf_checks import page_texts, reader, squashed
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from clinic_app.handouts import (
    ClinicDetails,
    HandoutError,
    build_lesson_handout,
    build_referral_sheet,
    build_wallet_cards,
    default_contacts,
    printable,
)
from clinic_app.handouts.document import fit_line

LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZáéíñóú'’-"
WORD = st.text(alphabet=LETTERS, min_size=1, max_size=90)
TEXT = st.lists(WORD, min_size=1, max_size=60).map(" ".join)
FAST = settings(max_examples=25, deadline=None,
                suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(description=TEXT, name=WORD, clinic=TEXT)
def test_sheet_never_overflows(description: str, name: str, clinic: str) -> None:
    contact = dataclasses.replace(printable(default_contacts())[1], name=name,
                                  description={"en": description, "hmn": description})
    out = io.BytesIO()
    report = build_referral_sheet([contact], ClinicDetails(clinic, "1", "2"), "hmn", out)
    assert report.overflows == []
    assert squashed(description) in squashed("".join(page_texts(reader(out.getvalue()))))


@FAST
@given(name=st.lists(WORD, min_size=1, max_size=4).map(" ".join))
def test_cards_never_overflow(name: str) -> None:
    contacts = [dataclasses.replace(c, short_name={"en": name})
                for c in printable(default_contacts())]
    try:
        report = build_wallet_cards(contacts, "en", io.BytesIO())
    except HandoutError:
        return  # refused with a message rather than printed clipped
    assert report.overflows == []


@FAST
@given(body=st.lists(st.tuples(st.sampled_from(["", "- ", "## ", "1. ", "**"]), TEXT),
                     min_size=1, max_size=12))
def test_lesson_markdown_never_overflows(body: list[tuple[str, str]]) -> None:
    markdown = "\n\n".join(prefix + text for prefix, text in body)
    report = build_lesson_handout(markdown, markdown, "T", "lesson-id", "1.0.0", "so",
                                  io.BytesIO())
    assert report.overflows == []


def test_a_long_footer_is_shortened_to_fit() -> None:
    line = fit_line("Lesson " + "x" * 400 + ", version 1.0.0", 200)
    assert line.endswith("\u2026") and len(line) < 100


def test_builds_run_in_worker_threads() -> None:
    contacts = printable(default_contacts())

    def sheet(lang: str) -> int:
        return build_referral_sheet(contacts, None, lang, io.BytesIO()).pages

    with ThreadPoolExecutor(max_workers=4) as pool:
        assert all(pages >= 1 for pages in pool.map(sheet, ["en", "es", "hmn", "so"] * 2))
