"""Small-cell suppression: which cells of a set of linked tables must be hidden.

1. Primary: every count from 1 to threshold - 1 is hidden.
2. Complementary: a line is a total and the cells it adds up (a row, a column, or any
   line of a table with more breakdowns, totals included). A line with exactly one hidden
   cell would give it away by subtraction, so the smallest other non-zero count in that
   line is hidden too; repeated until no line has exactly one hidden cell.
3. Zeros that tell: a group whose total is hidden (a month with few screenings, say) shows
   no zeros in its breakdowns: "no concern 0, possible 0, incomplete 0, clear hidden,
   total hidden" says that everyone screened that month had a clear concern (attribute
   disclosure), however few they were. So the zeros among the parts of a line with a
   hidden total are hidden too (a group of zero has nothing to tell: its zeros may show).
4. Audit: hidden cells can still be worked out by combining several lines (for example two
   blocks of hidden cells joined by one cell). Every line is an equation; a hidden cell is
   exposed when the equations fix its value (see _exposed).
   For each exposed cell one more cell of its lines is hidden, then 2 to 4 run again.
5. Hidden zeros: counts cannot be negative, so a hidden zero can be worked out without
   being fixed by the equations (a line whose other hidden cells are all zeros adds up to
   nothing, and no part of it can be negative). A hidden zero is therefore kept only with
   proof that the published cells allow it to be positive (see _settle_zeros): if the proof
   is missing, more cells are hidden until it is found; if no proof can exist because
   published zeros already imply it (nobody in the whole period had that concern level at
   that site), the zero is shown: it tells nothing the report does not already say.

Tables over the same records (screenings by month and level, by month and referral, ...)
share their totals: a cell is known by its breakdown values, not by its table, so a total
hidden in one table is hidden in all of them.

Why the audit can ignore non-negativity for the other hidden cells: every hidden count
above zero can move a little either way, so only the equations can fix it; the audit
solves the equations with the hidden counts above zero and the proven zeros unknown (the
zeros not yet proven count as published). Every proven zero comes with a change of the
hidden cells that keeps all equations and raises it without lowering any other zero;
adding enough of these to any solution of the equations keeps every zero non-negative.
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Iterable, Iterator, Mapping, Sequence

from clinic_app.errors import ValidationError
from clinic_app.i18n import _
from clinic_app.reports.cube import Key

MAX_HIDDEN = 3000
"""Above this many hidden cells a table is refused: almost everything in it would be hidden,
and proving that nothing can be worked out grows too slow (the audit is exact, not sampled)."""

_P = (1 << 61) - 1  # a Mersenne prime
_SEARCH = 2000  # most combinations tried when looking for a proof that a hidden zero is free
_CHOICES = 12  # most combinations compared for the cheapest proof
CellId = frozenset[tuple[str, str]]  # the breakdown values of a cell; totals left out


def cell_id(dims: Sequence[str], key: Key) -> CellId:
    """The cell's identity across tables: its (dimension, value) pairs, totals omitted."""
    return frozenset((d, v) for d, v in zip(dims, key, strict=True) if v is not None)


def _too_fine() -> ValidationError:
    return ValidationError(_(
        "This breakdown is too fine: most of its counts are small and would be hidden. "
        "Choose fewer breakdowns, or quarters or years instead of months."))


class _Lines:
    """The cells (numbered) and the lines of a set of linked tables."""

    def __init__(self, tables: Iterable[tuple[Sequence[str], Mapping[Key, int]]]) -> None:
        self.ids: dict[CellId, int] = {}
        self.values: list[int] = []
        self.cids: list[CellId] = []
        self.depth: list[int] = []  # number of breakdowns fixed: finer cells are preferred
        self.names: list[str] = []  # stable tie-break
        self.table_dims: list[tuple[str, ...]] = []
        self.domains: dict[str, list[str]] = {}  # every breakdown of every table
        found: set[tuple[int, ...]] = set()
        self.lines: list[tuple[int, ...]] = []  # members..., total last
        for dims, cells in tables:
            dims = tuple(dims)
            self.table_dims.append(dims)
            domains: list[list[str]] = [[] for _d in dims]
            for key in cells:
                for i, value in enumerate(key):
                    if value is not None and value not in domains[i]:
                        domains[i].append(value)
            for dim, values in zip(dims, domains, strict=True):
                known = self.domains.setdefault(dim, [])
                known.extend(v for v in values if v not in known)
            for key, count in cells.items():
                self._number(cell_id(dims, key), count)
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
        self._above: dict[int, list[int]] = {}
        self.lines_of: list[list[int]] = [[] for _v in self.values]
        for index, line in enumerate(self.lines):
            for cell in line:
                self.lines_of[cell].append(index)

    def _number(self, cid: CellId, value: int) -> None:
        number = self.ids.get(cid)
        if number is None:
            self.ids[cid] = len(self.values)
            self.values.append(value)
            self.cids.append(cid)
            self.depth.append(len(cid))
            self.names.append(repr(sorted(cid)))
        elif self.values[number] != value:
            raise ValueError(f"linked tables disagree on {sorted(cid)!r}")

    def rank(self, cell: int) -> tuple[int, int, str]:
        return (self.values[cell], -self.depth[cell], self.names[cell])

    def sign(self, line: int, cell: int) -> int:
        """+1 for a part of the line, -1 for its total."""
        return -1 if self.lines[line][-1] == cell else 1

    def column(self, cell: int) -> dict[int, int]:
        """The cell's coefficients in the line equations (parts minus total)."""
        return {n: self.sign(n, cell) for n in self.lines_of[cell]}

    def above(self, cell: int) -> list[int]:
        """Every cell whose values are a subset of the cell's (itself and its totals)."""
        found = self._above.get(cell)
        if found is None:
            pairs = self.cids[cell]
            cells = {self.ids[frozenset()]}
            for p in pairs:
                cells.update(self.ancestors(pairs, p))
            found = self._above[cell] = sorted(cells)
        return found

    def ancestors(self, pairs: CellId, new: tuple[str, str]) -> Iterator[int]:
        """Every cell whose values are a subset of `pairs` and include `new`."""
        seen: set[int] = set()
        for dims in self.table_dims:
            if new[0] not in dims:
                continue
            rest = [p for p in pairs if p[0] in dims and p != new]
            for size in range(len(rest) + 1):
                for chosen in itertools.combinations(rest, size):
                    cell = self.ids.get(frozenset((*chosen, new)))
                    if cell is not None and cell not in seen:
                        seen.add(cell)
                        yield cell


def suppress(tables: Iterable[tuple[Sequence[str], Mapping[Key, int]]],
             threshold: int) -> frozenset[CellId]:
    """The cells to hide in these linked tables (one measure of one kind of record)."""
    grid = _Lines(tables)
    hidden = {c for c, v in enumerate(grid.values) if 0 < v < threshold}
    free: set[int] = set()  # hidden zeros proven able to be positive
    _complete_lines(grid, hidden, range(len(grid.lines)))
    while True:
        if len(hidden) > MAX_HIDDEN:
            raise _too_fine()
        added = _hide_telling_zeros(grid, hidden) or _settle_zeros(grid, hidden, free)
        if not added:
            unknown = {c for c in hidden if grid.values[c] > 0} | free
            exposed = _exposed(grid, unknown)
            if not exposed:
                break
            added = [_complement_for(grid, hidden, cell) for cell in sorted(exposed)]
        hidden.update(added)
        _complete_lines(grid, hidden, {n for c in added for n in grid.lines_of[c]})
    _show_implied_zeros(grid, hidden, free)
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
        if not candidates:  # a lone hidden zero, or parts that overlap (lesson languages)
            continue
        pick = min(candidates, key=grid.rank)
        hidden.add(pick)
        for other in grid.lines_of[pick]:
            if other not in queued:
                queued.add(other)
                queue.append(other)


def _hide_telling_zeros(grid: _Lines, hidden: set[int]) -> list[int]:
    """Hide the zeros among the parts of every line whose total is hidden and above zero:
    beside one hidden count they would say that every member of the hidden group had the
    same value, and beside two that all had one of those two. Zeros that published zeros
    already imply stay shown (see _proofs)."""
    added: list[int] = []
    for line in grid.lines:
        total = line[-1]
        if total not in hidden or grid.values[total] == 0:
            continue
        zeros = [c for c in line[:-1] if grid.values[c] == 0 and c not in hidden
                 and _proofs(grid, hidden, c) != ([], True)]
        hidden.update(zeros)
        added.extend(zeros)
    return added


def _complement_for(grid: _Lines, hidden: set[int], cell: int) -> int:
    """One more cell to hide so that `cell` is no longer fixed by the equations."""
    near = {c for n in grid.lines_of[cell] for c in grid.lines[n] if c not in hidden}
    everything = range(len(grid.values))
    for pool in (
        [c for c in near if grid.values[c] > 0],
        [c for c in everything if c not in hidden and grid.values[c] > 0],
        sorted(near),  # zeros: only where parts overlap (lesson languages)
        [c for c in everything if c not in hidden],
    ):
        if pool:
            return min(pool, key=grid.rank)
    raise _too_fine()


def _settle_zeros(grid: _Lines, hidden: set[int], free: set[int]) -> list[int]:
    """Prove hidden zeros free (into `free`), or return cells to hide so that a proof can be
    found. Zeros that published zeros imply get neither (see _show_implied_zeros).

    A proof for zero z is a change of the hidden cells that keeps every line equation and
    raises z and some other hidden zeros by one, never lowering a zero: one more record in
    a combination f of breakdown values under z raises every cell above f. The cells above
    f that are published must not change, so every line they unbalance must be balanced by
    hidden counts above zero or proven zeros (which can go either way, see the module
    notes). That holds when the change is in the column space of those cells' equations,
    checked against one random vector orthogonal to that space (modulo a large prime): a
    change outside the space passes with probability 1/P."""
    waiting = sorted(c for c in hidden if grid.values[c] == 0 and c not in free)
    if not waiting:
        return []
    unknown = {c for c in hidden if grid.values[c] > 0} | free
    equations = []
    for cell in sorted(unknown):
        row = {n: s % _P for n, s in grid.column(cell).items()}
        if row:
            equations.append(row)
    lines = {n for c in hidden for n in grid.lines_of[c]}
    orthogonal = _kernel_vector(equations, lines, len(unknown) * 1_000_003 + len(waiting))
    to_hide: set[int] = set()
    for zero in waiting:
        if zero in free:
            continue
        proofs, complete = _proofs(grid, hidden, zero)
        best: set[int] | None = None
        for raised, fixes in proofs:
            coefficients: dict[int, int] = {}
            for cell in raised:
                for n, s in grid.column(cell).items():
                    coefficients[n] = coefficients.get(n, 0) + s
            moved = [n for n, v in coefficients.items() if v]
            cells = set(fixes)
            for n in moved:  # a line only proven cells can balance: hide its smallest count
                if not any(c in unknown for c in grid.lines[n]):
                    cells.update(_smallest(grid, hidden, grid.lines[n]))
            if not cells:
                if sum(v * orthogonal[n] for n, v in coefficients.items()) % _P == 0:
                    free.update(raised)
                    break
                # balanced line by line but not as a whole: hide one more count nearby
                cells.update(_smallest(grid, hidden, [c for n in moved for c in grid.lines[n]]))
            if cells and (best is None or len(cells) < len(best)):
                best = cells
        if zero in free or (not proofs and complete):
            continue
        if best:
            to_hide.update(best)
        else:  # no proof within reach: hide the smallest count of its lines and retry
            near = _smallest(grid, hidden, [c for n in grid.lines_of[zero]
                                            for c in grid.lines[n]])
            near = near or _smallest(grid, hidden, range(len(grid.values)))
            if not near:
                raise _too_fine()
            to_hide.update(near)
    return sorted(to_hide)


def _show_implied_zeros(grid: _Lines, hidden: set[int], free: set[int]) -> None:
    """Show the hidden zeros that published zeros imply (every combination of values under
    them lies under a published zero): hiding them protects nothing. Showing one can imply
    more, so repeat. None of them is part of any proof: each cell a proof raises had a
    combination under it with no published zero above."""
    while True:
        implied = [c for c in hidden if grid.values[c] == 0 and c not in free
                   and _proofs(grid, hidden, c) == ([], True)]
        if not implied:
            return
        hidden.difference_update(implied)


def _smallest(grid: _Lines, hidden: set[int], cells: Iterable[int]) -> list[int]:
    """The smallest published count above zero among `cells`, as a list of at most one."""
    candidates = [c for c in cells if c not in hidden and grid.values[c] > 0]
    return [min(candidates, key=grid.rank)] if candidates else []


def _proofs(grid: _Lines, hidden: set[int],
            zero: int) -> tuple[list[tuple[set[int], list[int]]], bool]:
    """Candidate proofs for a hidden zero, and whether the search was complete.

    Each is, for one combination f of every breakdown's values under `zero`: the zeros
    above f (raised together) and those of them still published (to hide first). A
    combination above a published zero that is not under `zero` cannot hold a record, so
    it is skipped; if all are skipped, published zeros imply that `zero` is zero."""
    base = grid.cids[zero]
    dims = [d for d in grid.domains if all(p[0] != d for p in base)]
    above = grid.above(zero)

    def blocks(cell: int) -> bool:
        return (grid.values[cell] == 0 and cell not in hidden
                and not base <= grid.cids[cell])

    if any(blocks(c) for c in above):
        return [], True
    found: list[tuple[set[int], list[int]]] = []
    budget = _SEARCH
    stack: list[tuple[CellId, int, set[int]]] = [(base, 0, set(above))]
    while stack and len(found) < _CHOICES:
        if budget == 0:
            return found, False
        budget -= 1
        pairs, depth, cells = stack.pop()
        if depth == len(dims):
            zeros = {c for c in cells if grid.values[c] == 0}
            found.append((zeros, sorted(c for c in zeros if c not in hidden)))
            continue
        dim = dims[depth]
        for value in reversed(grid.domains[dim]):  # popped in domain order
            new = (dim, value)
            more = set(grid.ancestors(pairs | {new}, new))
            if not any(blocks(c) for c in more):
                stack.append((pairs | {new}, depth + 1, cells | more))
    return found, not stack


def _exposed(grid: _Lines, hidden: set[int]) -> set[int]:
    """Cells of `hidden` whose value the other cells fix exactly (through any set of lines).

    Each line gives sum(members) - total = 0; moving the published cells to the right
    leaves a linear system over the hidden cells. A hidden cell is fixed exactly when every
    solution of the homogeneous system is zero there. So: eliminate (modulo a large prime,
    to keep numbers small), take one random solution, and call exposed every hidden cell
    where it is zero. A fixed cell is always zero; a free cell is zero only with probability
    1/P, and then it is merely hidden once more than needed. Never the unsafe way round."""
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
    solution = _kernel_vector(equations, hidden, len(hidden) * 1_000_003 + len(equations))
    return {c for c in hidden if solution[c] == 0}


def _kernel_vector(equations: list[dict[int, int]], variables: Iterable[int],
                   seed: int) -> dict[int, int]:
    """One random solution (modulo _P) of the homogeneous equations over `variables`."""
    rows: list[dict[int, int]] = []
    pivots: list[int] = []
    pivot_of: dict[int, int] = {}  # variable -> index of the row it is the pivot of
    for row in sorted(equations, key=len):
        row = dict(row)
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
    rng = random.Random(seed)
    solution = {c: rng.randrange(1, _P) for c in sorted(variables) if c not in pivot_of}
    for index in range(len(rows) - 1, -1, -1):
        pivot = pivots[index]
        total = 0
        for c, v in rows[index].items():
            if c != pivot:
                total += v * solution[c]
        solution[pivot] = -total % _P
    return solution
