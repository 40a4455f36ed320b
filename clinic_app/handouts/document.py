"""The PDF document every handout shares: neutral metadata, /Lang, footers, page numbers.

- Metadata never holds a user name: author, creator and producer are the product name,
  the title is the handout's neutral title, and `invariant` drops timestamps.
- Content is laid out in `RecordingFrame`s, which record where each flowable landed so
  tests can prove nothing runs past the frame.
- A story is split into *copies* by `StartCopy` markers: page numbers ("Page 1 of 2")
  count within a copy and appear only when the copy has more than one page; each copy
  carries its own footer text and language. The markers also drive progress reports
  and cancellation.
"""

from __future__ import annotations

import functools
import io
import threading
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, TypeVar, cast

from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.units import inch
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate, Paragraph

from clinic_app.handouts.errors import HandoutCancelled, HandoutError
from clinic_app.handouts.fonts import REGULAR, register_fonts
from clinic_app.handouts.styles import MUTED
from clinic_app.i18n import _, check_language, translations

PRODUCT = "clinic-app"
PAGE_SIZES: dict[str, tuple[float, float]] = {"letter": LETTER, "a4": A4}
# BCP 47 tags for the PDF catalog's /Lang.
PDF_LANG: dict[str, str] = {"en": "en-US", "es": "es-US", "hmn": "hmn", "so": "so"}
MARGIN = 0.6 * inch
FOOTER_Y = 0.35 * inch
FOOTER_SIZE = 8
NOTICE_SIZE = 7
NOTICE_TOP = 0.25 * inch  # first baseline of the notice, from the top edge: 2 lines fit
_FUZZ = 0.01

ProgressCallback = Callable[[int, int], None]
CancelCheck = Callable[[], bool]
F = TypeVar("F", bound=Callable[..., Any])
# reportlab keeps process-wide state (font registry, each TTFont's per-document subset
# tables), so builds in two threads at once (a screening's card while a class set is
# printing) take turns rather than share it.
_BUILD_LOCK = threading.RLock()


def one_build_at_a_time(function: F) -> F:
    """Decorator for public builders: serialise them across threads."""

    @functools.wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        with _BUILD_LOCK:
            return function(*args, **kwargs)

    return cast(F, wrapper)


@dataclass(frozen=True)
class Placement:
    """Where one flowable was drawn: its page, its frame and its box (points)."""

    page: int
    frame: tuple[float, float, float, float]  # x, y, width, height
    left: float
    right: float
    top: float
    bottom: float
    kind: str

    @property
    def fits(self) -> bool:
        """True when the box lies inside the frame."""
        x, y, w, h = self.frame
        return (self.left >= x - _FUZZ and self.right <= x + w + _FUZZ
                and self.bottom >= y - _FUZZ and self.top <= y + h + _FUZZ)


@dataclass
class BuildReport:
    """What a build produced: page count and where every flowable landed."""

    pages: int = 0
    placements: list[Placement] = field(default_factory=list)

    @property
    def overflows(self) -> list[Placement]:
        """Placements that run outside their frame (should always be empty)."""
        return [p for p in self.placements if not p.fits]


def content_width(flowable: Flowable, available: float) -> float:
    """The width a flowable really inks: a paragraph's widest line, else its wrap width."""
    if isinstance(flowable, Paragraph):
        # reportlab reports each line as wrap width minus its slack, so the left
        # indent is already included; the right indent is not ink.
        widths = flowable.getActualLineWidths0() if hasattr(flowable, "blPara") else []
        return float(max(widths, default=0.0) - flowable.style.rightIndent)
    width = getattr(flowable, "_width", None) or getattr(flowable, "width", None)
    return float(width) if width else 0.0


class RecordingFrame(Frame):
    """A Frame that records each flowable it places (see `Placement`)."""

    # Frame's private layout state, which Frame sets and this class reads (reportlab's
    # stubs leave it out).
    _x: float
    _y: float
    _x1: float
    _y1: float
    _width: float
    _height: float
    _leftExtraIndent: float

    def __init__(self, *args: Any, placements: list[Placement], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.placements = placements

    def add(self, flowable: Flowable, canv: Canvas, trySplit: int = 0) -> Literal[0, 1]:  # noqa: N803
        top = self._y
        left = self._x + self._leftExtraIndent
        available: float = self._getAvailableWidth()  # type: ignore[attr-defined]
        placed: Literal[0, 1] = Frame._add(self, flowable, canv, trySplit)  # type: ignore[attr-defined]
        if placed and not getattr(flowable, "frameAction", None):
            width = content_width(flowable, available)
            self.placements.append(Placement(
                page=canv.getPageNumber(),
                frame=(self._x1, self._y1, self._width, self._height),
                left=left, right=left + width, top=top, bottom=self._y,
                kind=type(flowable).__name__,
            ))
        return placed


class StartCopy(Flowable):
    """Zero-size marker at the start of each copy: sets the footer, language and numbering group."""

    _ZEROSIZE = True

    def __init__(self, index: int, lang: str, footer: str = "", notice: str = "") -> None:
        super().__init__()
        self.index = index
        self.lang = lang
        self.footer = footer
        self.notice = notice  # lines for the top margin, e.g. that the text is a draft

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        return 0.0, 0.0

    def draw(self) -> None:
        canv = cast(HandoutCanvas, self.canv)  # StartCopy is only drawn by render_story
        canv.handout_group = self.index
        canv.handout_lang = self.lang
        canv.handout_footer = self.footer
        canv.handout_notice = self.notice


def fit_line(text: str, width: float, size: float = FOOTER_SIZE) -> str:
    """`text`, shortened with an ellipsis if needed to fit `width` points on one line."""
    if stringWidth(text, REGULAR, size) <= width:
        return text
    while text and stringWidth(text + "\u2026", REGULAR, size) > width:
        text = text[:-1]
    return text.rstrip() + "\u2026"


class HandoutCanvas(Canvas):
    """Holds pages until save() so footers can say "Page n of N" within each copy."""

    _pagesize: tuple[float, float]  # Canvas's own, left out of reportlab's stubs

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.handout_group = 0
        self.handout_lang = "en"
        self.handout_footer = ""
        self.handout_notice = ""
        self._held_pages: list[dict[str, Any]] = []

    def showPage(self) -> None:  # noqa: N802
        self._held_pages.append(dict(self.__dict__))
        self._startPage()  # type: ignore[attr-defined]

    def save(self) -> None:
        totals = Counter(state["handout_group"] for state in self._held_pages)
        numbers: Counter[int] = Counter()
        for state in self._held_pages:
            self.__dict__.update(state)
            numbers[self.handout_group] += 1
            self._draw_footer(numbers[self.handout_group], totals[self.handout_group])
            Canvas.showPage(self)
        Canvas.save(self)

    def _draw_footer(self, number: int, total: int) -> None:
        width = self._pagesize[0]
        self.saveState()
        self.setFont(REGULAR, FOOTER_SIZE)
        self.setFillColor(MUTED)
        page_text = ""
        if total > 1:
            template = translations(self.handout_lang).gettext("Page {number} of {total}")
            page_text = template.format(number=number, total=total)
            self.drawRightString(width - MARGIN, FOOTER_Y, page_text)
        room = width - 2 * MARGIN - stringWidth(page_text, REGULAR, FOOTER_SIZE) - 12
        if self.handout_footer:
            self.drawString(MARGIN, FOOTER_Y, fit_line(self.handout_footer, room))
        if self.handout_notice:  # in the top margin, above the text frame
            self.setFont(REGULAR, NOTICE_SIZE)
            y = self._pagesize[1] - NOTICE_TOP
            for line in self.handout_notice.splitlines():
                for part in simpleSplit(line, REGULAR, NOTICE_SIZE, width - 2 * MARGIN)[:2]:
                    self.drawString(MARGIN, y, part)
                    y -= NOTICE_SIZE + 1.5
        self.restoreState()


def page_size_points(name: str) -> tuple[float, float]:
    """The reportlab page size for "letter" or "a4"."""
    try:
        return PAGE_SIZES[name.lower()]
    except KeyError:
        raise HandoutError(_("Unknown page size '{name}': use letter or a4.").format(
            name=name)) from None


def checked_language(code: str) -> str:
    """`code` if it is one of the app's languages, else a HandoutError with one clear line."""
    from clinic_app.i18n import LANGUAGES, UnknownLanguageError

    try:
        return check_language(code)
    except UnknownLanguageError:
        raise HandoutError(_("Unknown language '{code}': use one of {codes}.").format(
            code=code, codes=", ".join(LANGUAGES))) from None


class HandoutDocument(BaseDocTemplate):
    """One page template with a single recording frame inside the margins."""

    def __init__(self, buffer: io.BytesIO, *, lang: str, title: str, size: tuple[float, float],
                 progress: ProgressCallback | None = None, cancelled: CancelCheck | None = None,
                 copies: int = 1) -> None:
        super().__init__(
            buffer, pagesize=size, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN,
            bottomMargin=MARGIN, title=title, author=PRODUCT, subject="", creator=PRODUCT,
            producer=PRODUCT, keywords=[], invariant=1, lang=PDF_LANG[lang],
            initialFontName=REGULAR, pageCompression=1,
        )
        self.report = BuildReport()
        frame = RecordingFrame(self.leftMargin, self.bottomMargin, self.width, self.height,
                               id="body", placements=self.report.placements)
        self.addPageTemplates([PageTemplate(id="page", frames=[frame])])
        self._progress = progress
        self._cancelled = cancelled
        self._copies = copies

    def afterFlowable(self, flowable: Flowable) -> None:  # noqa: N802
        if isinstance(flowable, StartCopy):
            if self._cancelled is not None and self._cancelled():
                raise HandoutCancelled(_("Printing was cancelled; no file was written."))
            if self._progress is not None:
                self._progress(flowable.index, self._copies)


def render_story(story: Sequence[Flowable], *, lang: str, title: str, size: tuple[float, float],
                 progress: ProgressCallback | None = None, cancelled: CancelCheck | None = None,
                 copies: int = 1) -> tuple[bytes, BuildReport]:
    """Lay out a story into PDF bytes; returns the bytes and the build report."""
    register_fonts()
    buffer = io.BytesIO()
    doc = HandoutDocument(buffer, lang=lang, title=title, size=size, progress=progress,
                          cancelled=cancelled, copies=copies)
    doc.build(list(story), canvasmaker=HandoutCanvas)
    if progress is not None:
        progress(copies, copies)
    doc.report.pages = doc.page
    return buffer.getvalue(), doc.report


def make_canvas(buffer: io.BytesIO, *, lang: str, title: str,
                size: tuple[float, float]) -> Canvas:
    """A bare canvas with the same neutral metadata and /Lang as `HandoutDocument`."""
    register_fonts()
    canv = Canvas(buffer, pagesize=size, invariant=1, pageCompression=1, lang=PDF_LANG[lang],
                  initialFontName=REGULAR)  # type: ignore[arg-type]  # the stubs say a number
    canv.setTitle(title)
    canv.setAuthor(PRODUCT)
    canv.setSubject("")
    canv.setCreator(PRODUCT)
    canv.setProducer(PRODUCT)
    canv.setKeywords("")  # what reportlab makes of [] (it joins a list with ", ")
    return canv
