"""Small-cell suppression for figures shown outside the city (APEKSI): primary and complementary.

Primary: a count from 1 to 4 (``tables.SUPPRESSION_THRESHOLD``) is replaced by ``SUPPRESSED``
("<5"); 0 stays 0. Complementary: wherever a set of cells is published together with their total
(a breakdown and its total, the cities of a column and the all-cities row), a suppressed cell must
not be derivable by subtraction. So, in each such **group**, while the hidden cells are

- exactly one cell (total minus the others would reveal it), or
- together fewer than 5 people (total minus the shown cells would reveal that small sum),

the smallest shown non-zero cell of the group is hidden too. Groups that share cells (rows and
columns of a table) are repeated until nothing changes, so hiding a cell for one group is then
protected in the others. A group's total that is itself 1 to 4 is hidden by the primary rule
(pass it as a cell of the group when it is shown).

This is the usual rule of statistical disclosure control for frequency tables (e.g. the
threshold rule and secondary suppression in Eurostat's and ONS's guidance), with counts of 1 to 4
hidden. City staff see their own city's exact numbers (they may see the people anyway);
APEKSI pages and exports always pass their figures through here.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable

from dashboards.tables import SUPPRESSED, SUPPRESSION_THRESHOLD, Suppressed

MINIMUM = SUPPRESSION_THRESHOLD + 1


def is_small(value) -> bool:
    """True for an int count from 1 to 4 (never for 0, None, bool or ``SUPPRESSED``)."""
    return isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= SUPPRESSION_THRESHOLD


def suppress_value(value):
    """Primary suppression of one count: 1-4 → ``SUPPRESSED``; anything else unchanged."""
    return SUPPRESSED if is_small(value) else value


def suppressed_cells(cells: dict[Hashable, int | None], groups: Iterable[Iterable[Hashable]]) -> set[Hashable]:
    """The keys of ``cells`` to hide: primary (1-4) plus complementary within each group.

    ``cells``: key → exact count (None = no figure; never hidden, never used to protect).
    ``groups``: each an iterable of keys whose cells are published with their sum. Deterministic:
    among equal smallest cells the first in group order is hidden.
    """
    groups = [list(group) for group in groups]
    hidden = {key for key, value in cells.items() if is_small(value)}
    changed = True
    while changed:
        changed = False
        for group in groups:
            values = [(key, cells.get(key)) for key in group]
            hidden_here = [key for key, value in values if key in hidden]
            if not hidden_here:
                continue
            hidden_sum = sum(cells.get(key) or 0 for key in hidden_here)
            while len(hidden_here) == 1 or hidden_sum < MINIMUM:
                candidates = [
                    (value, position, key)
                    for position, (key, value) in enumerate(values)
                    if key not in hidden and isinstance(value, int) and value > 0
                ]
                if not candidates:
                    break
                value, _, key = min(candidates)
                hidden.add(key)
                hidden_here.append(key)
                hidden_sum += value
                changed = True
    return hidden


def suppress_group(values: dict[Hashable, int | None]) -> dict[Hashable, int | Suppressed | None]:
    """One breakdown published with its total: ``values`` with the hidden cells ``SUPPRESSED``."""
    hidden = suppressed_cells(values, [list(values)])
    return {key: SUPPRESSED if key in hidden else value for key, value in values.items()}


def suppress_table(
    cells: dict[tuple[Hashable, Hashable], int | None],
    *,
    rows_have_totals: bool = True,
    columns_have_totals: bool = True,
) -> dict[tuple[Hashable, Hashable], int | Suppressed | None]:
    """A two-way table keyed by ``(row, column)``: rows and/or columns published with totals.

    Returns the cells with hidden ones replaced by ``SUPPRESSED``. The totals themselves are not
    in ``cells``: suppress them with ``suppress_value`` (a total of 5 or more is safe to show once
    its group is protected).
    """
    groups: list[list] = []
    if rows_have_totals:
        by_row: dict = {}
        for key in cells:
            by_row.setdefault(key[0], []).append(key)
        groups.extend(by_row.values())
    if columns_have_totals:
        by_column: dict = {}
        for key in cells:
            by_column.setdefault(key[1], []).append(key)
        groups.extend(by_column.values())
    hidden = suppressed_cells(cells, groups)
    return {key: SUPPRESSED if key in hidden else value for key, value in cells.items()}
