"""City staff's pages (``/petugas/pemberi-kerja/...``, ``/petugas/lowongan/...``, ``/petugas/minat/``):
verify employers, review and publish vacancies, log services, review expressions of interest."""

from __future__ import annotations

from functools import partial

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.drafts import keeps_draft
from accounts.permissions import permission_required
from employers import selectors, services
from employers.forms import (
    EmployerFilterForm,
    EmployerServiceForm,
    QuotaReportForm,
    ReviewNoteForm,
    ServiceYearForm,
    localized,
)
from employers.models import (
    Employer,
    Interest,
    QuotaReport,
    Vacancy,
)
from employers.views.common import (
    post_transition,
    submit,
    vacancy_actions,
    vacancy_facts,
    with_accessibility,
)


@permission_required("employers.view_list")
def staff_employer_list(request: HttpRequest) -> HttpResponse:
    """The city's employers with their latest quota status and the hires made through the portal in
    that report's year (the current year without a report), filterable. A fixed number of queries
    per page: the count, the page, and one for the hires of the whole page
    (``selectors.portal_hires_many``)."""
    form = EmployerFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    employers = selectors.employers_with_quota(
        quota=filters.get("quota", ""),
        verified=filters.get("verified", ""),
        sector=filters.get("sector", ""),
        q=filters.get("q", ""),
    )
    page = Paginator(employers, 50).get_page(request.GET.get("page"))
    rows = list(page.object_list)
    this_year = timezone.localdate().year
    hires = selectors.portal_hires_many([row.pk for row in rows], {row.q_year or this_year for row in rows})
    for row in rows:
        row.portal_hires_year = row.q_year or this_year
        row.portal_hires = hires[row.pk][row.portal_hires_year]
    page.object_list = rows
    return TemplateResponse(request, "employers/staff_employer_list.html", {"form": form, "page_obj": page})


@permission_required("employers.view_list")
def staff_employer(request: HttpRequest, pk: int) -> HttpResponse:
    employer = get_object_or_404(Employer.objects.select_related("industry", "verified_by"), pk=pk)
    context = {
        "employer": employer,
        "reports": selectors.reports_with_portal_hires(employer),
        "services_log": employer.services.select_related("staff"),
        "vacancies": employer.vacancies.order_by("-created_at"),
        "workplaces": with_accessibility(employer.workplaces.all()),
        "members": employer.members.select_related("user"),
        "industry_title": localized(employer.industry) if employer.industry else "",
        "verification_due": selectors.verification_due(employer),
    }
    return TemplateResponse(request, "employers/staff_employer.html", context)


@require_POST
@permission_required("employers.verify")
def staff_employer_verify(request: HttpRequest, pk: int) -> HttpResponse:
    """Verify (or verify again) an employer of the city; back to its page, or to the queue."""
    employer = get_object_or_404(Employer.objects, pk=pk)
    try:
        services.employer_verify(actor=request.user, employer=employer)
    except services.EmployerError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("%(name)s is verified.") % {"name": employer.legal_name})
    if request.POST.get("back") == "queue":
        return redirect("employers:staff-reverify-list")
    return redirect("employers:staff-employer", pk=employer.pk)


@permission_required("employers.verify")
def staff_reverify_list(request: HttpRequest) -> HttpResponse:
    """The re-verification queue: organisations whose verified name or NIB changed, and those whose
    verification is due again, with their vacancies still on the public board."""
    page = Paginator(selectors.reverification_queue(), 50).get_page(request.GET.get("page"))
    return TemplateResponse(
        request,
        "employers/staff_reverify_list.html",
        {"page_obj": page, "after_days": selectors.reverify_after_days()},
    )


def _staff_record(request: HttpRequest, pk: int, *, form_class, service, template: str, done: str) -> HttpResponse:
    """A staff form that records something for an employer of the city through ``service`` (called
    with ``actor``, ``employer`` and the form's cleaned data), then returns to the employer's page."""
    employer = get_object_or_404(Employer.objects, pk=pk)
    form = form_class(request.POST or None)
    if request.method == "POST" and submit(form, partial(service, actor=request.user, employer=employer)):
        messages.success(request, done)
        return redirect("employers:staff-employer", pk=employer.pk)
    return TemplateResponse(request, template, {"form": form, "employer": employer})


@keeps_draft
@permission_required("employers.verify")
def staff_quota_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Staff record a quota report (usually "verified by staff") for an employer of the city."""
    return _staff_record(
        request,
        pk,
        form_class=partial(QuotaReportForm, staff=True, initial={"source": QuotaReport.Source.VERIFIED}),
        service=services.quota_report_record,
        template="employers/staff_quota_add.html",
        done=_("The report is saved."),
    )


@permission_required("employers.log_services")
def staff_service_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Staff log a service the center gave an employer of the city."""
    return _staff_record(
        request,
        pk,
        form_class=EmployerServiceForm,
        service=services.employer_service_record,
        template="employers/staff_service_add.html",
        done=_("The service is logged."),
    )


@permission_required("employers.log_services")
def staff_service_list(request: HttpRequest) -> HttpResponse:
    """The city's work with employers, newest first, with totals by kind (for the city's reports)."""
    form = ServiceYearForm(request.GET or None)
    log, summary = selectors.services_logged(year=form.cleaned_data["year"] if form.is_valid() else None)
    page = Paginator(log, 50).get_page(request.GET.get("page"))
    return TemplateResponse(
        request, "employers/staff_service_list.html", {"page_obj": page, "summary": summary, "form": form}
    )


@permission_required("vacancies.review")
def staff_vacancy_list(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status") or Vacancy.Status.SUBMITTED
    if status not in Vacancy.Status.values:
        status = Vacancy.Status.SUBMITTED
    vacancies, statuses = selectors.vacancies_for_review(status=status)
    page = Paginator(vacancies, 50).get_page(request.GET.get("page"))
    return TemplateResponse(
        request,
        "employers/staff_vacancy_list.html",
        {"page_obj": page, "status": status, "statuses": statuses, "status_label": Vacancy.Status(status).label},
    )


@permission_required("vacancies.review")
def staff_vacancy(request: HttpRequest, pk: int) -> HttpResponse:
    vacancy = get_object_or_404(Vacancy.objects.select_related("employer", "workplace", "occupation"), pk=pk)
    note_form = ReviewNoteForm(request.POST or None)
    if request.method == "POST":
        if request.POST.get("to") == Vacancy.Status.DRAFT and not note_form.is_valid():
            pass  # show the note's error
        else:
            post_transition(request, vacancy, note=request.POST.get("note", ""))
            return redirect("employers:staff-vacancy", pk=vacancy.pk)
    context = {"vacancy": vacancy, "actions": vacancy_actions(request, vacancy), "note_form": note_form}
    context.update(vacancy_facts(vacancy))
    return TemplateResponse(request, "employers/staff_vacancy.html", context)


@permission_required("vacancies.view_interest")
def staff_interest_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.interests_for_staff(), 50).get_page(request.GET.get("page"))
    return TemplateResponse(request, "employers/staff_interest_list.html", {"page_obj": page})


@require_POST
@permission_required("vacancies.view_interest")
def staff_interest_review(request: HttpRequest, pk: int) -> HttpResponse:
    interest = get_object_or_404(Interest.objects, pk=pk)
    try:
        services.interest_mark_reviewed(actor=request.user, interest=interest)
    except services.EmployerError as error:
        messages.error(request, str(error))
    return redirect("employers:staff-interest-list")
