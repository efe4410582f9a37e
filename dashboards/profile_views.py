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
from django.views.decorators.http import require_GET, require_http_methods

from accounts.permissions import permission_required
from cities.forms import CityPartnerFormSet, CityProfileForm
from cities.models import CityPartner
from cities.profiles import ProfileError, city_profile_save, current_profile
from dashboards.charts import kota_tile_map
from dashboards.exports import export_response
from dashboards.selectors import PROFILES_TABLE, city_profiles_table


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


@permission_required("apeksi.view_city_profiles")
@require_GET
def apeksi_city_profiles(request: HttpRequest) -> HttpResponse:
    """APEKSI: which cities have a ULD, a Perda, a budget line, partners; staff and quota status; dates."""
    table, staff, summary = city_profiles_table()
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
    table, _staff, _summary = city_profiles_table()
    return export_response(table, request.GET.get("format", ""), filename="ijc-city-profiles")
