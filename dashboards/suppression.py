"""Small-cell suppression for figures shown outside the city (APEKSI): primary and complementary.

Primary: a count from 1 to 4 (``tables.SUPPRESSION_THRESHOLD``) is replaced by ``SUPPRESSED``
("<5"); 0 stays 0. Complementary: wherever a set of cells is published together with their total
(a breakdown and its total, the cities of a column and the all-cities row), a suppressed cell must
not be derivable by subtraction. Such a cell is replaced by ``PROTECTED`` ("x"), which claims no
range: its true value is 5 or more, so showing it as "<5" would be false (a row reading
63 + <5 + <5 = 72 cannot be true).

The markers tell a reader which hidden cells are from 1 to 4 and which are not (a complementary
cell is never 1 to 4: those are all primary, and 0 is never used). So, in each **group**, with
``p`` primary and ``c`` complementary cells hidden and ``h`` people in them together (the total
minus the shown cells), the group is protected only when

- no cell is hidden, or at least two are, and ``h`` is at least 5 (else the total minus the
  others gives the lone cell, or the small sum);
- with no complementary cell: ``p < h < 4p`` (not every primary cell 1, not every one 4: each
  hidden cell keeps at least two possible values);
- with complementary cells and at least one primary: ``h - 5c > p`` (the complementary cells are
  at least 5 each, so the primary cells hold at most ``h - 5c``; at ``p`` each would be exactly 1).

While a group is not protected, one more shown non-zero cell is hidden (``PROTECTED``): the
smallest that makes the group protected, or else the largest. Groups that share cells (rows and
columns of a table) are repeated until nothing changes, so hiding a cell for one group is then
protected in the others (hiding one more cell of 5 or more never unprotects a group). If a group's
shown cells run out first (e.g. every one is exactly 5), it stays as protected as they allow. A
group's total that is itself 1 to 4 is hidden by the primary rule (pass it as a cell of the group
when it is shown). The rules look at one group at a time; they do not solve rows and columns
together as a system of equations.

This is the usual rule of statistical disclosure control for frequency tables (e.g. the
threshold rule and secondary suppression in Eurostat's and ONS's guidance), with counts of 1 to 4
hidden. City staff see their own city's exact numbers (they may see the people anyway);
APEKSI pages and exports always pass their figures through here.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable

from dashboards.tables import PROTECTED, SUPPRESSED, SUPPRESSION_THRESHOLD, Protected, Suppressed

MINIMUM = SUPPRESSION_THRESHOLD + 1

#: What ``suppressed_cells`` maps each hidden key to: why it is hidden, as the marker it shows.
PRIMARY = SUPPRESSED
COMPLEMENTARY = PROTECTED

Marker = Suppressed | Protected


def is_small(value) -> bool:
    """True for an int count from 1 to 4 (never for 0, None, bool or a marker)."""
    return isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= SUPPRESSION_THRESHOLD


def suppress_value(value):
    """Primary suppression of one count: 1-4 → ``SUPPRESSED``; anything else unchanged."""
    return SUPPRESSED if is_small(value) else value


def group_protected(primary: int, complementary: int, hidden_sum: int) -> bool:
    """Whether a group with ``primary`` and ``complementary`` hidden cells holding ``hidden_sum``
    people together (known to a reader as the total minus the shown cells) reveals no hidden cell
    and no sum below 5 (the rules in the module docstring)."""
    hidden = primary + complementary
    if hidden == 0:
        return True
    if hidden == 1 or hidden_sum < MINIMUM:
        return False
    if complementary == 0:
        return primary < hidden_sum < SUPPRESSION_THRESHOLD * primary
    if primary == 0:
        return True
    return hidden_sum - MINIMUM * complementary > primary


def suppressed_cells(cells: dict[Hashable, int | None], groups: Iterable[Iterable[Hashable]]) -> dict[Hashable, Marker]:
    """The keys of ``cells`` to hide, each mapped to its marker: ``PRIMARY`` (``SUPPRESSED``, the
    count is 1 to 4) or ``COMPLEMENTARY`` (``PROTECTED``, hidden only to protect another cell).

    ``cells``: key → exact count (None = no figure; never hidden, never used to protect).
    ``groups``: each an iterable of keys whose cells are published with their sum. Deterministic:
    among equal candidate cells the first in group order is hidden. ``key in result`` says whether
    a cell is hidden, ``result[key]`` how.
    """
    groups = [list(group) for group in groups]
    hidden: dict[Hashable, Marker] = {key: PRIMARY for key, value in cells.items() if is_small(value)}
    changed = True
    while changed:
        changed = False
        for group in groups:
            values = [(key, cells.get(key)) for key in group]
            hidden_here = [key for key, _value in values if key in hidden]
            if not hidden_here:
                continue
            primary = sum(1 for key in hidden_here if hidden[key] is PRIMARY)
            complementary = len(hidden_here) - primary
            hidden_sum = sum(cells.get(key) or 0 for key in hidden_here)
            while not group_protected(primary, complementary, hidden_sum):
                candidates = sorted(
                    (value, position, key)
                    for position, (key, value) in enumerate(values)
                    if key not in hidden and isinstance(value, int) and value > 0
                )
                if not candidates:
                    break
                value, _, key = next(
                    (
                        candidate
                        for candidate in candidates
                        if group_protected(primary, complementary + 1, hidden_sum + candidate[0])
                    ),
                    candidates[-1],
                )
                hidden[key] = COMPLEMENTARY
                complementary += 1
                hidden_sum += value
                changed = True
    return hidden


def suppress_group(values: dict[Hashable, int | None]) -> dict[Hashable, int | Marker | None]:
    """One breakdown published with its total: ``values`` with the hidden cells ``SUPPRESSED``
    (1 to 4) or ``PROTECTED`` (hidden to protect another cell)."""
    hidden = suppressed_cells(values, [list(values)])
    return {key: hidden.get(key, value) for key, value in values.items()}


def suppress_table(
    cells: dict[tuple[Hashable, Hashable], int | None],
    *,
    rows_have_totals: bool = True,
    columns_have_totals: bool = True,
) -> dict[tuple[Hashable, Hashable], int | Marker | None]:
    """A two-way table keyed by ``(row, column)``: rows and/or columns published with totals.

    Returns the cells with hidden ones replaced by ``SUPPRESSED`` (1 to 4) or ``PROTECTED``
    (complementary). The totals themselves are not in ``cells``: suppress them with
    ``suppress_value`` (a total of 5 or more is safe to show once its group is protected).
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
    return {key: hidden.get(key, value) for key, value in cells.items()}
