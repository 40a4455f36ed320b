"""Keyset paging of the records list: each page starts after the last row of the one
before, so page 5,000 costs what page 1 does (OFFSET would read every row before it).

A sort is a list of *segments* read one after the other, each one index range in one
direction: the date sort is one segment (screened_on, id); the level sort is one segment
per level, most severe first, each newest first; the site sort one per site in
alphabetical order; the follow-up sort first the follow-ups not yet done (soonest due
first, so the overdue ones lead), then every other record (newest first). Each segment
is served by an index (migrations 0009 and 0010), so no sort ever sorts the table (tests
check the query plans).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from sqlalchemy import ColumnElement, Select, TextClause, select, true, tuple_
from sqlalchemy.orm import Session

import screening
from clinic_app.store.models import FOLLOW_UP_OPEN_SQL, NO_OPEN_FOLLOW_UP_SQL, Screening, Site

SEVERITY_ORDER = (screening.CLEAR, screening.POSSIBLE, screening.INCOMPLETE, screening.NONE)
"""The level sort: most concern first. Incomplete sits above none: not assessed is not
no concern."""


class RecordSort(StrEnum):
    NEWEST = "newest"
    OLDEST = "oldest"
    LEVEL = "level"
    SITE = "site"
    FOLLOW_UP = "follow_up"


@dataclass(frozen=True)
class PageKey:
    """Where the next page starts: a segment, and the sort values of the last row read
    in it (None: the segment's first row)."""

    segment: int
    after: tuple[Any, ...] | None = None


@dataclass(frozen=True)
class _Segment:
    where: ColumnElement[bool] | TextClause
    columns: tuple[Any, ...]  # the sort columns, ending with Screening.id
    descending: bool


_NEWEST = (Screening.screened_on, Screening.id)


def segments(session: Session, sort: RecordSort) -> list[_Segment]:
    if sort is RecordSort.NEWEST:
        return [_Segment(true(), _NEWEST, True)]
    if sort is RecordSort.OLDEST:
        return [_Segment(true(), _NEWEST, False)]
    if sort is RecordSort.LEVEL:
        return [_Segment(Screening.level == level, _NEWEST, True) for level in SEVERITY_ORDER]
    if sort is RecordSort.SITE:
        sites = session.execute(select(Site.id, Site.name)).all()
        ordered = sorted(sites, key=lambda s: (s.name.casefold(), s.id))
        return [_Segment(Screening.site_id == site.id, _NEWEST, True) for site in ordered]
    return [
        _Segment(FOLLOW_UP_OPEN_SQL, (Screening.follow_up_due, Screening.id), False),
        _Segment(NO_OPEN_FOLLOW_UP_SQL, _NEWEST, True),
    ]


def page(session: Session, query: Select[Any], sort: RecordSort, start: PageKey | None,
         limit: int) -> tuple[list[Any], PageKey | None]:
    """Up to `limit` rows of `query` (already filtered) in `sort` order from `start`, and
    the key of the next page (None when there is none)."""
    parts = segments(session, sort)
    key = start or PageKey(0)
    rows: list[Any] = []
    index, after = key.segment, key.after
    while index < len(parts) and len(rows) < limit:
        part, wanted = parts[index], limit - len(rows)
        found = list(session.execute(_segment_query(query, part, after, wanted)))
        rows.extend(found)
        if len(found) == wanted:
            # The page is full: the next one starts after its last row, in this segment.
            last = found[-1][0]
            return rows, PageKey(index, tuple(_value(last, c) for c in part.columns))
        index, after = index + 1, None
    return rows, None


def statements(session: Session, query: Select[Any], sort: RecordSort) -> list[Select[Any]]:
    """The statements a page in `sort` order runs (first pages and later ones), for the
    test that reads their query plans."""
    result = []
    for part in segments(session, sort):
        result.append(_segment_query(query, part, None, 200))
        later = tuple(_SAMPLE[c.key] for c in part.columns)
        result.append(_segment_query(query, part, later, 200))
    return result


_SAMPLE: dict[str, Any] = {"screened_on": dt.date(2026, 1, 1), "follow_up_due": dt.date(2026, 1, 1),
                           "id": 1000}


def _segment_query(query: Select[Any], part: _Segment, after: tuple[Any, ...] | None,
                   limit: int) -> Select[Any]:
    q = query.where(part.where)
    if after is not None:
        position = tuple_(*part.columns)
        q = q.where(position < tuple_(*after) if part.descending else position > tuple_(*after))
    order = [c.desc() if part.descending else c.asc() for c in part.columns]
    return q.order_by(*order).limit(limit)


def _value(row: Screening, column: Any) -> Any:
    value = getattr(row, column.key)
    assert value is None or isinstance(value, int | str | dt.date)
    return value
