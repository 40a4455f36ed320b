"""What the screening records say in words, in the UI language: levels, answers, the
follow-up and the mandated report with its deadlines. Shared by the records list and
the record dialog (no widgets here)."""

from __future__ import annotations

import datetime as dt

import screening
from clinic_app.i18n import _, current_language, format_date, ngettext
from clinic_app.store import deadlines
from clinic_app.store.screenings import DECISION_CONSULT, DECISION_NO, ScreeningSummary
from clinic_app.ui.screening.answers import answer_label


def level_text(level: str) -> str:
    """A level of concern in the UI language (the code itself if the level is unknown)."""
    try:
        return screening.label(level, current_language())
    except ValueError:
        return level


def answer_text(item: screening.Item, answer: str | None) -> str:
    """A recorded answer as the nurse reads it, in the UI language."""
    if answer is None or answer == "":
        return _("Not answered")
    if item.type == "note":
        return answer
    for option in item.options:
        if option.id == answer:
            return option.label.get(current_language())
    return answer_label(answer)


def oral_deadline(summary: ScreeningSummary) -> dt.date:
    """The last day for the oral report (see store.deadlines)."""
    return deadlines.oral_due(summary.screened_on)


def written_deadline(summary: ScreeningSummary) -> dt.date:
    """The last day for the written report (see store.deadlines; holidays are not known
    to the app, so the clinic must check them)."""
    return deadlines.written_due(summary.screened_on)


def follow_up_text(summary: ScreeningSummary, today: dt.date) -> str:
    """'' (none set), 'Done <date>', 'OVERDUE since <date>' or 'Due <date>'."""
    if summary.follow_up_done_on is not None:
        return _("Done {date}").format(date=format_date(summary.follow_up_done_on))
    if summary.follow_up_due is None:
        return ""
    if summary.follow_up_overdue(today):
        return _("OVERDUE since {date}").format(date=format_date(summary.follow_up_due))
    return _("Due {date}").format(date=format_date(summary.follow_up_due))


def report_text(summary: ScreeningSummary, today: dt.date) -> str:
    """'Not required', 'Decision needed', 'Made', 'OVERDUE' or what is still due."""
    if not summary.report_required:
        if summary.decision_pending:
            return (_("Consult first: decide today")
                    if summary.report_decision == DECISION_CONSULT else _("Decision needed"))
        if summary.report_decision == DECISION_NO:
            return _("Not reporting (decided)")
        return _("Not required")
    if summary.report_oral_on and summary.report_written_on:
        return _("Made")
    if summary.report_overdue(today):
        oral_late = deadlines.oral_overdue(summary.screened_on, summary.report_oral_on, today)
        written_late = deadlines.written_overdue(summary.screened_on, summary.report_written_on,
                                                 today)
        if oral_late and written_late:
            return _("OVERDUE: oral and written")
        return _("OVERDUE: oral report") if oral_late else _("OVERDUE: written report")
    if summary.report_oral_on is None:
        return _("Oral report due by {date}").format(date=format_date(oral_deadline(summary)))
    return _("Written report due by {date}").format(
        date=format_date(written_deadline(summary)))


def report_tooltip(summary: ScreeningSummary, today: dt.date) -> str:
    """What is missing from a required report, with both deadlines."""
    if not summary.report_required:
        return ""
    lines = []
    if summary.report_oral_on is None:
        lines.append(_("Oral report not recorded; due at once, by {date} at the latest.").format(
            date=format_date(oral_deadline(summary))))
    else:
        lines.append(_("Oral report made {date}.").format(
            date=format_date(summary.report_oral_on)))
    if summary.report_written_on is None:
        lines.append(_("Written report not recorded; due by {date} (weekends not counted; "
                       "check holidays).").format(date=format_date(written_deadline(summary))))
    else:
        lines.append(_("Written report made {date}.").format(
            date=format_date(summary.report_written_on)))
    if summary.report_overdue(today):
        lines.insert(0, _("This mandated report is overdue."))
    return "\n".join(lines)


def follow_up_tooltip(summary: ScreeningSummary, today: dt.date) -> str:
    """How long an overdue follow-up has been due ('' if it is not overdue)."""
    if not summary.follow_up_overdue(today) or summary.follow_up_due is None:
        return ""
    days = (today - summary.follow_up_due).days
    return ngettext("The follow-up was due {date} ({days} day ago) and is not marked "
                    "done.",
                    "The follow-up was due {date} ({days} days ago) and is not marked "
                    "done.", days).format(date=format_date(summary.follow_up_due),
                                          days=days)
