"""The city dashboard's tables: the city's own rollups, exact (its staff may see its people anyway)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dashboards.figures.reading import SUMMARY, Figures, Period, city_figures
from dashboards.figures.shared_tables import breakdown_tables, rates_table, trend_table
from dashboards.indicators import INDICATORS
from dashboards.tables import Column, DataTable


def summary_table(figures: Figures, *, slug: str = "summary") -> DataTable:
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


def city_tables(city_id: int, period: Period) -> list[DataTable]:
    """Every table of the city dashboard, exact (the city's own staff): 1 query."""
    figures = city_figures(city_id, period)
    return [summary_table(figures), rates_table(figures), trend_table(figures), *breakdown_tables(figures)]
