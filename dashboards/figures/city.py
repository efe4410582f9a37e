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


# Each section's own trend by month: slug suffix → indicators (``by-month-<suffix>``).
SECTION_TRENDS: dict[str, tuple[str, ...]] = {
    "registrations": ("registrations", "caseload_open", "job_ready"),
    "referrals": ("referrals", "interviews"),
    "placements": (
        "placements",
        "followup_3m_done",
        "followup_3m_employed",
        "followup_6m_done",
        "followup_6m_employed",
    ),
    "employers": ("employers", "vacancies_published", "vacancies_filled"),
    "assessments": ("assessments_done",),
    "services": ("employer_services", "employer_service_participants"),
}

#: The city dashboard's pages: the summary (``""``) and each section (slug in the URL), with the
#: slugs of the tables each shows. Every table of ``city_tables`` is on exactly one page.
CITY_SECTIONS: dict[str, tuple[str, tuple[str, ...]]] = {
    "": (gettext_lazy("Summary"), ("summary", "by-month")),
    "pendaftaran": (
        gettext_lazy("Registrations"),
        (
            "by-month-registrations",
            "by-gender",
            "by-age-band",
            "by-education",
            "by-ragam",
            "by-wg-domain",
            "by-wg-disability",
            "by-referral-source",
        ),
    ),
    "rujukan": (gettext_lazy("Matching and referrals"), ("by-month-referrals", "by-status")),
    "penempatan": (
        gettext_lazy("Placements and retention"),
        ("by-month-placements", "retention", "by-contract-type", "by-social-security"),
    ),
    "pemberi-kerja": (gettext_lazy("Employers and the quota"), ("by-month-employers", "by-quota-status")),
    "asesmen": (gettext_lazy("Workplace assessments"), ("by-month-assessments",)),
    "layanan": (gettext_lazy("Services to employers"), ("by-month-services", "by-service-kind")),
}


def city_tables(city_id: int, period: Period) -> list[DataTable]:
    """Every table of the city dashboard (all its pages), exact (the city's own staff): 1 query."""
    figures = city_figures(city_id, period)
    section_trends = [
        trend_table(figures, codes=codes, slug=f"by-month-{suffix}") for suffix, codes in SECTION_TRENDS.items()
    ]
    return [
        summary_table(figures),
        rates_table(figures),
        trend_table(figures),
        *section_trends,
        *breakdown_tables(figures),
    ]
