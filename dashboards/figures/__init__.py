"""Reading the rollups and shaping them into the dashboards' tables (``tables.DataTable``).

Only ``dashboards.CityRollup``, ``RollupState`` and ``cities.City``/``Province`` are read here —
never a tenant table — so the same code serves the city's own dashboard (exact counts, the
request's city only) and APEKSI's (all cities, suppressed), each in a fixed number of queries.
One module per reader, over the shared reading and tables:

- ``reading``: ``Period`` (the months shown, first days, from a validated ``PeriodForm``) and
  ``Figures`` (the rollup rows of one city, or the sum of several, over a period);
- ``shared_tables``: retention and time to placement, trend by month, breakdowns, definitions;
- ``city.city_tables(city_id, period)``: the city dashboard's tables, exact (1 query);
- ``report.monthly_report(city_id, month)``: the three sections of a ULD's monthly report, exact;
- ``apeksi.apeksi_tables(period, ...)``: the APEKSI dashboard's tables, suppressed (6 queries).

Flow indicators add up over the months of the period; snapshot indicators take the latest
snapshot within it; rates are computed from their two counts (retention = still employed /
follow-ups done); the median days to placement is the exact weighted median of the stored
distribution.
"""

from __future__ import annotations

from dashboards.figures.apeksi import ApeksiView, active_cities, apeksi_summary_table, apeksi_tables, provinces_of
from dashboards.figures.city import CITY_SECTIONS, city_tables
from dashboards.figures.reading import RANKABLE, SUMMARY, TREND, Figures, Period, city_figures, month_label
from dashboards.figures.report import ReportSection, monthly_report
from dashboards.figures.shared_tables import breakdown_tables, definitions_table, rates_table

__all__ = [
    "CITY_SECTIONS",
    "RANKABLE",
    "SUMMARY",
    "TREND",
    "ApeksiView",
    "Figures",
    "Period",
    "ReportSection",
    "active_cities",
    "apeksi_summary_table",
    "apeksi_tables",
    "breakdown_tables",
    "city_figures",
    "city_tables",
    "definitions_table",
    "month_label",
    "monthly_report",
    "provinces_of",
    "rates_table",
]
