"""What a counts report may contain: the breakdowns (dimensions), the period, the
suppression threshold, and the checks that name the first thing that is wrong."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from clinic_app.errors import ValidationError
from clinic_app.i18n import N_, _

MIN_THRESHOLD = 11
"""Counts from 1 to MIN_THRESHOLD - 1 are always hidden. A report may raise it, never lower it."""
MAX_THRESHOLD = 100
MAX_CELLS = 50_000
"""A table with more cells than this (all combinations and totals) is refused: too fine to
be useful and too slow to protect."""

SCREENINGS = "screenings"
LESSONS = "lessons"

PERIOD_DIMS = ("month", "quarter", "year")


@dataclass(frozen=True)
class Dimension:
    """One breakdown: its key (used in --by and in files), title, and which sources have it."""

    key: str
    title: str  # N_-marked; translate at display time
    sources: frozenset[str]
    domain: tuple[str, ...] = ()  # fixed values, in display order; () = observed values
    additive: frozenset[str] = field(default_factory=frozenset)  # sources where parts add up


_BOTH = frozenset({SCREENINGS, LESSONS})
_SCR = frozenset({SCREENINGS})
_LES = frozenset({LESSONS})

DIMENSIONS: dict[str, Dimension] = {d.key: d for d in (
    Dimension("month", N_("Month"), _BOTH, additive=_BOTH),
    Dimension("quarter", N_("Quarter"), _BOTH, additive=_BOTH),
    Dimension("year", N_("Year"), _BOTH, additive=_BOTH),
    Dimension("site", N_("Site"), _BOTH, additive=_BOTH),
    Dimension("grade_band", N_("Grade band"), _BOTH, ("6-8", "9-12"), additive=_BOTH),
    Dimension("age_band", N_("Age band"), _SCR, ("10-13", "14-15", "16-17", "18-24"),
              additive=_SCR),
    Dimension("concern_level", N_("Concern level"), _SCR,
              ("none", "incomplete", "possible", "clear"),
              additive=_SCR),
    Dimension("referral_given", N_("Referral given"), _SCR, ("yes", "no"), additive=_SCR),
    Dimension("report_made", N_("Report made"), _SCR, ("yes", "no"), additive=_SCR),
    Dimension("follow_up", N_("Follow-up"), _SCR, ("none", "open", "done", "overdue"),
              additive=_SCR),
    # A lesson may be taught in two languages at once, so lesson language parts do not
    # add up to the total: the total is counted separately (see cube.build_cube).
    Dimension("language", N_("Language"), _BOTH, ("en", "es", "hmn", "so"), additive=_SCR),
    Dimension("instrument", N_("Instrument"), _SCR, additive=_SCR),
    Dimension("instrument_version", N_("Instrument version"), _SCR, additive=_SCR),
    Dimension("lesson", N_("Lesson"), _LES, additive=_LES),
    Dimension("lesson_version", N_("Lesson version"), _LES, additive=_LES),
)}

# Breakdowns that nest (a quarter is three months, an instrument its versions) would let
# one table be subtracted from another, so a report uses at most one of each group.
EXCLUSIVE_GROUPS: tuple[tuple[str, ...], ...] = (
    PERIOD_DIMS, ("instrument", "instrument_version"), ("lesson", "lesson_version"))

MEASURES: dict[str, str] = {
    "screenings": N_("Screenings"),
    "deliveries": N_("Lessons delivered"),
    "students": N_("Students reached"),
}
SOURCE_MEASURES: dict[str, tuple[str, ...]] = {
    SCREENINGS: ("screenings",),
    LESSONS: ("deliveries", "students"),
}

_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


def check_month(value: str, what: str) -> str:
    """`value` if it is a month YYYY-MM from 2000-01 to 2099-12; `what` names the field."""
    match = _MONTH.match(value.strip())
    if not match or not 1 <= int(match[2]) <= 12 or not 2000 <= int(match[1]) <= 2099:
        raise ValidationError(
            _("{what}: '{value}' is not a month in the form YYYY-MM (for example 2026-01).")
            .format(what=what, value=value))
    return value.strip()


def months_between(start: str, end: str) -> list[str]:
    """Every month from `start` to `end`, both included."""
    year, month = int(start[:4]), int(start[5:])
    months = []
    while f"{year:04d}-{month:02d}" <= end:
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def quarter_of(month: str) -> str:
    return f"{month[:4]}-Q{(int(month[5:]) + 2) // 3}"


def period_domain(dim: str, start: str, end: str) -> tuple[str, ...]:
    """All periods of that kind that touch the report period, in order."""
    months = months_between(start, end)
    if dim == "month":
        return tuple(months)
    values = [quarter_of(m) if dim == "quarter" else m[:4] for m in months]
    return tuple(dict.fromkeys(values))


def check_threshold(threshold: int) -> int:
    """The threshold if it is allowed: it can be raised above 11, never lowered."""
    if isinstance(threshold, bool) or not isinstance(threshold, int):
        raise ValidationError(_("The suppression threshold must be a whole number."))
    if threshold < MIN_THRESHOLD:
        raise ValidationError(
            _("The suppression threshold cannot be lower than {n}: counts from 1 to {m} are "
              "always hidden.").format(n=MIN_THRESHOLD, m=MIN_THRESHOLD - 1))
    if threshold > MAX_THRESHOLD:
        raise ValidationError(_("The suppression threshold can be at most {n}.").format(
            n=MAX_THRESHOLD))
    return threshold


def parse_breakdowns(text: str) -> tuple[str, ...]:
    """A comma list like 'month,site' as dimension keys; unknown or repeated names refused."""
    keys = tuple(part.strip() for part in text.split(",") if part.strip())
    for key in keys:
        if key not in DIMENSIONS:
            raise ValidationError(_("Unknown breakdown '{name}': use one or more of {names}.")
                                  .format(name=key, names=", ".join(DIMENSIONS)))
    if len(set(keys)) != len(keys):
        raise ValidationError(_("A breakdown is listed twice."))
    return keys


@dataclass(frozen=True)
class TableSpec:
    """One table of a report: counts of one source broken down by `dims`."""

    name: str
    source: str
    dims: tuple[str, ...]


@dataclass(frozen=True)
class ReportRequest:
    """The period (months, both included), the tables, and the threshold."""

    start: str
    end: str
    tables: tuple[TableSpec, ...]
    threshold: int = MIN_THRESHOLD

    @classmethod
    def for_breakdowns(cls, start: str, end: str, by: tuple[str, ...],
                       threshold: int = MIN_THRESHOLD) -> ReportRequest:
        """The export's shape: screenings and lessons, each by the breakdowns it has."""
        return cls(start, end, tuple(
            TableSpec(source, source, tuple(d for d in by if source in DIMENSIONS[d].sources))
            for source in (SCREENINGS, LESSONS)), threshold)

    def check(self) -> ReportRequest:
        """Raise ValidationError naming the first problem; returns self."""
        check_month(self.start, _("From"))
        check_month(self.end, _("To"))
        if self.start > self.end:
            raise ValidationError(_("The period starts ({start}) after it ends ({end}).").format(
                start=self.start, end=self.end))
        check_threshold(self.threshold)
        used: set[str] = set()
        for table in self.tables:
            if table.source not in SOURCE_MEASURES:
                raise ValidationError(_("Unknown table source '{name}'.").format(
                    name=table.source))
            for dim in table.dims:
                spec = DIMENSIONS.get(dim)
                if spec is None:
                    raise ValidationError(_("Unknown breakdown '{name}'.").format(name=dim))
                if table.source not in spec.sources:
                    raise ValidationError(_("'{name}' is not a breakdown of {source}.").format(
                        name=dim, source=table.source))
            if len(set(table.dims)) != len(table.dims):
                raise ValidationError(_("A breakdown is listed twice."))
            used.update(table.dims)
        for group in EXCLUSIVE_GROUPS:
            chosen = [d for d in group if d in used]
            if len(chosen) > 1:
                raise ValidationError(_("Choose only one of {names}: one is made of the other, "
                                        "so both together could reveal hidden counts.").format(
                    names=", ".join(chosen)))
        return self
