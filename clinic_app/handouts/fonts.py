"""The embedded TrueType family (DejaVu Sans), registered with reportlab once per process.

TrueType fonts are always embedded (as subsets) by reportlab, so every PDF carries
its glyphs. Bold italic maps to bold: the family ships no bold-oblique face.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import cast

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from clinic_app.paths import resource_path

FAMILY = "HandoutSans"
REGULAR = "HandoutSans"
BOLD = "HandoutSans-Bold"
ITALIC = "HandoutSans-Italic"
FACE_FILES: dict[str, str] = {
    REGULAR: "DejaVuSans.ttf",
    BOLD: "DejaVuSans-Bold.ttf",
    ITALIC: "DejaVuSans-Oblique.ttf",
}
_lock = threading.Lock()
_registered = False


def font_file(face: str) -> Path:
    """The .ttf file of one face of the family."""
    return resource_path("fonts", FACE_FILES[face])


def register_fonts() -> str:
    """Register the family (regular, bold, italic) once; return its family name."""
    global _registered
    if _registered:
        return FAMILY
    with _lock:
        if not _registered:
            for face in FACE_FILES:
                pdfmetrics.registerFont(TTFont(face, str(font_file(face))))
            pdfmetrics.registerFontFamily(FAMILY, normal=REGULAR, bold=BOLD, italic=ITALIC,
                                          boldItalic=BOLD)
            _registered = True
    return FAMILY


def missing_characters(text: str, face: str = REGULAR) -> set[str]:
    """Characters of `text` (whitespace aside) that have no glyph in the face."""
    register_fonts()
    font = cast(TTFont, pdfmetrics.getFont(face))  # every face registered here is a TTFont
    cmap: dict[int, int] = font.face.charToGlyph
    return {ch for ch in set(text) if not ch.isspace() and ord(ch) not in cmap}
