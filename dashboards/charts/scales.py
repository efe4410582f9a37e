"""The value axis: its tidy end, its gridline values, and the figures a chart draws."""

from __future__ import annotations

import math

from dashboards.tables import DataTable, is_number


def nice_max(value: float) -> float:
    """The smallest 1/2/2.5/5 times 10^n at or above ``value`` (at least 1): a tidy end for the axis."""
    if value <= 0:
        return 1
    exponent = math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5):
        candidate = step * 10**exponent
        if candidate >= value:
            return candidate
    return 10 ** (exponent + 1)


def tick_values(top: float) -> list[float]:
    """Gridline values from 0 to ``top``: 4 or 5 steps (2 or 1 for small tops) of whole numbers when possible."""
    for count in (4, 5, 2, 1):
        if float(top / count).is_integer():
            return [top * i / count for i in range(count + 1)]
    return [top * i / 4 for i in range(5)]


def numeric_values(table: DataTable, keys: list[str]) -> list[float]:
    return [float(row.get(key)) for row in table.rows for key in keys if is_number(row.get(key))]


def check_columns(table: DataTable, keys: list[str], chart: str) -> None:
    for key in keys:
        table.column(key)
    if any(value < 0 for value in numeric_values(table, keys[1:])):
        raise ValueError(f"{chart} draws counts and rates: negative values are not supported.")
