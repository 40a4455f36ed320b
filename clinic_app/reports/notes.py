"""The words every export carries: what it is, what was hidden and why."""

from __future__ import annotations

from clinic_app.i18n import N_, _
from clinic_app.reports.model import Report, Table
from clinic_app.reports.spec import DIMENSIONS, MEASURES

MARK = "suppressed"
"""How every hidden cell is shown. One mark for all of them on purpose: if the counts from
1 to 10 and the counts hidden to protect them were marked differently, a pair of hidden
cells adding up to 12 with one known to be 11 or more would give the other away (it is 1).
Hidden zeros carry it too: a mark of their own would say the zero it hides."""

TOTAL = "(all)"
"""How a total is shown in the breakdown columns of CSV and XLSX files."""

VALUE_LABELS: dict[str, dict[str, str]] = {
    "concern_level": {"none": N_("No concern"), "incomplete": N_("Incomplete (not assessed)"),
                      "possible": N_("Possible concern"), "clear": N_("Clear concern")},
    "referral_given": {"yes": N_("Referral given"), "no": N_("No referral")},
    "report_made": {"yes": N_("Report made"), "no": N_("No report")},
    "follow_up": {"none": N_("No follow-up"), "open": N_("Follow-up due"),
                  "done": N_("Follow-up done"), "overdue": N_("Follow-up overdue")},
}


def value_label(dim: str, value: str | None) -> str:
    """A breakdown value for people (XLSX, the dashboard); None is the total."""
    if value is None:
        return _("Total")
    label = VALUE_LABELS.get(dim, {}).get(value)
    return _(label) if label else value


def dim_title(dim: str) -> str:
    return _(DIMENSIONS[dim].title)


def measure_title(measure: str) -> str:
    return _(MEASURES[measure])


def rule_text(threshold: int) -> str:
    """The suppression rule as applied, in one paragraph."""
    return _(
        "Counts from 1 to {low} are hidden (no count under {threshold} is shown). Where a "
        "hidden count could be worked out by subtraction from its row, its column or any "
        "total, or by combining several of them, further counts are hidden too "
        "(complementary suppression), in every table of this export at once. Zeros may be "
        "hidden too: in a group whose total is hidden, its zeros could show that everyone "
        "in it had the same answer, so they are hidden, with enough other counts that they "
        "cannot be worked out either (counts are never negative). A zero is shown when its "
        "group has nobody in it or when other zeros shown already imply it. A percentage is "
        "shown only when both its count and its total are shown. Every hidden cell is marked "
        "'{mark}', whatever the reason it was hidden, so small counts, hidden zeros and the "
        "counts hidden to protect them cannot be told apart."
    ).format(low=threshold - 1, threshold=threshold, mark=MARK)


def hidden_lines(report: Report) -> list[str]:
    """One line per table and measure: how many cells were hidden."""
    lines = []
    for table in report.tables:
        for measure in table.measures:
            lines.append(_("{table}, {measure}: {hidden} of {cells} cells hidden.").format(
                table=table_title(table), measure=measure_title(measure),
                hidden=table.hidden(measure), cells=len(table.cells)))
    return lines


def table_title(table: Table) -> str:
    source = measure_title("screenings") if table.spec.source == "screenings" else _("Lessons")
    if not table.dims:
        return source
    return _("{source} by {breakdowns}").format(
        source=source, breakdowns=", ".join(dim_title(d) for d in table.dims))


def metadata_items(report: Report) -> list[tuple[str, str]]:
    """(label, value) pairs every export starts with, in this order."""
    meta = report.metadata
    items = [
        (_("Clinic"), meta.clinic),
        (_("Period"), _("{start} to {end} (whole months)").format(start=meta.start,
                                                                   end=meta.end)),
        (_("Generated"), meta.generated_at),
        (_("Follow-up status as of"), meta.as_of),
        (_("App version"), f"clinic-app {meta.app_version}"),
        (_("Instrument versions counted"), ", ".join(meta.instruments) or _("none")),
        (_("Lesson versions counted"), ", ".join(meta.lessons) or _("none")),
        (_("Suppression threshold"), str(meta.threshold)),
        (_("Suppression rule"), rule_text(meta.threshold)),
        (_("Hidden cells"), " ".join(hidden_lines(report))),
        (_("Contents"), _("Anonymized counts only: no record codes, no free text, no date "
                          "finer than a month. '{total}' in a breakdown column is the total "
                          "over that breakdown.").format(total=TOTAL)),
    ]
    if meta.synthetic:
        items.append((_("Warning"), _("This store holds synthetic training records; these "
                                      "counts are not real.")))
    return items
