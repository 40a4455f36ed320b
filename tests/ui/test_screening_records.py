"""The records list, a record exactly as recorded, amending, follow-up and reports, driven
through real widgets (offscreen)."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QDate, Qt
from staff_accounts import EDUCATOR, LEAD, NURSE

import screening
from clinic_app.i18n import set_language
from clinic_app.store import demo
from clinic_app.store.facade import Store
from clinic_app.store.screenings import RecordFilter, ReportDecision, ScreeningInput
from clinic_app.ui.palette import DRIVER
from clinic_app.ui.screening.followup_view import FollowUpView
from clinic_app.ui.screening.record_dialog import RecordDialog
from clinic_app.ui.screening.records_model import PAGE_SIZE, Column, RecordsModel
from clinic_app.ui.screening.records_view import RecordsView

TODAY = dt.date.today()
BRIEF = ("youth-brief-screen", "1.0.0")


@pytest.fixture
def demo_store(open_as) -> Store:  # type: ignore[no-untyped-def]
    """A lead's store holding 1,000 synthetic screenings."""
    store = open_as(LEAD)
    demo.generate(store, 1000, seed=11)
    return store


def _save(store: Store, answers: dict[str, str], *, age: int = 15, days_ago: int = 0,
          notes: str = "", decision: str | None = None) -> str:
    entry = ScreeningInput(
        site="North High", grade=10, age=age, interview_language="es", interpreter_used=True,
        seen_alone=True, confidentiality_explained=True, instrument_id=BRIEF[0],
        instrument_version=BRIEF[1], answers=answers, notes=notes,
        screened_on=TODAY - dt.timedelta(days=days_ago),
        report_decision=ReportDecision(decision) if decision else None)
    code, _outcome = store.save_screening(entry)
    return code


POSSIBLE_ANSWERS = {"ran-away": "yes", "substance-use": "yes", "police-contact": "declined",
                    "sti-history": "no", "many-partners": "unknown", "violent-injury": "no",
                    "exchange-sex": "no", "earnings-taken": "no", "forced-sex": "no"}


def settled(qtbot, model: RecordsModel) -> None:  # type: ignore[no-untyped-def]
    """Wait for the background count of a long list."""
    qtbot.waitUntil(lambda: not model.counting, timeout=10_000)


def applied(qtbot, view: RecordsView) -> None:  # type: ignore[no-untyped-def]
    """Wait for the debounced reload after a filter change, and its count."""
    qtbot.waitUntil(lambda: not view.filter_pending, timeout=5_000)
    settled(qtbot, view.model)


def _date(value: dt.date) -> QDate:
    return QDate(value.year, value.month, value.day)


# -- the lazy model -----------------------------------------------------------------------
def test_model_pages_lazily_without_per_row_queries(qtbot, demo_store: Store,  # type: ignore[no-untyped-def]
                                                    monkeypatch) -> None:
    pages: list[tuple[object, int]] = []
    real = demo_store.page_screenings

    def counting(where, *, sort, after=None, limit=200):  # type: ignore[no-untyped-def]
        pages.append((after, limit))
        return real(where, sort=sort, after=after, limit=limit)

    monkeypatch.setattr(demo_store, "page_screenings", counting)
    model = RecordsModel(demo_store, RecordFilter())
    assert model.rowCount() == PAGE_SIZE == 200 and model.total is None  # counting
    settled(qtbot, model)
    assert model.total == 1000
    assert model.canFetchMore()
    for row in range(model.rowCount()):
        for column in Column:
            for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.BackgroundRole,
                         Qt.ItemDataRole.ToolTipRole):
                model.data(model.index(row, column), role)
    assert pages == [(None, 200)]  # reading every cell asked nothing more of the store
    model.fetchMore()
    assert model.rowCount() == 400 and pages[-1][0] is not None  # after the 200th row
    while model.canFetchMore():
        model.fetchMore()
    assert model.rowCount() == 1000 and len(pages) in (5, 6)  # a last, empty page at most
    dates = [model.summary(r).screened_on for r in range(1000)]  # type: ignore[union-attr]
    assert dates == sorted(dates, reverse=True)


def test_view_counts_all_and_fetches_more_when_scrolled(qtbot, demo_store: Store) -> None:  # type: ignore[no-untyped-def]
    view = RecordsView(demo_store)
    qtbot.addWidget(view)
    view.resize(1200, 600)
    view.show()
    settled(qtbot, view.model)
    assert view.count.text() == "1,000 records"
    assert view.model.rowCount() == 200
    view.table.scrollToBottom()
    qtbot.waitUntil(lambda: view.model.rowCount() == 400)


def test_overdue_cells_are_coloured_and_explained(qtbot, demo_store: Store) -> None:  # type: ignore[no-untyped-def]
    model = RecordsModel(demo_store, RecordFilter(report_overdue_on=TODAY))
    settled(qtbot, model)
    assert model.total > 0
    index = model.index(0, Column.REPORT)
    assert model.data(index).startswith("OVERDUE")
    assert model.data(index, Qt.ItemDataRole.ForegroundRole) is not None
    assert model.data(index, Qt.ItemDataRole.BackgroundRole) is not None
    assert "overdue" in model.data(index, Qt.ItemDataRole.ToolTipRole)


def test_filters_narrow_the_list(qtbot, demo_store: Store) -> None:  # type: ignore[no-untyped-def]
    view = RecordsView(demo_store)
    qtbot.addWidget(view)
    model = view.model

    def shown() -> list:  # type: ignore[type-arg]
        while model.canFetchMore():
            model.fetchMore()
        return [model.summary(r) for r in range(model.rowCount())]

    view.site.setCurrentIndex(view.site.findData("North High"))
    applied(qtbot, view)
    north = model.total
    assert 0 < north < 1000 and view.count.text() == f"{north} records"
    assert {s.site for s in shown()} == {"North High"}
    view.level.setCurrentIndex(view.level.findData(screening.CLEAR))
    applied(qtbot, view)
    assert 0 < model.total < north
    assert {s.level for s in shown()} == {screening.CLEAR}
    view.site.setCurrentIndex(0)
    applied(qtbot, view)
    view.level.setCurrentIndex(0)
    applied(qtbot, view)
    assert model.total == 1000

    view.report_overdue.setChecked(True)
    applied(qtbot, view)
    overdue = shown()
    assert 0 < len(overdue) < 1000 and all(s.report_overdue(TODAY) for s in overdue)
    view.report_overdue.setChecked(False)
    applied(qtbot, view)
    view.follow_up_due.setChecked(True)
    applied(qtbot, view)
    due = shown()
    assert 0 < len(due) < 1000
    assert all(s.follow_up_due <= TODAY and s.follow_up_done_on is None for s in due)
    view.follow_up_due.setChecked(False)
    applied(qtbot, view)

    view.any_date.setChecked(False)
    applied(qtbot, view)
    assert view.date_from.isEnabled()
    start, end = TODAY - dt.timedelta(days=60), TODAY - dt.timedelta(days=30)
    view.date_from.setDate(_date(start))
    applied(qtbot, view)
    view.date_to.setDate(_date(end))
    applied(qtbot, view)
    dated = shown()
    assert 0 < len(dated) < 1000 and all(start <= s.screened_on <= end for s in dated)
    view.any_date.setChecked(True)
    applied(qtbot, view)
    assert model.total == 1000


def test_level_labels_follow_the_language(qtbot, demo_store: Store) -> None:  # type: ignore[no-untyped-def]
    view = RecordsView(demo_store)
    qtbot.addWidget(view)
    index = view.model.index(0, Column.LEVEL)
    level = view.model.summary(0).level  # type: ignore[union-attr]
    assert index.data() == screening.label(level, "en")
    set_language("es")
    assert index.data() == screening.label(level, "es")
    assert view.level.itemText(view.level.findData(screening.CLEAR)) == "Preocupación clara"


# -- one record ------------------------------------------------------------------------------
def test_opening_a_record_shows_it_as_recorded(qtbot, open_as) -> None:  # type: ignore[no-untyped-def]
    store = open_as(NURSE)
    code = _save(store, POSSIBLE_ANSWERS, notes="Seen at lunch; came back alone.")
    view = RecordsView(store)
    qtbot.addWidget(view)
    view.show()
    assert view.count.text() == "1 record"
    view.table.setFocus()
    view.table.setCurrentIndex(view.model.index(0, 0))
    qtbot.keyClick(view.table, Qt.Key.Key_Return)
    dialog = view.opener.dialog
    assert isinstance(dialog, RecordDialog) and dialog.code == code
    qtbot.waitUntil(dialog.isVisible)
    assert dialog.answer_shown("ran-away") == "Yes"
    assert dialog.answer_shown("police-contact") == "Declined"
    assert dialog.answer_shown("many-partners") == "Don't know"
    assert dialog.answer_shown("exchange-sex") == "No"
    assert dialog.level.text() == "Possible Concern"
    assert dialog.facts["language"][1].text() == "Español"
    assert dialog.facts["interpreter"][1].text() == "Yes"
    assert "youth-brief-screen 1.0.0" in dialog.facts["instrument"][1].text()
    assert dialog.notes.toPlainText() == "Seen at lunch; came back alone."
    assert dialog.red_flags.isHidden()
    drivers = {dialog.answers.item(r, 1).data(Qt.ItemDataRole.UserRole + 1)
               for r in range(dialog.answers.rowCount())
               if dialog.answers.item(r, 1).background().color().name() == DRIVER.background}
    assert drivers == {"ran-away", "substance-use"}
    assert not dialog.report.title().startswith("Mandated report required")
    dialog.close()


def test_amend_adds_revision_two_and_revision_one_stays_readable(qtbot, open_as) -> None:  # type: ignore[no-untyped-def]
    store = open_as(NURSE)
    code = _save(store, POSSIBLE_ANSWERS)
    dialog = RecordDialog(store, code)
    qtbot.addWidget(dialog)
    changed: list[str] = []
    dialog.changed.connect(changed.append)
    editor = dialog.amend()
    assert editor is not None
    exchange = editor.fields["exchange-sex"]
    exchange.setCurrentIndex(exchange.findData("yes"))  # type: ignore[union-attr]
    editor.notes.setPlainText("Disclosed at the follow-up visit.")
    editor.reason.setText("Student disclosed at follow-up")
    editor.save()
    assert editor.result() == editor.DialogCode.Accepted
    assert changed == [code]
    assert dialog.latest is not None and dialog.latest.revision == 2
    assert dialog.revision.count() == 2
    assert dialog.level.text() == "Clear Concern"
    assert dialog.answer_shown("exchange-sex") == "Yes"
    assert not dialog.red_flags.isHidden() and "sex" in dialog.red_flags.text()
    assert "Student disclosed at follow-up" in dialog.revision_info.text()
    # The disclosure asks for a decision; the report is required only once the nurse says yes.
    report = dialog.report
    assert report.title() == "Mandated report" and report.decision.required
    assert store.list_screenings(RecordFilter(decision_pending=True))[0].record_code == code
    report.decision.yes.setChecked(True)
    assert report.save_decision()
    assert dialog.report.title() == "Mandated report required"
    assert store.list_screenings(RecordFilter(decision_pending=True)) == []

    dialog.show_revision(1)
    assert dialog.record is not None and dialog.record.revision == 1
    assert not dialog.old_banner.isHidden() and "read-only" in dialog.old_banner.text()
    assert dialog.answer_shown("exchange-sex") == "No"
    assert dialog.level.text() == "Possible Concern"
    assert dialog.notes.toPlainText() == ""
    assert not dialog.amend_button.isEnabled()
    assert store.get_screening(code, 1).answers == POSSIBLE_ANSWERS
    dialog.show_revision(2)
    assert dialog.old_banner.isHidden() and dialog.amend_button.isEnabled()


def test_an_amend_without_reason_shows_the_message_and_saves_nothing(qtbot, open_as) -> None:  # type: ignore[no-untyped-def]
    store = open_as(NURSE)
    code = _save(store, POSSIBLE_ANSWERS)
    dialog = RecordDialog(store, code)
    qtbot.addWidget(dialog)
    editor = dialog.amend()
    assert editor is not None
    answer = editor.fields["ran-away"]
    answer.setCurrentIndex(answer.findData("no"))  # type: ignore[union-attr]
    editor.reason.setText("   ")
    editor.save()
    assert editor.error.text() == "Reason: say why the screening is amended."
    assert editor.result() != editor.DialogCode.Accepted and editor.isVisible()
    record = store.get_screening(code)
    assert record.revision == 1 and record.answers == POSSIBLE_ANSWERS
    assert dialog.revision.count() == 1


# -- the nurse's day ----------------------------------------------------------------------
def test_recording_the_report_clears_it_from_the_overdue_list(qtbot, open_as) -> None:  # type: ignore[no-untyped-def]
    store = open_as(NURSE)
    answers = dict(POSSIBLE_ANSWERS, **{"exchange-sex": "yes"})
    code = _save(store, answers, days_ago=10, decision="yes")
    _save(store, POSSIBLE_ANSWERS)  # due in 7 days: not on today's lists
    day = FollowUpView(store)
    qtbot.addWidget(day)
    day.show()
    assert day.overdue.heading.text() == "Mandated reports overdue (1)"
    assert day.due.heading.text() == "Follow-ups due (1)"  # clear: follow-up after 3 days
    table = day.overdue.table
    table.setFocus()
    table.setCurrentIndex(day.overdue.model.index(0, 0))
    qtbot.keyClick(table, Qt.Key.Key_Return)
    dialog = day.dialog
    assert isinstance(dialog, RecordDialog) and dialog.code == code
    report = dialog.report
    assert report.title() == "Mandated report required"
    assert "24 hours" in report.rule.text() and "72 hours" in report.rule.text()
    assert "OVERDUE" in report.state.text()

    report.oral_made.setChecked(True)
    report.oral_on.setDate(_date(TODAY - dt.timedelta(days=10)))
    report.written_made.setChecked(True)
    report.written_on.setDate(_date(TODAY - dt.timedelta(days=8)))
    report.agency.setText("")
    assert not report.save()
    assert dialog.error.text() == "Agency: name the agency the report was made to."
    assert store.get_screening(code).summary.report_oral_on is None
    assert day.overdue.model.total == 1

    report.agency.setText("Hennepin County Child Protection")
    assert report.save()
    assert dialog.error.text() == "" and dialog.status.text() == "Report saved."
    assert day.overdue.model.total == 0
    assert day.overdue.heading.text() == "Mandated reports overdue (0)"
    assert not day.overdue.empty.isHidden()

    dialog.follow_up.done_on.setDate(_date(TODAY))
    assert dialog.follow_up.mark_done()
    assert day.due.heading.text() == "Follow-ups due (0)"
    saved = store.get_screening(code).summary
    assert saved.report_written_on == TODAY - dt.timedelta(days=8)
    assert saved.follow_up_done_on == TODAY


def test_an_educator_sees_a_message_not_a_crash(qtbot, open_as) -> None:  # type: ignore[no-untyped-def]
    lead = open_as(LEAD)
    code = _save(lead, POSSIBLE_ANSWERS)
    store = open_as(EDUCATOR)
    view = RecordsView(store)
    qtbot.addWidget(view)
    view.show()
    assert view.error.text() == "Permission denied: your role may not read screenings."
    assert view.table.isHidden() and view.count.text() == ""
    view.refresh()
    assert not view.error.isHidden()
    day = FollowUpView(store)
    qtbot.addWidget(day)
    day.show()
    assert "Permission denied" in day.error.text() and day.due.isHidden()
    dialog = RecordDialog(store, code)
    qtbot.addWidget(dialog)
    assert "Permission denied" in dialog.error.text()
    assert not dialog.amend_button.isEnabled() and not dialog.report.isEnabled()


# -- at any size: one reload per burst of changes, sorting, finding a code ------------------
def test_clearing_three_filters_reloads_once(qtbot, demo_store: Store,  # type: ignore[no-untyped-def]
                                             monkeypatch) -> None:
    view = RecordsView(demo_store)
    qtbot.addWidget(view)
    view.site.setCurrentIndex(view.site.findData("North High"))
    view.level.setCurrentIndex(view.level.findData(screening.POSSIBLE))
    view.report_overdue.setChecked(True)
    applied(qtbot, view)
    loads: list[object] = []
    view.model.loaded.connect(lambda: loads.append(view.model.where))
    view.site.setCurrentIndex(0)
    view.level.setCurrentIndex(0)
    view.report_overdue.setChecked(False)
    assert loads == [] and view.filter_pending  # nothing reloads while the user clicks
    applied(qtbot, view)
    assert loads == [RecordFilter()] and view.model.total == 1000


def test_clicking_a_column_title_sorts_the_whole_list_page_by_page(  # type: ignore[no-untyped-def]
        qtbot, demo_store: Store) -> None:
    view = RecordsView(demo_store)
    qtbot.addWidget(view)
    view.resize(1200, 600)
    view.show()
    header = view.table.horizontalHeader()

    def every_row() -> list:  # type: ignore[type-arg]
        while view.model.canFetchMore():
            view.model.fetchMore()
        return [view.model.summary(r) for r in range(view.model.rowCount())]

    view.table.sortByColumn(Column.LEVEL, Qt.SortOrder.DescendingOrder)
    levels = [s.level for s in every_row()]
    order = [screening.CLEAR, screening.POSSIBLE, screening.INCOMPLETE, screening.NONE]
    assert len(levels) == 1000
    assert levels == sorted(levels, key=order.index)  # most concern first
    view.table.sortByColumn(Column.DATE, Qt.SortOrder.AscendingOrder)
    dates = [s.screened_on for s in every_row()]
    assert dates == sorted(dates)  # oldest first
    view.table.sortByColumn(Column.SITE, Qt.SortOrder.DescendingOrder)
    assert [s.site for s in every_row()] == sorted(s.site for s in every_row())
    view.table.sortByColumn(Column.GRADE, Qt.SortOrder.DescendingOrder)  # not sortable
    assert header.sortIndicatorSection() == Column.SITE  # the arrow stays where the order is


def test_a_record_is_found_by_typing_its_code(qtbot, demo_store: Store) -> None:  # type: ignore[no-untyped-def]
    view = RecordsView(demo_store)
    qtbot.addWidget(view)
    settled(qtbot, view.model)
    wanted = view.model.summary(57).record_code  # type: ignore[union-attr]
    qtbot.keyClicks(view.code, wanted.lower())
    applied(qtbot, view)
    assert [view.model.summary(r).record_code  # type: ignore[union-attr]
            for r in range(view.model.rowCount())] == [wanted]
    assert view.count.text() == "1 record"
    view.code.clear()
    applied(qtbot, view)
    assert view.model.total == 1000


def test_after_the_oral_report_the_record_says_so_and_what_is_still_due(qtbot, open_as) -> None:  # type: ignore[no-untyped-def]
    store = open_as(NURSE)
    answers = dict(POSSIBLE_ANSWERS, **{"exchange-sex": "yes"})
    code = _save(store, answers, decision="yes")
    dialog = RecordDialog(store, code)
    qtbot.addWidget(dialog)
    report = dialog.report
    assert report.state.text() == "Not yet recorded."
    report.oral_made.setChecked(True)
    report.oral_on.setDate(_date(TODAY))
    report.agency.setText("Hennepin County Child Protection")
    assert report.save()
    for shown in (dialog, RecordDialog(store, code)):  # at once, and after reopening
        qtbot.addWidget(shown)
        text = shown.report.state.text()
        assert text.startswith("Oral report made ") and "Written report due by" in text
        assert "Not yet recorded" not in text


def test_amend_corrects_the_age_and_refuses_an_amendment_that_changes_nothing(  # type: ignore[no-untyped-def]
        qtbot, open_as) -> None:
    store = open_as(NURSE)
    code = _save(store, POSSIBLE_ANSWERS, age=15)
    dialog = RecordDialog(store, code)
    qtbot.addWidget(dialog)
    editor = dialog.amend()
    assert editor is not None and editor.age.value() == 15 and editor.grade.value() == 10
    editor.reason.setText("checked again")
    editor.save()
    assert "Nothing was changed" in editor.error.text()
    assert store.get_screening(code).revision == 1
    editor.age.setValue(17)
    editor.site.setCurrentIndex(editor.site.findData("South High"))
    editor.reason.setText("age and school were misheard")
    editor.save()
    assert editor.result() == editor.DialogCode.Accepted
    summary = store.get_screening(code).summary
    assert (summary.age, summary.site, summary.grade) == (17, "South High", 10)
    assert store.get_screening(code, 1).summary.age == 15
