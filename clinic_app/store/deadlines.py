"""The mandated-report deadlines (Minn. Stat. 260E.09), in exactly one place.

Oral: at once, and no later than 24 hours; the app counts the day after the screening
as the last day. Written: within 72 hours, weekends and holidays excluded; the app
counts three working days after the screening day, which is stricter than counting
from the hour of the disclosure. Holidays are not known to the app unless passed in
(an empty set is stricter still), so staff are told to check them.

The records list filters overdue reports in SQL. `overdue_cutoffs` turns the rule into
two screening-date cut-offs so the SQL filter and `report_overdue` cannot disagree (a
property test checks it across weekends and holidays).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection

NO_HOLIDAYS: frozenset[dt.date] = frozenset()
WRITTEN_WORKING_DAYS = 3
ORAL_DAYS = 1


def is_working_day(day: dt.date, holidays: Collection[dt.date] = NO_HOLIDAYS) -> bool:
    """Monday to Friday and not a holiday."""
    return day.weekday() < 5 and day not in holidays


def add_business_days(start: dt.date, days: int,
                      holidays: Collection[dt.date] = NO_HOLIDAYS) -> dt.date:
    """`days` working days after `start`, skipping weekends and `holidays`."""
    current = start
    while days > 0:
        current += dt.timedelta(days=1)
        if is_working_day(current, holidays):
            days -= 1
    return current


def oral_due(screened_on: dt.date) -> dt.date:
    """The last day for the oral report."""
    return screened_on + dt.timedelta(days=ORAL_DAYS)


def written_due(screened_on: dt.date, holidays: Collection[dt.date] = NO_HOLIDAYS) -> dt.date:
    """The last day for the written report."""
    return add_business_days(screened_on, WRITTEN_WORKING_DAYS, holidays)


def oral_overdue(screened_on: dt.date, oral_on: dt.date | None, today: dt.date) -> bool:
    return oral_on is None and today > oral_due(screened_on)


def written_overdue(screened_on: dt.date, written_on: dt.date | None, today: dt.date,
                    holidays: Collection[dt.date] = NO_HOLIDAYS) -> bool:
    return written_on is None and today > written_due(screened_on, holidays)


def report_overdue(screened_on: dt.date, oral_on: dt.date | None, written_on: dt.date | None,
                   today: dt.date, holidays: Collection[dt.date] = NO_HOLIDAYS) -> bool:
    """True when a required report's oral or written part is past its deadline."""
    return (oral_overdue(screened_on, oral_on, today)
            or written_overdue(screened_on, written_on, today, holidays))


def overdue_cutoffs(today: dt.date, holidays: Collection[dt.date] = NO_HOLIDAYS
                    ) -> tuple[dt.date, dt.date]:
    """(oral, written): a required report screened before `oral` with no oral report, or
    before `written` with no written report, is overdue on `today`.

    Both deadlines grow with the screening date, so the cut-off is the first screening
    date whose deadline is still today or later."""
    oral = today - dt.timedelta(days=ORAL_DAYS)
    written = today
    while written_due(written - dt.timedelta(days=1), holidays) >= today:
        written -= dt.timedelta(days=1)
    return oral, written
