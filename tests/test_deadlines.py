"""The mandated-report deadline rule lives in store/deadlines.py; the SQL filter of the
records list and the Python rule must agree on every day, weekends and holidays included."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st
from staff_accounts import NURSE
from support.store_sql import raw_session

from clinic_app.store import deadlines
from clinic_app.store.models import Screening, Site
from clinic_app.store.screenings import RecordFilter

START = dt.date(2026, 1, 1)
days = st.integers(min_value=0, max_value=400).map(lambda n: START + dt.timedelta(days=n))
holiday_sets = st.frozensets(days, max_size=12)


def test_the_written_deadline_skips_weekends_and_holidays() -> None:
    thursday = dt.date(2026, 11, 26)  # Thanksgiving
    assert deadlines.written_due(thursday) == dt.date(2026, 12, 1)
    friday_off = {dt.date(2026, 11, 27)}
    assert deadlines.written_due(thursday, friday_off) == dt.date(2026, 12, 2)
    assert deadlines.oral_due(thursday) == dt.date(2026, 11, 27)


@settings(max_examples=500, deadline=None)
@given(screened_on=days, today=days, holidays=holiday_sets,
       oral=st.booleans(), written=st.booleans())
def test_cutoffs_agree_with_the_rule(screened_on: dt.date, today: dt.date,
                                     holidays: frozenset[dt.date], oral: bool,
                                     written: bool) -> None:
    oral_on = screened_on if oral else None
    written_on = screened_on if written else None
    oral_cutoff, written_cutoff = deadlines.overdue_cutoffs(today, holidays)
    by_cutoff = ((oral_on is None and screened_on < oral_cutoff)
                 or (written_on is None and screened_on < written_cutoff))
    assert by_cutoff == deadlines.report_overdue(screened_on, oral_on, written_on, today,
                                                 holidays)


def test_the_sql_filter_and_the_python_rule_pick_the_same_records(open_as) -> None:  # type: ignore[no-untyped-def]
    """Screenings on every day of three weeks, judged on every day of four (weekends in)."""
    store = open_as(NURSE)
    with raw_session(store) as session:
        site = session.query(Site).first()
        for n in range(40):
            day = dt.date(2026, 11, 10) + dt.timedelta(days=n % 20)
            session.add(Screening(
                record_code=f"SC-T{n:03d}-0000", site_id=site.id, grade=10, age=15,
                interview_language="en", interpreter_used=False, seen_alone=True,
                confidentiality_explained=True, instrument_id="youth-brief-screen",
                instrument_version="1.1.0", screened_on=day, month=day.strftime("%Y-%m"),
                level="clear", red_flag=True, revision=1, referral_given=False,
                report_required=n % 5 != 0, report_prompted=True, report_decision="yes",
                report_oral_on=day if n % 3 == 0 else None,
                report_written_on=day if n % 4 == 0 else None,
                created_by=NURSE, synthetic=True))
    every = store.list_screenings(RecordFilter(), limit=1000)
    for offset in range(28):
        today = dt.date(2026, 11, 10) + dt.timedelta(days=offset)
        by_sql = {s.record_code for s in store.list_screenings(
            RecordFilter(report_overdue_on=today), limit=1000)}
        by_rule = {s.record_code for s in every if s.report_overdue(today)}
        assert by_sql == by_rule, today
        assert store.count_screenings(RecordFilter(report_overdue_on=today)) == len(by_rule)
