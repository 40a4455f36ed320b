"""Helpers for handout tests: read a PDF (pypdf) and check text, fonts, /Lang and metadata."""

from __future__ import annotations

import getpass
import io
import re
from pathlib import Path

from pypdf import PdfReader
from pypdf.generic import DictionaryObject

from clinic_app.handouts import Contact, default_contacts, printable

LANGS = ("en", "es", "hmn", "so")
# Words a neutral title or a card must never show, in every handout language.
EXPLICIT_WORDS = ("traffick", "trata", "tahriib", "ka ganacsi", "muag neeg", "exploit",
                  "explota", "sex", "abuse", "abuso")


def reader(source: bytes | Path) -> PdfReader:
    data = source.read_bytes() if isinstance(source, Path) else source
    return PdfReader(io.BytesIO(data))


def page_texts(pdf: PdfReader) -> list[str]:
    return [page.extract_text() or "" for page in pdf.pages]


def squashed(text: str) -> str:
    """Text without whitespace, so a wrapped line cannot hide a number."""
    return re.sub(r"\s+", "", text)


def numbers_of(contacts: list[Contact]) -> list[str]:
    found: list[str] = []
    for contact in contacts:
        found.append(contact.phone)
        if contact.text_number:
            found.append(contact.text_number)
    return found


def default_numbers() -> list[str]:
    return numbers_of(printable(default_contacts()))


def missing_numbers(text: str, numbers: list[str]) -> list[str]:
    flat = squashed(text)
    return [n for n in numbers if squashed(n) not in flat]


def fonts_not_embedded(pdf: PdfReader) -> list[str]:
    """Names of fonts used on any page that carry no embedded TrueType program."""
    bad: list[str] = []
    for page in pdf.pages:
        resources = page.get("/Resources")
        fonts = resources.get_object().get("/Font") if resources else None
        if fonts is None:
            continue
        for name, ref in fonts.get_object().items():
            font = ref.get_object()
            descriptor = font.get("/FontDescriptor")
            for descendant in font.get("/DescendantFonts", []):
                descriptor = descriptor or descendant.get_object().get("/FontDescriptor")
            if descriptor is None or "/FontFile2" not in descriptor.get_object():
                bad.append(f"{name} ({font.get('/BaseFont')})")
    return bad


def font_count(pdf: PdfReader) -> int:
    names = set()
    for page in pdf.pages:
        resources = page.get("/Resources")
        fonts = resources.get_object().get("/Font") if resources else None
        for ref in (fonts.get_object().values() if fonts is not None else []):
            names.add(str(ref.get_object().get("/BaseFont")))
    return len(names)


def catalog_lang(pdf: PdfReader) -> str:
    root = pdf.trailer["/Root"]
    assert isinstance(root.get_object(), DictionaryObject)
    return str(root.get_object().get("/Lang", ""))


def metadata_problems(pdf: PdfReader) -> list[str]:
    """Metadata that could identify a person: an OS user name, or an author not the product."""
    problems: list[str] = []
    meta = pdf.metadata or {}
    user = getpass.getuser().lower()
    for key, value in meta.items():
        if len(user) > 2 and user in str(value).lower():
            problems.append(f"{key} holds the OS user name")
    if str(meta.get("/Author", "clinic-app")) not in ("clinic-app", ""):
        problems.append(f"/Author is {meta.get('/Author')!r}")
    if "/Metadata" in pdf.trailer["/Root"].get_object():
        problems.append("an XMP stream is present")
    return problems


def explicit_words(text: str) -> list[str]:
    low = text.lower()
    return [word for word in EXPLICIT_WORDS if word in low]
