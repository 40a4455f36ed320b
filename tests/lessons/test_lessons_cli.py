"""`clinic-app curriculum list | validate | import`: exit codes, messages, all-or-nothing."""

from __future__ import annotations

import json
import shutil
import zipfile
from pathlib import Path

import pytest
from staff_accounts import LEAD, LEAD_PASSWORD, NURSE, NURSE_PASSWORD

from clinic_app.cli import main

FIXTURE_LESSONS = Path(__file__).parents[1] / "curriculum" / "fixtures" / "library"
NEW_LESSON = "online-safety"  # a valid lesson that is not bundled


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _files(root: Path) -> set[str]:
    return {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()} if (
        root.exists()) else set()


@pytest.fixture
def good_pack(tmp_path: Path) -> Path:
    pack = tmp_path / "pack"
    shutil.copytree(FIXTURE_LESSONS / NEW_LESSON, pack / NEW_LESSON)
    return pack


@pytest.fixture
def as_lead(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CLINIC_APP_PASSWORD", LEAD_PASSWORD)


def test_list_json_shows_eight_lessons_with_versions_and_four_languages(tmp_path: Path,  # type: ignore[no-untyped-def]
                                                                        capsys) -> None:
    code, out, err = run(capsys, "--data-dir", str(tmp_path / "none"), "curriculum", "list",
                         "--json")
    assert code == 0, err
    lessons = json.loads(out)
    assert len(lessons) >= 8
    for lesson in lessons:
        assert {"id", "title", "versions"} <= set(lesson)
        for version in lesson["versions"]:
            assert set(version) >= {"version", "languages"}
            assert set(version["languages"]) == {"en", "es", "hmn", "so"}
    healthy = next(x for x in lessons if x["id"] == "healthy-relationships")
    assert [v["version"] for v in healthy["versions"]] == ["1.0.0", "1.1.0", "1.2.0"]
    assert healthy["versions"][0]["languages"]["es"] == "stale"
    assert healthy["versions"][2]["languages"] == {"en": "source", "es": "draft",
                                                   "hmn": "draft", "so": "draft"}
    code, out, _err = run(capsys, "--data-dir", str(tmp_path / "none"), "curriculum", "list")
    assert code == 0 and "healthy-relationships" in out and "1.1.0" in out


def test_validate_a_clean_pack_and_a_bad_lesson(good_pack: Path, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    code, out, err = run(capsys, "--data-dir", str(tmp_path), "curriculum", "validate",
                         str(good_pack))
    assert code == 0, err
    assert "OK" in out and "2 lesson file(s)" in out
    bad = FIXTURE_LESSONS / "raw-html" / "1.0.0" / "en.md"
    code, out, err = run(capsys, "--data-dir", str(tmp_path), "curriculum", "validate", str(bad))
    assert code == 1
    first = err.splitlines()[0]
    assert first.startswith(f"{bad}:") and "raw HTML" in first
    assert int(first.split(":")[1]) > 1  # the line of the offending HTML


def test_pack_with_one_bad_lesson_installs_nothing_and_says_why(  # type: ignore[no-untyped-def]
        data_dir: Path, good_pack: Path, as_lead, capsys) -> None:
    shutil.copytree(FIXTURE_LESSONS / "raw-html", good_pack / "raw-html")
    code, out, err = run(capsys, "--data-dir", str(data_dir), "--user", LEAD, "curriculum",
                         "import", str(good_pack))
    assert code == 1
    assert any("raw-html" in line and "raw HTML" in line for line in err.splitlines())
    assert "nothing was changed" in err.splitlines()[-1]
    assert _files(data_dir / "lessons") == set()
    code, out, _err = run(capsys, "--data-dir", str(data_dir), "curriculum", "list", "--json")
    assert NEW_LESSON not in {x["id"] for x in json.loads(out)}


def test_import_then_identical_reimport_is_a_no_op(data_dir: Path, good_pack: Path, as_lead,  # type: ignore[no-untyped-def]
                                                   capsys) -> None:
    code, out, err = run(capsys, "--data-dir", str(data_dir), "--user", LEAD, "curriculum",
                         "import", str(good_pack))
    assert code == 0, err
    assert "installed 2 lesson file(s)" in out
    installed = _files(data_dir / "lessons")
    assert installed == {f"{NEW_LESSON}/1.0.0/en.md", f"{NEW_LESSON}/1.0.0/es.md"}
    code, out, err = run(capsys, "--data-dir", str(data_dir), "--user", LEAD, "curriculum",
                         "import", str(good_pack))
    assert code == 0 and "already installed" in out
    assert _files(data_dir / "lessons") == installed
    code, out, _err = run(capsys, "--data-dir", str(data_dir), "curriculum", "list", "--json")
    assert NEW_LESSON in {x["id"] for x in json.loads(out)}
    code, out, _err = run(capsys, "--data-dir", str(data_dir), "--user", LEAD, "audit", "verify")
    assert code == 0


def test_zip_slip_is_refused(data_dir: Path, good_pack: Path, tmp_path: Path, as_lead,  # type: ignore[no-untyped-def]
                             capsys) -> None:
    archive = tmp_path / "evil.zip"
    with zipfile.ZipFile(archive, "w") as z:
        for path in sorted(good_pack.rglob("*.md")):
            z.write(path, path.relative_to(good_pack).as_posix())
        z.writestr("../../escaped/1.0.0/en.md", "---\nid: escaped\n---\n")
    code, _out, err = run(capsys, "--data-dir", str(data_dir), "--user", LEAD, "curriculum",
                          "import", str(archive))
    assert code == 1
    assert "escapes the pack folder" in err
    assert _files(data_dir / "lessons") == set()
    assert not (tmp_path / "escaped").exists() and not (data_dir.parent / "escaped").exists()


def test_nurse_importing_a_pack_is_denied(data_dir: Path, good_pack: Path, capsys,  # type: ignore[no-untyped-def]
                                          monkeypatch) -> None:
    monkeypatch.setenv("CLINIC_APP_PASSWORD", NURSE_PASSWORD)
    code, out, err = run(capsys, "--data-dir", str(data_dir), "--user", NURSE, "curriculum",
                         "import", str(good_pack))
    assert code == 1 and "Permission denied" in err
    assert len(err.strip().splitlines()) == 1
    assert _files(data_dir / "lessons") == set()


def test_import_without_user_is_a_clear_error(data_dir: Path, good_pack: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    code, _out, err = run(capsys, "--data-dir", str(data_dir), "curriculum", "import",
                          str(good_pack))
    assert code == 1 and "--user" in err
