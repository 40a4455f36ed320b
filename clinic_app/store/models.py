"""SQLAlchemy 2 typed models of the encrypted store. Schema changes go through Alembic."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    """Declarative base for every table in the store."""


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


class Clinic(Base):
    """The clinic that owns this store (one row)."""

    __tablename__ = "clinic"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class Site(Base):
    """A school site the clinic serves."""

    __tablename__ = "site"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    clinic_id: Mapped[int] = mapped_column(ForeignKey("clinic.id"))
    name: Mapped[str] = mapped_column(String(200), unique=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class Account(Base):
    """A staff account: role and state. Its key slot lives in the key file."""

    __tablename__ = "account"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    role: Mapped[str] = mapped_column(String(16))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # Set when a lockout in the key file is moved into the store (see migration 0008).
    locked_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)


class Setting(Base):
    """A clinic setting, declared in clinic_app.settings; value stored as JSON text."""

    __tablename__ = "setting"

    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)


class AuditEntry(Base):
    """One append-only, hash-chained audit entry (see clinic_app.store.audit)."""

    __tablename__ = "audit_entry"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    at: Mapped[str] = mapped_column(String(32))
    username: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(64), index=True)
    object_type: Mapped[str] = mapped_column(String(32))
    object_id: Mapped[str] = mapped_column(String(64))
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


class InstrumentVersion(Base):
    """The exact text of every instrument version installed, so a record always renders
    and scores with the version it was recorded under."""

    __tablename__ = "instrument_version"
    __table_args__ = (UniqueConstraint("instrument_id", "version"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    instrument_id: Mapped[str] = mapped_column(String(64))
    version: Mapped[str] = mapped_column(String(32))
    content_hash: Mapped[str] = mapped_column(String(80))
    source_text: Mapped[str] = mapped_column(Text)
    bundled: Mapped[bool] = mapped_column(Boolean, default=False)
    installed_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


# A report decision still to make or finish: "consult first", or asked for and never made.
# One text for the partial index and the query, so SQLite matches them (ScreeningSummary.
# decision_pending says the same in Python; a test holds the two together).
DECISION_PENDING_WHERE = ("report_decision = 'consult' OR "
                          "(report_prompted = 1 AND report_decision IS NULL)")
DECISION_PENDING_SQL = text(f"({DECISION_PENDING_WHERE})")
# A follow-up set and not done, and its opposite: the two parts of the follow-up sort.
FOLLOW_UP_OPEN_SQL = text("follow_up_done_on IS NULL AND follow_up_due IS NOT NULL")
NO_OPEN_FOLLOW_UP_SQL = text("(follow_up_due IS NULL OR follow_up_done_on IS NOT NULL)")


class Screening(Base):
    """One screening record. No student name: a generated record code only."""

    __tablename__ = "screening"
    __table_args__ = (
        Index("ix_screening_report_due", "screened_on", "report_oral_on", "report_written_on",
              sqlite_where=text("report_required = 1")),
        Index("ix_screening_follow_up_open", "follow_up_due",
              sqlite_where=text("follow_up_done_on IS NULL")),
        # Each filter of the records list with its newest-first order (migration 0009).
        Index("ix_screening_site_date", "site_id", "screened_on"),
        Index("ix_screening_level_date", "level", "screened_on"),
        Index("ix_screening_follow_up_open_by_date", "screened_on",
              sqlite_where=text("follow_up_done_on IS NULL AND follow_up_due IS NOT NULL")),
        # The follow-up sort: open follow-ups by due date (ix_screening_follow_up_open,
        # whose condition FOLLOW_UP_OPEN_SQL matches), then the rest by date (0010).
        Index("ix_screening_no_open_follow_up_by_date", "screened_on",
              sqlite_where=NO_OPEN_FOLLOW_UP_SQL),
        # Required reports newest first (the "report overdue" page; the index above
        # counts them, but its dates are not followed by the id).
        Index("ix_screening_report_required_by_date", "screened_on",
              sqlite_where=text("report_required = 1")),
        Index("ix_screening_decision_pending_by_date", "screened_on",
              sqlite_where=DECISION_PENDING_SQL),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    record_code: Mapped[str] = mapped_column(String(16), unique=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("site.id"), index=True)
    grade: Mapped[int] = mapped_column(Integer)
    age: Mapped[int] = mapped_column(Integer)
    gender: Mapped[str | None] = mapped_column(String(64), nullable=True)
    interview_language: Mapped[str] = mapped_column(String(8))
    interpreter_used: Mapped[bool] = mapped_column(Boolean)
    seen_alone: Mapped[bool] = mapped_column(Boolean)
    confidentiality_explained: Mapped[bool] = mapped_column(Boolean)
    instrument_id: Mapped[str] = mapped_column(String(64))
    instrument_version: Mapped[str] = mapped_column(String(32))
    screened_on: Mapped[dt.date] = mapped_column(Date, index=True)
    month: Mapped[str] = mapped_column(String(7), index=True)  # YYYY-MM, for counts
    level: Mapped[str] = mapped_column(String(16), index=True)
    red_flag: Mapped[bool] = mapped_column(Boolean)
    revision: Mapped[int] = mapped_column(Integer, default=1)
    referral_given: Mapped[bool] = mapped_column(Boolean, default=False)
    report_required: Mapped[bool] = mapped_column(Boolean, default=False)
    report_oral_on: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    report_written_on: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    report_agency: Mapped[str | None] = mapped_column(String(200), nullable=True)
    # The report decision (migration 0007): asked when the answers call for it; the
    # nurse's yes / no / consult, the reason category of a no, and a short note.
    report_prompted: Mapped[bool] = mapped_column(Boolean, default=False)
    report_decision: Mapped[str | None] = mapped_column(String(16), nullable=True)
    report_reason: Mapped[str | None] = mapped_column(String(32), nullable=True)
    report_note: Mapped[str | None] = mapped_column(Text, nullable=True)
    report_decided_on: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    follow_up_due: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    follow_up_done_on: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    created_by: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    synthetic: Mapped[bool] = mapped_column(Boolean, default=False)


class ScreeningRevision(Base):
    """The answers of one revision; amending adds a revision, never overwrites one."""

    __tablename__ = "screening_revision"
    __table_args__ = (UniqueConstraint("screening_id", "revision"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    screening_id: Mapped[int] = mapped_column(ForeignKey("screening.id"), index=True)
    revision: Mapped[int] = mapped_column(Integer)
    answers_json: Mapped[str] = mapped_column(Text)
    notes: Mapped[str] = mapped_column(Text, default="")
    level: Mapped[str] = mapped_column(String(16))
    drivers_json: Mapped[str] = mapped_column(Text)
    steps_json: Mapped[str] = mapped_column(Text, default="[]")
    reason: Mapped[str] = mapped_column(Text, default="")
    # What this revision recorded of the student (an amendment may correct them; 0011).
    # None only in rows written by a bulk insert that leaves them to the record's values.
    site_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    grade: Mapped[int | None] = mapped_column(Integer, nullable=True)
    age: Mapped[int | None] = mapped_column(Integer, nullable=True)
    created_by: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class ScreeningDraft(Base):
    """An unfinished screening, kept (encrypted, like everything) until saved or discarded."""

    __tablename__ = "screening_draft"

    username: Mapped[str] = mapped_column(String(64), primary_key=True)
    payload_json: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)


class LessonDelivery(Base):
    """One lesson version taught to one grade: counts only, never student names."""

    __tablename__ = "lesson_delivery"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    lesson_id: Mapped[str] = mapped_column(String(64), index=True)
    lesson_version: Mapped[str] = mapped_column(String(32))
    delivered_on: Mapped[dt.date] = mapped_column(Date)
    month: Mapped[str] = mapped_column(String(7), index=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("site.id"))
    grade: Mapped[int] = mapped_column(Integer)
    grade_band: Mapped[str] = mapped_column(String(8))
    students: Mapped[int] = mapped_column(Integer)
    languages: Mapped[str] = mapped_column(String(64))  # comma-separated language codes
    created_by: Mapped[str] = mapped_column(String(64), index=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)


class ContactDocument(Base):
    """One version of the clinic's referral contacts and clinic details, as a JSON
    document in the format of resources/contacts.json. Every change adds a version, so
    who changed what and when is always kept."""

    __tablename__ = "contact_document"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document: Mapped[str] = mapped_column(Text)
    summary: Mapped[str] = mapped_column(Text, default="")
    changed_by: Mapped[str] = mapped_column(String(64))
    changed_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
