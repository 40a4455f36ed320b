"""Every character of every catalog and content file has a glyph in the bundled fonts."""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from clinic_app.handouts.contacts import default_contacts_path
from clinic_app.handouts.fonts import BOLD, ITALIC, REGULAR, missing_characters
from clinic_app.paths import translations_dir

ROOT = Path(__file__).resolve().parents[2]


def catalog_text() -> dict[str, str]:
    texts: dict[str, str] = {}
    for po in sorted(translations_dir().glob("*.po")):
        with po.open("rb") as handle:
            catalog = read_po(handle)
        parts: list[str] = []
        for message in catalog:
            strings = message.string if isinstance(message.string, tuple) else (message.string,)
            parts += [s for s in strings if s]
        texts[po.name] = "".join(parts)
    return texts


def content_text() -> dict[str, str]:
    files = sorted((ROOT / "curriculum" / "lessons").rglob("*.md"))
    files += sorted((ROOT / "screening" / "instruments").rglob("*.toml"))
    files.append(default_contacts_path())
    return {str(f.relative_to(ROOT) if f.is_relative_to(ROOT) else f):
            f.read_text(encoding="utf-8") for f in files}


def test_there_is_content_to_check() -> None:
    assert len(catalog_text()) >= 3
    assert any(name.endswith(".toml") for name in content_text())
    assert any(name.endswith(".md") for name in content_text())


@pytest.mark.parametrize("face", [REGULAR, BOLD, ITALIC])
def test_every_character_has_a_glyph(face: str) -> None:
    missing: dict[str, list[str]] = {}
    for name, text in {**catalog_text(), **content_text()}.items():
        absent = missing_characters(text, face)
        if absent:
            missing[name] = sorted(f"U+{ord(ch):04X} {ch!r}" for ch in absent)
    assert missing == {}


def test_hmong_tone_letters_and_somali_apostrophes_are_covered() -> None:
    assert missing_characters("Hmoob: b j v s g m d; Soomaali: ka faa'iideysi ’ ‘ — – …") == set()
