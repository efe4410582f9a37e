"""Reads of the dashboards' pages that are more than a line: the rollup state a page shows as "how
fresh", and APEKSI's side-by-side table of the city profiles (docs/city-profile.md).

Only non-tenant tables are read here (``dashboards.RollupState``, ``cities.City``/``Province``,
``cities.CityProfileSnapshot``); the dashboards' figures are read by ``dashboards.figures``.
"""

from __future__ import annotations

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cities.calendar import CROSS_CITY_ZONE
from cities.models import City, CityProfileSnapshot, QuotaStatus
from dashboards.models import RollupState
from dashboards.tables import SUPPRESSION_NOTE, Column, DataTable, suppress

PROFILES_TABLE = "city-profiles"


def city_rollup_state(*, city: City) -> RollupState | None:
    """When ``city``'s rollups were last computed, and how (None before the first run). 1 query."""
    return RollupState.objects.filter(for_city_id=city.pk).first()


def oldest_rollup_computed_at() -> datetime.datetime | None:
    """The oldest ``computed_at`` over every city's rollups: how fresh the APEKSI figures are at
    worst (None when no city has been computed). 1 query."""
    states = list(RollupState.objects.order_by("computed_at").values_list("computed_at", flat=True)[:1])
    return states[0] if states else None


def _yes_no(value: bool) -> str:
    return _("yes") if value else _("no")


def _quota_text(status: str) -> str:
    return str(QuotaStatus(status).label)


def _percent(headcount, with_disabilities):
    """The share in percent, hidden (None) when the count is from 1 to 4 (it would reveal it)."""
    if not headcount or with_disabilities is None or suppress(with_disabilities) is not with_disabilities:
        return None
    return round(100 * with_disabilities / headcount, 1)


def city_profiles_table() -> tuple[DataTable, dict[str, object], dict[str, int]]:
    """All active cities' snapshots as one ``DataTable`` (one row per city, by name), the staff
    counts by ``City.code`` for the tile map, and the summary counts (``cities``, ``filled``, ``uld``,
    ``perda``, ``partners``: cities with each). Two queries; never touches a tenant table."""
    cities = list(City.objects.filter(is_active=True).select_related("province").order_by("name"))
    snapshots = {snapshot.for_city_id: snapshot for snapshot in CityProfileSnapshot.objects.all()}
    columns = [
        Column("city", gettext_lazy("City")),
        Column("province", gettext_lazy("Province")),
        Column("uld", gettext_lazy("ULD established")),
        Column("uld_since", gettext_lazy("ULD since"), "date"),
        Column("perda", gettext_lazy("Perda on disability rights")),
        Column("perda_ref", gettext_lazy("Perda number/year")),
        Column("perda_employment", gettext_lazy("Perda has employment articles")),
        Column("budget", gettext_lazy("Budget line")),
        Column("budget_amount", gettext_lazy("Budget (Rp)"), "rupiah"),
        Column("budget_year", gettext_lazy("Budget year")),
        Column("staff", gettext_lazy("IJC/ULD staff"), "count"),
        Column("partners", gettext_lazy("Partner organisations"), "count"),
        Column("opdis", gettext_lazy("OPDis"), "count"),
        Column("cso", gettext_lazy("CSO"), "count"),
        Column("blk", gettext_lazy("BLK"), "count"),
        Column("slb", gettext_lazy("SLB"), "count"),
        Column("government_quota", gettext_lazy("City government quota (2%)")),
        Column("government_percent", gettext_lazy("City government: employees with disabilities"), "percent"),
        Column("bumd_quota", gettext_lazy("BUMD quota (2%)")),
        Column("bumd_percent", gettext_lazy("BUMD: employees with disabilities"), "percent"),
        Column("updated", gettext_lazy("Last updated"), "date"),
    ]
    rows, staff = [], {}
    summary = {"cities": len(cities), "filled": 0, "uld": 0, "perda": 0, "partners": 0}
    for city in cities:
        snapshot = snapshots.get(city.pk)
        row = {"city": city.name, "province": city.province.name}
        if snapshot is None:
            row["uld"] = _("profile not filled in")
            rows.append(row)
            staff[city.code] = None
            continue
        row.update(
            uld=_yes_no(snapshot.uld_established),
            uld_since=snapshot.uld_established_on,
            perda=_yes_no(snapshot.has_perda),
            perda_ref=f"{snapshot.perda_number}/{snapshot.perda_year}" if snapshot.has_perda else None,
            perda_employment=_yes_no(snapshot.perda_has_employment_articles) if snapshot.has_perda else None,
            budget=_yes_no(snapshot.has_budget_line),
            budget_amount=int(snapshot.budget_amount) if snapshot.budget_amount is not None else None,
            budget_year=str(snapshot.budget_year) if snapshot.budget_year else None,
            staff=snapshot.staff_count,
            partners=snapshot.partner_count,
            opdis=snapshot.partners_opdis,
            cso=snapshot.partners_cso,
            blk=snapshot.partners_blk,
            slb=snapshot.partners_slb,
            government_quota=_quota_text(snapshot.government_quota_status),
            government_percent=_percent(snapshot.government_headcount, snapshot.government_with_disabilities),
            bumd_quota=_quota_text(snapshot.bumd_quota_status),
            bumd_percent=_percent(snapshot.bumd_headcount, snapshot.bumd_with_disabilities),
            updated=timezone.localdate(snapshot.profile_updated_at, CROSS_CITY_ZONE),  # cross-city: WIB
        )
        rows.append(row)
        staff[city.code] = snapshot.staff_count
        summary["filled"] += 1
        summary["uld"] += snapshot.uld_established
        summary["perda"] += snapshot.has_perda
        summary["partners"] += snapshot.partner_count > 0
    table = DataTable(
        slug=PROFILES_TABLE,
        caption=_("Inclusive-employment set-up of each city"),
        columns=columns,
        rows=rows,
        definition=_(
            "As each city admin entered it in the city profile. Quota: UU 8/2016 art. 53, at least 2 per cent of "
            "the employees of the city government and of its BUMD are persons with disabilities."
        ),
        note=_("A percentage is not shown when the number of employees with disabilities is from 1 to 4. %(note)s")
        % {"note": SUPPRESSION_NOTE},
    )
    return table, staff, summary
