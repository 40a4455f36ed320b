"""A table with all its totals: from the finest counts the database grouped, every
combination of breakdowns and the 'all' total of each (a cube), zeros included.

Only grouped counts come in here (a few thousand rows), never records: the totals are
sums of the database's GROUP BY results.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable, Mapping, Sequence

from clinic_app.errors import ValidationError
from clinic_app.i18n import _
from clinic_app.reports.spec import MAX_CELLS

Key = tuple[str | None, ...]  # aligned with the table's dims; None = all values (a total)
Counts = tuple[int, ...]  # one value per measure


def cube_size(domains: Sequence[Sequence[str]]) -> int:
    """How many cells a cube over these domains has, totals included."""
    return math.prod(len(values) + 1 for values in domains)


def build_cube(dims: Sequence[str], domains: Mapping[str, Sequence[str]],
               rows: Iterable[tuple[tuple[str, ...], Counts]], measures: int,
               nonadditive: str | None = None,
               totals_rows: Iterable[tuple[tuple[str, ...], Counts]] = ()) -> dict[Key, Counts]:
    """Every cell of the cube. `rows` are the finest counts keyed like `dims`. When the
    parts of dimension `nonadditive` overlap (one lesson in two languages), its totals
    come from `totals_rows`, keyed like `dims` without it."""
    dims = tuple(dims)
    if cube_size([domains[d] for d in dims]) > MAX_CELLS:
        raise ValidationError(_("Too many breakdowns for one table: choose fewer or a shorter "
                                "period."))
    zero = (0,) * measures
    cells: dict[Key, Counts] = {}
    masks = list(itertools.product((True, False), repeat=len(dims)))  # True = kept
    for mask in masks:
        choices = [domains[d] if kept else (None,) for d, kept in zip(dims, mask, strict=True)]
        for key in itertools.product(*choices):
            cells[key] = zero
    odd = dims.index(nonadditive) if nonadditive in dims else None
    for key, counts in rows:
        for mask in masks:
            if odd is not None and not mask[odd]:
                continue  # comes from totals_rows
            _add(cells, tuple(v if kept else None for v, kept in zip(key, mask, strict=True)),
                 counts)
    if odd is not None:
        rest = [i for i in range(len(dims)) if i != odd]
        for short_key, counts in totals_rows:
            full: list[str | None] = [None] * len(dims)
            for i, value in zip(rest, short_key, strict=True):
                full[i] = value
            for mask in masks:
                if mask[odd]:
                    continue
                _add(cells, tuple(v if kept else None for v, kept in zip(full, mask,
                                                                          strict=True)), counts)
    return cells


def _add(cells: dict[Key, Counts], key: Key, counts: Counts) -> None:
    current = cells.get(key)
    if current is None:
        raise ValueError(f"value outside the table's domain: {key!r}")
    cells[key] = tuple(a + b for a, b in zip(current, counts, strict=True))
