"""Benchmark: handout PDFs against bare reportlab, and a 30-page class set.

Run from the repository root: ``python bench/handouts.py``. Prints the median build time
of the referral sheet against a bare reportlab document holding the same text in the
same font (goal: at most 2x), the wallet cards for information, and a 30-page class
set (goal: under 2 s). Exits 1 when a goal is missed.
"""

from __future__ import annotations

import io
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

if __name__ == "__main__":  # import the repository's packages, not an installed copy
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from reportlab.lib.styles import ParagraphStyle  # noqa: E402
from reportlab.platypus import Paragraph, SimpleDocTemplate  # noqa: E402

from bench._results import record  # noqa: E402
from clinic_app.handouts import (  # noqa: E402
    ClinicDetails,
    build_class_set,
    build_referral_sheet,
    build_wallet_cards,
    find_lesson_file,
    handout_text,
    load_bundled_library,
    load_contacts,
)
from clinic_app.handouts.fonts import REGULAR, register_fonts  # noqa: E402
from clinic_app.handouts.referral_sheet import referral_story  # noqa: E402
from clinic_app.handouts.styles import make_styles  # noqa: E402

RATIO_GOAL = 2.0
CLASS_SET_GOAL_SECONDS = 2.0
CLASS_SET_PAGES = 30
RUNS = 15
CLINIC = ClinicDetails("North High Clinic", "612-555-0100", "Mon-Fri 8:00-15:30")


def median_seconds(action: Callable[[], object], runs: int = RUNS) -> float:
    action()  # warm-up: font registration, catalogs, imports
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def bare_reportlab(texts: list[str]) -> Callable[[], object]:
    """A plain SimpleDocTemplate with the same paragraphs in the same embedded font."""
    style = ParagraphStyle("bare", fontName=REGULAR, fontSize=9.5, leading=12.35)

    def build() -> object:
        doc = SimpleDocTemplate(io.BytesIO())
        doc.build([Paragraph(text, style) for text in texts])
        return doc

    return build


def main() -> int:
    register_fonts()
    contacts = load_contacts()
    story = referral_story(contacts, CLINIC, "en", make_styles(9.5))
    texts = [flowable.text for flowable in _paragraphs(story)]
    sheet = median_seconds(lambda: build_referral_sheet(contacts, CLINIC, "en", io.BytesIO()))
    bare = median_seconds(bare_reportlab(texts))
    ratio = sheet / bare
    print(f"referral sheet: {sheet * 1000:.0f} ms vs bare reportlab {bare * 1000:.0f} ms = "
          f"{ratio:.1f}x (goal <= {RATIO_GOAL:g}x)")

    cards = median_seconds(lambda: build_wallet_cards(contacts, "en", io.BytesIO()), runs=5)
    print(f"wallet cards (10 cards, 2 pages): {cards * 1000:.0f} ms (for information)")

    library = load_bundled_library()
    source = handout_text(find_lesson_file(library, "healthy-relationships", None, "en"))
    spanish = handout_text(find_lesson_file(library, "healthy-relationships", None, "es"))
    pages = build_class_set([("en", 1)], {"en": source}, io.BytesIO()).pages
    copies = max(1, CLASS_SET_PAGES // pages)
    items = [("en", copies - copies // 3), ("es", copies // 3)]
    built = build_class_set(items, {"en": source, "es": spanish}, io.BytesIO()).pages
    class_set = median_seconds(
        lambda: build_class_set(items, {"en": source, "es": spanish}, io.BytesIO()), runs=5)
    print(f"class set, {built} pages ({copies} copies, en+es): {class_set:.2f} s "
          f"(goal < {CLASS_SET_GOAL_SECONDS:g} s)")
    record("referral sheet vs bare reportlab", f"{ratio:.1f}x", f"at most {RATIO_GOAL:g}x",
           ratio <= RATIO_GOAL, ratio=ratio, seconds=sheet)
    record(f"class set of {built} pages", f"{class_set:.2f} s",
           f"under {CLASS_SET_GOAL_SECONDS:g} s", class_set < CLASS_SET_GOAL_SECONDS,
           seconds=class_set)
    return 0 if ratio <= RATIO_GOAL and class_set < CLASS_SET_GOAL_SECONDS else 1


def _paragraphs(story: list[object]) -> list[Paragraph]:
    found: list[Paragraph] = []
    for flowable in story:
        if isinstance(flowable, Paragraph):
            found.append(flowable)
        found += _paragraphs(list(getattr(flowable, "_content", [])))
    return found


if __name__ == "__main__":
    raise SystemExit(main())
