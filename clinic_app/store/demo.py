"""Synthetic screening records for training and benchmarks.

Realistic shapes (most screens show no concern, some possible, few clear; more older
grades; the four interview languages), marked `synthetic` so they can never be mixed
with real records: generation is refused on a store that holds real screenings.
"""

from __future__ import annotations

import datetime as dt
import json
import random
from collections.abc import Callable

from sqlalchemy import insert, select

import screening
from clinic_app.errors import ValidationError
from clinic_app.i18n import _
from clinic_app.permissions import Action, require
from clinic_app.store.deadlines import add_business_days
from clinic_app.store.models import Screening, ScreeningRevision, Site

BATCH = 20_000
LANGUAGE_WEIGHTS = {"en": 60, "es": 15, "hmn": 12, "so": 13}
GRADE_WEIGHTS = {6: 2, 7: 3, 8: 5, 9: 20, 10: 24, 11: 24, 12: 22}


def _answer_pool(instrument: screening.Instrument, rng: random.Random,
                 size: int = 300) -> list[tuple[str, str, tuple[str, ...], bool, bool]]:
    """Answer sets scored once: (answers json, level, drivers, red flag, decision asked)."""
    items = [i for i in instrument.items() if i.type in (screening.model.YES_NO,
                                                         screening.model.RATING)]
    pool = []
    for _n in range(size):
        answers: dict[str, str] = {}
        for item in items:
            values = item.answer_values()
            weights = [8 if v == "no" else 1 for v in values]
            if item.id in instrument.scoring.red_flags:
                weights = [40 if v == "no" else 1 for v in values]
            answers[item.id] = rng.choices(values, weights)[0]
        result = screening.score(instrument, answers)
        pool.append((json.dumps(answers), result.level, result.drivers,
                     bool(result.red_flags_hit), result.decision_asked))
    return pool


def generate(store: object, count: int, seed: int, today: dt.date | None = None,
             progress: Callable[[int], None] | None = None) -> int:
    """Insert `count` synthetic screenings; returns how many were added."""
    from clinic_app.store.facade import Store

    assert isinstance(store, Store)
    require(store.user.role, Action.CREATE_SCREENING)
    if count < 1 or count > 5_000_000:
        raise ValidationError(_("Give a number of screenings from 1 to 5,000,000."))
    if store.has_real_screenings():
        raise ValidationError(_(
            "This store holds real screenings; synthetic records are only added to a "
            "training or test store."))
    rng = random.Random(seed)
    instruments = store.latest_instruments()
    pools = {(i.id, i.version): _answer_pool(i, rng) for i in instruments}
    end = today or dt.date.today()
    with store._session() as session:
        sites = list(session.scalars(select(Site.id).where(Site.active.is_(True))))
        if not sites:
            raise ValidationError(_("Add at least one site before generating records."))
        next_id = (session.scalar(select(Screening.id).order_by(Screening.id.desc()).limit(1))
                   or 0) + 1
        store._audit_in(session, "demo_data_generated", "screening", str(count))
    languages, language_weights = zip(*LANGUAGE_WEIGHTS.items(), strict=True)
    grades, grade_weights = zip(*GRADE_WEIGHTS.items(), strict=True)
    keys = list(pools)
    done = 0
    while done < count:
        size = min(BATCH, count - done)
        screenings, revisions = [], []
        for n in range(size):
            row_id = next_id + done + n
            key = keys[rng.randrange(len(keys))]
            answers, level, drivers, red_flag, asked = pools[key][rng.randrange(len(pools[key]))]
            grade = rng.choices(grades, grade_weights)[0]
            age = min(24, grade + 5 + rng.choice((0, 0, 1)))
            day = end - dt.timedelta(days=rng.randrange(730))
            concern = level != screening.NONE
            # The nurse's decision, where the answers asked for one: mostly yes for a red
            # flag, a mix of yes, consult first and no otherwise.
            decision = None
            if asked:
                odds = (0.85, 0.95) if red_flag and age < 18 else (0.4, 0.6)
                draw = rng.random()
                decision = ("yes" if draw < odds[0] else "consult" if draw < odds[1] and
                            day >= end - dt.timedelta(days=2) else "no")
            report = decision == "yes"
            follow_up = day + dt.timedelta(days=7 if concern else 0) if concern else None
            screenings.append({
                "id": row_id, "record_code": f"SX-{row_id:09d}", "site_id": rng.choice(sites),
                "grade": grade, "age": age, "gender": None,
                "interview_language": rng.choices(languages, language_weights)[0],
                "interpreter_used": rng.random() < 0.2, "seen_alone": True,
                "confidentiality_explained": True, "instrument_id": key[0],
                "instrument_version": key[1], "screened_on": day,
                "month": day.strftime("%Y-%m"), "level": level, "red_flag": red_flag,
                "revision": 1, "referral_given": concern and rng.random() < 0.85,
                "report_required": report, "report_prompted": asked,
                "report_decision": decision,
                "report_reason": "no-reason-to-believe" if decision == "no" else None,
                "report_decided_on": day if decision else None,
                "report_oral_on": day if report and rng.random() < 0.95 else None,
                "report_written_on": (min(add_business_days(day, 2), end)
                                      if report and rng.random() < 0.9 else None),
                "report_agency": "County child protection" if report else None,
                "follow_up_due": follow_up,
                "follow_up_done_on": (follow_up if follow_up and follow_up < end
                                      and rng.random() < 0.8 else None),
                "created_by": store.user.username, "created_at": dt.datetime.combine(
                    day, dt.time(9)), "synthetic": True,
            })
            revisions.append({
                "screening_id": row_id, "revision": 1, "answers_json": answers, "notes": "",
                "level": level, "drivers_json": json.dumps(list(drivers)), "steps_json": "[]",
                "reason": "", "created_by": store.user.username,
                "created_at": dt.datetime.combine(day, dt.time(9)),
            })
        with store._session() as session:
            session.execute(insert(Screening), screenings)
            session.execute(insert(ScreeningRevision), revisions)
        done += size
        if progress:
            progress(done)
    return done
