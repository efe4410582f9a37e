"""Reading the rollups: the period shown and the figures of one city (or the sum of several) over it.

Only ``dashboards.CityRollup`` is read here, never a tenant table. Flow indicators add up over the
months of the period; snapshot indicators take the latest snapshot within it; the median days to
placement is the exact weighted median of the stored distribution.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from dashboards import indicators
from dashboards.indicators import DIMENSIONS, INDICATORS, RETENTION, SNAPSHOT
from dashboards.models import CityRollup

#: The indicators of the summary tables, in display order (the retention rates and the median follow).
SUMMARY = (
    "registrations",
    "caseload_open",
    "job_ready",
    "referrals",
    "interviews",
    "placements",
    "vacancies_published",
    "vacancies_filled",
    "employers",
    "employer_services",
    "assessments_done",
)
TREND = ("registrations", "referrals", "interviews", "placements", "vacancies_published")
RANKABLE = ("registrations", "placements", "referrals", "vacancies_published", "employer_services", "caseload_open")


@dataclass(frozen=True)
class Period:
    """The months shown: ``first`` to ``last`` (first days of months), inclusive."""

    first: datetime.date
    last: datetime.date

    @property
    def months(self) -> list[datetime.date]:
        return indicators.month_range(self.first, self.last)

    def label(self) -> str:
        if self.first == self.last:
            return date_format(self.first, "F Y")
        return _("%(first)s to %(last)s") % {
            "first": date_format(self.first, "F Y"),
            "last": date_format(self.last, "F Y"),
        }


def month_label(month: datetime.date) -> str:
    return date_format(month, "M Y")


class Figures:
    """The rollup rows of one city (or the sum of several) over a period, with the sums the pages need."""

    def __init__(self, rows: list[dict], period: Period):
        self.period = period
        self.cells: dict[tuple, int] = defaultdict(int)  # (month, indicator, dimension, value) -> count
        self.snapshot_month: dict[str, datetime.date] = {}
        for row in rows:
            key = (row["month"], row["indicator"], row["dimension"], row["value"])
            self.cells[key] += row["count"]
            if INDICATORS.get(row["indicator"]) and INDICATORS[row["indicator"]].kind == SNAPSHOT:
                latest = self.snapshot_month.get(row["indicator"])
                if latest is None or row["month"] > latest:
                    self.snapshot_month[row["indicator"]] = row["month"]

    def total(self, indicator: str, dimension: str = "", value: str = "") -> int | None:
        """The period's figure: the sum over months (flow) or the latest snapshot (None if never taken)."""
        kind = INDICATORS[indicator].kind
        if kind == SNAPSHOT:
            month = self.snapshot_month.get(indicator)
            if month is None:
                return None
            return self.cells.get((month, indicator, dimension, value), 0)
        return sum(
            count
            for (month, ind, dim, val), count in self.cells.items()
            if ind == indicator and dim == dimension and val == value
        )

    def monthly(self, indicator: str, month: datetime.date) -> int | None:
        if INDICATORS[indicator].kind == SNAPSHOT:
            return self.cells.get((month, indicator, "", ""))
        return self.cells.get((month, indicator, "", ""), 0)

    def breakdown(self, indicator: str, dimension: str) -> dict[str, int | None]:
        return {value: self.total(indicator, dimension, value) for value, _label in DIMENSIONS[dimension].categories}

    def retention(self, months_after: int) -> tuple[int, int]:
        done, employed = RETENTION[months_after]
        return self.total(done) or 0, self.total(employed) or 0

    def median_days(self) -> tuple[float | None, int]:
        """The median days from registration to placement and the number of placements it is over."""
        distribution: dict[int, int] = defaultdict(int)
        for (_month, ind, dim, val), count in self.cells.items():
            if ind == "days_to_placement" and dim == "days":
                distribution[int(val)] += count
        return weighted_median(distribution)


def weighted_median(distribution: dict[int, int]) -> tuple[float | None, int]:
    """The median of values given as ``{value: how many}``, and the number of values (None if none)."""
    n = sum(distribution.values())
    if n == 0:
        return None, 0
    ordered = sorted(distribution.items())

    def nth(k: int) -> int:  # the k-th value (0-based)
        seen = 0
        for value, count in ordered:
            seen += count
            if k < seen:
                return value
        raise IndexError(k)

    if n % 2:
        return float(nth(n // 2)), n
    return (nth(n // 2 - 1) + nth(n // 2)) / 2, n


def _rows(queryset) -> list[dict]:
    return list(queryset.values("month", "indicator", "dimension", "value", "count"))


def city_figures(city_id: int, period: Period) -> Figures:
    """The city's rollup rows in the period (1 query)."""
    rows = CityRollup.objects.filter(for_city_id=city_id, month__gte=period.first, month__lte=period.last)
    return Figures(_rows(rows), period)
