"""Discreet wallet cards: 3.5 x 2 in, a neutral outside and the numbers inside.

Ten cards per Letter sheet (2 columns x 5 rows, the common business-card layout), with
cut marks in the margins. Printed double-sided, flipping on the long edge: odd pages
carry the outsides, even pages the insides, placed mirror-wise so that each inside
lands exactly behind its outside. The inside uses each contact's short, neutral name.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.lib.utils import simpleSplit
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph

from clinic_app.handouts.contact_text import checked_line, oldest_check, text_line
from clinic_app.handouts.contacts import Contact, require_contacts
from clinic_app.handouts.document import (
    BuildReport,
    Placement,
    RecordingFrame,
    checked_language,
    make_canvas,
    one_build_at_a_time,
)
from clinic_app.handouts.draft_notice import draft_lines, referral_text_is_draft
from clinic_app.handouts.errors import HandoutError
from clinic_app.handouts.fonts import BOLD, REGULAR, register_fonts
from clinic_app.handouts.output import Output, write_pdf
from clinic_app.handouts.styles import ACCENT, INK, MUTED, TINT
from clinic_app.i18n import _, translations

CARD_WIDTH = 3.5 * inch
CARD_HEIGHT = 2.0 * inch
CARD_PADDING = 0.14 * inch  # keeps text clear of the cut, even with duplex drift
MARK_GAP = 4.0
MARK_LENGTH = 18.0
# Largest to smallest inside font size tried; below the last one a card is unreadable.
INSIDE_SIZES = (9.5, 9.25, 9.0, 8.75, 8.5, 8.25, 8.0, 7.75, 7.5, 7.25, 7.0, 6.75, 6.5, 6.25, 6.0)
MAX_SHEETS = 50
NOTICE_SIZE = 6.5

Rect = tuple[float, float, float, float]  # x, y, width, height (points)


@dataclass(frozen=True)
class CardSheetLayout:
    """Where the cards sit on one sheet; `backs[i]` is the reverse side of `fronts[i]`."""

    page_size: tuple[float, float]
    fronts: tuple[Rect, ...]
    backs: tuple[Rect, ...]
    cut_marks: tuple[tuple[float, float, float, float], ...]  # x1, y1, x2, y2


def card_layout(page: tuple[float, float] = LETTER) -> CardSheetLayout:
    """The card grid for one sheet, centred, with backs mirrored for long-edge duplex."""
    width, height = page
    columns = int((width - inch) // CARD_WIDTH)
    rows = int((height - inch) // CARD_HEIGHT)
    left = (width - columns * CARD_WIDTH) / 2
    bottom = (height - rows * CARD_HEIGHT) / 2
    fronts: list[Rect] = []
    for row in range(rows):
        for column in range(columns):
            y = bottom + (rows - 1 - row) * CARD_HEIGHT
            fronts.append((left + column * CARD_WIDTH, y, CARD_WIDTH, CARD_HEIGHT))
    backs = tuple((width - x - w, y, w, h) for x, y, w, h in fronts)
    return CardSheetLayout(page, tuple(fronts), backs,
                           _cut_marks(page, left, bottom, columns, rows))


def _cut_marks(page: tuple[float, float], left: float, bottom: float, columns: int,
               rows: int) -> tuple[tuple[float, float, float, float], ...]:
    width, height = page
    top = bottom + rows * CARD_HEIGHT
    right = left + columns * CARD_WIDTH
    marks: list[tuple[float, float, float, float]] = []
    for column in range(columns + 1):
        x = left + column * CARD_WIDTH
        marks.append((x, top + MARK_GAP, x, min(height, top + MARK_GAP + MARK_LENGTH)))
        marks.append((x, bottom - MARK_GAP, x, max(0.0, bottom - MARK_GAP - MARK_LENGTH)))
    for row in range(rows + 1):
        y = bottom + row * CARD_HEIGHT
        marks.append((left - MARK_GAP, y, max(0.0, left - MARK_GAP - MARK_LENGTH), y))
        marks.append((right + MARK_GAP, y, min(width, right + MARK_GAP + MARK_LENGTH), y))
    return tuple(marks)


def cards_title(lang: str) -> str:
    """The neutral outside title (also the PDF's title)."""
    t = translations(lang)
    # Translators: outside of a wallet card a student carries; keep it neutral: no word
    # such as "trafficking", "exploitation" or "abuse".
    return t.gettext("Health and wellness")


def _style(name: str, size: float, **kw: Any) -> ParagraphStyle:
    register_fonts()
    base: dict[str, Any] = {"fontName": REGULAR, "bulletFontName": REGULAR,
                            "fontSize": size, "leading": size * 1.22, "spaceShrinkage": 0,
                            "textColor": INK, "splitLongWords": 1}
    base.update(kw)
    return ParagraphStyle(name, **base)


def _outside_story(lang: str) -> list[Flowable]:
    t = translations(lang)
    return [
        Paragraph(escape(cards_title(lang)),
                  _style("card-title", 13, fontName=BOLD, textColor=ACCENT,
                         alignment=TA_CENTER, spaceAfter=6)),
        Paragraph(escape(t.gettext("Free, day or night. Ask them what they keep private.")),
                  _style("card-line", 8.5, alignment=TA_CENTER, spaceAfter=4)),
        Paragraph(escape(t.gettext("Tip: learn one number by heart.")),
                  _style("card-tip", 7.5, textColor=MUTED, alignment=TA_CENTER)),
    ]


def _inside_story(contacts: Sequence[Contact], lang: str, size: float) -> list[Flowable]:
    t = translations(lang)
    line = _style("card-contact", size, spaceAfter=size * 0.3)
    joined = _style("card-contact-first", size)
    follow = _style("card-contact-text", size, leftIndent=size, spaceAfter=size * 0.3)
    story: list[Flowable] = [Paragraph(escape(t.gettext("Numbers to call or text")),
                                       _style("card-head", size * 1.1, fontName=BOLD,
                                              textColor=ACCENT, spaceAfter=size * 0.3))]
    for contact in contacts:
        name = f"{escape(contact.card_name(lang))}: <b>{escape(contact.phone)}</b>"
        text = text_line(contact, lang)
        story.append(Paragraph(name, joined if text else line))
        if text:
            story.append(Paragraph(text, follow))
    story.append(Paragraph(checked_line(oldest_check(list(contacts)), lang),
                           _style("card-checked", size * 0.85, textColor=MUTED)))
    return story


def _inside_height(contacts: Sequence[Contact], lang: str, size: float) -> float:
    story = _inside_story(contacts, lang, size)
    width = CARD_WIDTH - 2 * CARD_PADDING
    used = sum(f.wrap(width, CARD_HEIGHT)[1] + f.getSpaceAfter() for f in story)
    return float(used - story[-1].getSpaceAfter())


def inside_font_size(contacts: Sequence[Contact], lang: str) -> float:
    """The largest inside font size at which every contact fits on one card.

    Raises HandoutError (naming how many contacts would fit) when none does.
    """
    height = CARD_HEIGHT - 2 * CARD_PADDING
    for size in INSIDE_SIZES:
        if _inside_height(contacts, lang, size) <= height:
            return size
    fitting = len(contacts) - 1
    while fitting > 1 and _inside_height(contacts[:fitting], lang, INSIDE_SIZES[-1]) > height:
        fitting -= 1
    raise HandoutError(_("The contacts do not fit on a wallet card: choose {count} or fewer "
                         "for the card, or print the referral sheet.").format(count=fitting))


def _draw_card(canv: Canvas, rect: Rect, story: list[Flowable], placements: list[Placement],
               tinted: bool) -> None:
    x, y, w, h = rect
    if tinted:
        canv.saveState()
        canv.setFillColor(TINT)
        canv.roundRect(x + CARD_PADDING / 2, y + CARD_PADDING / 2, w - CARD_PADDING,
                       h - CARD_PADDING, 6, stroke=0, fill=1)
        canv.restoreState()
    frame = RecordingFrame(x + CARD_PADDING, y + CARD_PADDING, w - 2 * CARD_PADDING,
                           h - 2 * CARD_PADDING, leftPadding=0, rightPadding=0,
                           topPadding=0, bottomPadding=0, placements=placements)
    if tinted:  # the outside: centre the short text vertically
        used = sum(f.wrap(frame._width, frame._height)[1] + f.getSpaceAfter() for f in story)
        frame._y -= max(0.0, (frame._height - used) / 2)
    remaining = list(story)
    frame.addFromList(remaining, canv)
    if remaining:
        raise HandoutError(_("The card text does not fit on a wallet card."))


def _draw_draft_notice(canv: Canvas, layout: CardSheetLayout, lang: str) -> None:
    """In the bottom margin, clear of the cut marks: the notice in `lang` under the first
    column of cards and in English under the second."""
    columns = sorted({x for x, _y, _w, _h in layout.fronts})
    texts = draft_lines(lang)
    if len(columns) < len(texts):
        texts = [" / ".join(texts)]
    top = min(y for _x, y, _w, _h in layout.fronts) - MARK_GAP - NOTICE_SIZE
    canv.saveState()
    canv.setFont(REGULAR, NOTICE_SIZE)
    canv.setFillColor(MUTED)
    for x, text in zip(columns, texts, strict=False):
        lines = simpleSplit(text, REGULAR, NOTICE_SIZE, CARD_WIDTH - 2 * MARK_GAP)[:3]
        for number, line in enumerate(lines):  # between the cut marks of this column
            canv.drawString(x + MARK_GAP, top - number * (NOTICE_SIZE + 1), line)
    canv.restoreState()


def _draw_marks(canv: Canvas, layout: CardSheetLayout) -> None:
    canv.saveState()
    canv.setLineWidth(0.5)
    canv.setStrokeColor(INK)
    for x1, y1, x2, y2 in layout.cut_marks:
        canv.line(x1, y1, x2, y2)
    canv.restoreState()


@one_build_at_a_time
def build_wallet_cards(contacts: Sequence[Contact], lang: str, out: Output,
                       sheets: int = 1) -> BuildReport:
    """Build `sheets` Letter sheets of wallet cards in `lang` (2 pages per sheet, duplex).

    Odd pages hold the neutral outsides, even pages the mirrored insides. Raises
    NoContactsError for an empty list and HandoutError when the contacts do not fit.
    """
    lang = checked_language(lang)
    listed = require_contacts(contacts)
    if not 1 <= sheets <= MAX_SHEETS:
        raise HandoutError(_("Print between 1 and {most} sheets of cards.").format(
            most=MAX_SHEETS))
    layout = card_layout(LETTER)
    size = inside_font_size(listed, lang)  # fails before anything is drawn
    buffer = io.BytesIO()
    canv = make_canvas(buffer, lang=lang, title=cards_title(lang), size=LETTER)
    report = BuildReport()
    draft = referral_text_is_draft(listed, lang)
    for _sheet in range(sheets):
        for rect in layout.fronts:
            _draw_card(canv, rect, _outside_story(lang), report.placements, tinted=True)
        _draw_marks(canv, layout)
        canv.showPage()
        for rect in layout.backs:
            _draw_card(canv, rect, _inside_story(listed, lang, size), report.placements,
                       tinted=False)
        _draw_marks(canv, layout)
        if draft:  # on the side with the numbers, which the draft wording matters most for
            _draw_draft_notice(canv, layout, lang)
        canv.showPage()
    canv.save()
    report.pages = 2 * sheets
    write_pdf(buffer.getvalue(), out)
    return report
