"""The records list at any size: keyset pages in every sort order, the same rows as one
big query, and query plans that never sort the table (issue 15)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from sqlalchemy import select, text
from staff_accounts import LEAD, LEAD_PASSWORD
from support.store_sql import raw_session, run_sql

import screening
from clinic_app.store import demo, record_pages
from clinic_app.store.facade import Store
from clinic_app.store.models import Screening
from clinic_app.store.record_pages import RecordSort
from clinic_app.store.screenings import RecordFilter, _filtered, normalise_code_prefix

TODAY = dt.date(2026, 11, 30)


@pytest.fixture(scope="module")
def big_store(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """3,000 synthetic records over two sites (module-wide: built once)."""
    folder = tmp_path_factory.mktemp("paging") / "data"
    store = Store.create(folder, clinic="Paging Clinic", sites=["North High", "Arlington"],
                         admin=LEAD, password=LEAD_PASSWORD)
    demo.generate(store, 3000, seed=7, today=TODAY)
    run_sql(store, "ANALYZE")
    yield store
    store.close()


def _all_pages(store: Store, where: RecordFilter, sort: RecordSort, size: int) -> list[str]:
    codes: list[str] = []
    rows, key = store.page_screenings(where, sort=sort, limit=size)
    codes += [r.record_code for r in rows]
    for _page in range(10_000):
        if key is None:
            return codes
        rows, key = store.page_screenings(where, sort=sort, after=key, limit=size)
        codes += [r.record_code for r in rows]
    raise AssertionError("paging did not end")


def _expected(store: Store, where: RecordFilter, sort: RecordSort) -> list[str]:
    """The same list by sorting everything in Python."""
    every = store.list_screenings(where, limit=1_000_000)
    site_names = {n.casefold() for n in ("North High", "Arlington")}
    assert {s.site.casefold() for s in every} <= site_names
    severity = {level: n for n, level in enumerate(record_pages.SEVERITY_ORDER)}
    key_of = {
        RecordSort.NEWEST: lambda s: (-s.screened_on.toordinal(), -_id(store, s)),
        RecordSort.OLDEST: lambda s: (s.screened_on.toordinal(), _id(store, s)),
        RecordSort.LEVEL: lambda s: (severity[s.level], -s.screened_on.toordinal(),
                                     -_id(store, s)),
        RecordSort.SITE: lambda s: (s.site.casefold(), -s.screened_on.toordinal(),
                                    -_id(store, s)),
        RecordSort.FOLLOW_UP: lambda s: (
            (0, s.follow_up_due.toordinal(), _id(store, s))
            if s.follow_up_due and s.follow_up_done_on is None
            else (1, -s.screened_on.toordinal(), -_id(store, s))),
    }[sort]
    return [s.record_code for s in sorted(every, key=key_of)]


_IDS: dict[str, int] = {}


def _id(store: Store, summary: Any) -> int:
    if not _IDS:
        with raw_session(store) as session:
            _IDS.update(session.execute(select(Screening.record_code, Screening.id)).all())
    return _IDS[summary.record_code]


@pytest.mark.parametrize("sort", list(RecordSort))
def test_every_sort_pages_through_each_record_once_in_order(big_store: Store,
                                                             sort: RecordSort) -> None:
    for where in (RecordFilter(), RecordFilter(site="Arlington"),
                  RecordFilter(level=screening.POSSIBLE)):
        paged = _all_pages(big_store, where, sort, size=97)  # pages end mid-segment
        assert paged == _expected(big_store, where, sort)
        assert len(paged) == big_store.count_screenings(where)


def test_a_page_that_ends_exactly_at_a_segment_end_goes_on_to_the_next(big_store: Store) -> None:
    where = RecordFilter()
    clear = big_store.count_screenings(RecordFilter(level=screening.CLEAR))
    rows, key = big_store.page_screenings(where, sort=RecordSort.LEVEL, limit=clear)
    assert {r.level for r in rows} == {screening.CLEAR} and key is not None
    rows, _key = big_store.page_screenings(where, sort=RecordSort.LEVEL, after=key, limit=5)
    assert {r.level for r in rows} == {screening.POSSIBLE}


def test_a_record_code_is_read_as_a_nurse_types_it() -> None:
    for typed in ("SC-7KQ4-M2XD", "sc-7kq4-m2xd", "sc 7kq4 m2xd", "7KQ4M2XD", " 7kq4 m2xd ",
                  "SC-7KQ4M2XD"):
        assert normalise_code_prefix(typed) == "SC-7KQ4-M2XD", typed
    assert normalise_code_prefix("7kq") == "SC-7KQ"
    assert normalise_code_prefix("sx-000001374") == "SX-000001374"  # demo records


def test_a_record_code_is_found_from_its_first_characters(big_store: Store) -> None:
    code = big_store.list_screenings(RecordFilter(), limit=1)[0].record_code
    for typed in (code, code.lower(), code.lower().replace("-", " "), code[:8]):
        found = [s.record_code for s in big_store.list_screenings(RecordFilter(code=typed))]
        assert code in found, typed
        assert all(c.startswith(normalise_code_prefix(typed)) for c in found)
    assert big_store.list_screenings(RecordFilter(code="SC-0000-0000")) == []  # 0 is never used


FILTERS = {
    "none": RecordFilter(),
    "dates": RecordFilter(date_from=dt.date(2026, 1, 1), date_to=dt.date(2026, 6, 30)),
    "site": RecordFilter(site="North High"),
    "level": RecordFilter(level=screening.POSSIBLE),
    "follow-up due": RecordFilter(follow_up_due_by=TODAY),
    "report overdue": RecordFilter(report_overdue_on=TODAY),
    "decision pending": RecordFilter(decision_pending=True),
}


def _plans(store: Store, where: RecordFilter, sort: RecordSort) -> list[str]:
    query = _filtered(select(Screening), where)
    plans = []
    with raw_session(store) as session:
        for statement in record_pages.statements(session, query, sort):
            compiled = statement.compile(dialect=session.get_bind().dialect)
            params = [compiled.params[name] for name in compiled.positiontup or []]
            params = [p.isoformat() if isinstance(p, dt.date) else p for p in params]
            rows = session.connection().exec_driver_sql("EXPLAIN QUERY PLAN " + str(compiled),
                                                        tuple(params)).all()
            plans.append(" / ".join(str(r[-1]) for r in rows))
    return plans


@pytest.mark.parametrize("name", list(FILTERS))
def test_no_filter_with_the_default_order_sorts_the_table(big_store: Store, name: str) -> None:
    for plan in _plans(big_store, FILTERS[name], RecordSort.NEWEST):
        assert "TEMP B-TREE" not in plan, plan
        assert "USING INDEX" in plan or "USING COVERING INDEX" in plan, plan


@pytest.mark.parametrize("sort", list(RecordSort))
def test_no_sort_order_sorts_the_table(big_store: Store, sort: RecordSort) -> None:
    for plan in _plans(big_store, RecordFilter(), sort):
        assert "TEMP B-TREE" not in plan, plan


def test_the_pending_decision_rule_says_the_same_in_python_and_in_sql(big_store: Store) -> None:
    with raw_session(big_store) as session:  # every kind of state, as old and new records hold
        for n, (prompted, decision) in enumerate([(True, None), (True, "consult"),
                                                  (False, "consult"), (False, None),
                                                  (True, "no"), (False, "yes")]):
            session.execute(text("UPDATE screening SET report_prompted = :p, "
                                 "report_decision = :d WHERE id = :id"),
                            {"p": prompted, "d": decision, "id": 100 + n})
    every = big_store.list_screenings(RecordFilter(), limit=1_000_000)
    by_python = {s.record_code for s in every if s.decision_pending}
    by_sql = {s.record_code for s in big_store.list_screenings(
        RecordFilter(decision_pending=True), limit=1_000_000)}
    assert by_python == by_sql
    kinds = {(s.report_prompted, s.report_decision) for s in every}
    assert {(True, None), (True, "consult"), (False, "consult"), (True, "no")} <= kinds
