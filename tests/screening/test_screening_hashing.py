"""Content hash: stable for the same content, different for any change; import checks."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from screening import (
    ImportCheck,
    check_import,
    conflict_problem,
    content_hash,
    load_bundled,
    load_instrument_file,
    load_instrument_text,
)
from screening.library import BUNDLED_DIR

FIXTURES = Path(__file__).parent / "fixtures"
MINIMAL = (FIXTURES / "minimal.toml").read_text(encoding="utf-8")

# Released versions never change. If this fails, put the change in a new version
# (a new file with a higher version and a changelog entry) instead.
RELEASED = {
    ("youth-brief-screen", "1.0.0"):
        "sha256:7b8191e7de075aa9e8a5c1bf6cc1310d087bc3df0fb658ed8f9cc3b7f6cd8808",
    ("staff-indicator-checklist", "1.0.0"):
        "sha256:978aa1bb118d605e82e1bcb3d54d1dcee04a538e7055e8905622c313b86b9aed",
    ("youth-brief-screen", "1.1.0"):
        "sha256:62865d142375e1019896b16711f2f09a9241ebb634af1d036235c5fae23d6cdb",
    ("staff-indicator-checklist", "1.1.0"):
        "sha256:9b723edebd9f86264a2ed0193850b8c3fa5e9fa6bab8d1677b04422ea333301e",
}


def _load(text: str, source: str = "mini.toml") -> str:
    instrument, problems = load_instrument_text(text, source)
    assert problems == [] and instrument is not None
    return content_hash(instrument)


def test_hash_format_and_stability() -> None:
    first = _load(MINIMAL)
    assert re.fullmatch(r"sha256:[0-9a-f]{64}", first)
    assert _load(MINIMAL) == first
    assert _load(MINIMAL, "/somewhere/else/1.0.0.toml") == first


def test_layout_comments_and_key_order_do_not_change_the_hash() -> None:
    reformatted = (
        MINIMAL.replace("format = 1\nid = \"mini-screen\"", "id = \"mini-screen\"\nformat = 1")
        .replace(
            'title = { en = "Mini screen", es = "Mini evaluación", hmn = "Cov lus nug me me", '
            'so = "Baaritaan yar" }',
            'title.so = "Baaritaan yar"\ntitle.hmn = "Cov lus nug me me"\n'
            'title.en = "Mini screen"   # a comment\ntitle.es = "Mini evaluación"',
        )
        .replace("points = { yes = 1 }", "points = {yes=1}")
    )
    assert reformatted != MINIMAL
    assert _load(reformatted) == _load(MINIMAL)


def test_any_change_of_content_changes_the_hash() -> None:
    base = _load(MINIMAL)
    changes = [
        ('hmn = "Lo lus nug A?"', 'hmn = "Lo lus nug A"'),
        ("at_least = 2", "at_least = 1"),
        ('red_flags = ["c"]', 'red_flags = ["c", "b"]'),
        ("follow_up_days = 7", "follow_up_days = 8"),
        ('sources = ["Test fixture."]', 'sources = ["Test fixture"]'),
        ('hmn = "draft", so', 'hmn = "reviewed", so'),
    ]
    hashes = set()
    for old, new in changes:
        assert MINIMAL.count(old) == 1, old
        hashes.add(_load(MINIMAL.replace(old, new)))
    assert base not in hashes
    assert len(hashes) == len(changes)


def test_released_bundled_versions_never_change() -> None:
    instruments, problems = load_bundled()
    assert problems == []
    assert {i.key: content_hash(i) for i in instruments} == RELEASED


def test_import_check_new_identical_conflict(tmp_path: Path) -> None:
    installed, _ = load_bundled()
    youth = next(i for i in installed if i.id == "youth-brief-screen")
    copy = tmp_path / "youth-brief-screen" / "1.0.0.toml"
    copy.parent.mkdir()
    shutil.copy(BUNDLED_DIR / "youth-brief-screen" / "1.0.0.toml", copy)
    same, _ = load_instrument_file(copy)
    assert same is not None
    assert check_import(same, installed) is ImportCheck.IDENTICAL

    text = copy.read_text(encoding="utf-8")
    copy.write_text(text.replace("at_least = 2", "at_least = 3"), encoding="utf-8")
    changed, _ = load_instrument_file(copy)
    assert changed is not None
    assert check_import(changed, installed) is ImportCheck.CONFLICT
    problem = conflict_problem(changed, youth)
    assert problem.file == str(copy) and problem.location == "version"
    assert "new version number" in problem.message

    bumped = text.replace('version = "1.0.0"\nreleased', 'version = "1.0.1"\nreleased')
    bumped = bumped.replace('[[changelog]]\nversion = "1.0.0"', '[[changelog]]\nversion = "1.0.1"')
    copy.write_text(bumped, encoding="utf-8")
    newer, problems = load_instrument_file(copy)
    assert problems == [] and newer is not None
    assert check_import(newer, installed) is ImportCheck.NEW
