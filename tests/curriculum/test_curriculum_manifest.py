"""MANIFEST.json: released files are hashed; an edit is detected; --write never rewrites."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path

import pytest

from curriculum import check_manifest, compute_manifest, unlisted_files, write_manifest
from curriculum.manifest import main, read_manifest

TODAY = dt.date(2026, 11, 29)
EN = "online-safety/1.0.0/en.md"


@pytest.fixture
def root(copy_lessons: Callable[..., Path]) -> Path:
    return copy_lessons("online-safety", "healthy-relationships")


def test_write_then_check_clean(root: Path) -> None:
    added = write_manifest(root, TODAY)
    assert EN in added and len(added) == 8
    stored = json.loads((root / "MANIFEST.json").read_text())
    assert stored == compute_manifest(root, TODAY)
    assert all(len(digest) == 64 for digest in stored.values())
    assert check_manifest(root) == [] and unlisted_files(root, TODAY) == []
    assert write_manifest(root, TODAY) == []


def test_edited_released_file_is_detected(root: Path) -> None:
    write_manifest(root, TODAY)
    path = root / EN
    path.write_text(path.read_text().replace("Index cards", "Index cards and pens"))
    assert check_manifest(root) == [EN]
    before = read_manifest(root)[EN]
    write_manifest(root, TODAY)
    assert read_manifest(root)[EN] == before  # --write never changes an existing entry
    assert check_manifest(root) == [EN]
    assert main(["--check", "--root", str(root)]) == 1


def test_deleted_released_file_is_detected(root: Path) -> None:
    write_manifest(root, TODAY)
    (root / EN).unlink()
    assert check_manifest(root) == [EN]


def test_line_endings_do_not_count_as_an_edit(root: Path) -> None:
    write_manifest(root, TODAY)
    path = root / EN
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    assert check_manifest(root) == []


def test_new_and_future_files(root: Path) -> None:
    write_manifest(root, TODAY)
    folder = root / "online-safety" / "1.1.0"
    folder.mkdir()
    text = (
        (root / EN)
        .read_text()
        .replace("version: 1.0.0\nreleased: 2026-11-01", "version: 1.1.0\nreleased: 2026-12-15")
    )
    (folder / "en.md").write_text(text)
    assert unlisted_files(root, TODAY) == []  # not released yet: may still change
    later = dt.date(2026, 12, 15)
    assert unlisted_files(root, later) == ["online-safety/1.1.0/en.md"]
    assert write_manifest(root, later) == ["online-safety/1.1.0/en.md"]
    assert check_manifest(root) == []


def test_cli_write_and_check(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--check", "--root", str(root)]) == 1  # released files not yet listed
    assert "released but not in MANIFEST.json" in capsys.readouterr().err
    assert main(["--write", "--root", str(root)]) == 0
    assert "added online-safety/1.0.0/en.md" in capsys.readouterr().out
    assert main(["--check", "--root", str(root)]) == 0
    (root / "MANIFEST.json").write_text("[1, 2]")
    assert main(["--check", "--root", str(root)]) == 1
    assert "must be a JSON object" in capsys.readouterr().err
