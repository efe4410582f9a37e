"""The Django admin: superusers only (with a confirmed authenticator), tenant data inside a chosen city.

``PortalAdminSite`` replaces the default site (``ijc_portal.apps.PortalAdminConfig`` in INSTALLED_APPS). A superuser
picks a city on ``/admin/kota/``; ``cities.middleware`` then runs admin pages in that city's context
(``ADMIN_CITY_SESSION_KEY``). Without a city, tenant lists are empty and adding is refused.
Logging in goes through the portal's own login page (allauth, with its rate limits and MFA).
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cities.middleware import ADMIN_CITY_SESSION_KEY
from cities.models import City
from cities.redirects import safe_next_url
from ijc_portal.forms import AdminCityForm


class PortalAdminSite(admin.AdminSite):
    site_header = gettext_lazy("IJC Portal administration")
    site_title = gettext_lazy("IJC Portal administration")
    index_title = gettext_lazy("Administration")

    def has_permission(self, request) -> bool:
        from accounts.permissions import has_totp

        user = request.user
        return bool(user.is_active and user.is_superuser and has_totp(user))

    def login(self, request, extra_context=None):
        """Send everyone to the portal's login (and to MFA set-up when that is what is missing)."""
        user = request.user
        if self.has_permission(request):
            return redirect(safe_next_url(request, request.GET.get("next"), reverse("admin:index")))
        if user.is_authenticated and user.is_superuser:
            messages.warning(request, _("Set up an authenticator app before you use the administration."))
            return redirect(f"{reverse('mfa_activate_totp')}?next={reverse('admin:index')}")
        if user.is_authenticated:
            return TemplateResponse(request, "403.html", status=403)
        return redirect_to_login(request.GET.get("next") or reverse("admin:index"))

    def each_context(self, request):
        context = super().each_context(request)
        context["admin_city"] = getattr(request, "city", None)
        return context

    def get_urls(self):
        return [path("kota/", self.admin_view(self.choose_city), name="choose-city"), *super().get_urls()]

    def choose_city(self, request):
        cities = City.objects.filter(is_active=True).order_by("name")
        if request.method == "POST":
            form = AdminCityForm(request.POST, cities=cities)
            if not form.is_valid():
                messages.error(request, form.errors["city"][0])
                return redirect("admin:choose-city")
            chosen = form.cleaned_data["city"]
            if chosen is None:
                request.session.pop(ADMIN_CITY_SESSION_KEY, None)
                messages.info(request, _("No city chosen: tenant data is hidden."))
            else:
                request.session[ADMIN_CITY_SESSION_KEY] = chosen.pk
                messages.success(request, _("The administration now works in %(city)s.") % {"city": chosen.name})
            return redirect("admin:index")
        context = {**self.each_context(request), "cities": cities, "title": _("Choose a city")}
        return TemplateResponse(request, "admin/choose_city.html", context)
