"""Build a report: grouped counts from the store, every total, suppression, published values.

The store answers with GROUP BY results only (see clinic_app.store.counts); this module
never sees a record.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol

from clinic_app import __version__
from clinic_app.errors import ClinicError
from clinic_app.i18n import _
from clinic_app.reports.cube import Counts, Key, build_cube
from clinic_app.reports.model import Metadata, Published, Report, Table
from clinic_app.reports.spec import (
    DIMENSIONS,
    LESSONS,
    PERIOD_DIMS,
    SCREENINGS,
    SOURCE_MEASURES,
    ReportRequest,
    TableSpec,
    period_domain,
)
from clinic_app.reports.suppression import CellId, cell_id, suppress

Progress = Callable[[int, str], None]  # (percent done, what is happening)


class ReportCancelled(ClinicError):
    """The user cancelled building a report; nothing was written."""


@dataclass(frozen=True)
class GroupedCounts:
    """One GROUP BY answer: the finest counts by `dims`, and what was counted."""

    dims: tuple[str, ...]
    rows: list[tuple[tuple[str, ...], Counts]]
    versions: tuple[str, ...]  # "id version" of the instrument or lesson versions counted
    synthetic: bool = False
    totals_rows: list[tuple[tuple[str, ...], Counts]] | None = None  # lessons by language


class CountSource(Protocol):
    """What the store offers the builder (clinic_app.store.counts.CountsMixin)."""

    def screening_counts(self, start: str, end: str, dims: Sequence[str],
                         today: dt.date) -> GroupedCounts: ...

    def delivery_counts(self, start: str, end: str, dims: Sequence[str]) -> GroupedCounts: ...

    def report_sites(self) -> tuple[str, ...]: ...


def build_report(source: CountSource, request: ReportRequest, *, clinic: str,
                 now: dt.datetime | None = None, progress: Progress | None = None,
                 cancelled: Callable[[], bool] | None = None) -> Report:
    """The suppressed report for `request` (checked first)."""
    request.check()
    now = (now or dt.datetime.now(dt.UTC)).astimezone(dt.UTC)
    today = now.date()

    def step(percent: int, text: str) -> None:
        if cancelled and cancelled():
            raise ReportCancelled(_("Cancelled; nothing was written."))
        if progress:
            progress(percent, text)

    sites = source.report_sites()
    grouped: dict[str, GroupedCounts] = {}
    for source_name, percent, text in ((SCREENINGS, 5, _("Counting screenings...")),
                                       (LESSONS, 45, _("Counting lessons..."))):
        dims = _union_dims(t.dims for t in request.tables if t.source == source_name)
        step(percent, text)
        if source_name == SCREENINGS:
            grouped[source_name] = source.screening_counts(request.start, request.end, dims,
                                                           today)
        else:
            grouped[source_name] = source.delivery_counts(request.start, request.end, dims)
    step(60, _("Hiding small counts..."))
    cubes: dict[str, tuple[dict[str, tuple[str, ...]], dict[Key, Counts]]] = {}
    for spec in request.tables:
        cubes[spec.name] = _cube(spec, grouped[spec.source], request, sites)
    hidden: dict[tuple[str, str], frozenset[CellId]] = {}
    for source_name, measures in SOURCE_MEASURES.items():
        specs = [s for s in request.tables if s.source == source_name]
        for index, measure in enumerate(measures):
            step(60 + 30 * index // len(measures), _("Hiding small counts..."))
            linked = [(s.dims, {k: v[index] for k, v in cubes[s.name][1].items()})
                      for s in specs]
            hidden[(source_name, measure)] = suppress(linked, request.threshold)
    tables = []
    for spec in request.tables:
        domains, cells = cubes[spec.name]
        measures = SOURCE_MEASURES[spec.source]
        published: dict[Key, Published] = {}
        for key, counts in cells.items():
            cid = cell_id(spec.dims, key)
            published[key] = tuple(None if cid in hidden[(spec.source, m)] else counts[i]
                                   for i, m in enumerate(measures))
        tables.append(Table(spec, measures, domains, published))
    step(100, _("Done."))
    screenings, lessons = grouped[SCREENINGS], grouped[LESSONS]
    metadata = Metadata(
        clinic=clinic, start=request.start, end=request.end,
        generated_at=now.replace(microsecond=0).isoformat().replace("+00:00", "Z"),
        as_of=today.isoformat(), app_version=__version__,
        instruments=screenings.versions, lessons=lessons.versions,
        threshold=request.threshold, synthetic=screenings.synthetic)
    return Report(metadata, tuple(tables))


def _union_dims(groups: Iterable[Sequence[str]]) -> tuple[str, ...]:
    dims: list[str] = []
    for group in groups:
        dims.extend(d for d in group if d not in dims)
    return tuple(dims)


def _project(rows: Iterable[tuple[tuple[str, ...], Counts]], have: Sequence[str],
             want: Sequence[str]) -> list[tuple[tuple[str, ...], Counts]]:
    """Sum grouped rows down to fewer breakdowns (sums of counts, never records)."""
    positions = [list(have).index(d) for d in want]
    sums: dict[tuple[str, ...], list[int]] = defaultdict(list)
    for key, counts in rows:
        short = tuple(key[p] for p in positions)
        total = sums[short]
        if total:
            for i, value in enumerate(counts):
                total[i] += value
        else:
            total.extend(counts)
    return [(k, tuple(v)) for k, v in sums.items()]


def _cube(spec: TableSpec, grouped: GroupedCounts, request: ReportRequest,
          sites: tuple[str, ...]) -> tuple[dict[str, tuple[str, ...]], dict[Key, Counts]]:
    odd = next((d for d in grouped.dims if spec.source not in DIMENSIONS[d].additive), None)
    short_have = tuple(d for d in grouped.dims if d != odd)
    if odd is not None and grouped.totals_rows is None:
        raise ValueError(f"{spec.source} by {odd} needs separate totals")
    if odd is not None and odd not in spec.dims:
        rows = _project(grouped.totals_rows or [], short_have, spec.dims)
    else:
        rows = _project(grouped.rows, grouped.dims, spec.dims)
    domains: dict[str, tuple[str, ...]] = {}
    for i, dim in enumerate(spec.dims):
        if dim in PERIOD_DIMS:
            base: tuple[str, ...] = period_domain(dim, request.start, request.end)
        elif dim == "site":
            base = sites
        else:
            base = DIMENSIONS[dim].domain
        observed = sorted({key[i] for key, _counts in rows} - set(base))
        domains[dim] = (*base, *observed)
    measures = len(SOURCE_MEASURES[spec.source])
    totals: list[tuple[tuple[str, ...], Counts]] = []
    if odd is not None and odd in spec.dims:
        totals = _project(grouped.totals_rows or [], short_have,
                          [d for d in spec.dims if d != odd])
    else:
        odd = None
    return domains, build_cube(spec.dims, domains, rows, measures, odd, totals)
