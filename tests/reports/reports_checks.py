"""Independent checks of published tables (not the app's own code paths): lines, and an
exact rational test of whether a hidden cell is fixed by the published values."""

from __future__ import annotations

import itertools
from collections.abc import Callable
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


def _equations(report: Report, source: str, hidden: list[frozenset]) -> list[dict[int, Fraction]]:
    """Every line of every table of `source` as an equation over the hidden cells (sparse:
    hidden cell number -> coefficient; the published cells moved to the other side)."""
    index = {n: i for i, n in enumerate(hidden)}
    rows = []
    for table in report.tables:
        if table.spec.source != source:
            continue
        for line in lines(table):
            row: dict[int, Fraction] = {}
            for position, key in enumerate(line):
                name = cell_name(table, key)
                if name in index:
                    i = index[name]
                    row[i] = row.get(i, Fraction(0)) + (-1 if position == len(line) - 1 else 1)
            row = {i: v for i, v in row.items() if v}
            if row:
                rows.append(row)
    return rows


def _reduced(rows: list[dict[int, Fraction]]) -> dict[int, dict[int, Fraction]]:
    """Reduced row echelon form, exact and sparse: pivot column -> its row."""
    echelon: dict[int, dict[int, Fraction]] = {}
    for row in rows:
        row = dict(row)
        for pivot in [c for c in row if c in echelon]:
            factor = row.get(pivot)
            if factor:
                for c, v in echelon[pivot].items():
                    value = row.get(c, Fraction(0)) - factor * v
                    if value:
                        row[c] = value
                    else:
                        row.pop(c, None)
        row = {c: v for c, v in row.items() if v}
        if not row:
            continue
        pivot = min(row)
        lead = row[pivot]
        row = {c: v / lead for c, v in row.items()}
        for other in echelon.values():
            factor = other.get(pivot)
            if factor:
                for c, v in row.items():
                    value = other.get(c, Fraction(0)) - factor * v
                    if value:
                        other[c] = value
                    else:
                        other.pop(c, None)
        echelon[pivot] = row
    return echelon


def _hidden_names(report: Report, source: str, measure: str) -> list[frozenset]:
    values = published(report, source, measure)
    return sorted((n for n, v in values.items() if v is None), key=lambda n: sorted(n))


def exposed_cells(report: Report, source: str, measure: str) -> set[frozenset]:
    """Hidden cells whose value the published cells fix exactly, by exact rational
    elimination over every line of every table of that source."""
    hidden = _hidden_names(report, source, measure)
    echelon = _reduced(_equations(report, source, hidden))
    return {hidden[c] for c, row in echelon.items() if len(row) == 1}


def zeros_held_at_zero(report: Report, source: str, measure: str,
                       true_of: Callable[[frozenset], int]) -> set[frozenset]:
    """Hidden zeros that the published cells and non-negativity hold at zero (a reader can
    tell they are zero). Empty when some change of the hidden cells keeps every line and
    raises every hidden zero at once: then, with the exact check above, no hidden cell's
    value follows from the published ones, counts being non-negative or not.

    The changes that keep every line are the null space of the equations; with t the free
    cells of the reduced echelon form, each hidden zero is a linear form g(t), and the
    question is whether g(t) >= 1 for all of them has a solution. A floating-point simplex
    looks for one and a solution found is checked exactly; when none is found, an exact
    simplex names the zeros that cannot be raised while no other zero goes negative."""
    hidden = _hidden_names(report, source, measure)
    zeros = [i for i, n in enumerate(hidden) if true_of(n) == 0]
    if not zeros:
        return set()
    echelon = _reduced(_equations(report, source, hidden))

    def form(i: int) -> dict[int, Fraction]:
        if i in echelon:
            return {c: -v for c, v in echelon[i].items() if c != i}
        return {i: Fraction(1)}

    forms = [form(i) for i in zeros]
    if _solve(forms, [1] * len(forms), exact=False):
        return set()
    return {hidden[i] for k, i in enumerate(zeros)
            if not _solve(forms, [int(j == k) for j in range(len(forms))], exact=True)}


def _solve(forms: list[dict[int, Fraction]], bounds: list[int], *, exact: bool) -> bool:
    """Whether some t has sum(f[c] * t[c]) >= bound for every form (phase 1 of the simplex
    with Bland's rule; with floats, a solution found is checked exactly, and only a
    solution passing with every bound above zero counts)."""
    if any(not f and b > 0 for f, b in zip(forms, bounds, strict=True)):
        return False
    number = Fraction if exact else float
    zero, eps = number(0), (number(0) if exact else 1e-9)
    columns = sorted({c for f in forms for c in f})
    where = {c: k for k, c in enumerate(columns)}
    m, n = len(forms), len(columns)
    # standard form: G u - G v - s + a = bound, all >= 0; minimise sum(a)
    width = 2 * n + 2 * m
    table = []
    for r, (f, b) in enumerate(zip(forms, bounds, strict=True)):
        row = [zero] * (width + 1)
        for c, v in f.items():
            row[where[c]] = number(v)
            row[n + where[c]] = -number(v)
        row[2 * n + r] = number(-1)
        row[2 * n + m + r] = number(1)
        row[width] = number(b)
        table.append(row)
    basis = [2 * n + m + r for r in range(m)]
    cost = [zero] * (width + 1)
    for row in table:
        cost = [a - b for a, b in zip(cost, row, strict=True)]
    for r in range(m):
        cost[2 * n + m + r] += 1
    for _step in range(50 * (m + width)):
        enter = next((k for k in range(width) if cost[k] < -eps), None)
        if enter is None:
            break
        best = None
        for r in range(m):
            if table[r][enter] > eps:
                ratio = table[r][width] / table[r][enter]
                if best is None or ratio < best[0] - eps or (
                        abs(ratio - best[0]) <= eps and basis[r] < basis[best[1]]):
                    best = (ratio, r)
        if best is None:
            break  # unbounded: cannot happen in phase 1
        r = best[1]
        lead = table[r][enter]
        table[r] = [v / lead for v in table[r]]
        for other in range(m):
            factor = table[other][enter]
            if other != r and factor:
                table[other] = [a - factor * b for a, b in zip(table[other], table[r],
                                                               strict=True)]
        factor = cost[enter]
        cost = [a - factor * b for a, b in zip(cost, table[r], strict=True)]
        basis[r] = enter
    if exact:
        return cost[width] == 0  # the artificial variables sum to zero: feasible
    values = [0.0] * width
    for r, k in enumerate(basis):
        values[k] = table[r][width]
    t = {c: Fraction(values[where[c]] - values[n + where[c]]).limit_denominator(10**9)
         for c in columns}
    return all(b > 0 and sum(v * t[c] for c, v in f.items()) > 0
               for f, b in zip(forms, bounds, strict=True))


def telling_lines(report: Report, source: str, measure: str,
                  true_of: Callable[[frozenset], int], *,
                  strict: bool = False) -> list[tuple[str, list]]:
    """Lines whose total is hidden (and above zero) where all parts but one are published
    zeros: a reader learns that every member of the group had the remaining value. With
    `strict`, any published zero in such a line. A zero that other published zeros imply
    does not count (every combination of values under it lies under a published zero that
    is not under it, so hiding it could not help)."""
    values = published(report, source, measure)
    tables = [t for t in report.tables if t.spec.source == source]
    domains: dict[str, tuple[str, ...]] = {}
    for table in tables:
        for d in table.dims:
            domains.setdefault(d, table.domains[d])
    shown_zeros = [n for n, v in values.items() if v == 0]
    index = tables[0].measures.index(measure) if tables else 0

    def implied(name: frozenset) -> bool:
        rest = [d for d in domains if d not in {p[0] for p in name}]
        covers = [z for z in shown_zeros if not name <= z]
        for combo in itertools.product(*[domains[d] for d in rest]):
            full = name | frozenset(zip(rest, combo, strict=True))
            if not any(z <= full for z in covers):
                return False
        return True

    bad = []
    for table in tables:
        for line in lines(table):
            total = line[-1]
            if table.cells[total][index] is not None or true_of(cell_name(table, total)) == 0:
                continue
            zeros = [k for k in line[:-1] if table.cells[k][index] == 0
                     and not implied(cell_name(table, k))]
            others = [k for k in line[:-1] if table.cells[k][index] != 0]
            if zeros and (strict or len(others) <= 1):
                bad.append((table.spec.name, line))
    return bad


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
