"""Paragraph styles shared by every handout: one family, generous leading, long words split.

`spaceShrinkage` is 0 so reportlab never squeezes a line wider than the frame by
compressing its spaces: a line either fits as measured or wraps.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle

from clinic_app.handouts.fonts import BOLD, REGULAR, register_fonts

INK = colors.HexColor("#1a1a1a")
MUTED = colors.HexColor("#555555")
ACCENT = colors.HexColor("#1f5f8b")
TINT = colors.HexColor("#eef3f7")


@dataclass(frozen=True)
class Styles:
    """The styles of one handout at a base size (sheet: 10.5 pt; cards are smaller)."""

    title: ParagraphStyle
    subtitle: ParagraphStyle
    heading: ParagraphStyle
    subheading: ParagraphStyle
    body: ParagraphStyle
    bullet: ParagraphStyle
    small: ParagraphStyle
    contact_name: ParagraphStyle
    contact_line: ParagraphStyle


def make_styles(size: float = 10.5) -> Styles:
    """Styles scaled from `size`; Hmong and Somali words longer than a line are split."""
    register_fonts()

    def style(name: str, **kw: Any) -> ParagraphStyle:
        base: dict[str, Any] = {
            "fontName": REGULAR, "bulletFontName": REGULAR, "bulletFontSize": size,
            "fontSize": size, "leading": size * 1.3, "textColor": INK, "splitLongWords": 1,
            "spaceShrinkage": 0, "allowWidows": 0, "allowOrphans": 0,
        }
        base.update(kw)
        return ParagraphStyle(name, **base)

    return Styles(
        title=style("title", fontName=BOLD, fontSize=size * 1.9, leading=size * 2.3,
                    textColor=ACCENT, spaceAfter=size * 0.4),
        subtitle=style("subtitle", textColor=MUTED, spaceAfter=size * 0.8),
        heading=style("heading", fontName=BOLD, fontSize=size * 1.25, leading=size * 1.55,
                      textColor=ACCENT, spaceBefore=size * 0.8, spaceAfter=size * 0.3,
                      keepWithNext=1),
        subheading=style("subheading", fontName=BOLD, fontSize=size * 1.05,
                         leading=size * 1.4, spaceBefore=size * 0.6, spaceAfter=size * 0.2,
                         keepWithNext=1),
        body=style("body", spaceAfter=size * 0.4),
        bullet=style("bullet", leftIndent=size * 1.4,
                     bulletIndent=size * 0.35, spaceAfter=size * 0.15),
        small=style("small", fontSize=size * 0.82, leading=size * 1.05, textColor=MUTED),
        contact_name=style("contact_name", fontName=BOLD, fontSize=size * 1.1,
                           leading=size * 1.35, spaceBefore=size * 0.5, keepWithNext=1),
        contact_line=style("contact_line", spaceAfter=size * 0.1),
    )
