"""A ULD's monthly report: three sections from the city's own rollups, exact."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dashboards.figures.reading import Period, city_figures
from dashboards.figures.shared_tables import breakdown_tables, rates_table
from dashboards.indicators import INDICATORS
from dashboards.tables import Column, DataTable


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
        ReportSection(_("Placements"), [placements, rates, pick["by-contract-type"], pick["by-social-security"]]),
    ]
