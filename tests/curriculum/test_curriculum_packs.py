"""Lesson packs: validated first, installed all or nothing, zip entries that escape refused."""

from __future__ import annotations

import os
import shutil
import stat
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from curriculum import (
    Library,
    PackError,
    install_pack,
    load_library,
    plan_install,
    validate_pack,
    validate_path,
)
from curriculum.packs import read_pack

LIBRARY = Path(__file__).parent / "fixtures" / "library"


def _files(root: Path) -> set[str]:
    return {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()}


def _zip(folder: Path, dest: Path, prefix: str = "") -> Path:
    with zipfile.ZipFile(dest, "w") as archive:
        for path in sorted(folder.rglob("*.md")):
            archive.write(path, prefix + path.relative_to(folder).as_posix())
    return dest


@pytest.fixture
def installed(copy_lessons: Callable[..., Path]) -> Path:
    return copy_lessons("healthy-relationships", into="installed")


@pytest.fixture
def pack(copy_lessons: Callable[..., Path]) -> Path:
    return copy_lessons("online-safety", into="pack")


def test_good_pack_installs(installed: Path, pack: Path) -> None:
    before = _files(installed)
    result = install_pack(pack, installed)
    assert result.ok and result.problems == ()
    assert set(result.added) == {"online-safety/1.0.0/en.md", "online-safety/1.0.0/es.md"}
    assert _files(installed) == before | set(result.added)
    library, problems = load_library(installed)
    assert problems == [] and "online-safety" in library
    assert not [p for p in installed.iterdir() if p.name.startswith(".")]  # staging removed


def test_one_bad_lesson_installs_nothing_and_says_why(installed: Path, pack: Path) -> None:
    shutil.copytree(LIBRARY / "raw-html", pack / "raw-html")
    before = _files(installed)
    result = install_pack(pack, installed)
    assert not result.ok and result.added == ()
    assert _files(installed) == before
    errors = [p for p in result.problems if p.is_error]
    assert any("raw-html" in p.file and "raw HTML" in p.message and p.line > 1 for p in errors)
    assert "nothing was installed" in errors[-1].message


def test_identical_reimport_is_a_no_op(installed: Path, pack: Path) -> None:
    first = install_pack(pack, installed)
    assert first.ok and len(first.added) == 2
    again = install_pack(pack, installed)
    assert again.ok and again.added == () and len(again.skipped) == 2


def test_changed_released_version_is_refused(installed: Path, pack: Path) -> None:
    shutil.copytree(
        LIBRARY / "healthy-relationships" / "1.0.0", pack / "healthy-relationships" / "1.0.0"
    )
    changed = pack / "healthy-relationships" / "1.0.0" / "en.md"
    changed.write_text(changed.read_text().replace("Index cards", "Sticky notes"))
    before = _files(installed)
    result = install_pack(pack, installed)
    assert not result.ok and _files(installed) == before
    assert any(
        "already installed" in p.message and "new version" in p.message for p in result.problems
    )


def test_new_version_and_translation_of_installed_lesson(installed: Path, tmp_path: Path) -> None:
    pack = tmp_path / "translation-pack"
    target = pack / "healthy-relationships" / "1.1.0"
    target.mkdir(parents=True)
    source = (installed / "healthy-relationships" / "1.1.0" / "es.md").read_text()
    (target / "so.md").write_text(
        source.replace("language: es", "language: so").replace(
            "review_status: reviewed", "review_status: draft"
        )
    )
    alone, problems = validate_pack(pack)
    assert any("has no English file" in p.message for p in problems)
    library, _ = load_library(installed)
    _, problems = validate_pack(pack, library)
    assert problems == []
    result = install_pack(pack, installed, library)
    assert result.added == ("healthy-relationships/1.1.0/so.md",)
    status = load_library(installed)[0].translation_status("healthy-relationships")
    assert status["1.1.0"]["so"] == "draft"


@pytest.mark.parametrize(
    "name",
    [
        "../evil/1.0.0/en.md",
        "/etc/evil/1.0.0/en.md",
        "online-safety/../../evil.md",
        "C:/evil/1.0.0/en.md",
        "online-safety\\..\\..\\evil.md",
    ],
)
def test_zip_slip_is_refused(installed: Path, pack: Path, tmp_path: Path, name: str) -> None:
    archive = _zip(pack, tmp_path / "pack.zip")
    with zipfile.ZipFile(archive, "a") as z:
        z.writestr(name, (pack / "online-safety/1.0.0/en.md").read_text())
    before = _files(installed)
    result = install_pack(archive, installed)
    assert not result.ok and result.added == ()
    assert _files(installed) == before
    assert not (tmp_path / "evil").exists() and not (installed.parent / "evil.md").exists()
    assert any("zip entry refused" in p.message for p in result.problems)


def test_zip_symlink_is_refused(pack: Path, tmp_path: Path) -> None:
    archive = _zip(pack, tmp_path / "pack.zip")
    with zipfile.ZipFile(archive, "a") as z:
        info = zipfile.ZipInfo("online-safety/1.0.0/so.md")
        info.external_attr = (stat.S_IFLNK | 0o777) << 16
        z.writestr(info, "/etc/passwd")
    _, problems = validate_pack(archive)
    assert any("symbolic link" in p.message for p in problems)


def test_zip_pack_installs_with_or_without_a_wrapper_folder(
    installed: Path, pack: Path, tmp_path: Path
) -> None:
    wrapped = _zip(pack, tmp_path / "wrapped.zip", prefix="my-pack/")
    result = install_pack(wrapped, installed)
    assert result.ok and len(result.added) == 2
    plain = _zip(pack, tmp_path / "plain.zip")
    again = install_pack(plain, installed)
    assert again.ok and again.added == () and len(again.skipped) == 2


def test_plan_is_all_or_nothing(installed: Path, pack: Path) -> None:
    library, _ = load_library(installed)
    files, problems = plan_install(read_pack(pack), library)
    assert len(files) == 2 and problems == []
    shutil.copytree(LIBRARY / "bad-grade-band", pack / "bad-grade-band")
    files, problems = plan_install(read_pack(pack), library)
    assert files == [] and any("unknown grade band" in p.message for p in problems)


def test_failed_move_leaves_nothing_behind(
    installed: Path, pack: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = _files(installed)
    real_replace = os.replace
    calls = {"n": 0}

    def flaky_replace(src: str | os.PathLike[str], dst: str | os.PathLike[str]) -> None:
        calls["n"] += 1
        if calls["n"] == 2:
            raise OSError("disk full")
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", flaky_replace)
    with pytest.raises(PackError, match="nothing was installed"):
        install_pack(pack, installed)
    assert _files(installed) == before
    assert not (installed / "online-safety").exists()


def test_validate_path_and_bad_inputs(pack: Path, tmp_path: Path) -> None:
    assert validate_path(pack / "online-safety" / "1.0.0" / "en.md") == []
    assert validate_path(pack) == []
    junk = tmp_path / "junk.zip"
    junk.write_bytes(b"not a zip")
    assert "not a lesson pack" in validate_path(junk)[0].message
    empty = tmp_path / "empty"
    empty.mkdir()
    assert "no lesson files" in validate_path(empty)[0].message
    assert isinstance(read_pack(pack).library, Library)
