"""Data rights (UU 27/2022): the person downloads and sees all their data, asks for a correction or
deletion and sees who viewed their sensitive data; staff handle the requests within 3 x 24 hours."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import audit
from accounts.permissions import permission_required
from jobseekers import forms, personal_display, selectors, services
from jobseekers.models import (
    RightsRequest,
)
from jobseekers.views.common import own_profile, profile_required


@permission_required("jobseekers.edit_own_profile")
@profile_required
def my_data_page(request: HttpRequest) -> HttpResponse:
    """Download all my data, see it, ask for a correction or deletion (UU 27/2022)."""
    seeker = own_profile(request)
    form = forms.RightsRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.rights_request_create(actor=request.user, job_seeker=seeker, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your request is sent. The center must answer within 3 x 24 hours."))
            return redirect("jobseekers:my-data")
    requests = seeker.rights_requests.order_by("-requested_at")
    return TemplateResponse(request, "jobseekers/my_data.html", {"form": form, "requests": requests, "seeker": seeker})


@permission_required("jobseekers.edit_own_profile")
@profile_required
def my_data_json(request: HttpRequest) -> HttpResponse:
    seeker = own_profile(request)
    response = JsonResponse(
        selectors.personal_data(job_seeker=seeker), json_dumps_params={"ensure_ascii": False, "indent": 2}
    )
    response["Content-Disposition"] = 'attachment; filename="data-saya.json"'
    response["Cache-Control"] = "private, no-store"
    return response


@permission_required("jobseekers.edit_own_profile")
@profile_required
def my_data_html(request: HttpRequest) -> HttpResponse:
    seeker = own_profile(request)
    data = selectors.personal_data(job_seeker=seeker)
    profile = personal_display.profile_rows(data)  # labels and values in the reader's language
    titles = {
        "skills": _("Skills"),
        "occupations": _("Jobs wanted"),
        "accommodations": _("Accommodation needs"),
        "education": _("Education"),
        "trainings": _("Trainings and certificates"),
        "experience": _("Work experience"),
        "functioning": _("Everyday activities (WG-SS answers)"),
        "consents": _("Consent decisions"),
        "documents": _("Documents"),
        "counselling_notes": _("Counselling notes"),
        "requests": _("Requests"),
    }
    sections = [(title, personal_display.section_items(key, data[key])) for key, title in titles.items()]
    context = {"data": data, "seeker": seeker, "profile": profile, "sections": sections}
    return TemplateResponse(request, "jobseekers/my_data_view.html", context)


@permission_required("jobseekers.view_own_access_log")
def access_log(request: HttpRequest) -> HttpResponse:
    """Who viewed my sensitive data (UU 27/2022 art. 7: the right to know how data is processed)."""
    seeker = selectors.own_profile(actor=request.user)
    entries = audit.accesses(seeker) if seeker else audit.AuditLogEntry.objects.none()
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    return TemplateResponse(request, "jobseekers/access_log.html", {"seeker": seeker, "page_obj": page})


@permission_required("jobseekers.view_own_access_log")
def change_log(request: HttpRequest) -> HttpResponse:
    """Who changed my data: every change to the profile and its rows, with who made it (the person,
    an officer or a partner recording it for them, or the system), 50 a page (UU 27/2022 art. 7)."""
    seeker = selectors.own_profile(actor=request.user)
    entries = selectors.changes_of(seeker) if seeker else audit.AuditLogEntry.objects.none()
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    return TemplateResponse(request, "jobseekers/change_log.html", {"seeker": seeker, "page_obj": page})


# --- Staff: rights requests ---------------------------------------------------------------------------
@permission_required("jobseekers.handle_requests")
def rights_requests(request: HttpRequest) -> HttpResponse:
    pending = selectors.rights_requests_pending()
    handled = selectors.rights_requests_handled(limit=50)
    return TemplateResponse(
        request,
        "jobseekers/rights_requests.html",
        {"pending": pending, "handled": handled, "now": timezone.now(), "form": forms.RightsHandleForm()},
    )


@require_POST
@permission_required("jobseekers.handle_requests")
def rights_request_act(request: HttpRequest, pk: int) -> HttpResponse:
    rights_request = get_object_or_404(RightsRequest.objects.select_related("job_seeker"), pk=pk)
    form = forms.RightsHandleForm(request.POST)
    if form.is_valid():
        try:
            services.rights_request_handle(actor=request.user, request=rights_request, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The request is handled."))
    else:
        messages.error(request, _("Choose a decision."))
    return redirect("jobseekers:rights-requests")
