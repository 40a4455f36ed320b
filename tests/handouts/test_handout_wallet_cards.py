"""Wallet cards: 3.5 x 2 in trim, neutral outside, numbers inside, mirrored for duplex."""

from __future__ import annotations

import dataclasses
import io

import pytest
from handout_pdf_checks import (
    LANGS,
    catalog_lang,
    default_numbers,
    explicit_words,
    fonts_not_embedded,
    metadata_problems,
    missing_numbers,
    page_texts,
    reader,
    squashed,
)
from reportlab.lib.pagesizes import LETTER

from clinic_app.handouts import (
    CARD_HEIGHT,
    CARD_WIDTH,
    HandoutError,
    NoContactsError,
    build_wallet_cards,
    card_layout,
    cards_title,
    default_contacts,
    printable,
)

INCH = 72.0


def build(lang: str, contacts: list | None = None, sheets: int = 1) -> tuple[bytes, object]:
    out = io.BytesIO()
    listed = printable(default_contacts()) if contacts is None else contacts
    report = build_wallet_cards(listed, lang, out, sheets=sheets)
    return out.getvalue(), report


def overlaps(a: tuple[float, ...], b: tuple[float, ...]) -> bool:
    ax, ay, aw, ah = a
    bx, by, bw, bh = b
    return ax < bx + bw - 0.01 and bx < ax + aw - 0.01 and ay < by + bh - 0.01 and \
        by < ay + ah - 0.01


def test_card_trim_size_is_3_5_by_2_inches() -> None:
    assert (CARD_WIDTH, CARD_HEIGHT) == (3.5 * INCH, 2.0 * INCH)
    layout = card_layout()
    assert len(layout.fronts) == 10
    for x, y, w, h in layout.fronts + layout.backs:
        assert (w, h) == (3.5 * INCH, 2.0 * INCH)
        assert 0 <= x and x + w <= LETTER[0] and 0 <= y and y + h <= LETTER[1]


def test_cards_do_not_overlap() -> None:
    fronts = card_layout().fronts
    for i, a in enumerate(fronts):
        for b in fronts[i + 1:]:
            assert not overlaps(a, b)


def test_backs_mirror_fronts_for_long_edge_duplex() -> None:
    layout = card_layout()
    width = LETTER[0]
    for (fx, fy, fw, fh), (bx, by, bw, bh) in zip(layout.fronts, layout.backs, strict=True):
        assert by == fy and (bw, bh) == (fw, fh)
        assert abs((fx + fw / 2) - (width - (bx + bw / 2))) < 0.01
    # with a symmetric grid the backs cover exactly the front positions
    assert sorted(layout.backs) == sorted(layout.fronts)


def test_cut_marks_sit_in_the_margins_on_card_edges() -> None:
    layout = card_layout()
    xs = {x for x, _y, _w, _h in layout.fronts} | {x + w for x, _y, w, _h in layout.fronts}
    ys = {y for _x, y, _w, _h in layout.fronts} | {y + h for _x, y, _w, h in layout.fronts}
    assert layout.cut_marks
    for x1, y1, x2, y2 in layout.cut_marks:
        assert (x1 == x2 and x1 in xs) or (y1 == y2 and y1 in ys)
        mark = (min(x1, x2), min(y1, y2), abs(x2 - x1) or 0.02, abs(y2 - y1) or 0.02)
        assert not any(overlaps(mark, card) for card in layout.fronts)


@pytest.mark.parametrize("lang", LANGS)
def test_outside_is_neutral_and_inside_has_every_number(lang: str) -> None:
    data, report = build(lang)
    outside, inside = page_texts(reader(data))
    assert report.pages == 2  # type: ignore[attr-defined]
    assert explicit_words(outside) == []
    assert explicit_words(inside) == []
    assert missing_numbers(outside, ["1-888-373-7888", "1-866-223-1111"]) == [
        "1-888-373-7888", "1-866-223-1111"]
    assert missing_numbers(inside, default_numbers()) == []
    assert squashed(cards_title(lang)) in squashed(outside)
    if lang == "en":  # never a promise of privacy the listed services cannot keep
        assert "Ask them what they keep private" in " ".join(outside.split())
        assert "private, day" not in outside and "confidential" not in inside.lower()


@pytest.mark.parametrize("lang", LANGS)
def test_cards_are_a_clean_pdf_in_their_language(lang: str) -> None:
    data, report = build(lang)
    pdf = reader(data)
    assert catalog_lang(pdf).split("-")[0] == lang
    assert fonts_not_embedded(pdf) == []
    assert metadata_problems(pdf) == []
    assert report.overflows == []  # type: ignore[attr-defined]


@pytest.mark.parametrize("lang", ["es", "hmn", "so"])
def test_card_text_is_in_that_language(lang: str) -> None:
    """Fails until the catalogs translate the handout strings (expected for new strings)."""
    data, _report = build(lang)
    outside = page_texts(reader(data))[0]
    assert cards_title(lang) != cards_title("en")
    assert squashed(cards_title("en")) not in squashed(outside)


def test_every_card_text_lies_inside_its_card() -> None:
    _data, report = build("so")
    layout = card_layout()
    placements = report.placements  # type: ignore[attr-defined]
    assert len({p.frame for p in placements if p.page == 1}) == 10
    assert len({p.frame for p in placements if p.page == 2}) == 10
    for placement in placements:
        rects = layout.fronts if placement.page % 2 else layout.backs
        assert any(x <= placement.left and placement.right <= x + w and y <= placement.bottom
                   and placement.top <= y + h for x, y, w, h in rects), placement


def test_odd_pages_outside_even_pages_inside() -> None:
    data, report = build("en", sheets=3)
    texts = page_texts(reader(data))
    assert report.pages == 6 and len(texts) == 6  # type: ignore[attr-defined]
    for number, text in enumerate(texts, start=1):
        assert ("1-888-373-7888" in text) == (number % 2 == 0)


def test_too_many_contacts_for_a_card_is_refused() -> None:
    base = printable(default_contacts())
    many = [dataclasses.replace(base[i % 4], id=f"c{i}") for i in range(16)]
    with pytest.raises(HandoutError, match="do not fit on a wallet card"):
        build("en", many)


def test_empty_contacts_are_refused() -> None:
    with pytest.raises(NoContactsError):
        build("en", [])


def test_sheet_count_is_checked() -> None:
    with pytest.raises(HandoutError):
        build("en", sheets=0)
