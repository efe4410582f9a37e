"""The portal's own public pages: home, accessibility statement (with the barrier report), privacy
notice, display preference, and the session keep-alive used by the time-out warning."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cities.models import City
from cities.redirects import safe_next_url
from ijc_portal.display import (
    DisplayPreferences,
    display_preferences_for,
    display_preferences_save,
    display_return_url,
)
from ijc_portal.forms import BarrierReportForm, DisplayPreferencesForm
from ijc_portal.services import BarrierReportNotSentError, barrier_report_send

HOME_CITY_LIMIT = 12
# Change when the statement's text is reviewed (shown on the page, in the reader's date format).
ACCESSIBILITY_STATEMENT_REVIEWED = datetime.date(2026, 11, 29)
PRIVACY_NOTICE_UPDATED = datetime.date(2026, 11, 29)


def _home_crumb() -> dict:
    return {"label": gettext_lazy("Home"), "url": reverse("home")}


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    cities = City.objects.filter(is_active=True).select_related("province").order_by("name")
    return TemplateResponse(
        request,
        "pages/home.html",
        {"cities": cities[:HOME_CITY_LIMIT], "city_count": cities.count(), "home_city_limit": HOME_CITY_LIMIT},
    )


@require_http_methods(["GET", "POST"])
def accessibility_statement(request: HttpRequest) -> HttpResponse:
    """The statement, and the "report a barrier" form (works without JavaScript, keeps input on error)."""
    form = BarrierReportForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            barrier_report_send(**form.cleaned_data)
        except BarrierReportNotSentError:
            form.add_error(
                None,
                _(
                    "Your report could not be sent just now. Please try again in a few minutes, "
                    "or write to us at %(email)s."
                )
                % {"email": settings.ACCESSIBILITY_CONTACT_EMAIL},
            )
        else:
            messages.success(
                request,
                _("Thank you. Your report has been sent. If you left an email address or phone number, we will reply."),
            )
            return redirect("accessibility")
    return TemplateResponse(
        request,
        "pages/accessibility.html",
        {
            "form": form,
            "reviewed_on": ACCESSIBILITY_STATEMENT_REVIEWED,
            "breadcrumbs": [_home_crumb(), {"label": gettext_lazy("Accessibility statement")}],
        },
    )


@require_GET
def privacy_notice(request: HttpRequest) -> HttpResponse:
    return TemplateResponse(
        request,
        "pages/privacy.html",
        {
            "updated_on": PRIVACY_NOTICE_UPDATED,
            "breadcrumbs": [_home_crumb(), {"label": gettext_lazy("Privacy notice")}],
        },
    )


@require_http_methods(["GET", "POST"])
def display_preferences(request: HttpRequest) -> HttpResponse:
    """Text size and contrast: saved on the user when signed in, in a cookie always."""
    # Back to the page the person came from; never the preferences page itself, never another site.
    next_url = display_return_url(request, request.POST.get("next") or request.GET.get("next"))
    current = display_preferences_for(request)
    form = DisplayPreferencesForm(request.POST if request.method == "POST" else None, initial=current.as_dict())
    if request.method == "POST" and form.is_valid():
        response = redirect(next_url or reverse("display-preferences"))
        preferences = DisplayPreferences.from_values(form.cleaned_data["text_size"], form.cleaned_data["contrast"])
        display_preferences_save(request=request, response=response, preferences=preferences)
        messages.success(request, _("Your display settings have been saved."))
        return response
    return TemplateResponse(
        request,
        "pages/display_preferences.html",
        {
            "form": form,
            "next_url": next_url,
            "breadcrumbs": [_home_crumb(), {"label": gettext_lazy("Text size and contrast")}],
        },
    )


@require_POST
def session_keepalive(request: HttpRequest) -> HttpResponse:
    """Extend a signed-in session (the time-out warning's "Stay signed in" button).

    JavaScript posts here with ``Accept: application/json`` and gets ``{"expires_in": seconds}``;
    without JavaScript the same form posts and is sent back to ``next``.
    """
    wants_json = "application/json" in request.headers.get("Accept", "")
    if not request.user.is_authenticated:
        if wants_json:
            return JsonResponse({"expires_in": 0}, status=401)
        return redirect("home")
    request.session.modified = True  # saving the session again pushes its expiry back
    if wants_json:
        return JsonResponse({"expires_in": request.session.get_expiry_age()})
    return redirect(safe_next_url(request, request.POST.get("next"), reverse("home")))
