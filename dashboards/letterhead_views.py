"""The city admin's letterhead page, ``/kelola/kop-surat/`` (``cities.change_letterhead``;
docs/letterhead.md): the kop surat and signatory printed on the city's official documents."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts.permissions import permission_required
from cities.letterheads import LetterheadForm, current_letterhead, letterhead_save
from cities.models import CityLetterhead


@permission_required("cities.change_letterhead")
@require_http_methods(["GET", "POST"])
def letterhead_edit(request: HttpRequest) -> HttpResponse:
    """The request city's letterhead: one form with the logo upload; errors keep the typed input."""
    letterhead = current_letterhead() or CityLetterhead()
    form = LetterheadForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
        instance=letterhead,
    )
    if request.method == "POST" and form.is_valid():
        letterhead_save(actor=request.user, form=form)
        messages.success(request, _("The letterhead was saved. It is printed on the city's reports and AK/1 cards."))
        return redirect("city_profile:letterhead")
    return TemplateResponse(
        request,
        "dashboards/letterhead_form.html",
        {
            "form": form,
            "letterhead": letterhead if letterhead.pk else None,
            "breadcrumbs": [
                {"label": _("City administration"), "url": reverse("dashboards:home-city-admin")},
                {"label": _("Letterhead")},
            ],
        },
    )
