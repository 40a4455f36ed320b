"""Issue 16: a handout whose text in its language is an unreviewed draft says so, in that
language and in English, on every page; English and reviewed text carry no notice."""

from __future__ import annotations

import dataclasses
import io

import pytest
from handout_pdf_checks import page_texts, reader, squashed

from clinic_app.handouts import (
    build_lesson_handout,
    build_referral_sheet,
    build_wallet_cards,
    find_lesson_file,
    handout_text,
    load_bundled_library,
)
from clinic_app.handouts.contacts import default_contacts
from clinic_app.handouts.draft_notice import DRAFT_NOTICE, draft_footer, referral_text_is_draft
from clinic_app.i18n import catalog_reviewed, translations

DRAFTS = ("es", "hmn", "so")


def _local(lang: str) -> str:
    return translations(lang).gettext(DRAFT_NOTICE)


def _pages(build) -> list[str]:  # type: ignore[no-untyped-def]
    out = io.BytesIO()
    build(out)
    return [squashed(page) for page in page_texts(reader(out.getvalue()))]


def test_the_shipped_catalogs_are_drafts_and_say_it_in_their_own_words() -> None:
    assert catalog_reviewed("en")
    for lang in DRAFTS:
        assert not catalog_reviewed(lang)
        assert _local(lang) != DRAFT_NOTICE, f"{lang}: the notice is not translated"
        assert draft_footer(lang) == f"{_local(lang)}\n{DRAFT_NOTICE}"
    assert draft_footer("en") == ""


@pytest.mark.parametrize("lang", DRAFTS)
def test_a_draft_referral_sheet_says_so_on_every_page(lang: str) -> None:
    contacts = default_contacts()
    pages = _pages(lambda out: build_referral_sheet(contacts, None, lang, out))
    for page in pages:
        assert squashed(_local(lang)) in page and squashed(DRAFT_NOTICE) in page


@pytest.mark.parametrize("lang", DRAFTS)
def test_draft_wallet_cards_say_so_beside_the_numbers_never_on_the_outside(lang: str) -> None:
    pages = _pages(lambda out: build_wallet_cards(default_contacts(), lang, out, sheets=2))
    outsides, insides = pages[0::2], pages[1::2]
    assert all(squashed(_local(lang)) in page and squashed(DRAFT_NOTICE) in page
               for page in insides)
    assert not any(squashed(DRAFT_NOTICE) in page for page in outsides)


def test_english_handouts_carry_no_notice() -> None:
    contacts = default_contacts()
    assert not referral_text_is_draft(contacts, "en")
    for build in (lambda out: build_referral_sheet(contacts, None, "en", out),
                  lambda out: build_wallet_cards(contacts, "en", out)):
        assert not any(squashed(DRAFT_NOTICE) in page for page in _pages(build))


def test_a_contact_marked_draft_makes_the_referral_text_a_draft() -> None:
    """Even with a reviewed catalog the contacts' own words may be drafts."""
    contacts = default_contacts()
    marked = [dataclasses.replace(contacts[0], translation_status={"so": "draft"})]
    assert referral_text_is_draft(marked, "so")
    reviewed = [dataclasses.replace(c, translation_status={"so": "reviewed"}) for c in contacts]
    assert referral_text_is_draft(reviewed, "so")  # the catalog itself is still a draft


@pytest.mark.parametrize("lang", ["en", *DRAFTS])
def test_a_lesson_handout_says_so_while_its_translation_is_a_draft(lang: str) -> None:
    lesson = find_lesson_file(load_bundled_library(), "helping-a-friend", None, lang)
    text = handout_text(lesson)
    assert text.draft == (lang != "en")
    pages = _pages(lambda out: build_lesson_handout(
        text.student_markdown, text.parent_markdown, text.title, text.lesson_id,
        text.version, lang, out, draft=text.draft))
    assert len(pages) >= 2
    for page in pages:
        assert (squashed(DRAFT_NOTICE) in page) == (lang != "en")


def test_a_reviewed_lesson_translation_carries_no_notice() -> None:
    lesson = find_lesson_file(load_bundled_library(), "helping-a-friend", None, "so")
    reviewed = dataclasses.replace(lesson, review_status="reviewed")
    text = handout_text(reviewed)
    assert not text.draft
    pages = _pages(lambda out: build_lesson_handout(
        text.student_markdown, None, text.title, text.lesson_id, text.version, "so", out,
        draft=text.draft))
    assert not any(squashed(DRAFT_NOTICE) in page for page in pages)
