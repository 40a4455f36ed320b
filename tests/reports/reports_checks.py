"""Independent checks of published tables (not the app's own code paths): lines, and an
exact rational test of whether a hidden cell is fixed by the published values."""

from __future__ import annotations

import itertools
from fractions import Fraction

from clinic_app.reports.model import Report, Table


def cell_name(table: Table, key: tuple[str | None, ...]) -> frozenset[tuple[str, str]]:
    return frozenset((d, v) for d, v in zip(table.dims, key, strict=True) if v is not None)


def lines(table: Table) -> list[list[tuple[str | None, ...]]]:
    """Every line: the cells along one breakdown with the others fixed, total last."""
    out = []
    for key in table.keys():
        for i, value in enumerate(key):
            if value is None:
                out.append([key[:i] + (v,) + key[i + 1:] for v in table.domains[table.dims[i]]]
                           + [key])
    return out


def published(report: Report, source: str, measure: str) -> dict[frozenset, int | None]:
    values: dict[frozenset, int | None] = {}
    for table in report.tables:
        if table.spec.source != source:
            continue
        index = table.measures.index(measure)
        for key, cell in table.cells.items():
            name = cell_name(table, key)
            assert values.get(name, cell[index]) == cell[index], "linked tables disagree"
            values[name] = cell[index]
    return values


def exposed_cells(report: Report, source: str, measure: str) -> set[frozenset]:
    """Hidden cells whose value the published cells fix exactly, by exact rational
    elimination over every line of every table of that source."""
    values = published(report, source, measure)
    hidden = sorted((n for n, v in values.items() if v is None), key=lambda n: sorted(n))
    index = {n: i for i, n in enumerate(hidden)}
    rows: list[list[Fraction]] = []
    for table in report.tables:
        if table.spec.source != source:
            continue
        for line in lines(table):
            row = [Fraction(0)] * len(hidden)
            for position, key in enumerate(line):
                name = cell_name(table, key)
                if name in index:
                    row[index[name]] += -1 if position == len(line) - 1 else 1
            if any(row):
                rows.append(row)
    # reduced row echelon form
    pivots: list[int] = []
    r = 0
    for c in range(len(hidden)):
        pivot = next((i for i in range(r, len(rows)) if rows[i][c] != 0), None)
        if pivot is None:
            continue
        rows[r], rows[pivot] = rows[pivot], rows[r]
        lead = rows[r][c]
        rows[r] = [v / lead for v in rows[r]]
        for i in range(len(rows)):
            if i != r and rows[i][c] != 0:
                f = rows[i][c]
                rows[i] = [a - f * b for a, b in zip(rows[i], rows[r], strict=True)]
        pivots.append(c)
        r += 1
    fixed = set()
    for i, c in enumerate(pivots):
        if sum(1 for v in rows[i] if v != 0) == 1:
            fixed.add(hidden[c])
    return fixed


def small_published(report: Report, threshold: int = 11) -> list[tuple[str, object, int]]:
    return [(t.spec.name, k, v) for t in report.tables for k, vals in t.cells.items()
            for v in vals if v is not None and 0 < v < threshold]


def lines_with_one_hidden(report: Report) -> list[tuple[str, str, list]]:
    bad = []
    for table in report.tables:
        for m_index, measure in enumerate(table.measures):
            for line in lines(table):
                hidden = [k for k in line if table.cells[k][m_index] is None]
                if len(hidden) == 1:
                    bad.append((table.spec.name, measure, line))
    return bad


def all_keys(domains: dict[str, tuple[str, ...]], dims: tuple[str, ...]):
    return itertools.product(*[(*domains[d], None) for d in dims])
