"""Small-cell suppression: which cells of a set of linked tables must be hidden.

1. Primary: every count from 1 to threshold - 1 is hidden (zero may show).
2. Complementary: a line is a total and the cells it adds up (a row, a column, or any
   line of a table with more breakdowns, totals included). A line with exactly one hidden
   cell would give it away by subtraction, so the smallest other non-zero count in that
   line is hidden too; repeated until no line has exactly one hidden cell.
3. Audit: hidden cells can still be worked out by combining several lines (for example two
   blocks of hidden cells joined by one cell). Every line is an equation; a hidden cell is
   exposed when the equations fix its value (see _exposed).
   For each exposed cell one more cell of its lines is hidden, then 2 and 3 run again.

Tables over the same records (screenings by month and level, by month and referral, ...)
share their totals: a cell is known by its breakdown values, not by its table, so a total
hidden in one table is hidden in all of them. Every complementary cell is a positive count,
so no hidden cell is pinned by the fact that counts cannot be negative either.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Mapping, Sequence

from clinic_app.errors import ValidationError
from clinic_app.i18n import _
from clinic_app.reports.cube import Key

MAX_HIDDEN = 3000
"""Above this many hidden cells a table is refused: almost everything in it would be hidden,
and proving that nothing can be worked out grows too slow (the audit is exact, not sampled)."""

_P = (1 << 61) - 1  # a Mersenne prime
CellId = frozenset[tuple[str, str]]  # the breakdown values of a cell; totals left out


def cell_id(dims: Sequence[str], key: Key) -> CellId:
    """The cell's identity across tables: its (dimension, value) pairs, totals omitted."""
    return frozenset((d, v) for d, v in zip(dims, key, strict=True) if v is not None)


class _Lines:
    """The cells (numbered) and the lines of a set of linked tables."""

    def __init__(self, tables: Iterable[tuple[Sequence[str], Mapping[Key, int]]]) -> None:
        self.ids: dict[CellId, int] = {}
        self.values: list[int] = []
        self.depth: list[int] = []  # number of breakdowns fixed: finer cells are preferred
        self.names: list[str] = []  # stable tie-break
        found: set[tuple[int, ...]] = set()
        self.lines: list[tuple[int, ...]] = []  # members..., total last
        for dims, cells in tables:
            dims = tuple(dims)
            domains: list[list[str]] = [[] for _d in dims]
            for key in cells:
                for i, value in enumerate(key):
                    if value is not None and value not in domains[i]:
                        domains[i].append(value)
            for key, value in cells.items():
                self._number(cell_id(dims, key), value)
            for key in cells:
                for i, value in enumerate(key):
                    if value is not None or not domains[i]:
                        continue
                    members = [self.ids[cell_id(dims, key[:i] + (v,) + key[i + 1:])]
                               for v in domains[i]]
                    line = (*members, self.ids[cell_id(dims, key)])
                    if line not in found:
                        found.add(line)
                        self.lines.append(line)
        self.lines_of: list[list[int]] = [[] for _v in self.values]
        for index, line in enumerate(self.lines):
            for cell in line:
                self.lines_of[cell].append(index)

    def _number(self, cid: CellId, value: int) -> None:
        number = self.ids.get(cid)
        if number is None:
            self.ids[cid] = len(self.values)
            self.values.append(value)
            self.depth.append(len(cid))
            self.names.append(repr(sorted(cid)))
        elif self.values[number] != value:
            raise ValueError(f"linked tables disagree on {sorted(cid)!r}")

    def rank(self, cell: int) -> tuple[int, int, str]:
        return (self.values[cell], -self.depth[cell], self.names[cell])


def suppress(tables: Iterable[tuple[Sequence[str], Mapping[Key, int]]],
             threshold: int) -> frozenset[CellId]:
    """The cells to hide in these linked tables (one measure of one kind of record)."""
    grid = _Lines(tables)
    hidden = {c for c, v in enumerate(grid.values) if 0 < v < threshold}
    _complete_lines(grid, hidden, range(len(grid.lines)))
    while True:
        if len(hidden) > MAX_HIDDEN:
            raise ValidationError(_(
                "This breakdown is too fine: most of its counts are small and would be hidden. "
                "Choose fewer breakdowns, or quarters or years instead of months."))
        exposed = _exposed(grid, hidden)
        if not exposed:
            break
        added = [_complement_for(grid, hidden, cell) for cell in sorted(exposed)]
        hidden.update(added)
        _complete_lines(grid, hidden, {n for c in added for n in grid.lines_of[c]})
    by_number = {n: cid for cid, n in grid.ids.items()}
    return frozenset(by_number[c] for c in hidden)


def _complete_lines(grid: _Lines, hidden: set[int], start: Iterable[int]) -> None:
    """Hide the smallest other positive count of every line with exactly one hidden cell."""
    queue = list(start)
    queued = set(queue)
    while queue:
        index = queue.pop()
        queued.discard(index)
        line = grid.lines[index]
        if sum(1 for c in line if c in hidden) != 1:
            continue
        candidates = [c for c in line if c not in hidden and grid.values[c] > 0]
        if not candidates:  # only where parts overlap (lesson languages); see _exposed
            continue
        pick = min(candidates, key=grid.rank)
        hidden.add(pick)
        for other in grid.lines_of[pick]:
            if other not in queued:
                queued.add(other)
                queue.append(other)


def _complement_for(grid: _Lines, hidden: set[int], cell: int) -> int:
    """One more cell to hide so that `cell` is no longer fixed by the equations."""
    near = {c for n in grid.lines_of[cell] for c in grid.lines[n] if c not in hidden}
    for pool in (
        [c for c in near if grid.values[c] > 0],
        [c for c in range(len(grid.values)) if c not in hidden and grid.values[c] > 0],
        sorted(near),
        [c for c in range(len(grid.values)) if c not in hidden],
    ):
        if pool:
            return min(pool, key=grid.rank)
    raise AssertionError("every cell is hidden, so none can be exposed")


def _exposed(grid: _Lines, hidden: set[int]) -> set[int]:
    """Hidden cells whose value the published cells fix exactly (through any set of lines).

    Each line gives sum(members) - total = 0; moving the published cells to the right
    leaves a linear system over the hidden cells. A hidden cell is fixed exactly when every
    solution of the homogeneous system is zero there. So: eliminate (modulo a large prime,
    to keep numbers small), take one random solution, and call exposed every hidden cell
    where it is zero. A fixed cell is always zero; a free cell is zero only with probability
    1/P, and then it is merely hidden once more than needed. Never the unsafe way round."""
    rows: list[dict[int, int]] = []
    pivots: list[int] = []
    pivot_of: dict[int, int] = {}  # variable -> index of the row it is the pivot of
    equations = []
    for line in grid.lines:
        row: dict[int, int] = {}
        last = len(line) - 1
        for position, cell in enumerate(line):
            if cell in hidden:
                row[cell] = (row.get(cell, 0) + (-1 if position == last else 1)) % _P
        row = {c: v for c, v in row.items() if v}
        if row:
            equations.append(row)
    equations.sort(key=len)
    for row in equations:
        while True:
            present = [pivot_of[c] for c in row if c in pivot_of]
            if not present:
                break
            index = min(present)  # earlier rows may hold later pivots, never the reverse
            pivot = pivots[index]
            factor = row[pivot]
            for c, v in rows[index].items():
                value = (row.get(c, 0) - factor * v) % _P
                if value:
                    row[c] = value
                else:
                    row.pop(c, None)
        if not row:
            continue
        pivot = min(row)
        inverse = pow(row[pivot], _P - 2, _P)
        rows.append({c: v * inverse % _P for c, v in row.items()})
        pivots.append(pivot)
        pivot_of[pivot] = len(rows) - 1
    rng = random.Random(len(hidden) * 1_000_003 + len(rows))
    solution = {c: rng.randrange(1, _P) for c in hidden if c not in pivot_of}
    for index in range(len(rows) - 1, -1, -1):
        pivot = pivots[index]
        total = 0
        for c, v in rows[index].items():
            if c != pivot:
                total += v * solution[c]
        solution[pivot] = -total % _P
    return {c for c in hidden if solution[c] == 0}


