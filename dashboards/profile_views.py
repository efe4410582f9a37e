"""City profile pages (docs/city-profile.md): the city admin's edit page and APEKSI's side-by-side view.

- ``/kelola/profil-kota/`` (``cities.change_city_profile``, city admin): the profile and partner
  organisations of the request's city; saved by ``cities.profiles.city_profile_save``.
- ``/apeksi/profil-kota/`` (``apeksi.view_city_profiles``, APEKSI analyst and admin): every active
  city's snapshot side by side, with CSV/XLSX downloads (``.../unduh/?table=city-profiles&format=csv``).
  Reads only ``cities.CityProfileSnapshot`` and ``cities.City``/``Province`` (no tenant table), in two
  queries whatever the number of cities.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from accounts.permissions import permission_required
from cities.forms import CityPartnerFormSet, CityProfileForm
from cities.models import City, CityPartner, CityProfileSnapshot, QuotaStatus
from cities.profiles import ProfileError, city_profile_save, current_profile
from dashboards.charts import kota_tile_map
from dashboards.exports import export_response
from dashboards.tables import SUPPRESSION_NOTE, Column, DataTable, suppress

PROFILES_TABLE = "city-profiles"


@permission_required("cities.change_city_profile")
@require_http_methods(["GET", "POST"])
def city_profile_edit(request: HttpRequest) -> HttpResponse:
    """The request city's profile and partners: one form, saved all or nothing; errors keep the input."""
    profile = current_profile()
    data = request.POST if request.method == "POST" else None
    form = CityProfileForm(data, instance=profile)
    partners = CityPartnerFormSet(data, queryset=CityPartner.objects.order_by("kind", "name"), prefix="partners")
    if request.method == "POST" and form.is_valid() and partners.is_valid():
        try:
            city_profile_save(actor=request.user, form=form, partners=partners)
        except ProfileError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The city profile was saved."))
            return redirect("city_profile:edit")
    errors = _error_list(form, partners)
    return TemplateResponse(
        request,
        "dashboards/city_profile_form.html",
        {
            "form": form,
            "partners": partners,
            "profile": profile,
            "error_items": errors,
            "breadcrumbs": [
                {"label": _("City administration"), "url": reverse("dashboards:home-city-admin")},
                {"label": _("City profile")},
            ],
        },
    )


def _error_list(form, partners) -> list[dict]:
    """Every error of the form and the partner rows, for the error summary: ``{"label", "message", "anchor"}``."""
    items = [{"label": "", "message": error, "anchor": ""} for error in form.non_field_errors()]
    for field in form:
        items.extend({"label": field.label, "message": error, "anchor": field.id_for_label} for error in field.errors)
    items.extend({"label": "", "message": error, "anchor": ""} for error in partners.non_form_errors())
    for number, partner_form in enumerate(partners.forms, start=1):
        for field in partner_form:
            label = _("Partner %(number)s: %(field)s") % {"number": number, "field": field.label}
            items.extend({"label": label, "message": error, "anchor": field.id_for_label} for error in field.errors)
    return items


def _yes_no(value: bool) -> str:
    return _("yes") if value else _("no")


def _quota_text(status: str) -> str:
    return str(QuotaStatus(status).label)


def _percent(headcount, with_disabilities):
    """The share in percent, hidden (None) when the count is from 1 to 4 (it would reveal it)."""
    if not headcount or with_disabilities is None or suppress(with_disabilities) is not with_disabilities:
        return None
    return round(100 * with_disabilities / headcount, 1)


def profiles_table() -> tuple[DataTable, dict[str, object], dict[str, int]]:
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
        Column("budget_amount", gettext_lazy("Budget (Rp)"), "count"),
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
            updated=snapshot.profile_updated_at.date(),
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


@permission_required("apeksi.view_city_profiles")
@require_GET
def apeksi_city_profiles(request: HttpRequest) -> HttpResponse:
    """APEKSI: which cities have a ULD, a Perda, a budget line, partners; staff and quota status; dates."""
    table, staff, summary = profiles_table()
    chart = kota_tile_map(staff, title=_("IJC/ULD staff per city"), legend=_("Number of IJC/ULD staff"))
    return TemplateResponse(
        request,
        "dashboards/apeksi_city_profiles.html",
        {
            "table": table,
            "staff_map": chart,
            "summary": summary,
            "export_url": reverse("city_profile:apeksi-export"),
            "breadcrumbs": [
                {"label": _("APEKSI: all cities"), "url": reverse("dashboards:home-apeksi")},
                {"label": _("City profiles")},
            ],
        },
    )


@permission_required("apeksi.view_city_profiles")
@require_GET
def apeksi_city_profiles_export(request: HttpRequest) -> HttpResponse:
    """The side-by-side table as CSV or XLSX: ``?table=city-profiles&format=csv|xlsx`` (404 otherwise)."""
    if request.GET.get("table") != PROFILES_TABLE:
        raise Http404("Unknown table.")
    table, _staff, _summary = profiles_table()
    return export_response(table, request.GET.get("format", ""), filename="ijc-city-profiles")
