"""Tables that both the city's pages and APEKSI's show: retention and time to placement, the trend by
month, the breakdowns by each dimension, and the definitions of every figure."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dashboards import indicators
from dashboards.figures.reading import TREND, Figures, month_label
from dashboards.indicators import DIMENSIONS, DISTRIBUTION, FLOW, INDICATORS, SNAPSHOT
from dashboards.suppression import suppress_group, suppressed_cells
from dashboards.tables import SUPPRESSION_NOTE, Column, DataTable


def lower_first(text: str) -> str:
    """``"Gender"`` → ``"gender"`` inside a sentence; acronyms stay (``"WG-SS ..."``, ``"ULD"``)."""
    return text[0].lower() + text[1:] if len(text) > 1 and text[1].islower() else text


def percent(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


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
    social = figures.breakdown("placements", "social_security")
    asked = sum(social.get(value) or 0 for value in ("enrolled", "not_enrolled", "unknown"))
    rows.append(
        {
            "indicator": _("Placements with BPJS Ketenagakerjaan (per cent enrolled, Return-to-Work counted apart)"),
            "percent": percent(social.get("enrolled") or 0, asked),
            "days": None,
            "cases": asked,
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
        )
        + " "
        + str(DIMENSIONS["social_security"].definition),
    )


def trend_table(
    figures: Figures, *, suppressed: bool = False, codes: tuple[str, ...] = TREND, slug: str = "by-month"
) -> DataTable:
    """The ``codes`` month by month (default ``TREND``); another ``slug`` names a section's own trend
    (``by-month-<section>``), captioned with its indicators."""
    columns = [Column("month", gettext_lazy("Month"))] + [
        Column(code, INDICATORS[code].label, "count") for code in codes
    ]
    cells = {(month, code): figures.monthly(code, month) for month in figures.period.months for code in codes}
    if suppressed:
        # Each indicator's months add up to the period total shown elsewhere: protect the columns.
        groups = [[(month, code) for month in figures.period.months] for code in codes]
        hidden = suppressed_cells(cells, groups)
        cells = {key: hidden.get(key, value) for key, value in cells.items()}
    rows = [
        {"month": month_label(month), **{code: cells[(month, code)] for code in codes}}
        for month in figures.period.months
    ]
    if codes == TREND:
        caption = _("By month, %(period)s") % {"period": figures.period.label()}
    else:
        caption = _("%(what)s by month, %(period)s") % {
            "what": " / ".join(str(INDICATORS[code].label) for code in codes),
            "period": figures.period.label(),
        }
    return DataTable(
        slug=slug,
        caption=caption,
        columns=columns,
        rows=rows,
        definition="; ".join(f"{INDICATORS[code].label}: {INDICATORS[code].definition}" for code in codes),
        note=str(SUPPRESSION_NOTE) if suppressed else "",
    ).add_protection_note()


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
    ).add_protection_note()


def breakdown_tables(figures: Figures, *, suppressed: bool = False) -> list[DataTable]:
    """Registrations (and placements where defined) by each person dimension; caseload by stage;
    employers by quota status; employer services by kind."""
    tables = []
    for dimension in indicators.PERSON_DIMENSIONS:
        shown = tuple(code for code in ("registrations", "placements") if dimension in INDICATORS[code].dimensions)
        tables.append(_breakdown_table(figures, dimension, shown, suppressed=suppressed))
    tables.append(_breakdown_table(figures, "contract_type", ("placements",), suppressed=suppressed))
    tables.append(_breakdown_table(figures, "social_security", ("placements",), suppressed=suppressed))
    tables.append(_breakdown_table(figures, "status", ("caseload_open",), suppressed=suppressed))
    tables.append(_breakdown_table(figures, "quota_status", ("employers",), suppressed=suppressed))
    tables.append(_breakdown_table(figures, "service_kind", ("employer_services",), suppressed=suppressed))
    return tables


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
