"""Where each role lands after login (``/beranda/``), and each role's home page.

The later issues fill these pages (caseload figures, vacancies, quota status, rollups); for now
each shows the role's city and the tasks that exist. ``role_home`` picks the page by
``accounts.permissions.HOME_ORDER``.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from accounts.permissions import HOME_ORDER, HOME_URL_NAMES, permission_required, roles_for
from cities.middleware import user_city_ids


@login_required
def role_home(request: HttpRequest) -> HttpResponse:
    """Redirect to the home of the user's main role here; the city chooser first when undecided."""
    roles = roles_for(request)
    for role in HOME_ORDER:
        if role in roles:
            return redirect(HOME_URL_NAMES[role])
    if request.city is None and len(user_city_ids(request.user)) > 1:
        return redirect(f"{reverse('accounts:choose-city')}?{urlencode({'next': reverse('dashboards:role-home')})}")
    return TemplateResponse(request, "dashboards/no_role.html")


def _home(template: str, permission: str, title):
    @permission_required(permission)
    def view(request: HttpRequest) -> HttpResponse:
        return TemplateResponse(request, template, {"roles": roles_for(request), "home_title": title})

    view.__name__ = permission.replace(".", "_")
    return view


home_job_seeker = _home("dashboards/home_job_seeker.html", "home.job_seeker", _("My job search"))
home_employer = _home("dashboards/home_employer.html", "home.employer", _("Employer home"))
home_staff = _home("dashboards/home_staff.html", "home.staff", _("Staff home"))
home_city_admin = _home("dashboards/home_city_admin.html", "home.city_admin", _("City administration"))
home_partner = _home("dashboards/home_partner.html", "home.partner", _("Partner home"))
home_apeksi = _home("dashboards/home_apeksi.html", "apeksi.home", _("APEKSI: all cities"))
