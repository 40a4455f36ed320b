"""`clinic-app instrument score`: the level, drivers, decision and next steps as the
checks read them, with the clinic's contacts or the ask-your-clinic-lead lines."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from staff_accounts import LEAD, LEAD_PASSWORD
from test_cli import run


def _answers(tmp_path: Path, answers: object) -> str:
    path = tmp_path / "answers.json"
    path.write_text(json.dumps(answers), encoding="utf-8")
    return str(path)


def _score(capsys, tmp_path: Path, answers: object, *extra: str,  # type: ignore[no-untyped-def]
           age: str = "15", instrument: str = "youth-brief-screen") -> tuple[int, str, str]:
    return run(capsys, *extra, "instrument", "score", instrument, "--age", age,
               "--answers", _answers(tmp_path, answers), "--json")


def test_the_money_only_yes_is_not_a_red_flag_any_more(capsys, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    code, out, err = _score(capsys, tmp_path, {"earnings-taken": "no", "ran-away": "yes"},
                            "--data-dir", str(tmp_path / "none"))
    assert code == 0, err
    result = json.loads(out)
    assert result["version"] == "1.1.0" and result["level"] == "incomplete"
    assert not result["decision_asked"]


def test_the_all_declined_youth_is_incomplete(capsys, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    items = ["ran-away", "substance-use", "police-contact", "sti-history", "many-partners",
             "violent-injury", "work-fear", "exchange-sex", "earnings-taken", "forced-sex"]
    code, out, _err = _score(capsys, tmp_path, dict.fromkeys(items, "declined"))
    result = json.loads(out)
    assert code == 0 and result["level"] == "incomplete"
    assert result["not_assessed"] == items
    steps = " ".join(s["text"] for s in result["next_steps"])
    assert "Do not record this as no concern" in steps


def test_without_a_store_placeholders_say_ask_your_clinic_lead(capsys, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    code, out, _err = _score(capsys, tmp_path, {"exchange-sex": "yes"})
    result = json.loads(out)
    assert code == 0 and result["level"] == "clear" and result["decision_asked"]
    assert result["report_prompts"] == ["exchange-sex"]
    steps = " ".join(s["text"] for s in result["next_steps"])
    assert "{" not in steps
    assert "ask your clinic lead for the county child protection number" in steps
    assert "commercial sexual exploitation" in steps


def test_with_a_store_the_clinic_contacts_fill_the_steps(capsys, tmp_path: Path, data_dir: Path,  # type: ignore[no-untyped-def]
                                                        monkeypatch) -> None:
    monkeypatch.setenv("CLINIC_APP_PASSWORD", LEAD_PASSWORD)
    code, out, err = _score(capsys, tmp_path, {"forced-sex": "yes"}, "--data-dir",
                            str(data_dir), "--user", LEAD)
    assert code == 0, err
    steps = " ".join(s["text"] for s in json.loads(out)["next_steps"])
    assert "Hennepin County Child Protection, 612-348-3552" in steps
    assert "who it was and when" in steps


def test_somali_an_18_year_old_and_age_11(capsys, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    code, out, _err = _score(capsys, tmp_path, {"ran-away": "yes", "police-contact": "yes"},
                             "--lang", "so", age="18")
    result = json.loads(out)
    assert code == 0 and result["level"] == "possible"
    assert result["level_label"] == "Walaac suurtagal ah"
    assert any("MAARC" in s["text"] for s in result["next_steps"])
    code, out, _err = _score(capsys, tmp_path, {"ran-away": "no"}, age="11")
    assert json.loads(out)["age_note"].startswith("This sample's youth questions")


def test_the_released_1_0_0_still_scores_as_it_did(capsys, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    code, out, _err = run(capsys, "instrument", "score", "youth-brief-screen", "--version",
                          "1.0.0", "--age", "15", "--answers",
                          _answers(tmp_path, {"earnings-taken": "yes"}), "--json")
    result = json.loads(out)
    assert code == 0 and result["version"] == "1.0.0" and result["level"] == "clear"


@pytest.mark.parametrize(("answers", "args", "message"), [
    ({"nope": "yes"}, {}, "no item 'nope'"),
    ({"ran-away": "possible"}, {}, "'possible' is not an answer to 'ran-away'"),
    ({"ran-away": "yes"}, {"age": "40"}, "Age: use an age from 10 to 24"),
    ({"ran-away": "yes"}, {"instrument": "cse-it"}, "There is no instrument 'cse-it'"),
    (["ran-away"], {}, "must be a JSON object"),
])
def test_bad_input_is_one_line_naming_the_item(capsys, tmp_path: Path, answers: object,  # type: ignore[no-untyped-def]
                                               args: dict[str, str], message: str) -> None:
    code, out, err = _score(capsys, tmp_path, answers, **args)
    assert code == 1 and out == ""
    assert message in err and len(err.strip().splitlines()) == 1 and "Traceback" not in err


def test_a_file_that_is_not_json_is_named(capsys, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    bad = tmp_path / "answers.json"
    bad.write_text("{not json", encoding="utf-8")
    code, _out, err = run(capsys, "instrument", "score", "youth-brief-screen", "--age", "15",
                          "--answers", str(bad))
    assert code == 1 and "answers.json: not valid JSON" in err


def test_init_region_and_doctor_name_what_the_lead_must_still_enter(capsys, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                                   monkeypatch) -> None:
    monkeypatch.setenv("CLINIC_APP_PASSWORD", LEAD_PASSWORD)
    folder = str(tmp_path / "ramsey")
    code, out, err = run(capsys, "--data-dir", folder, "init", "--clinic", "East Clinic",
                         "--admin", "lead9", "--region", "ramsey")
    assert code == 0, err
    assert "regional Safe Harbor navigator number" in out
    assert "consultation line number" in out
    code, out, err = run(capsys, "--data-dir", folder, "--user", "lead9", "doctor")
    assert code == 0, err
    assert "Warning: no regional Safe Harbor navigator number is set" in out
    assert "not yet checked by a person" in out and "Ramsey County Child Protection" in out
    code, _out, err = run(capsys, "--data-dir", str(tmp_path / "x"), "init", "--clinic", "C",
                          "--admin", "lead9", "--region", "atlantis")
    assert code == 1 and "Region: 'atlantis'" in err
