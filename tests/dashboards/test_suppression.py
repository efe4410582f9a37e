"""Small-cell suppression: 1-4 hidden, and no hidden value derivable by subtraction from a total."""

from __future__ import annotations

import itertools

from dashboards.suppression import suppress_group, suppress_table, suppress_value, suppressed_cells
from dashboards.tables import PROTECTED, SUPPRESSED


def test_primary_suppression_of_one_to_four():
    hidden = [SUPPRESSED] * 4
    assert [suppress_value(v) for v in (0, 1, 2, 3, 4, 5, 120)] == [0, *hidden, 5, 120]
    assert suppress_value(None) is None
    assert suppress_value(True) is True


def test_a_lone_suppressed_cell_gets_a_complement():
    # total 40 published: 3 alone could be read as 40 - 12 - 25 = 3. The complement is not 1-4: "x".
    result = suppress_group({"female": 12, "male": 25, "unknown": 3})
    assert result == {"female": PROTECTED, "male": 25, "unknown": SUPPRESSED}


def test_hidden_cells_must_hide_at_least_five_people_together():
    # 1 and 2 hidden: total - shown = 3 would still tell that 3 people are in those two cells.
    result = suppress_group({"a": 1, "b": 2, "c": 6, "d": 30})
    assert result == {"a": SUPPRESSED, "b": SUPPRESSED, "c": PROTECTED, "d": 30}


def test_zero_is_shown_and_never_used_as_a_complement():
    result = suppress_group({"a": 0, "b": 4, "c": 9, "d": 11})
    assert result == {"a": 0, "b": SUPPRESSED, "c": PROTECTED, "d": 11}


def test_nothing_hidden_when_nothing_is_small():
    assert suppress_group({"a": 5, "b": 0, "c": 7}) == {"a": 5, "b": 0, "c": 7}


def _derivable(cells: dict, groups: list[list], hidden: set) -> set:
    """Cells whose exact value follows from a published group total minus its shown cells."""
    found = set()
    for group in groups:
        hidden_here = [key for key in group if key in hidden]
        if len(hidden_here) == 1:
            found.add(hidden_here[0])
    return found


def test_two_way_table_protects_rows_and_columns():
    # cities x months, with city totals (rows) and month totals (columns) published.
    cells = {
        ("A", "sep"): 3, ("A", "oct"): 10, ("A", "nov"): 12,
        ("B", "sep"): 8, ("B", "oct"): 9, ("B", "nov"): 20,
        ("C", "sep"): 15, ("C", "oct"): 2, ("C", "nov"): 30,
    }  # fmt: skip
    result = suppress_table(cells)
    hidden = {key for key, value in result.items() if value is SUPPRESSED or value is PROTECTED}
    assert {("A", "sep"), ("C", "oct")} <= hidden
    assert result[("A", "sep")] is SUPPRESSED and result[("C", "oct")] is SUPPRESSED
    assert all(result[key] is PROTECTED for key in hidden if cells[key] >= 5)
    rows = [[key for key in cells if key[0] == r] for r in "ABC"]
    columns = [[key for key in cells if key[1] == c] for c in ("sep", "oct", "nov")]
    assert not _derivable(cells, rows + columns, hidden)
    for group in rows + columns:
        hidden_here = [key for key in group if key in hidden]
        assert not hidden_here or sum(cells[key] for key in hidden_here) >= 5


def test_no_single_cell_recoverable_in_random_groups():
    # Exhaustive over small breakdowns: never exactly one hidden cell in a group, never < 5 hidden people.
    for values in itertools.product((0, 1, 3, 5, 9), repeat=4):
        cells = dict(enumerate(values))
        hidden = suppressed_cells(cells, [list(cells)])
        assert {key for key, value in cells.items() if 1 <= value <= 4} <= hidden.keys()
        if hidden:
            assert sum(cells[key] for key in hidden) >= 5 or all(cells[key] == 0 or key in hidden for key in cells), (
                values
            )
            assert len(hidden) >= 2 or all(cells[key] == 0 for key in cells if key not in hidden), values
