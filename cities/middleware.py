"""Runs each request inside its city's context (ARCHITECTURE.md §3).

The city comes from, in order:

1. the URL: a route with a ``city_slug`` argument (``/kota/<city_slug>/...``, public pages); an
   unknown or inactive city is a 404;
2. on ``/api/`` with a bearer token: the city the token was created in (``request.api_token_city``,
   set only by ``api.middleware.ApiTokenMiddleware`` after verifying the token's hash in that city);
3. on ``/admin/`` for a superuser: the city chosen on ``/admin/kota/`` (``admin_city_id``);
4. the signed-in user's memberships: the active city kept in the session (``active_city_id``)
   when the user is still a member there, or the user's only city.

Never from a header or a query parameter a user can forge. With no city the request runs with
no context: tenant ORM queries raise and raw SQL on tenant tables sees no rows.

The view, the other middleware below this one, and template rendering (the handler renders a
``TemplateResponse`` before returning it) all run inside ``city_context``. A 5xx response, or
any exception raised by the view (even one turned into a 403/404 page or allauth's "confirm your
password first" redirect), rolls the city's transaction back — but only after the response is
built, because building it (the error page, allauth's redirect) may still query the database.

The request also runs on the city's own clock: its IANA time zone (WIB, WITA or WIT, from its
province) is the current time zone, so ``timezone.localdate()``, ``__date`` lookups and the
templates' ``|date`` give the city's dates. A request with no city (the APEKSI and other
cross-city pages, public pages outside a city) stays on ``TIME_ZONE``, WIB (``Asia/Jakarta``).
"""

from __future__ import annotations

import zoneinfo

from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import Resolver404, resolve
from django.utils import timezone

from cities import providers
from cities.models import City
from cities.tenancy import city_context

ACTIVE_CITY_SESSION_KEY = "active_city_id"
# The city a superuser chose on /admin/kota/ (admin pages only; ijc_portal.admin).
ADMIN_CITY_SESSION_KEY = "admin_city_id"
ADMIN_PATH_PREFIX = "/admin/"
# Paths served with no city and no user lookup at all: /healthz must answer even with the database
# down, and has nothing of a city's (ijc_portal.health).
CITY_FREE_PATHS = frozenset({"/healthz"})


def user_city_ids(user) -> list[int]:
    """The ids of the active cities where ``user`` holds a membership (any role), sorted.

    Memberships belong to accounts, above cities: accounts answers through the provider
    ``cities.providers.member_city_ids`` (``accounts.selectors.member_city_ids``)."""
    return providers.member_city_ids(user)


def resolve_request_city(request: HttpRequest) -> City | None:
    """The city a request belongs to, or ``None``; raises ``Http404`` for an unknown city slug."""
    try:
        match = resolve(request.path_info)
    except Resolver404:
        match = None
    slug = match.kwargs.get("city_slug") if match else None
    if slug is not None:
        city = City.objects.filter(slug=slug, is_active=True).first()
        if city is None:
            raise Http404("No such city on the portal.")
        return city
    token_city = getattr(request, "api_token_city", None)
    if token_city is not None:
        return token_city
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return None
    if user.is_superuser and request.path_info.startswith(ADMIN_PATH_PREFIX):
        chosen = request.session.get(ADMIN_CITY_SESSION_KEY)
        return City.objects.filter(pk=chosen, is_active=True).first() if isinstance(chosen, int) else None
    city_ids = user_city_ids(user)
    chosen = request.session.get(ACTIVE_CITY_SESSION_KEY)
    if chosen not in city_ids:
        chosen = city_ids[0] if len(city_ids) == 1 else None
    return City.objects.filter(pk=chosen).first() if chosen else None


class CityContextMiddleware:
    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path_info in CITY_FREE_PATHS:
            request.city = None
            return self.get_response(request)
        city = resolve_request_city(request)
        request.city = city
        if city is None:
            return self.get_response(request)
        with city_context(city), timezone.override(zoneinfo.ZoneInfo(city.timezone)):
            response = self.get_response(request)
            if response.status_code >= 500 or getattr(request, "_city_exception", False):
                transaction.set_rollback(True)
        return response

    def process_exception(self, request: HttpRequest, exception: Exception) -> None:
        # Only note it: the error page (or allauth's redirect) is still built inside the transaction
        # and may query; the rollback happens in __call__ once the response exists.
        request._city_exception = True
