"""`clinic-app handout ...`: PDFs without a store; bad input is exit 1 with one clear line."""

from __future__ import annotations

from pathlib import Path

import pytest
from handout_pdf_checks import default_numbers, missing_numbers, page_texts, reader

from clinic_app.cli import main
from clinic_app.store.facade import DB_FILE


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """An empty data folder: the handout commands never need a store."""
    return tmp_path / "no-store"


@pytest.mark.parametrize("fmt", ["sheet", "card"])
@pytest.mark.parametrize("lang", ["en", "so"])
def test_referral(tmp_path: Path, data_dir: Path, capsys: pytest.CaptureFixture[str],
                  fmt: str, lang: str) -> None:
    out = tmp_path / f"{fmt}.pdf"
    code, stdout, err = run(capsys, "--data-dir", str(data_dir), "handout", "referral",
                            "--lang", lang, "--format", fmt, "--out", str(out))
    assert code == 0, err
    assert str(out) in stdout
    text = "\n".join(page_texts(reader(out)))
    assert missing_numbers(text, default_numbers()) == []
    assert not (data_dir / DB_FILE).exists()


def test_referral_a4_with_clinic_details(tmp_path: Path, data_dir: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "a4.pdf"
    code, _out, err = run(capsys, "--data-dir", str(data_dir), "handout", "referral", "--lang",
                          "es", "--page-size", "a4", "--clinic-name", "Clínica Sur",
                          "--clinic-phone", "612-555-0199", "--out", str(out))
    assert code == 0, err
    pdf = reader(out)
    assert round(float(pdf.pages[0].mediabox[3])) == 842
    assert "Clínica Sur" in page_texts(pdf)[0]


def test_lesson(tmp_path: Path, data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "lesson.pdf"
    code, _out, err = run(capsys, "--data-dir", str(data_dir), "handout", "lesson",
                          "healthy-relationships", "--version", "1.0.0", "--lang", "en",
                          "--out", str(out))
    assert code == 0, err
    assert "version 1.0.0" in page_texts(reader(out))[0]


@pytest.mark.parametrize(("argv", "words"), [
    (["referral", "--lang", "fr"], "Unknown language 'fr'"),
    (["lesson", "healthy-relationships", "--lang", "xx"], "Unknown language 'xx'"),
    (["lesson", "no-such-lesson", "--lang", "en"], "No lesson 'no-such-lesson'"),
    (["lesson", "healthy-relationships", "--version", "7.0.0", "--lang", "en"],
     "no version 7.0.0"),
])
def test_bad_input_is_exit_1_and_one_line(tmp_path: Path, data_dir: Path,
                                          capsys: pytest.CaptureFixture[str],
                                          argv: list[str], words: str) -> None:
    out = tmp_path / "x.pdf"
    code, stdout, err = run(capsys, "--data-dir", str(data_dir), "handout", *argv,
                            "--out", str(out))
    assert code == 1 and stdout == ""
    assert words in err and len(err.strip().splitlines()) == 1
    assert "Traceback" not in err and not out.exists()


def test_empty_contacts_are_refused(tmp_path: Path, data_dir: Path,
                                    capsys: pytest.CaptureFixture[str]) -> None:
    contacts = tmp_path / "contacts.json"
    contacts.write_text('{"format": 1, "contacts": []}', encoding="utf-8")
    out = tmp_path / "x.pdf"
    for fmt in ("sheet", "card"):
        code, _stdout, err = run(capsys, "--data-dir", str(data_dir), "handout", "referral",
                                 "--lang", "en", "--format", fmt, "--contacts", str(contacts),
                                 "--out", str(out))
        assert code == 1 and "no referral contacts" in err
        assert len(err.strip().splitlines()) == 1 and not out.exists()


def test_bad_contacts_file_names_the_field(tmp_path: Path, data_dir: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    contacts = tmp_path / "contacts.json"
    contacts.write_text('{"contacts": [{"id": "x", "name": "X"}]}', encoding="utf-8")
    code, _stdout, err = run(capsys, "--data-dir", str(data_dir), "handout", "referral",
                             "--lang", "en", "--contacts", str(contacts), "--out",
                             str(tmp_path / "x.pdf"))
    assert code == 1 and err.strip() == "contacts.json: contacts[0].phone: missing or empty"
