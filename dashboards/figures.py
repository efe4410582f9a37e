"""Reading the rollups and shaping them into the dashboards' tables (``tables.DataTable``).

Only ``dashboards.CityRollup``, ``RollupState`` and ``cities.City``/``Province`` are read here —
never a tenant table — so the same code serves the city's own dashboard (exact counts, the
request's city only) and APEKSI's (all cities, suppressed), each in a fixed number of queries.

- ``Period``: the months shown (first days), from a validated ``PeriodForm``.
- ``city_tables(city_id, period)``: the city dashboard's tables, exact (3 queries).
- ``apeksi_tables(period, ...)``: the APEKSI dashboard's tables, suppressed (6 queries).
- ``monthly_report(city_id, month)``: the three sections of a ULD's monthly report, exact.

Flow indicators add up over the months of the period; snapshot indicators take the latest
snapshot within it; rates are computed from their two counts (retention = still employed /
follow-ups done); the median days to placement is the exact weighted median of the stored
distribution.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.db import connection
from django.db.models import Sum
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cities.models import City
from dashboards import indicators
from dashboards.indicators import DIMENSIONS, DISTRIBUTION, FLOW, INDICATORS, RETENTION, SNAPSHOT
from dashboards.models import CityRollup, RollupState
from dashboards.suppression import suppress_group, suppress_value, suppressed_cells
from dashboards.tables import SUPPRESSED, SUPPRESSION_NOTE, Column, DataTable

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


# --- reading ---------------------------------------------------------------------------------------
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


def lower_first(text: str) -> str:
    """``"Gender"`` → ``"gender"`` inside a sentence; acronyms stay (``"WG-SS ..."``, ``"ULD"``)."""
    return text[0].lower() + text[1:] if len(text) > 1 and text[1].islower() else text


def percent(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


# --- the city dashboard ------------------------------------------------------------------------------
def _summary_table(figures: Figures, *, slug: str = "summary") -> DataTable:
    rows = [
        {"indicator": INDICATORS[code].label, "value": figures.total(code), "definition": INDICATORS[code].definition}
        for code in SUMMARY
    ]
    return DataTable(
        slug=slug,
        caption=_("Summary for %(period)s") % {"period": figures.period.label()},
        columns=[
            Column("indicator", gettext_lazy("Indicator")),
            Column("value", gettext_lazy("Figure"), "count"),
            Column("definition", gettext_lazy("Definition")),
        ],
        rows=rows,
        definition=_(
            "Flows add up the months of the period; open caseload, job-ready and employers are the latest "
            "snapshot in the period."
        ),
    )


def rates_table(figures: Figures, *, slug: str = "retention") -> DataTable:
    """Retention at 3 and 6 months (% still employed, over the follow-ups done) and the median days
    from registration to placement (over the placements), each with the number of cases."""
    rows = []
    for months_after in (3, 6):
        done, employed = figures.retention(months_after)
        rows.append(
            {
                "indicator": _("Retention at %(months)s months (%% still employed)") % {"months": months_after},
                "percent": percent(employed, done),
                "days": None,
                "cases": done,
            }
        )
    median, n = figures.median_days()
    rows.append(
        {
            "indicator": INDICATORS["days_to_placement"].label + " " + _("(median)"),
            "percent": None,
            "days": median,
            "cases": n,
        }
    )
    return DataTable(
        slug=slug,
        caption=_("Retention and time to placement, %(period)s") % {"period": figures.period.label()},
        columns=[
            Column("indicator", gettext_lazy("Indicator")),
            Column("percent", gettext_lazy("Per cent"), "percent"),
            Column("days", gettext_lazy("Days"), "days"),
            Column("cases", gettext_lazy("Cases counted"), "count"),
        ],
        rows=rows,
        definition=" ".join(
            str(INDICATORS[code].definition)
            for code in ("followup_3m_done", "followup_6m_employed", "days_to_placement")
        ),
    )


def _trend_table(figures: Figures, *, suppressed: bool = False) -> DataTable:
    columns = [Column("month", gettext_lazy("Month"))] + [
        Column(code, INDICATORS[code].label, "count") for code in TREND
    ]
    cells = {(month, code): figures.monthly(code, month) for month in figures.period.months for code in TREND}
    if suppressed:
        # Each indicator's months add up to the period total shown elsewhere: protect the columns.
        groups = [[(month, code) for month in figures.period.months] for code in TREND]
        hidden = suppressed_cells(cells, groups)
        cells = {key: SUPPRESSED if key in hidden else value for key, value in cells.items()}
    rows = [
        {"month": month_label(month), **{code: cells[(month, code)] for code in TREND}}
        for month in figures.period.months
    ]
    return DataTable(
        slug="by-month",
        caption=_("By month, %(period)s") % {"period": figures.period.label()},
        columns=columns,
        rows=rows,
        definition="; ".join(f"{INDICATORS[code].label}: {INDICATORS[code].definition}" for code in TREND),
        note=str(SUPPRESSION_NOTE) if suppressed else "",
    )


def _breakdown_table(figures: Figures, dimension: str, indicators_shown: tuple[str, ...], *, suppressed: bool):
    spec = DIMENSIONS[dimension]
    columns = [Column("category", spec.label)] + [
        Column(code, INDICATORS[code].label, "count") for code in indicators_shown
    ]
    values = {code: figures.breakdown(code, dimension) for code in indicators_shown}
    if suppressed:
        values = {code: suppress_group(counts) for code, counts in values.items()}
    rows = [
        {"category": label, **{code: values[code][value] for code in indicators_shown}}
        for value, label in spec.categories
    ]
    definition = spec.definition or ""
    if spec.multiple:
        several = _("One person can be in several rows: the rows add up to more than the total.")
        definition = f"{definition} {several}".strip()
    return DataTable(
        slug=f"by-{dimension.replace('_', '-')}",
        caption=_("%(what)s by %(dimension)s, %(period)s")
        % {
            "what": " / ".join(str(INDICATORS[code].label) for code in indicators_shown),
            "dimension": lower_first(str(spec.label)),
            "period": figures.period.label(),
        },
        columns=columns,
        rows=rows,
        definition=definition,
        note=str(SUPPRESSION_NOTE) if suppressed else "",
    )


def breakdown_tables(figures: Figures, *, suppressed: bool = False) -> list[DataTable]:
    """Registrations (and placements where defined) by each person dimension; caseload by stage;
    employers by quota status; employer services by kind."""
    tables = []
    for dimension in indicators.PERSON_DIMENSIONS:
        shown = tuple(code for code in ("registrations", "placements") if dimension in INDICATORS[code].dimensions)
        tables.append(_breakdown_table(figures, dimension, shown, suppressed=suppressed))
    tables.append(_breakdown_table(figures, "contract_type", ("placements",), suppressed=suppressed))
    tables.append(_breakdown_table(figures, "status", ("caseload_open",), suppressed=suppressed))
    tables.append(_breakdown_table(figures, "quota_status", ("employers",), suppressed=suppressed))
    tables.append(_breakdown_table(figures, "service_kind", ("employer_services",), suppressed=suppressed))
    return tables


def city_tables(city_id: int, period: Period) -> list[DataTable]:
    """Every table of the city dashboard, exact (the city's own staff): 1 query."""
    figures = city_figures(city_id, period)
    return [_summary_table(figures), rates_table(figures), _trend_table(figures), *breakdown_tables(figures)]


# --- the monthly report ------------------------------------------------------------------------------
@dataclass
class ReportSection:
    title: str
    tables: list[DataTable]


def monthly_report(city_id: int, month: datetime.date) -> list[ReportSection]:
    """A ULD's monthly report from the city's rollups (exact): services to job seekers, services to
    employers, placements. 1 query."""
    period = Period(month, month)
    figures = city_figures(city_id, period)

    def lines(slug: str, caption: str, codes: tuple[str, ...]) -> DataTable:
        return DataTable(
            slug=slug,
            caption=caption,
            columns=[
                Column("indicator", gettext_lazy("Indicator")),
                Column("value", gettext_lazy("Figure"), "count"),
                Column("definition", gettext_lazy("Definition")),
            ],
            rows=[
                {"indicator": INDICATORS[c].label, "value": figures.total(c), "definition": INDICATORS[c].definition}
                for c in codes
            ],
        )

    seekers = lines(
        "report-job-seekers", _("Services to job seekers"), ("registrations", "caseload_open", "job_ready", "referrals")
    )
    employers = lines(
        "report-employers",
        _("Services to employers"),
        (
            "employers",
            "employer_services",
            "employer_service_participants",
            "vacancies_published",
            "vacancies_filled",
            "assessments_done",
        ),
    )
    placements = lines("report-placements", _("Placements"), ("interviews", "placements"))
    for months_after in (3, 6):
        done, employed = figures.retention(months_after)
        placements.rows.append(
            {
                "indicator": _("Still employed at the %(months)s-month follow-up") % {"months": months_after},
                "value": employed,
                "definition": _("Of %(done)s follow-ups done in the month.") % {"done": done},
            }
        )
    rates = rates_table(figures, slug="report-retention")
    by_dimension = breakdown_tables(figures)
    pick = {table.slug: table for table in by_dimension}
    seeker_tables = [pick[f"by-{slug}"] for slug in ("gender", "age-band", "ragam", "wg-domain", "referral-source")]
    return [
        ReportSection(_("Services to job seekers"), [seekers, *seeker_tables, pick["by-status"]]),
        ReportSection(_("Services to employers"), [employers, pick["by-quota-status"], pick["by-service-kind"]]),
        ReportSection(_("Placements"), [placements, rates, pick["by-contract-type"]]),
    ]


# --- APEKSI: all cities, suppressed ------------------------------------------------------------------
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


def apeksi_tables(
    period: Period, *, rank: str = "placements", province: str = "", all_cities: list[City] | None = None
) -> ApeksiView:
    """Every table of the APEKSI dashboard from rollups only, suppressed; 6 queries whatever the
    number of cities: cities, flow totals per city, snapshots per city, months of all cities,
    breakdowns of all cities, medians per city (+ the rollup states)."""
    all_cities = active_cities() if all_cities is None else all_cities
    provinces = provinces_of(all_cities)
    cities = [c for c in all_cities if not province or c.province.code == province]
    in_period = CityRollup.objects.filter(month__gte=period.first, month__lte=period.last)
    flow_codes = [code for code, ind in INDICATORS.items() if ind.kind == FLOW]
    snapshot_codes = [code for code, ind in INDICATORS.items() if ind.kind == SNAPSHOT]
    per_city: dict[int, dict[str, int]] = defaultdict(dict)
    for row in (
        in_period.filter(dimension="", indicator__in=flow_codes)
        .values("for_city_id", "indicator")
        .annotate(total=Sum("count"))
        .order_by()
    ):
        per_city[row["for_city_id"]][row["indicator"]] = row["total"]
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
    snapshot_breakdown: dict[tuple[str, str, str], int] = defaultdict(int)
    for row in snapshot_rows:
        if latest[(row["for_city_id"], row["indicator"])] != row["month"]:
            continue
        if row["dimension"] == "":
            per_city[row["for_city_id"]][row["indicator"]] = row["count"]
        else:
            snapshot_breakdown[(row["indicator"], row["dimension"], row["value"])] += row["count"]
    monthly_rows = list(
        in_period.filter(dimension="", indicator__in=list(TREND))
        .values("month", "indicator")
        .annotate(count=Sum("count"))
        .order_by()
    )
    breakdown_rows = list(
        in_period.filter(indicator__in=["registrations", "placements", "employer_services"])
        .exclude(dimension="")
        .values("indicator", "dimension", "value")
        .annotate(count=Sum("count"))
        .order_by()
    )
    medians: dict[int, tuple[float | None, int]] = {}
    with connection.cursor() as cursor:
        cursor.execute(_MEDIAN_SQL, [period.first, period.last, [c.pk for c in cities]])
        for city_id, n, median in cursor.fetchall():
            medians[city_id] = (float(median) if median is not None else None, int(n))
    states = {state.for_city_id: state.computed_at for state in RollupState.objects.all()}
    shown_ids = {c.pk for c in cities}

    # All-cities figures (trend and breakdowns) in the shape of a Figures object.
    total_rows = [
        {"month": r["month"], "indicator": r["indicator"], "dimension": "", "value": "", "count": r["count"]}
        for r in monthly_rows
    ]
    total_rows += [
        {"month": period.first, "indicator": r["indicator"], "dimension": r["dimension"], "value": r["value"],
         "count": r["count"]}
        for r in breakdown_rows
    ]  # fmt: skip
    total_rows += [
        {"month": period.last, "indicator": ind, "dimension": dim, "value": val, "count": count}
        for (ind, dim, val), count in snapshot_breakdown.items()
    ]
    national = Figures(total_rows, period)

    # The per-city table: counts suppressed with complementary cells per column (all cities and each province).
    columns_codes = ["registrations", "caseload_open", "referrals", "placements", "vacancies_published",
                     "employers", "employer_services"]  # fmt: skip
    cells = {(c.pk, code): per_city[c.pk].get(code, 0) for c in all_cities for code in columns_codes}
    groups = []
    for code in columns_codes:
        groups.append([(c.pk, code) for c in all_cities])
        by_province: dict[str, list] = defaultdict(list)
        for c in all_cities:
            by_province[c.province.code].append((c.pk, code))
        groups.extend(by_province.values())
    hidden = suppressed_cells(cells, groups)

    def shown(city_id: int, code: str):
        return SUPPRESSED if (city_id, code) in hidden else cells[(city_id, code)]

    def retention_rate(city_id: int) -> object:
        done = per_city[city_id].get("followup_6m_done", 0)
        employed = per_city[city_id].get("followup_6m_employed", 0)
        if 0 < done < 5:
            return SUPPRESSED
        return percent(employed, done)

    def median_of(city_id: int) -> object:
        median, n = medians.get(city_id, (None, 0))
        if 0 < n < 5:
            return SUPPRESSED
        return median

    city_columns = [Column("city", gettext_lazy("City")), Column("province", gettext_lazy("Province"))]
    city_columns += [Column(code, INDICATORS[code].label, "count") for code in columns_codes]
    city_columns += [
        Column("retention_6m", gettext_lazy("Retention at 6 months (%)"), "percent"),
        Column("median_days", gettext_lazy("Median days to placement"), "days"),
        Column("computed_at", gettext_lazy("Figures computed"), "date"),
    ]
    city_rows = []
    for c in cities:
        row = {"city": c.name, "province": c.province.name}
        row.update({code: shown(c.pk, code) for code in columns_codes})
        row["retention_6m"] = retention_rate(c.pk)
        row["median_days"] = median_of(c.pk)
        row["computed_at"] = states.get(c.pk)
        city_rows.append(row)
    totals = {"city": _("All cities") if not province else _("All cities shown"), "province": ""}
    for code in columns_codes:
        totals[code] = suppress_value(sum(cells[(c.pk, code)] for c in all_cities if c.pk in shown_ids))
    done = sum(per_city[c.pk].get("followup_6m_done", 0) for c in cities)
    employed = sum(per_city[c.pk].get("followup_6m_employed", 0) for c in cities)
    totals["retention_6m"] = SUPPRESSED if 0 < done < 5 else percent(employed, done)
    median, n = medians.get(None, (None, 0))
    totals["median_days"] = SUPPRESSED if 0 < n < 5 else median
    totals["computed_at"] = None
    city_rows.append(totals)
    definitions = "; ".join(f"{INDICATORS[code].label}: {INDICATORS[code].definition}" for code in columns_codes)
    city_table = DataTable(
        slug="cities",
        caption=_("Cities, %(period)s") % {"period": period.label()},
        columns=city_columns,
        rows=city_rows,
        definition=definitions,
        note=str(SUPPRESSION_NOTE)
        + " "
        + _("A second figure is hidden where one hidden figure could be worked out from a total."),
    )

    # Per province.
    province_cells: dict[tuple[str, str], int] = defaultdict(int)
    for c in all_cities:
        for code in columns_codes:
            province_cells[(c.province.code, code)] += cells[(c.pk, code)]
    province_groups = [[(code_p, code) for code_p, _name in provinces] for code in columns_codes]
    province_hidden = suppressed_cells(province_cells, province_groups)
    cities_per_province: dict[str, int] = defaultdict(int)
    for c in all_cities:
        cities_per_province[c.province.code] += 1
    province_table = DataTable(
        slug="provinces",
        caption=_("Provinces, %(period)s") % {"period": period.label()},
        columns=[Column("province", gettext_lazy("Province")), Column("cities", gettext_lazy("Active cities"), "count")]
        + [Column(code, INDICATORS[code].label, "count") for code in columns_codes],
        rows=[
            {
                "province": name,
                "cities": cities_per_province[code_p],
                **{
                    code: SUPPRESSED if (code_p, code) in province_hidden else province_cells[(code_p, code)]
                    for code in columns_codes
                },
            }
            for code_p, name in provinces
        ],
        definition=_("The sum of the province's active cities."),
        note=str(SUPPRESSION_NOTE),
    )

    # Ranking of the chosen indicator among the shown cities (suppressed cities last, unranked).
    rank = rank if rank in RANKABLE else "placements"
    ranked = sorted(
        cities,
        key=lambda c: (shown(c.pk, rank) is SUPPRESSED, -(cells.get((c.pk, rank)) or 0) if shown(c.pk, rank)
                       is not SUPPRESSED else 0, c.name),
    )  # fmt: skip
    ranking_rows = []
    position = 0
    for c in ranked:
        value = shown(c.pk, rank)
        if value is not SUPPRESSED:
            position += 1
        ranking_rows.append(
            {"rank": position if value is not SUPPRESSED else None, "city": c.name, "province": c.province.name,
             "value": value}
        )  # fmt: skip
    ranking = DataTable(
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
    )
    map_values = {c.code: shown(c.pk, rank) for c in cities}
    tables = [
        city_table,
        ranking,
        province_table,
        _trend_table(national, suppressed=True),
        *breakdown_tables(national, suppressed=True),
    ]
    return ApeksiView(tables=tables, map_values=map_values, rank_indicator=rank, cities=cities, provinces=provinces)


def definitions_table() -> DataTable:
    """Every indicator and breakdown with its definition (no query)."""
    rows = [
        {"name": ind.label, "kind": _kind_label(ind.kind), "definition": ind.definition} for ind in INDICATORS.values()
    ]
    rows += [
        {"name": dim.label, "kind": _("Breakdown"), "definition": dim.definition}
        for dim in DIMENSIONS.values()
        if dim.definition
    ]
    return DataTable(
        slug="definitions",
        caption=_("Definitions"),
        columns=[
            Column("name", gettext_lazy("Figure")),
            Column("kind", gettext_lazy("Kind")),
            Column("definition", gettext_lazy("Definition")),
        ],
        rows=rows,
    )


def _kind_label(kind: str) -> str:
    return {
        FLOW: _("Events in the month"),
        SNAPSHOT: _("Snapshot when computed"),
        DISTRIBUTION: _("Distribution (median shown)"),
    }[kind]
