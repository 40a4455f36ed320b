"""Screening records: save, open exactly as recorded, amend by revision, follow up, report.

A record holds no student name: a generated record code, site, grade, age, optional
self-described gender, interview language, the instrument id and version, answers,
level and next steps. Every view and change is audited by record code.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import Select, and_, func, or_, select
from sqlalchemy.orm import Session

import screening
from clinic_app.errors import ValidationError
from clinic_app.i18n import LANGUAGES, _
from clinic_app.permissions import Action, allowed, require
from clinic_app.store import deadlines, record_pages
from clinic_app.store.mixin import StoreMixin
from clinic_app.store.models import (
    DECISION_PENDING_SQL,
    Screening,
    ScreeningDraft,
    ScreeningRevision,
    Site,
)
from clinic_app.store.record_pages import PageKey, RecordSort

_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I to misread
AGES = range(10, 25)
GRADES = range(6, 13)
GENDER_MAX = 64
NOTES_MAX = 4000


def new_record_code() -> str:
    """A random code with nothing of the student in it, e.g. SC-7KQ4-M2XD."""
    chars = "".join(secrets.choice(_CODE_ALPHABET) for _ in range(8))
    return f"SC-{chars[:4]}-{chars[4:]}"


# The report decision: the professional's judgement ("knows or has reason to believe",
# 260E), never the level. A "no" names its reason category.
DECISION_YES = "yes"
DECISION_NO = "no"
DECISION_CONSULT = "consult"
DECISIONS = (DECISION_YES, DECISION_NO, DECISION_CONSULT)
NO_REPORT_REASONS = ("no-reason-to-believe", "not-260e", "already-reported", "adult-voluntary",
                     "other")
DECISION_NOTE_MAX = 500


@dataclass(frozen=True)
class ReportDecision:
    """The nurse's answer to "Do you know or have reason to believe this student is
    being maltreated or sexually exploited?", with the reason for a "no"."""

    decision: str
    reason: str = ""
    note: str = ""

    def check(self) -> None:
        if self.decision not in DECISIONS:
            raise ValidationError(_("Report decision: choose yes, no or consult first."))
        if len(self.note) > DECISION_NOTE_MAX:
            raise ValidationError(_("Report decision: use at most {n} characters for the "
                                    "reason.").format(n=DECISION_NOTE_MAX))
        if self.decision != DECISION_NO:
            return
        if self.reason not in NO_REPORT_REASONS:
            raise ValidationError(_("Report decision: choose the reason for not reporting."))
        if self.reason == "other" and not self.note.strip():
            raise ValidationError(_("Report decision: say briefly why you decided not to "
                                    "report."))


@dataclass(frozen=True)
class ScreeningInput:
    """What the nurse records; `check()` names the first field that is wrong."""

    site: str
    grade: int
    age: int
    interview_language: str
    interpreter_used: bool
    seen_alone: bool
    confidentiality_explained: bool
    instrument_id: str
    instrument_version: str
    answers: Mapping[str, str]
    gender: str = ""
    notes: str = ""
    referral_given: bool = False
    follow_up_due: dt.date | None = None
    screened_on: dt.date | None = None
    report_decision: ReportDecision | None = None

    def check(self, today: dt.date) -> None:
        if not self.seen_alone:
            raise ValidationError(_("A screening is saved only when the student was seen alone."))
        if not self.confidentiality_explained:
            raise ValidationError(_(
                "A screening is saved only after the limits of confidentiality were explained."))
        if self.grade not in GRADES:
            raise ValidationError(_("Grade: use a grade from 6 to 12."))
        if self.age not in AGES:
            raise ValidationError(_("Age: use an age from 10 to 24 years."))
        if self.interview_language not in LANGUAGES:
            raise ValidationError(_("Interview language: choose one of the four languages."))
        if len(self.gender) > GENDER_MAX:
            raise ValidationError(_("Gender: use at most {n} characters.").format(n=GENDER_MAX))
        if len(self.notes) > NOTES_MAX:
            raise ValidationError(_("Notes: use at most {n} characters.").format(n=NOTES_MAX))
        if self.screened_on and self.screened_on > today:
            raise ValidationError(_("Date: a screening cannot be dated in the future."))
        if self.follow_up_due and self.follow_up_due < (self.screened_on or today):
            raise ValidationError(_("Follow-up date: choose a date after the screening."))
        if self.report_decision is not None:
            self.report_decision.check()


@dataclass(frozen=True)
class Outcome:
    """The result of scoring answers under one instrument version, with its next steps."""

    level: str
    drivers: tuple[str, ...]
    red_flags: tuple[str, ...]
    steps: tuple[screening.NextStep, ...]
    not_assessed: tuple[str, ...] = ()
    report_prompts: tuple[str, ...] = ()
    decision_asked: bool = False
    """The nurse must record a report decision before saving."""

    @property
    def follow_up_days(self) -> int | None:
        days = [s.follow_up_days for s in self.steps if s.follow_up_days is not None]
        return min(days) if days else None


def evaluate(instrument: screening.Instrument, answers: Mapping[str, str], age: int) -> Outcome:
    """Score and pick next steps; bad answers become a ValidationError naming the item."""
    try:
        result = screening.score(instrument, answers)
    except screening.AnswerError as exc:
        raise ValidationError(_("Answers: {detail}").format(detail=str(exc))) from exc
    steps = screening.next_steps_for(instrument, result.level, age, answers)
    return Outcome(result.level, result.drivers, result.red_flags_hit, steps,
                   result.not_assessed, result.report_prompts, result.decision_asked)


@dataclass(frozen=True)
class ScreeningSummary:
    """One row of the records list (no answers, no notes)."""

    record_code: str
    screened_on: dt.date
    site: str
    grade: int
    age: int
    level: str
    instrument_id: str
    instrument_version: str
    revision: int
    follow_up_due: dt.date | None
    follow_up_done_on: dt.date | None
    report_required: bool
    report_oral_on: dt.date | None
    report_written_on: dt.date | None
    report_prompted: bool = False
    report_decision: str | None = None

    def report_overdue(self, today: dt.date) -> bool:
        return self.report_required and deadlines.report_overdue(
            self.screened_on, self.report_oral_on, self.report_written_on, today)

    @property
    def decision_pending(self) -> bool:
        """A "consult first" still to finish, or a decision asked for and never made."""
        return self.report_decision == DECISION_CONSULT or (
            self.report_prompted and self.report_decision is None)

    def follow_up_overdue(self, today: dt.date) -> bool:
        return (self.follow_up_due is not None and self.follow_up_done_on is None
                and self.follow_up_due < today)


@dataclass(frozen=True)
class ScreeningRecord:
    """A record exactly as recorded in one revision."""

    summary: ScreeningSummary
    gender: str
    interview_language: str
    interpreter_used: bool
    answers: dict[str, str]
    notes: str
    drivers: tuple[str, ...]
    revision: int
    revisions: tuple[tuple[int, dt.datetime, str, str], ...]  # (number, when, who, reason)
    referral_given: bool
    report_agency: str
    report_reason: str = ""
    report_note: str = ""


@dataclass(frozen=True)
class RecordFilter:
    """Filters of the records list; None means any."""

    date_from: dt.date | None = None
    date_to: dt.date | None = None
    site: str | None = None
    level: str | None = None
    follow_up_due_by: dt.date | None = None
    report_overdue_on: dt.date | None = None
    decision_pending: bool = False
    code: str | None = None
    """Record codes starting with this (typed as on a note: case, spaces and the SC-
    prefix do not matter)."""


class ScreeningsMixin(StoreMixin):
    """Store operations on screening records (mixed into the Store facade)."""

    if TYPE_CHECKING:
        def instrument(self, instrument_id: str, version: str) -> screening.Instrument: ...

    def save_screening(self, entry: ScreeningInput) -> tuple[str, Outcome]:
        """Score and save a new screening; returns (record code, outcome). Once this
        returns, the record is on disk (WAL, synchronous=FULL)."""
        require(self.user.role, Action.CREATE_SCREENING)
        today = dt.date.today()
        entry.check(today)
        instrument = self.instrument(entry.instrument_id, entry.instrument_version)
        outcome = evaluate(instrument, entry.answers, entry.age)
        decision = entry.report_decision
        if outcome.decision_asked and decision is None:
            raise ValidationError(_(
                "Report decision: these answers ask for your decision. Answer \"Do you know "
                "or have reason to believe this student is being maltreated or sexually "
                "exploited?\" before saving."))
        screened_on = entry.screened_on or today
        follow_up = entry.follow_up_due
        if follow_up is None and outcome.follow_up_days is not None:
            follow_up = screened_on + dt.timedelta(days=outcome.follow_up_days)
        with self._session() as session:
            site_id = _site_id(session, entry.site)
            code = new_record_code()
            row = Screening(
                record_code=code, site_id=site_id, grade=entry.grade, age=entry.age,
                gender=entry.gender.strip() or None, interview_language=entry.interview_language,
                interpreter_used=entry.interpreter_used, seen_alone=entry.seen_alone,
                confidentiality_explained=entry.confidentiality_explained,
                instrument_id=instrument.id, instrument_version=instrument.version,
                screened_on=screened_on, month=screened_on.strftime("%Y-%m"),
                level=outcome.level, red_flag=bool(outcome.red_flags), revision=1,
                referral_given=entry.referral_given, follow_up_due=follow_up,
                report_prompted=outcome.decision_asked,
                created_by=self.user.username, synthetic=False)
            _apply_decision(row, decision, today)
            session.add(row)
            session.flush()
            session.add(_revision(row, 1, entry.answers, entry.notes, outcome,
                                  self.user.username, ""))
            session.query(ScreeningDraft).filter_by(username=self.user.username).delete()
            self._audit_in(session, "screening_created", "screening", code)
        return code, outcome

    def amend_screening(self, code: str, answers: Mapping[str, str], notes: str,
                        reason: str, *, site: str | None = None, grade: int | None = None,
                        age: int | None = None) -> Outcome:
        """Add a revision (with a reason); earlier revisions stay as they were. Site, grade
        and age may be corrected too (age decides the report duty: the answers are scored
        again with the new age). An amendment that changes nothing is refused."""
        require(self.user.role, Action.AMEND_SCREENING)
        if not reason.strip():
            raise ValidationError(_("Reason: say why the screening is amended."))
        if len(notes) > NOTES_MAX:
            raise ValidationError(_("Notes: use at most {n} characters.").format(n=NOTES_MAX))
        if grade is not None and grade not in GRADES:
            raise ValidationError(_("Grade: use a grade from 6 to 12."))
        if age is not None and age not in AGES:
            raise ValidationError(_("Age: use an age from 10 to 24 years."))
        with self._session() as session:
            row = _screening(session, code)
            latest = _latest_revision(session, row)
            site_id = _site_id(session, site) if site is not None else row.site_id
            new_age = row.age if age is None else age
            new_grade = row.grade if grade is None else grade
            unchanged = (json.loads(latest.answers_json) == dict(answers)
                         and latest.notes == notes and site_id == row.site_id
                         and new_grade == row.grade and new_age == row.age)
            key = (row.instrument_id, row.instrument_version)
        if unchanged:
            raise ValidationError(_("Nothing was changed, so no revision was saved: change an "
                                    "answer, the notes, the site, the grade or the age."))
        instrument = self.instrument(key[0], key[1])  # its own session: never nested
        outcome = evaluate(instrument, answers, new_age)
        with self._session() as session:
            row = _screening(session, code)
            _keep_demographics(_latest_revision(session, row), row)
            row.site_id, row.grade, row.age = site_id, new_grade, new_age
            row.revision += 1
            row.level = outcome.level
            row.red_flag = bool(outcome.red_flags)
            row.report_prompted = row.report_prompted or outcome.decision_asked
            session.add(_revision(row, row.revision, answers, notes, outcome,
                                  self.user.username, reason.strip()))
            self._audit_in(session, "screening_amended", "screening", code)
        return outcome

    def get_screening(self, code: str, revision: int | None = None) -> ScreeningRecord:
        """The record as recorded in `revision` (default: the newest). Audited as a view."""
        require(self.user.role, Action.READ_SCREENINGS)
        with self._session() as session:
            row = _screening(session, code)
            site = session.get(Site, row.site_id)
            revisions = session.scalars(select(ScreeningRevision).where(
                ScreeningRevision.screening_id == row.id).order_by(ScreeningRevision.revision)
            ).all()
            wanted = revision or row.revision
            chosen = next((r for r in revisions if r.revision == wanted), None)
            if chosen is None:
                raise ValidationError(_("Record {code} has no revision {n}.").format(
                    code=code, n=wanted))
            self._audit_in(session, "screening_viewed", "screening", code)
            summary = _summary(row, site.name if site else "")
            if chosen.revision != row.revision:  # as that revision recorded the student
                then = session.get(Site, chosen.site_id) if chosen.site_id else site
                summary = dataclasses.replace(
                    summary, site=then.name if then else "",
                    grade=chosen.grade if chosen.grade is not None else row.grade,
                    age=chosen.age if chosen.age is not None else row.age)
            return ScreeningRecord(
                summary=summary, gender=row.gender or "",
                interview_language=row.interview_language,
                interpreter_used=row.interpreter_used,
                answers=json.loads(chosen.answers_json), notes=chosen.notes,
                drivers=tuple(json.loads(chosen.drivers_json)), revision=chosen.revision,
                revisions=tuple((r.revision, r.created_at, r.created_by, r.reason)
                                for r in revisions),
                referral_given=row.referral_given, report_agency=row.report_agency or "",
                report_reason=row.report_reason or "", report_note=row.report_note or "")

    def count_screenings(self, where: RecordFilter) -> int:
        require(self.user.role, Action.READ_SCREENINGS)
        query = _filtered(select(func.count()).select_from(Screening), where)
        with self._reading() as session:
            return int(session.scalar(query) or 0)

    def list_screenings(self, where: RecordFilter, limit: int = 200,
                        sort: RecordSort = RecordSort.NEWEST) -> list[ScreeningSummary]:
        """The first `limit` records matching `where`, in `sort` order."""
        return self.page_screenings(where, limit=limit, sort=sort)[0]

    def page_screenings(self, where: RecordFilter, *, sort: RecordSort = RecordSort.NEWEST,
                        after: PageKey | None = None, limit: int = 200,
                        ) -> tuple[list[ScreeningSummary], PageKey | None]:
        """One page of the records list and the key of the next (None: no more). Each
        page costs the same at any depth (keyset paging, see record_pages)."""
        require(self.user.role, Action.READ_SCREENINGS)
        # One table only: joined with the sites, SQLite's planner may read site by site
        # and sort the whole store (20 s at a million records once statistics exist).
        query = _filtered(select(Screening), where)
        with self._reading() as session:
            rows, next_key = record_pages.page(session, query, sort, after, limit)
            names = {site_id: name for site_id, name in session.execute(select(Site.id, Site.name))}
            return [_summary(row, names.get(row.site_id, "")) for (row,) in rows], next_key

    def record_follow_up(self, code: str, *, due: dt.date | None = None,
                         done_on: dt.date | None = None) -> None:
        require(self.user.role, Action.AMEND_SCREENING)
        with self._session() as session:
            row = _screening(session, code)
            if due is not None:
                if due < row.screened_on:
                    raise ValidationError(_("Follow-up date: choose a date after the screening."))
                row.follow_up_due = due
            if done_on is not None:
                if done_on > dt.date.today() or done_on < row.screened_on:
                    raise ValidationError(_("Follow-up done: the date must be between the "
                                            "screening and today."))
                row.follow_up_done_on = done_on
            self._audit_in(session, "follow_up_recorded", "screening", code)

    def record_report(self, code: str, *, oral_on: dt.date | None, written_on: dt.date | None,
                      agency: str) -> None:
        """Record the mandated report: oral and written dates and the agency."""
        require(self.user.role, Action.AMEND_SCREENING)
        if not agency.strip():
            raise ValidationError(_("Agency: name the agency the report was made to."))
        with self._session() as session:
            row = _screening(session, code)
            for value in (oral_on, written_on):
                if value is not None and (value < row.screened_on or value > dt.date.today()):
                    raise ValidationError(_("Report dates must be between the screening and "
                                            "today."))
            row.report_oral_on = oral_on
            row.report_written_on = written_on
            row.report_agency = agency.strip()[:200]
            self._audit_in(session, "report_recorded", "screening", code)

    def record_report_decision(self, code: str, decision: ReportDecision) -> None:
        """Record or change the report decision (e.g. after consulting). A "yes" makes
        the report required and starts its deadlines from the screening day; a report
        already made stays recorded."""
        require(self.user.role, Action.AMEND_SCREENING)
        decision.check()
        with self._session() as session:
            row = _screening(session, code)
            row.report_prompted = True
            _apply_decision(row, decision, dt.date.today())
            self._audit_in(session, "report_decision_recorded", "screening", code)

    # -- drafts ------------------------------------------------------------------
    def save_draft(self, payload: Mapping[str, Any]) -> None:
        """Keep an unfinished screening (inside the encrypted store) for this user."""
        require(self.user.role, Action.CREATE_SCREENING)
        with self._session() as session:
            session.merge(ScreeningDraft(username=self.user.username,
                                         payload_json=json.dumps(dict(payload))))

    def load_draft(self) -> dict[str, Any] | None:
        if not self._may_screen():
            return None
        with self._session() as session:
            row = session.get(ScreeningDraft, self.user.username)
            return json.loads(row.payload_json) if row else None

    def discard_draft(self) -> None:
        with self._session() as session:
            session.query(ScreeningDraft).filter_by(username=self.user.username).delete()

    def _may_screen(self) -> bool:
        return allowed(self.user.role, Action.CREATE_SCREENING)

    def has_real_screenings(self) -> bool:
        with self._session() as session:
            return bool(session.scalar(select(func.count()).select_from(Screening).where(
                Screening.synthetic.is_(False))))


def _apply_decision(row: Screening, decision: ReportDecision | None, today: dt.date) -> None:
    if decision is None:
        return
    row.report_decision = decision.decision
    row.report_reason = decision.reason if decision.decision == DECISION_NO else None
    row.report_note = decision.note.strip() or None
    row.report_decided_on = today
    # Once a report was required it stays so: a later "no" cannot hide a report due.
    row.report_required = row.report_required or decision.decision == DECISION_YES


def _site_id(session: Session, name: str) -> int:
    site_id = session.scalar(select(Site.id).where(Site.name == name, Site.active.is_(True)))
    if site_id is None:
        raise ValidationError(_("Site: '{value}' is not one of the clinic's sites.").format(
            value=name))
    return site_id


def _screening(session: Session, code: str) -> Screening:
    row = session.scalar(select(Screening).where(Screening.record_code == code.strip().upper()))
    if row is None:
        raise ValidationError(_("There is no screening record {code}.").format(code=code))
    return row


def _revision(row: Screening, number: int, answers: Mapping[str, str], notes: str,
              outcome: Outcome, username: str, reason: str) -> ScreeningRevision:
    return ScreeningRevision(
        screening_id=row.id, revision=number, answers_json=json.dumps(dict(answers)),
        notes=notes, level=outcome.level, drivers_json=json.dumps(list(outcome.drivers)),
        steps_json=json.dumps([s.text.en for s in outcome.steps]), reason=reason,
        site_id=row.site_id, grade=row.grade, age=row.age, created_by=username)


def _latest_revision(session: Session, row: Screening) -> ScreeningRevision:
    latest = session.scalar(select(ScreeningRevision).where(
        ScreeningRevision.screening_id == row.id, ScreeningRevision.revision == row.revision))
    assert latest is not None, "every record has its newest revision"
    return latest


def _keep_demographics(revision: ScreeningRevision, row: Screening) -> None:
    """A revision written without its site, grade and age takes the record's, before an
    amendment changes the record's."""
    if revision.site_id is None:
        revision.site_id = row.site_id
    if revision.grade is None:
        revision.grade = row.grade
    if revision.age is None:
        revision.age = row.age


def _summary(row: Screening, site: str) -> ScreeningSummary:
    return ScreeningSummary(
        row.record_code, row.screened_on, site, row.grade, row.age, row.level,
        row.instrument_id, row.instrument_version, row.revision, row.follow_up_due,
        row.follow_up_done_on, row.report_required, row.report_oral_on, row.report_written_on,
        bool(row.report_prompted), row.report_decision)


def _filtered(query: Select[Any], where: RecordFilter) -> Select[Any]:
    if where.date_from:
        query = query.where(Screening.screened_on >= where.date_from)
    if where.date_to:
        query = query.where(Screening.screened_on <= where.date_to)
    if where.site:
        query = query.where(Screening.site_id == select(Site.id).where(
            Site.name == where.site).scalar_subquery())
    if where.level:
        query = query.where(Screening.level == where.level)
    if where.follow_up_due_by:
        query = query.where(Screening.follow_up_due <= where.follow_up_due_by,
                            Screening.follow_up_done_on.is_(None))
    if where.report_overdue_on:
        oral_cutoff, written_cutoff = deadlines.overdue_cutoffs(where.report_overdue_on)
        # `== True` renders as "= 1", which matches the partial index ix_screening_report_due.
        query = query.where(Screening.report_required == True, or_(  # noqa: E712
            and_(Screening.report_oral_on.is_(None), Screening.screened_on < oral_cutoff),
            and_(Screening.report_written_on.is_(None), Screening.screened_on < written_cutoff)))
    if where.decision_pending:
        query = query.where(DECISION_PENDING_SQL)
    if where.code:
        prefix = normalise_code_prefix(where.code)
        # A range on the unique code index (LIKE would read every row).
        query = query.where(Screening.record_code >= prefix,
                            Screening.record_code < prefix + "\U0010ffff")
    return query


def normalise_code_prefix(typed: str) -> str:
    """'sc 7kq4 m2' or '7KQ4M2' -> 'SC-7KQ4-M2': the start of a record code as printed,
    from what a nurse types (case and spaces do not matter; SC- may be left out)."""
    text = "-".join(typed.upper().split())
    if len(text) >= 3 and text[:2].isalpha() and text[2] == "-":
        prefix, rest = text[:2], text[3:]
    else:
        prefix, rest = "SC", text
    if prefix == "SC" and "-" not in rest and len(rest) > 4:
        rest = rest[:4] + "-" + rest[4:]
    return f"{prefix}-{rest}"
