"""Small-number protection: the ONE place that decides which figures may be shown.

Every breakdown by gender or by stakeholder type is a table whose cells are guarded by a count of *people*
(distinct users, distinct speakers, or distinct parties for commitments). The rules, applied in this order:

1. **Primary suppression**: a cell guarded by 1 to `min_cell() - 1` people is not shown ("fewer than 5").
   An empty cell (no one) is shown as 0: there is nobody in it to protect.
2. **Complementary suppression**: a row (and, where the rows partition the people, a column) with its total is
   a linear equation: if exactly one of its entries is hidden, it could be recovered by subtraction. So the
   smallest other non-empty entry of that line is hidden too (a cell before the total; an empty cell only
   when nothing else is left, as an empty cell is often known to be empty), and
   the lines are checked again until no line has a single hidden entry.
3. **Rounding**: every shown count is rounded to the nearest multiple of `rounding_base()` (5 by default),
   totals from their own exact value. One more or one fewer person changes a shown figure by 0 or by a whole
   base, and the attacker cannot tell which, so comparing two views never yields an exact small number.

   Published figures (insights.snapshots) use **random rounding** instead (`seeded_rounding`): a count
   with remainder r is rounded up with probability r/base and down otherwise, so the rounding is unbiased
   and a shown 5 may stand for any count from 1 to 9. The draw is not random per request: it is an
   HMAC of the site's secret key, the snapshot cell and its exact value, so a reload (or a second freeze
   of the same numbers) shows the same figure and cannot be averaged away, while a change of one person
   makes a fresh, unpredictable draw. This protects even where an attacker can add records (vetting and
   frozen snapshots keep them from doing so in the first place): seeing a figure move tells them little
   about the count before or after.

Differencing across filters (January-June against January-May, all groups against one) is met by three
things together: filters are coarse (a whole year or calendar quarter, a whole group, an event type or theme
from a fixed list; see insights.filters), every shown figure is rounded as above, and cells stay suppressed
by people, not by the figure shown. tests/insights/test_suppression.py runs the attacks.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from insights.app_settings import min_cell, rounding_base

Key = Hashable


def suppressed_text() -> str:
    return _("fewer than %(count)s") % {"count": min_cell()}


def round_to_base(value: int, base: int | None = None) -> int:
    """Round half up to a multiple of `base`; a count of at least the threshold never rounds down to 0."""
    base = rounding_base() if base is None else base
    if base <= 1 or value == 0:
        return value
    rounded = ((value + base // 2) // base) * base
    return max(rounded, base)


#: The seed of the published figures being computed and how many tables were protected under it so far.
_ROUNDING: ContextVar[list | None] = ContextVar("insights_rounding", default=None)
_HMAC_SALT = "roundtable.insights.random-rounding"


@contextmanager
def seeded_rounding(seed: str) -> Iterator[None]:
    """Within this block every protected table is randomly rounded, each cell's draw seeded by `seed`, the
    table's place in the block, the cell's position and its exact value (see the module's docstring)."""
    token = _ROUNDING.set([seed, 0])
    try:
        yield
    finally:
        _ROUNDING.reset(token)


def random_round(value: int, key: str, base: int | None = None) -> int:
    """Unbiased random rounding of `value` to a multiple of `base`, the draw a deterministic function of
    `key` (an HMAC with the site's secret key). A positive count never rounds to 0."""
    base = rounding_base() if base is None else base
    remainder = value % base if base > 1 else 0
    if remainder == 0:
        return value
    digest = salted_hmac(_HMAC_SALT, key).digest()
    draw = int.from_bytes(digest[:8], "big") / 2**64
    rounded = value - remainder + (base if draw < remainder / base else 0)
    return max(rounded, base)


@dataclass(frozen=True)
class Cell:
    """One figure as it may be published: a rounded count, or suppressed (value None)."""

    value: int | None

    @property
    def suppressed(self) -> bool:
        return self.value is None

    @property
    def text(self) -> str:
        return suppressed_text() if self.value is None else str(self.value)


@dataclass(frozen=True)
class Row:
    key: Key
    label: str
    cells: list[Cell]
    total: Cell | None


@dataclass(frozen=True)
class ProtectedTable:
    """A table ready for a page, a chart or a CSV file: nothing in it can identify a person."""

    columns: list[tuple[Key, str]]
    rows: list[Row]
    column_totals: list[Cell] | None
    grand_total: Cell | None

    @property
    def column_labels(self) -> list[str]:
        return [label for _key, label in self.columns]

    @property
    def has_suppressed(self) -> bool:
        cells = [cell for row in self.rows for cell in [*row.cells, row.total] if cell is not None]
        cells += [*(self.column_totals or []), *([self.grand_total] if self.grand_total else [])]
        return any(cell.suppressed for cell in cells)

    @property
    def max_value(self) -> int:
        return max((cell.value or 0 for row in self.rows for cell in row.cells), default=0)


def _complete(lines: list[list[tuple[int, int]]], values, hidden: set[tuple[int, int]], totals) -> None:
    """Hide more entries until no line has exactly one hidden entry (complementary suppression)."""
    changed = True
    while changed:
        changed = False
        for line in lines:
            hidden_in_line = [pos for pos in line if pos in hidden]
            if len(hidden_in_line) != 1:
                continue
            candidates = [pos for pos in line if pos not in hidden]
            cells = [pos for pos in candidates if pos not in totals]
            pool = cells or candidates
            if not pool:
                continue
            hidden.add(min(pool, key=lambda pos: (values[pos] == 0, values[pos], pos)))
            changed = True


def protect(
    rows: Sequence[tuple[Key, str]],
    columns: Sequence[tuple[Key, str]],
    people: Mapping[tuple[Key, Key], int],
    values: Mapping[tuple[Key, Key], int] | None = None,
    *,
    row_people: Mapping[Key, int] | None = None,
    column_totals: bool = True,
) -> ProtectedTable:
    """Protect a breakdown of rows by columns.

    `people[(row, col)]` is the number of distinct people in a cell and decides whether it may be shown;
    `values` is what is shown (posts, commitments…; defaults to the people count) and must add up along a
    row. Each row gets a total; `row_people` gives a row's distinct people when people can fall in several
    cells of it (default: the sum). `column_totals` adds a totals row and is only right when every person
    falls in exactly one row.
    """
    values = people if values is None else values
    threshold = min_cell()
    n_rows, n_cols = len(rows), len(columns)
    total_col, total_row = n_cols, n_rows
    grid: dict[tuple[int, int], int] = {}
    guard: dict[tuple[int, int], int] = {}
    for i, (row_key, _label) in enumerate(rows):
        for j, (col_key, _col_label) in enumerate(columns):
            grid[i, j] = int(values.get((row_key, col_key), 0))
            guard[i, j] = int(people.get((row_key, col_key), 0))
        grid[i, total_col] = sum(grid[i, j] for j in range(n_cols))
        guard[i, total_col] = (
            int(row_people.get(row_key, 0))
            if row_people is not None
            else sum(guard[i, j] for j in range(n_cols))
        )
    if column_totals:
        for j in range(n_cols + 1):
            grid[total_row, j] = sum(grid[i, j] for i in range(n_rows))
            guard[total_row, j] = sum(guard[i, j] for i in range(n_rows))

    hidden = {pos for pos, count in guard.items() if 0 < count < threshold}
    totals = {pos for pos in grid if (pos[0] == total_row and column_totals) or pos[1] == total_col}
    last_row = n_rows + 1 if column_totals else n_rows
    lines = [[(i, j) for j in range(n_cols + 1)] for i in range(last_row)]
    if column_totals:
        lines += [[(i, j) for i in range(n_rows + 1)] for j in range(n_cols + 1)]
    _complete(lines, grid, hidden, totals)

    rounding = _ROUNDING.get()
    table_number = None
    if rounding is not None:
        table_number = rounding[1]
        rounding[1] += 1

    def cell(pos: tuple[int, int]) -> Cell:
        if pos in hidden:
            return Cell(None)
        if rounding is None:
            return Cell(round_to_base(grid[pos]))
        return Cell(random_round(grid[pos], f"{rounding[0]}|{table_number}|{pos[0]}|{pos[1]}|{grid[pos]}"))

    protected_rows = [
        Row(row_key, str(label), [cell((i, j)) for j in range(n_cols)], cell((i, total_col)))
        for i, (row_key, label) in enumerate(rows)
    ]
    return ProtectedTable(
        columns=[(key, str(label)) for key, label in columns],
        rows=protected_rows,
        column_totals=[cell((total_row, j)) for j in range(n_cols)] if column_totals else None,
        grand_total=cell((total_row, total_col)) if column_totals else None,
    )
