"""An employer member's pages (``/pemberi-kerja/...``): the organisation, its quota reports, workplaces
and vacancies. The member sees only their own organisation (``services.employer_of``)."""

from __future__ import annotations

from functools import partial

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.drafts import keeps_draft
from accounts.permissions import permission_required
from employers import selectors, services
from employers.forms import (
    EmployerForm,
    QuotaReportForm,
    VacancyForm,
    WorkplaceForm,
)
from employers.models import (
    Employer,
    QuotaReport,
    Vacancy,
    Workplace,
)
from employers.views.common import (
    apply_errors,
    post_transition,
    submit,
    vacancy_actions,
    vacancy_facts,
    with_accessibility,
)


def _own_employer(request: HttpRequest) -> Employer | None:
    return services.employer_of(request.user)


def _latest_report(employer: Employer) -> QuotaReport | None:
    """The newest report with ``portal_hires`` (hires through the portal in its year)."""
    reports = selectors.reports_with_portal_hires(employer)
    return reports[0] if reports else None


@permission_required("employers.manage_own")
def dashboard(request: HttpRequest) -> HttpResponse:
    """The employer's page: organisation, quota status, vacancies by status (referred candidates: placements)."""
    employer = _own_employer(request)
    context = {"employer": employer}
    if employer is not None:
        context["report"] = _latest_report(employer)
        context["vacancies"], context["candidates_url"] = selectors.employer_vacancies(employer)
        context["workplace_count"] = employer.workplaces.count()
    return TemplateResponse(request, "employers/dashboard.html", context)


@permission_required("employers.manage_own")
def organisation(request: HttpRequest) -> HttpResponse:
    """Register the organisation (first visit) or change its details."""
    employer = _own_employer(request)
    form = EmployerForm(request.POST or None, instance=employer)
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in form.Meta.fields}
        try:
            if employer is None:
                services.employer_register(actor=request.user, **data)
                messages.success(
                    request, _("Your organisation is registered. City staff will verify it before publishing.")
                )
            else:
                services.employer_update(actor=request.user, employer=employer, **data)
                messages.success(request, _("The organisation's details are saved."))
        except services.EmployerError as error:
            form.add_error(None, str(error))
        except ValidationError as error:
            apply_errors(form, error)
        else:
            return redirect("employers:dashboard")
    return TemplateResponse(request, "employers/organisation_form.html", {"form": form, "employer": employer})


def _require_employer(request: HttpRequest) -> Employer | HttpResponse:
    employer = _own_employer(request)
    if employer is None:
        messages.info(request, _("Register your organisation first."))
        return redirect("employers:organisation")
    return employer


@keeps_draft
@permission_required("employers.manage_own")
def quota(request: HttpRequest) -> HttpResponse:
    """The organisation's quota history and a form to add a report (WLKP or self-declared)."""
    employer = _require_employer(request)
    if isinstance(employer, HttpResponse):
        return employer
    form = QuotaReportForm(request.POST or None)
    if request.method == "POST" and submit(
        form, partial(services.quota_report_record, actor=request.user, employer=employer)
    ):
        messages.success(request, _("The report is saved."))
        return redirect("employers:quota")
    reports = selectors.reports_with_portal_hires(employer)
    return TemplateResponse(request, "employers/quota.html", {"employer": employer, "form": form, "reports": reports})


@permission_required("employers.manage_own")
def workplace_list(request: HttpRequest) -> HttpResponse:
    employer = _require_employer(request)
    if isinstance(employer, HttpResponse):
        return employer
    form = WorkplaceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.workplace_save(actor=request.user, employer=employer, **form.cleaned_data)
        except (services.EmployerError, ValidationError) as error:
            form.add_error(None, error.messages if isinstance(error, ValidationError) else str(error))
        else:
            messages.success(request, _("The site is added."))
            return redirect("employers:workplace-list")
    workplaces = with_accessibility(employer.workplaces.all())
    return TemplateResponse(
        request, "employers/workplace_list.html", {"employer": employer, "form": form, "workplaces": workplaces}
    )


@permission_required("employers.manage_own")
def workplace_edit(request: HttpRequest, pk: int) -> HttpResponse:
    employer = _require_employer(request)
    if isinstance(employer, HttpResponse):
        return employer
    workplace = get_object_or_404(Workplace.objects, pk=pk, employer=employer)
    form = WorkplaceForm(request.POST or None, instance=workplace)
    if request.method == "POST" and form.is_valid():
        try:
            services.workplace_save(actor=request.user, employer=employer, workplace=workplace, **form.cleaned_data)
        except (services.EmployerError, ValidationError) as error:
            form.add_error(None, error.messages if isinstance(error, ValidationError) else str(error))
        else:
            messages.success(request, _("The site is saved."))
            return redirect("employers:workplace-list")
    context = {"form": form, "workplace": workplace, "accessibility": selectors.workplace_accessibility(workplace)}
    return TemplateResponse(request, "employers/workplace_form.html", context)


def _vacancy_data(form: VacancyForm) -> tuple[dict, list]:
    """The service's keyword arguments from a valid vacancy form, and the accommodations chosen."""
    links = ("accommodations", "esco_skills")
    data = {name: form.cleaned_data[name] for name in form.Meta.fields if name not in links}
    data["esco_skills"] = list(form.cleaned_data["esco_skills"])
    return data, list(form.cleaned_data["accommodations"])


@keeps_draft
@permission_required("employers.manage_own")
def vacancy_create(request: HttpRequest) -> HttpResponse:
    employer = _require_employer(request)
    if isinstance(employer, HttpResponse):
        return employer
    form = VacancyForm(request.POST or None, employer=employer)
    if request.method == "POST" and form.is_valid():
        data, accommodations = _vacancy_data(form)
        try:
            vacancy = services.vacancy_save(
                actor=request.user, employer=employer, accommodations=accommodations, **data
            )
        except services.EmployerError as error:
            form.add_error(None, str(error))
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The vacancy is saved as a draft. Submit it when it is ready."))
            return redirect("employers:vacancy", pk=vacancy.pk)
    return TemplateResponse(request, "employers/vacancy_form.html", {"form": form, "vacancy": None})


@keeps_draft
@permission_required("employers.manage_own")
def vacancy(request: HttpRequest, pk: int) -> HttpResponse:
    """A draft is a form; any other status shows the vacancy and what can happen next."""
    employer = _require_employer(request)
    if isinstance(employer, HttpResponse):
        return employer
    vacancy = get_object_or_404(
        Vacancy.objects.select_related("employer", "workplace", "occupation"), pk=pk, employer=employer
    )
    form = None
    if vacancy.status == Vacancy.Status.DRAFT:
        form = VacancyForm(request.POST or None, instance=vacancy, employer=employer)
        if request.method == "POST" and form.is_valid():
            data, accommodations = _vacancy_data(form)
            try:
                services.vacancy_save(
                    actor=request.user, employer=employer, vacancy=vacancy, accommodations=accommodations, **data
                )
            except services.EmployerError as error:
                form.add_error(None, str(error))
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, _("The vacancy is saved."))
                return redirect("employers:vacancy", pk=vacancy.pk)
    context = {"form": form, "vacancy": vacancy, "actions": vacancy_actions(request, vacancy)}
    context.update(vacancy_facts(vacancy))
    return TemplateResponse(request, "employers/vacancy_form.html", context)


@require_POST
@permission_required("employers.manage_own")
def vacancy_status(request: HttpRequest, pk: int) -> HttpResponse:
    employer = _own_employer(request)
    vacancy = get_object_or_404(Vacancy.objects, pk=pk, employer_id=getattr(employer, "pk", None))
    post_transition(request, vacancy)
    return redirect("employers:vacancy", pk=vacancy.pk)
