"""Screening records in the store: save, open as recorded, amend, follow up, report."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from staff_accounts import EDUCATOR, LEAD, NURSE
from support.store_sql import run_sql

from clinic_app.errors import PermissionDenied, ValidationError
from clinic_app.store.deadlines import add_business_days
from clinic_app.store.facade import Store
from clinic_app.store.screenings import (
    RecordFilter,
    ReportDecision,
    ScreeningInput,
    ScreeningSummary,
)

FIXTURE_NEXT = (Path(__file__).parent / "screening" / "fixtures" / "library" /
                "youth-brief-screen" / "1.9.0.toml")


def entry(**changes: object) -> ScreeningInput:
    values: dict[str, object] = dict(
        site="North High", grade=10, age=15, interview_language="es", interpreter_used=True,
        seen_alone=True, confidentiality_explained=True, instrument_id="youth-brief-screen",
        instrument_version="1.0.0", answers={"ran-away": "yes", "police-contact": "yes"},
        notes="free text stays inside the store")
    values.update(changes)
    return ScreeningInput(**values)  # type: ignore[arg-type]


def test_save_and_reopen_after_restart(open_as, data_dir: Path) -> None:  # type: ignore[no-untyped-def]
    nurse = open_as(NURSE)
    code, outcome = nurse.save_screening(entry())
    assert code.startswith("SC-") and outcome.level == "possible"
    assert set(outcome.drivers) == {"ran-away", "police-contact"}
    nurse.close()
    again = Store.open(data_dir, NURSE, "the nurse's own long passphrase")
    try:
        record = again.get_screening(code)
        assert record.answers == {"ran-away": "yes", "police-contact": "yes"}
        assert record.summary.level == "possible" and record.notes.startswith("free text")
    finally:
        again.close()


def test_red_flag_asks_for_the_decision_and_only_a_yes_makes_the_report_required(open_as) -> None:  # type: ignore[no-untyped-def]
    nurse = open_as(NURSE)
    with pytest.raises(ValidationError, match="Report decision"):
        nurse.save_screening(entry(answers={"exchange-sex": "yes"}))
    with pytest.raises(ValidationError, match="reason for not reporting"):
        nurse.save_screening(entry(answers={"exchange-sex": "yes"},
                                   report_decision=ReportDecision("no")))
    with pytest.raises(ValidationError, match="say briefly why"):
        nurse.save_screening(entry(answers={"exchange-sex": "yes"},
                                   report_decision=ReportDecision("no", "other", " ")))
    assert nurse.count_screenings(RecordFilter()) == 0
    code, outcome = nurse.save_screening(entry(answers={"exchange-sex": "yes"},
                                               report_decision=ReportDecision("yes")))
    assert outcome.level == "clear" and outcome.red_flags == ("exchange-sex",)
    assert outcome.decision_asked
    summary = nurse.list_screenings(RecordFilter(level="clear"))[0]
    assert summary.record_code == code and summary.report_required
    assert summary.report_decision == "yes" and not summary.decision_pending


def test_declined_never_counts(open_as) -> None:  # type: ignore[no-untyped-def]
    _code, outcome = open_as(NURSE).save_screening(entry(
        answers={"ran-away": "declined", "police-contact": "declined", "exchange-sex": "declined"}))
    assert outcome.level == "incomplete"  # a red flag was declined: never "no concern"
    assert {"ran-away", "police-contact", "exchange-sex"} <= set(outcome.not_assessed)


@pytest.mark.parametrize(("changes", "message"), [
    ({"seen_alone": False}, "seen alone"),
    ({"confidentiality_explained": False}, "confidentiality"),
    ({"grade": 3}, "Grade"),
    ({"age": 40}, "Age"),
    ({"interview_language": "fr"}, "Interview language"),
    ({"site": "Nowhere"}, "Site"),
    ({"answers": {"ran-away": "maybe"}}, "Answers"),
    ({"answers": {"no-such-item": "yes"}}, "Answers"),
    ({"instrument_version": "9.9.9"}, "not installed"),
    ({"screened_on": dt.date.today() + dt.timedelta(days=2)}, "future"),
])
def test_bad_input_is_named_and_nothing_is_saved(open_as, changes: dict[str, object],  # type: ignore[no-untyped-def]
                                                  message: str) -> None:
    nurse = open_as(NURSE)
    with pytest.raises(ValidationError, match=message):
        nurse.save_screening(entry(**changes))
    assert nurse.count_screenings(RecordFilter()) == 0


def test_amending_adds_a_revision_and_keeps_the_old_one(open_as) -> None:  # type: ignore[no-untyped-def]
    nurse = open_as(NURSE)
    code, _ = nurse.save_screening(entry())
    with pytest.raises(ValidationError, match="Reason"):
        nurse.amend_screening(code, {"ran-away": "no"}, "", "  ")
    outcome = nurse.amend_screening(code, {"ran-away": "no"}, "corrected", "student corrected")
    assert outcome.level == "incomplete"  # the other questions were never answered
    newest = nurse.get_screening(code)
    first = nurse.get_screening(code, revision=1)
    assert newest.revision == 2 and newest.answers == {"ran-away": "no"}
    assert first.answers == {"ran-away": "yes", "police-contact": "yes"}
    assert [r[0] for r in newest.revisions] == [1, 2] and newest.revisions[1][3] == (
        "student corrected")


def test_old_record_scores_the_same_after_a_new_version_is_installed(open_as) -> None:  # type: ignore[no-untyped-def]
    lead = open_as(LEAD)
    code, outcome = lead.save_screening(entry())
    instrument, added = lead.import_instrument(FIXTURE_NEXT)
    assert added and instrument.version == "1.9.0"
    assert lead.import_instrument(FIXTURE_NEXT) == (instrument, False)  # identical: no-op
    record = lead.get_screening(code)
    assert record.summary.instrument_version == "1.0.0" and record.summary.level == outcome.level
    amended = lead.amend_screening(code, record.answers, record.notes + " Re-checked.",
                                   "re-checked")
    assert amended.level == outcome.level  # scored with 1.0.0, its own version


def test_a_changed_released_version_is_refused(open_as, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    lead = open_as(LEAD)
    lead.import_instrument(FIXTURE_NEXT)
    changed = tmp_path / "youth-brief-screen" / "1.9.0.toml"
    changed.parent.mkdir()
    changed.write_text(FIXTURE_NEXT.read_text().replace("assess further", "look again", 1))
    with pytest.raises(ValidationError, match="never changes"):
        lead.import_instrument(changed)


def test_educator_cannot_read_or_create_screenings(open_as) -> None:  # type: ignore[no-untyped-def]
    educator = open_as(EDUCATOR)
    with pytest.raises(PermissionDenied):
        educator.save_screening(entry())
    with pytest.raises(PermissionDenied):
        educator.list_screenings(RecordFilter())
    assert educator.load_draft() is None


def test_filters_follow_up_and_reports(open_as) -> None:  # type: ignore[no-untyped-def]
    nurse = open_as(NURSE)
    long_ago = dt.date.today() - dt.timedelta(days=20)
    old_code, _ = nurse.save_screening(entry(answers={"forced-sex": "yes"}, screened_on=long_ago,
                                             site="South High",
                                             report_decision=ReportDecision("yes")))
    new_code, _ = nurse.save_screening(entry())
    assert nurse.count_screenings(RecordFilter(site="South High")) == 1
    overdue = nurse.list_screenings(RecordFilter(report_overdue_on=dt.date.today()))
    assert [s.record_code for s in overdue] == [old_code]
    nurse.record_report(old_code, oral_on=long_ago, written_on=long_ago + dt.timedelta(days=1),
                        agency="Hennepin County Child Protection")
    assert nurse.list_screenings(RecordFilter(report_overdue_on=dt.date.today())) == []
    due = nurse.list_screenings(RecordFilter(follow_up_due_by=dt.date.today()))
    assert old_code in [s.record_code for s in due]
    nurse.record_follow_up(old_code, done_on=dt.date.today())
    assert old_code not in [s.record_code for s in nurse.list_screenings(
        RecordFilter(follow_up_due_by=dt.date.today()))]
    with pytest.raises(ValidationError, match="Agency"):
        nurse.record_report(new_code, oral_on=None, written_on=None, agency=" ")


def test_written_report_deadline_skips_weekends() -> None:
    friday = dt.date(2026, 11, 27)
    assert add_business_days(friday, 3) == dt.date(2026, 12, 2)
    summary = ScreeningSummary("SC-X", friday, "s", 9, 15, "clear", "i", "1", 1, None, None,
                               True, friday, None)
    assert not summary.report_overdue(dt.date(2026, 12, 2))
    assert summary.report_overdue(dt.date(2026, 12, 3))


def test_drafts_are_kept_per_user_and_cleared_on_save(open_as) -> None:  # type: ignore[no-untyped-def]
    nurse = open_as(NURSE)
    nurse.save_draft({"step": 2, "answers": {"ran-away": "yes"}})
    assert nurse.load_draft() == {"step": 2, "answers": {"ran-away": "yes"}}
    assert open_as(LEAD).load_draft() is None
    nurse.save_screening(entry())
    assert nurse.load_draft() is None


def test_views_and_changes_are_audited_by_code_only(open_as) -> None:  # type: ignore[no-untyped-def]
    nurse = open_as(NURSE)
    code, _ = nurse.save_screening(entry())
    nurse.get_screening(code)
    rows = run_sql(nurse,
                   "SELECT action, object_id FROM audit_entry WHERE object_type = 'screening'")
    assert [tuple(r) for r in rows] == [("screening_created", code), ("screening_viewed", code)]
    assert nurse.verify_audit().ok


def test_an_amendment_may_correct_site_grade_and_age_and_the_old_revision_keeps_them(  # type: ignore[no-untyped-def]
        open_as) -> None:
    nurse = open_as(NURSE)
    code, _outcome = nurse.save_screening(entry())
    first = nurse.get_screening(code)
    assert (first.summary.site, first.summary.grade, first.summary.age) == ("North High", 10, 15)
    nurse.amend_screening(code, first.answers, first.notes, "age was misheard",
                          site="South High", grade=12, age=18)
    newest = nurse.get_screening(code)
    assert (newest.summary.site, newest.summary.grade, newest.summary.age) == (
        "South High", 12, 18)
    old = nurse.get_screening(code, revision=1)
    assert (old.summary.site, old.summary.grade, old.summary.age) == ("North High", 10, 15)
    assert nurse.count_screenings(RecordFilter(site="South High")) == 1


def test_an_amendment_that_changes_nothing_is_refused_and_saves_nothing(open_as) -> None:  # type: ignore[no-untyped-def]
    nurse = open_as(NURSE)
    code, _outcome = nurse.save_screening(entry())
    record = nurse.get_screening(code)
    with pytest.raises(ValidationError, match="Nothing was changed"):
        nurse.amend_screening(code, record.answers, record.notes, "checked again")
    with pytest.raises(ValidationError, match="Nothing was changed"):
        nurse.amend_screening(code, record.answers, record.notes, "same values",
                              site="North High", grade=10, age=15)
    for bad in ({"grade": 3}, {"age": 40}):
        with pytest.raises(ValidationError, match="Grade|Age"):
            nurse.amend_screening(code, record.answers, "changed", "bad value", **bad)
    with pytest.raises(ValidationError, match="site"):
        nurse.amend_screening(code, record.answers, "changed", "bad site", site="Nowhere")
    assert nurse.get_screening(code).revision == 1
