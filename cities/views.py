"""Public city pages: the list of participating cities and each city's landing page."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from cities.models import City, CityProfile
from cities.tenancy import current_city_id

CITIES_PER_PAGE = 25


def _crumbs(*tail: dict) -> list[dict]:
    return [{"label": _("Home"), "url": reverse("home")}, *tail]


@require_GET
def city_list(request: HttpRequest) -> HttpResponse:
    """Active cities only (``City.is_active``), by name, 25 a page."""
    cities = City.objects.filter(is_active=True).select_related("province").order_by("name")
    page_obj = Paginator(cities, CITIES_PER_PAGE).get_page(request.GET.get("page"))
    return TemplateResponse(
        request,
        "cities/city_list.html",
        {"page_obj": page_obj, "cities": page_obj.object_list, "breadcrumbs": _crumbs({"label": _("Cities")})},
    )


@require_GET
def city_detail(request: HttpRequest, city_slug: str) -> HttpResponse:
    """A city's landing page. ``CityContextMiddleware`` has resolved the city (404 when unknown or
    inactive) and runs this view inside its context. Shows the center's contact details from the
    city profile (address, hours, accessible channels) when the city admin has filled them in."""
    city = getattr(request, "city", None)
    if city is None or city.slug != city_slug:
        city = get_object_or_404(City, slug=city_slug, is_active=True)
    # The center's contact part of the city profile (docs/city-profile.md), read in the city's own context.
    profile = CityProfile.objects.first() if current_city_id() == city.pk else None
    return TemplateResponse(
        request,
        "cities/city_detail.html",
        {
            "city": city,
            "profile": profile if profile is not None and profile.has_contact else None,
            "breadcrumbs": _crumbs({"label": _("Cities"), "url": reverse("cities:list")}, {"label": city.name}),
        },
    )
