"""A finished counts report: published values only. A hidden cell's true value is dropped
when the report is built, so no writer or chart can show it by mistake."""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from clinic_app.reports.cube import Key
from clinic_app.reports.spec import TableSpec

Published = tuple[int | None, ...]  # one per measure; None = hidden


@dataclass(frozen=True)
class Metadata:
    """What every export states about itself."""

    clinic: str
    start: str  # YYYY-MM
    end: str
    generated_at: str  # ISO 8601, UTC, to the second
    as_of: str  # the day follow-up status ("overdue") was judged on
    app_version: str
    instruments: tuple[str, ...]  # "id version" of every instrument version counted
    lessons: tuple[str, ...]  # "id version" of every lesson version counted
    threshold: int
    synthetic: bool  # the store holds synthetic (training) screenings


@dataclass(frozen=True)
class Table:
    """One table: every combination of its breakdowns and every total."""

    spec: TableSpec
    measures: tuple[str, ...]
    domains: Mapping[str, tuple[str, ...]]
    cells: Mapping[Key, Published]

    @property
    def dims(self) -> tuple[str, ...]:
        return self.spec.dims

    def keys(self) -> Iterator[Key]:
        """Every cell in reading order: each breakdown's values, then its total."""
        choices = [(*self.domains[d], None) for d in self.dims]
        return iter(itertools.product(*choices))

    def value(self, measure: str, **where: str | None) -> int | None:
        """The published value; breakdowns not named (or named as None) are totals.
        None = hidden."""
        unknown = set(where) - set(self.dims)
        if unknown:
            raise KeyError(f"not a breakdown of this table: {sorted(unknown)}")
        key = tuple(where.get(d) for d in self.dims)
        return self.cells[key][self.measures.index(measure)]

    def hidden(self, measure: str) -> int:
        index = self.measures.index(measure)
        return sum(1 for values in self.cells.values() if values[index] is None)

    def percent(self, key: Key, measure: str) -> float | None:
        """The cell's share of its total over the last breakdown, in percent. None when the
        cell is a total of that breakdown, when the cell or the total is hidden (a share of
        a shown total would give the hidden count away), or when the total is zero."""
        if not self.dims or key[-1] is None:
            return None
        index = self.measures.index(measure)
        part = self.cells[key][index]
        whole = self.cells[key[:-1] + (None,)][index]
        if part is None or whole is None or whole == 0:
            return None
        return round(100.0 * part / whole, 1)


@dataclass(frozen=True)
class Report:
    metadata: Metadata
    tables: tuple[Table, ...]

    def table(self, name: str) -> Table:
        for table in self.tables:
            if table.spec.name == name:
                return table
        raise KeyError(name)

    @property
    def hidden_total(self) -> int:
        return sum(t.hidden(m) for t in self.tables for m in t.measures)
