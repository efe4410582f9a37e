"""APEKSI's dashboard: every city's rollups, suppressed, in a fixed number of queries.

Only ``dashboards.CityRollup``, ``RollupState`` and ``cities.City``/``Province`` are read — never a
tenant table. Counts from 1 to 4 are hidden as "<5" (``dashboards.suppression``), with a second
figure hidden as "x" where one could be worked out from a total.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cities.calendar import CROSS_CITY_ZONE
from cities.models import City
from dashboards.figures.reading import RANKABLE, TREND, Figures, Period
from dashboards.figures.shared_tables import breakdown_tables, lower_first, percent, trend_table
from dashboards.indicators import FLOW, INDICATORS, SNAPSHOT
from dashboards.models import CityRollup, RollupState
from dashboards.suppression import suppress_value, suppressed_cells
from dashboards.tables import SUPPRESSED, SUPPRESSION_NOTE, Column, DataTable, is_hidden

#: The figures of the per-city and per-province tables, in display order.
CITY_COLUMNS = ("registrations", "caseload_open", "referrals", "placements", "vacancies_published",
                "employers", "employer_services")  # fmt: skip

_MEDIAN_SQL = """
WITH d AS (
    SELECT for_city_id, value::int AS days, sum(count)::bigint AS n
    FROM dashboards_cityrollup
    WHERE indicator = 'days_to_placement' AND dimension = 'days' AND month >= %s AND month <= %s
      AND for_city_id = ANY(%s)
    GROUP BY for_city_id, value::int
), u AS (
    SELECT for_city_id, days, n FROM d
    UNION ALL
    SELECT NULL::bigint, days, sum(n)::bigint FROM d GROUP BY days
), c AS (
    SELECT for_city_id, days,
           (sum(n) OVER (PARTITION BY for_city_id ORDER BY days))::bigint AS upto,
           (sum(n) OVER (PARTITION BY for_city_id))::bigint AS total
    FROM u
)
SELECT for_city_id, total,
       (min(days) FILTER (WHERE upto >= (total + 1) / 2) + min(days) FILTER (WHERE upto >= total / 2 + 1)) / 2.0
FROM c GROUP BY for_city_id, total
"""


@dataclass
class ApeksiView:
    """The APEKSI dashboard's content: tables, the tile-map values, the ranked indicator."""

    tables: list[DataTable]
    map_values: dict[str, object]
    rank_indicator: str
    cities: list[City]
    provinces: list[tuple[str, str]]


def active_cities() -> list[City]:
    """The active cities with their provinces, by code (1 query)."""
    return list(City.objects.filter(is_active=True).select_related("province").order_by("code"))


def provinces_of(cities: list[City]) -> list[tuple[str, str]]:
    return sorted({(c.province.code, c.province.name) for c in cities})


@dataclass
class _Rollups:
    """What the APEKSI tables are made from, read in five queries (see ``_read``)."""

    per_city: dict[int, dict[str, int]] = field(default_factory=lambda: defaultdict(dict))  # city → indicator → total
    snapshot_breakdown: dict[tuple[str, str, str], int] = field(default_factory=lambda: defaultdict(int))
    monthly_rows: list[dict] = field(default_factory=list)  # all cities: month, indicator, count
    breakdown_rows: list[dict] = field(default_factory=list)  # all cities: indicator, dimension, value, count
    medians: dict[int | None, tuple[float | None, int]] = field(default_factory=dict)  # None: all cities shown
    states: dict[int, datetime.datetime] = field(default_factory=dict)  # city → when its figures were computed


def _read_totals(in_period, rollups: _Rollups) -> None:
    """Flow totals per city (1 query) and the latest snapshot in the period per city (1 query): the
    headline snapshot into ``per_city``, its breakdowns summed over the cities."""
    flow_codes = [code for code, ind in INDICATORS.items() if ind.kind == FLOW]
    snapshot_codes = [code for code, ind in INDICATORS.items() if ind.kind == SNAPSHOT]
    for row in (
        in_period.filter(dimension="", indicator__in=flow_codes)
        .values("for_city_id", "indicator")
        .annotate(total=Sum("count"))
        .order_by()
    ):
        rollups.per_city[row["for_city_id"]][row["indicator"]] = row["total"]
    latest: dict[tuple[int, str], datetime.date] = {}
    snapshot_rows = list(
        in_period.filter(indicator__in=snapshot_codes).values(
            "for_city_id", "month", "indicator", "dimension", "value", "count"
        )
    )
    for row in snapshot_rows:
        key = (row["for_city_id"], row["indicator"])
        if key not in latest or row["month"] > latest[key]:
            latest[key] = row["month"]
    for row in snapshot_rows:
        if latest[(row["for_city_id"], row["indicator"])] != row["month"]:
            continue
        if row["dimension"] == "":
            rollups.per_city[row["for_city_id"]][row["indicator"]] = row["count"]
        else:
            rollups.snapshot_breakdown[(row["indicator"], row["dimension"], row["value"])] += row["count"]


# The sections of the APEKSI dashboard made of all-cities figures only (trend, breakdowns); the
# others (summary, ranking and map, per city, per province) are made of per-city figures.
NATIONAL_SECTIONS = frozenset({"tren", "rincian"})


def _read(period: Period, cities: list[City], *, section: str | None = None) -> _Rollups:
    """Totals and snapshots per city, months and breakdowns of all cities, medians per city (and of
    the cities shown together), the rollup states: 6 queries for every table (``section`` ``None``);
    a page reads only what its section shows (``NATIONAL_SECTIONS``: 1 to 3 queries, else 4)."""
    in_period = CityRollup.objects.filter(month__gte=period.first, month__lte=period.last)
    rollups = _Rollups()
    per_city = section is None or section not in NATIONAL_SECTIONS
    if section != "tren":  # the snapshots' breakdowns are in the breakdowns section
        _read_totals(in_period, rollups)
    if section in (None, "tren"):
        rollups.monthly_rows = list(
            in_period.filter(dimension="", indicator__in=list(TREND))
            .values("month", "indicator")
            .annotate(count=Sum("count"))
            .order_by()
        )
    if section in (None, "rincian"):
        rollups.breakdown_rows = list(
            in_period.filter(indicator__in=["registrations", "placements", "employer_services"])
            .exclude(dimension="")
            .values("indicator", "dimension", "value")
            .annotate(count=Sum("count"))
            .order_by()
        )
    if per_city:
        with connection.cursor() as cursor:
            cursor.execute(_MEDIAN_SQL, [period.first, period.last, [c.pk for c in cities]])
            for city_id, n, median in cursor.fetchall():
                rollups.medians[city_id] = (float(median) if median is not None else None, int(n))
        rollups.states = {state.for_city_id: state.computed_at for state in RollupState.objects.all()}
    return rollups


def _national_figures(period: Period, rollups: _Rollups) -> Figures:
    """All-cities figures (trend and breakdowns) in the shape of a ``Figures`` object."""
    total_rows = [
        {"month": r["month"], "indicator": r["indicator"], "dimension": "", "value": "", "count": r["count"]}
        for r in rollups.monthly_rows
    ]
    total_rows += [
        {"month": period.first, "indicator": r["indicator"], "dimension": r["dimension"], "value": r["value"],
         "count": r["count"]}
        for r in rollups.breakdown_rows
    ]  # fmt: skip
    total_rows += [
        {"month": period.last, "indicator": ind, "dimension": dim, "value": val, "count": count}
        for (ind, dim, val), count in rollups.snapshot_breakdown.items()
    ]
    return Figures(total_rows, period)


@dataclass
class _CityCells:
    """The per-city counts of ``CITY_COLUMNS`` for every active city, and which of them are hidden:
    suppressed with complementary cells per column, over all cities and within each province."""

    cells: dict[tuple[int, str], int]
    hidden: dict[tuple[int, str], object]  # key → SUPPRESSED (1 to 4) or PROTECTED (complementary)

    @classmethod
    def of(cls, all_cities: list[City], per_city: dict[int, dict[str, int]]) -> _CityCells:
        cells = {(c.pk, code): per_city[c.pk].get(code, 0) for c in all_cities for code in CITY_COLUMNS}
        groups = []
        for code in CITY_COLUMNS:
            groups.append([(c.pk, code) for c in all_cities])
            by_province: dict[str, list] = defaultdict(list)
            for c in all_cities:
                by_province[c.province.code].append((c.pk, code))
            groups.extend(by_province.values())
        return cls(cells, suppressed_cells(cells, groups))

    def shown(self, city_id: int, code: str):
        return self.hidden.get((city_id, code), self.cells[(city_id, code)])


def _city_row(city: City, grid: _CityCells, rollups: _Rollups) -> dict:
    """One city's row: its counts as shown, retention at 6 months and median days (hidden below 5 cases)."""
    row = {"city": city.name, "province": city.province.name}
    row.update({code: grid.shown(city.pk, code) for code in CITY_COLUMNS})
    done = rollups.per_city[city.pk].get("followup_6m_done", 0)
    employed = rollups.per_city[city.pk].get("followup_6m_employed", 0)
    row["retention_6m"] = SUPPRESSED if 0 < done < 5 else percent(employed, done)
    median, n = rollups.medians.get(city.pk, (None, 0))
    row["median_days"] = SUPPRESSED if 0 < n < 5 else median
    computed_at = rollups.states.get(city.pk)
    # Cross-city figures keep one clock, WIB (TIME_ZONE), whatever each city's own zone.
    row["computed_at"] = timezone.localtime(computed_at, CROSS_CITY_ZONE) if computed_at else None
    return row


def _totals_row(cities: list[City], all_cities: list[City], province: str, grid: _CityCells, rollups: _Rollups):
    """The last row of the per-city table: the cities shown together, each figure suppressed on its own."""
    shown_ids = {c.pk for c in cities}
    totals = {"city": _("All cities") if not province else _("All cities shown"), "province": ""}
    for code in CITY_COLUMNS:
        totals[code] = suppress_value(sum(grid.cells[(c.pk, code)] for c in all_cities if c.pk in shown_ids))
    done = sum(rollups.per_city[c.pk].get("followup_6m_done", 0) for c in cities)
    employed = sum(rollups.per_city[c.pk].get("followup_6m_employed", 0) for c in cities)
    totals["retention_6m"] = SUPPRESSED if 0 < done < 5 else percent(employed, done)
    median, n = rollups.medians.get(None, (None, 0))
    totals["median_days"] = SUPPRESSED if 0 < n < 5 else median
    totals["computed_at"] = None
    return totals


def _cities_table(period: Period, rows: list[dict]) -> DataTable:
    columns = [Column("city", gettext_lazy("City")), Column("province", gettext_lazy("Province"))]
    columns += [Column(code, INDICATORS[code].label, "count") for code in CITY_COLUMNS]
    columns += [
        Column("retention_6m", gettext_lazy("Retention at 6 months (%)"), "percent"),
        Column("median_days", gettext_lazy("Median days to placement"), "days"),
        Column("computed_at", gettext_lazy("Figures computed (WIB)"), "moment"),
    ]
    definitions = "; ".join(f"{INDICATORS[code].label}: {INDICATORS[code].definition}" for code in CITY_COLUMNS)
    return DataTable(
        slug="cities",
        caption=_("Cities, %(period)s") % {"period": period.label()},
        columns=columns,
        rows=rows,
        definition=definitions,
        note=str(SUPPRESSION_NOTE),
    ).add_protection_note()


def _provinces_table(period: Period, all_cities: list[City], provinces, grid: _CityCells) -> DataTable:
    """The sum of each province's active cities, suppressed again at province level."""
    province_cells: dict[tuple[str, str], int] = defaultdict(int)
    for c in all_cities:
        for code in CITY_COLUMNS:
            province_cells[(c.province.code, code)] += grid.cells[(c.pk, code)]
    province_groups = [[(code_p, code) for code_p, _name in provinces] for code in CITY_COLUMNS]
    province_hidden = suppressed_cells(province_cells, province_groups)
    cities_per_province: dict[str, int] = defaultdict(int)
    for c in all_cities:
        cities_per_province[c.province.code] += 1
    return DataTable(
        slug="provinces",
        caption=_("Provinces, %(period)s") % {"period": period.label()},
        columns=[Column("province", gettext_lazy("Province")), Column("cities", gettext_lazy("Active cities"), "count")]
        + [Column(code, INDICATORS[code].label, "count") for code in CITY_COLUMNS],
        rows=[
            {
                "province": name,
                "cities": cities_per_province[code_p],
                **{code: province_hidden.get((code_p, code), province_cells[(code_p, code)]) for code in CITY_COLUMNS},
            }
            for code_p, name in provinces
        ],
        definition=_("The sum of the province's active cities."),
        note=str(SUPPRESSION_NOTE),
    ).add_protection_note()


def _ranking_table(period: Period, cities: list[City], rank: str, grid: _CityCells) -> DataTable:
    """The shown cities ranked by ``rank`` (a ``RANKABLE`` code); suppressed cities last, unranked."""
    ranked = sorted(
        cities,
        key=lambda c: (is_hidden(grid.shown(c.pk, rank)), -(grid.cells.get((c.pk, rank)) or 0)
                       if not is_hidden(grid.shown(c.pk, rank)) else 0, c.name),
    )  # fmt: skip
    ranking_rows = []
    position = 0
    for c in ranked:
        value = grid.shown(c.pk, rank)
        if not is_hidden(value):
            position += 1
        ranking_rows.append(
            {"rank": position if not is_hidden(value) else None, "city": c.name, "province": c.province.name,
             "value": value}
        )  # fmt: skip
    return DataTable(
        slug="ranking",
        caption=_("Cities ranked by %(indicator)s, %(period)s")
        % {"indicator": lower_first(str(INDICATORS[rank].label)), "period": period.label()},
        columns=[
            Column("rank", gettext_lazy("Rank"), "count"),
            Column("city", gettext_lazy("City")),
            Column("province", gettext_lazy("Province")),
            Column("value", INDICATORS[rank].label, "count"),
        ],
        rows=ranking_rows,
        definition=INDICATORS[rank].definition,
        note=str(SUPPRESSION_NOTE) + " " + _("Cities with a hidden figure are listed last, without a rank."),
    ).add_protection_note()


def apeksi_tables(
    period: Period,
    *,
    rank: str = "placements",
    province: str = "",
    all_cities: list[City] | None = None,
    section: str | None = None,
) -> ApeksiView:
    """The tables of the APEKSI dashboard from rollups only, suppressed; 6 queries whatever the
    number of cities: cities, flow totals per city, snapshots per city, months of all cities,
    breakdowns of all cities, medians per city (+ the rollup states). With ``section`` (a page of
    the dashboard: ``""`` the summary, or a slug), only the tables that page shows are read and
    computed: the per-city ones (cities, ranking, provinces) or the all-cities ones (trend,
    breakdowns, ``NATIONAL_SECTIONS``); ``None`` (the export) computes every table."""
    all_cities = active_cities() if all_cities is None else all_cities
    provinces = provinces_of(all_cities)
    cities = [c for c in all_cities if not province or c.province.code == province]
    rollups = _read(period, cities, section=section)
    rank = rank if rank in RANKABLE else "placements"
    tables, map_values = [], {}
    if section is None or section not in NATIONAL_SECTIONS:
        grid = _CityCells.of(all_cities, rollups.per_city)
        city_rows = [_city_row(c, grid, rollups) for c in cities]
        city_rows.append(_totals_row(cities, all_cities, province, grid, rollups))
        tables += [
            _cities_table(period, city_rows),
            _ranking_table(period, cities, rank, grid),
            _provinces_table(period, all_cities, provinces, grid),
        ]
        map_values = {c.code: grid.shown(c.pk, rank) for c in cities}
    if section is None or section in NATIONAL_SECTIONS:
        national = _national_figures(period, rollups)
        if section in (None, "tren"):
            tables.append(trend_table(national, suppressed=True))
        if section in (None, "rincian"):
            tables += breakdown_tables(national, suppressed=True)
    return ApeksiView(tables=tables, map_values=map_values, rank_indicator=rank, cities=cities, provinces=provinces)


def apeksi_summary_table(cities_table: DataTable, period: Period) -> DataTable:
    """The all-cities row of the per-city table (the figures every section breaks down), as a table
    of its own for the summary page: the same suppressed values, no new figure."""
    columns = [column for column in cities_table.columns if column.key not in ("province", "computed_at")]
    totals = cities_table.rows[-1]
    return DataTable(
        slug="summary",
        caption=_("All cities shown, %(period)s") % {"period": period.label()},
        columns=columns,
        rows=[{column.key: totals[column.key] for column in columns}],
        definition=cities_table.definition,
        note=str(SUPPRESSION_NOTE),
    ).add_protection_note()
