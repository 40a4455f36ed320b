"""Screening and delivery rows written straight into a test store (fast, no scoring)."""

from __future__ import annotations

import datetime as dt
import itertools

from sqlalchemy import delete, insert, select
from support.store_sql import raw_session

from clinic_app.store.models import LessonDelivery, Screening, Site

_codes = itertools.count(1)


def site_ids(store) -> dict[str, int]:  # type: ignore[no-untyped-def]
    with raw_session(store) as session:
        return {name: id_ for name, id_ in session.execute(select(Site.name, Site.id))}


def screening_row(sites: dict[str, int], *, month: str = "2026-03", site: str = "North High",
                  grade: int = 10, level: str = "none", referral: bool = False,
                  report: bool = False, language: str = "en", follow_up: str = "none",
                  synthetic: bool = True) -> dict[str, object]:
    day = dt.date(int(month[:4]), int(month[5:]), 15)
    due = None if follow_up == "none" else (dt.date(2026, 12, 20) if follow_up == "open"
                                            else day + dt.timedelta(days=7))
    n = next(_codes)
    return {
        "record_code": f"T{n:09d}", "site_id": sites[site], "grade": grade, "age": grade + 5,
        "gender": None, "interview_language": language, "interpreter_used": False,
        "seen_alone": True, "confidentiality_explained": True,
        "instrument_id": "youth-brief-screen", "instrument_version": "1.0.0",
        "screened_on": day, "month": month, "level": level, "red_flag": False, "revision": 1,
        "referral_given": referral, "report_required": report,
        "report_oral_on": day if report else None, "report_written_on": None,
        "report_agency": None, "follow_up_due": due,
        "follow_up_done_on": due if follow_up == "done" else None,
        "created_by": "lead1", "synthetic": synthetic,
    }


def replace_screenings(store, rows: list[dict[str, object]]) -> None:  # type: ignore[no-untyped-def]
    with raw_session(store) as session:
        session.execute(delete(Screening))
        if rows:
            session.execute(insert(Screening), rows)


def add_deliveries(store, rows: list[dict[str, object]]) -> None:  # type: ignore[no-untyped-def]
    sites = site_ids(store)
    full = []
    for row in rows:
        month = str(row.get("month", "2026-03"))
        grade = int(row.get("grade", 9))  # type: ignore[call-overload]
        full.append({
            "lesson_id": row.get("lesson_id", "healthy-relationships"),
            "lesson_version": row.get("lesson_version", "1.1.0"),
            "delivered_on": dt.date(int(month[:4]), int(month[5:]), 10), "month": month,
            "site_id": sites[str(row.get("site", "North High"))], "grade": grade,
            "grade_band": "6-8" if grade <= 8 else "9-12",
            "students": row.get("students", 25), "languages": row.get("languages", "en"),
            "created_by": "lead1"})
    with raw_session(store) as session:
        session.execute(insert(LessonDelivery), full)


def common_rows(sites: dict[str, int]) -> list[dict[str, object]]:
    """Plenty of screenings in common combinations, so most cells are shown."""
    rows = []
    for month in ("2026-01", "2026-02", "2026-03"):
        for site in ("North High", "South High"):
            for level, n in (("none", 40), ("possible", 25), ("clear", 12)):
                for i in range(n):
                    rows.append(screening_row(
                        sites, month=month, site=site, grade=9 + i % 4, level=level,
                        referral=level != "none", report=level == "clear",
                        follow_up="none" if level == "none" else ("done" if i % 2 else "overdue"),
                        language=("en", "es", "so", "hmn")[i % 4]))
    return rows
