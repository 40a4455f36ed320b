"""The lesson delivery log: which lesson version was taught to which grade, and to how
many students. Counts only; no student names. Staff edit and delete only their own entries."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from clinic_app.errors import PermissionDenied, ValidationError
from clinic_app.i18n import LANGUAGES, _
from clinic_app.permissions import Action, require
from clinic_app.store.layout import lesson_roots
from clinic_app.store.mixin import StoreMixin
from clinic_app.store.models import LessonDelivery, Site

if TYPE_CHECKING:
    from curriculum import Library

_LESSON_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")
_VERSION = re.compile(r"^\d+\.\d+\.\d+$")
GRADES = range(6, 13)
MAX_STUDENTS = 500


def grade_band(grade: int) -> str:
    """The lesson grade band a school grade belongs to."""
    return "6-8" if grade <= 8 else "9-12"


@dataclass(frozen=True)
class DeliveryInput:
    """What the educator enters; `check()` names the first field that is wrong."""

    lesson_id: str
    lesson_version: str
    delivered_on: dt.date
    site: str
    grade: int
    students: int
    languages: tuple[str, ...]

    def check(self, today: dt.date) -> None:
        if not _LESSON_ID.match(self.lesson_id):
            raise ValidationError(_("Lesson: '{value}' is not a lesson id.").format(
                value=self.lesson_id))
        if not _VERSION.match(self.lesson_version):
            raise ValidationError(_("Version: '{value}' is not a version like 1.0.0.").format(
                value=self.lesson_version))
        if self.delivered_on > today:
            raise ValidationError(_("Date: a lesson cannot be logged for a future date."))
        if self.delivered_on.year < 2000:
            raise ValidationError(_("Date: {value} is too far in the past.").format(
                value=self.delivered_on.isoformat()))
        if self.grade not in GRADES:
            raise ValidationError(_("Grade: use a grade from 6 to 12."))
        if not 1 <= self.students <= MAX_STUDENTS:
            raise ValidationError(_("Students: give a number from 1 to {n}.").format(
                n=MAX_STUDENTS))
        if not self.languages or any(code not in LANGUAGES for code in self.languages):
            raise ValidationError(_("Languages: choose one or more of the four languages."))


@dataclass(frozen=True)
class Delivery(DeliveryInput):
    """A logged delivery: what was entered, plus its id and who logged it."""

    id: int
    created_by: str


class DeliveriesMixin(StoreMixin):
    """Store operations on the delivery log (mixed into the Store facade)."""

    def record_delivery(self, entry: DeliveryInput, library: Library | None = None) -> int:
        """Log a delivery of a lesson version in the installed library; returns its id.
        `library` is that library when the caller has it loaded already (the lessons
        service); without it the library is read from the data folder."""
        require(self.user.role, Action.LOG_DELIVERY)
        _check_lesson_version(entry, self._installed_lessons() if library is None else library)
        entry.check(dt.date.today())
        with self._session() as session:
            row = LessonDelivery(created_by=self.user.username)
            _fill(session, row, entry)
            session.add(row)
            session.flush()
            self._audit_in(session, "delivery_logged", "delivery", str(row.id))
            return row.id

    def list_deliveries(self) -> list[Delivery]:
        """The signed-in user's own entries, newest first."""
        require(self.user.role, Action.LOG_DELIVERY)
        with self._session() as session:
            rows = session.execute(
                select(LessonDelivery, Site.name)
                .join(Site, Site.id == LessonDelivery.site_id)
                .where(LessonDelivery.created_by == self.user.username)
                .order_by(LessonDelivery.delivered_on.desc(), LessonDelivery.id.desc())
            )
            return [_delivery(row, site) for row, site in rows]

    def update_delivery(self, delivery_id: int, entry: DeliveryInput,
                        library: Library | None = None) -> None:
        """Change one of the user's own entries (checked as `record_delivery` checks)."""
        require(self.user.role, Action.LOG_DELIVERY)
        _check_lesson_version(entry, self._installed_lessons() if library is None else library)
        entry.check(dt.date.today())
        with self._session() as session:
            row = self._own_delivery(session, delivery_id)
            _fill(session, row, entry)
            self._audit_in(session, "delivery_edited", "delivery", str(delivery_id))

    def delete_delivery(self, delivery_id: int) -> None:
        require(self.user.role, Action.LOG_DELIVERY)
        with self._session() as session:
            session.delete(self._own_delivery(session, delivery_id))
            self._audit_in(session, "delivery_deleted", "delivery", str(delivery_id))

    def _installed_lessons(self) -> Library:
        from curriculum import load_library

        library, _problems = load_library(lesson_roots(self.data_dir))
        return library

    def _own_delivery(self, session: Session, delivery_id: int) -> LessonDelivery:
        row = session.get(LessonDelivery, delivery_id)
        if row is None:
            raise ValidationError(_("There is no delivery entry {id}.").format(id=delivery_id))
        if row.created_by != self.user.username:
            raise PermissionDenied(_("Permission denied: you can change only your own entries."))
        return row


def _check_lesson_version(entry: DeliveryInput, library: Library) -> None:
    """Refuse a delivery of a lesson, or a version, that is not installed."""
    lesson = library.get(entry.lesson_id)
    if lesson is None:
        raise ValidationError(_("Lesson: '{value}' is not in the lesson library.").format(
            value=entry.lesson_id))
    if lesson.version(entry.lesson_version) is None:
        raise ValidationError(_("Version: this lesson has no version {value}.").format(
            value=entry.lesson_version))


def _fill(session: Session, row: LessonDelivery, entry: DeliveryInput) -> None:
    site_id = session.scalar(select(Site.id).where(Site.name == entry.site, Site.active.is_(True)))
    if site_id is None:
        raise ValidationError(_("Site: '{value}' is not one of the clinic's sites.").format(
            value=entry.site))
    row.lesson_id = entry.lesson_id
    row.lesson_version = entry.lesson_version
    row.delivered_on = entry.delivered_on
    row.month = entry.delivered_on.strftime("%Y-%m")
    row.site_id = site_id
    row.grade = entry.grade
    row.grade_band = grade_band(entry.grade)
    row.students = entry.students
    row.languages = ",".join(code for code in LANGUAGES if code in entry.languages)


def _delivery(row: LessonDelivery, site: str) -> Delivery:
    return Delivery(row.lesson_id, row.lesson_version, row.delivered_on, site, row.grade,
                    row.students, tuple(row.languages.split(",")), id=row.id,
                    created_by=row.created_by)


