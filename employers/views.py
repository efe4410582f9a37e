"""Employer, staff and public pages of the employers app (thin: rules live in ``employers.services``).

- ``/pemberi-kerja/...``: an employer member's organisation, quota reports, workplaces, vacancies;
- ``/petugas/pemberi-kerja/...``, ``/petugas/lowongan/...``, ``/petugas/minat/``: city staff verify
  employers, review and publish vacancies, log services, review expressions of interest;
- ``/lowongan/`` (every city, from the public index) and ``/kota/<slug>/lowongan/...`` (one city):
  the public job board, readable without login, with JSON-LD and an RSS feed.

Every tenant object is fetched through the city-scoped manager, so another city's is a 404.
"""

from __future__ import annotations

import json
from functools import partial

from django.contrib import messages
from django.contrib.syndication.views import Feed
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from accounts.permissions import has_permission, permission_required
from cities.models import City
from employers import selectors, services
from employers.forms import (
    BoardSearchForm,
    EmployerFilterForm,
    EmployerForm,
    EmployerServiceForm,
    InterestForm,
    QuotaReportForm,
    ReviewNoteForm,
    ServiceYearForm,
    VacancyForm,
    WorkplaceForm,
    localized,
)
from employers.jobposting import job_posting
from employers.models import (
    Employer,
    EmployerService,
    Interest,
    QuotaReport,
    Vacancy,
    VacancyAccommodation,
    Workplace,
)
from reference.models import AccommodationType

PAGE_SIZE = 20


def _apply_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def _submit(form, call) -> bool:
    """Run ``call(**form.cleaned_data)`` when ``form`` is valid; a refusal (``EmployerError``) or an
    invalid value (``ValidationError``) is put on the form, so the page shows it with the user's
    input kept. Returns ``True`` when the service succeeded (the caller redirects)."""
    if not form.is_valid():
        return False
    try:
        call(**form.cleaned_data)
    except services.EmployerError as error:
        form.add_error(None, str(error))
    except ValidationError as error:
        _apply_errors(form, error)
    else:
        return True
    return False


def _with_accessibility(workplaces) -> list[Workplace]:
    """The sites, each with ``accessibility`` (verified by the center, or declared by the employer)."""
    sites = list(workplaces)
    for site in sites:
        site.accessibility = selectors.workplace_accessibility(site)
    return sites


def _own_employer(request: HttpRequest) -> Employer | None:
    return services.employer_of(request.user)


def _latest_report(employer: Employer) -> QuotaReport | None:
    """The newest report with ``portal_hires`` (hires through the portal in its year)."""
    reports = selectors.reports_with_portal_hires(employer)
    return reports[0] if reports else None


# --- Employer member's pages ---------------------------------------------------------------------------
@permission_required("employers.manage_own")
def dashboard(request: HttpRequest) -> HttpResponse:
    """The employer's page: organisation, quota status, vacancies by status (referred candidates: placements)."""
    employer = _own_employer(request)
    context = {"employer": employer}
    if employer is not None:
        context["report"] = _latest_report(employer)
        vacancies = list(employer.vacancies.annotate(interest_count=Count("interests")).order_by("-created_at", "-pk"))
        context["candidates_url"], counts = selectors.referred_candidates(employer)
        for vacancy in vacancies:
            vacancy.candidate_count = counts.get(vacancy.pk, 0)
        context["vacancies"] = vacancies
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
            _apply_errors(form, error)
        else:
            return redirect("employers:dashboard")
    return TemplateResponse(request, "employers/organisation_form.html", {"form": form, "employer": employer})


def _require_employer(request: HttpRequest) -> Employer | HttpResponse:
    employer = _own_employer(request)
    if employer is None:
        messages.info(request, _("Register your organisation first."))
        return redirect("employers:organisation")
    return employer


@permission_required("employers.manage_own")
def quota(request: HttpRequest) -> HttpResponse:
    """The organisation's quota history and a form to add a report (WLKP or self-declared)."""
    employer = _require_employer(request)
    if isinstance(employer, HttpResponse):
        return employer
    form = QuotaReportForm(request.POST or None)
    if request.method == "POST" and _submit(
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
    workplaces = _with_accessibility(employer.workplaces.all())
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
            _apply_errors(form, error)
        else:
            messages.success(request, _("The vacancy is saved as a draft. Submit it when it is ready."))
            return redirect("employers:vacancy", pk=vacancy.pk)
    return TemplateResponse(request, "employers/vacancy_form.html", {"form": form, "vacancy": None})


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
                _apply_errors(form, error)
            else:
                messages.success(request, _("The vacancy is saved."))
                return redirect("employers:vacancy", pk=vacancy.pk)
    context = {"form": form, "vacancy": vacancy, "actions": _actions(request, vacancy)}
    context.update(_facts(vacancy))
    return TemplateResponse(request, "employers/vacancy_form.html", context)


ACTION_LABELS = {
    "submitted": gettext_lazy("Submit for review"),
    "published": gettext_lazy("Publish"),
    "draft": gettext_lazy("Back to draft"),
    "filled": gettext_lazy("Mark as filled"),
    "closed": gettext_lazy("Close the vacancy"),
    "expired": gettext_lazy("Mark as expired"),
}


def _actions(request: HttpRequest, vacancy: Vacancy) -> list[tuple[str, str]]:
    return [
        (to, ACTION_LABELS[to])
        for (start, to) in services.VACANCY_TRANSITIONS
        if start == vacancy.status and services.may_transition(request.user, vacancy, to)
    ]


def _transition(request: HttpRequest, vacancy: Vacancy, note: str = "") -> None:
    to = request.POST.get("to", "")
    try:
        services.vacancy_transition(actor=request.user, vacancy=vacancy, to=to, note=note)
    except services.EmployerError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The vacancy is now: %(status)s.") % {"status": Vacancy.Status(to).label})


@require_POST
@permission_required("employers.manage_own")
def vacancy_status(request: HttpRequest, pk: int) -> HttpResponse:
    employer = _own_employer(request)
    vacancy = get_object_or_404(Vacancy.objects, pk=pk, employer_id=getattr(employer, "pk", None))
    _transition(request, vacancy)
    return redirect("employers:vacancy", pk=vacancy.pk)


# --- Staff pages ---------------------------------------------------------------------------------------
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
        "workplaces": _with_accessibility(employer.workplaces.all()),
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
    if request.method == "POST" and _submit(form, partial(service, actor=request.user, employer=employer)):
        messages.success(request, done)
        return redirect("employers:staff-employer", pk=employer.pk)
    return TemplateResponse(request, template, {"form": form, "employer": employer})


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
    log = EmployerService.objects.select_related("employer", "staff")
    if form.is_valid() and form.cleaned_data["year"] is not None:
        log = log.filter(date__year=form.cleaned_data["year"])
    grouped = log.order_by().values("kind").annotate(count=Count("pk"), people=Sum("participants"))
    totals = {row["kind"]: row for row in grouped}
    summary = [
        (label, totals.get(kind, {}).get("count", 0), totals.get(kind, {}).get("people") or 0)
        for kind, label in EmployerService.Kind.choices
    ]
    page = Paginator(log, 50).get_page(request.GET.get("page"))
    return TemplateResponse(
        request, "employers/staff_service_list.html", {"page_obj": page, "summary": summary, "form": form}
    )


@permission_required("vacancies.review")
def staff_vacancy_list(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status") or Vacancy.Status.SUBMITTED
    if status not in Vacancy.Status.values:
        status = Vacancy.Status.SUBMITTED
    vacancies = Vacancy.objects.filter(status=status).select_related("employer").order_by("-submitted_at", "-pk")
    counts = dict(Vacancy.objects.values_list("status").annotate(n=Count("pk")).order_by())
    statuses = [(value, label, counts.get(value, 0)) for value, label in Vacancy.Status.choices]
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
            _transition(request, vacancy, note=request.POST.get("note", ""))
            return redirect("employers:staff-vacancy", pk=vacancy.pk)
    context = {"vacancy": vacancy, "actions": _actions(request, vacancy), "note_form": note_form}
    context.update(_facts(vacancy))
    return TemplateResponse(request, "employers/staff_vacancy.html", context)


@permission_required("vacancies.view_interest")
def staff_interest_list(request: HttpRequest) -> HttpResponse:
    interests = Interest.objects.select_related("vacancy", "vacancy__employer", "user").order_by(
        "status", "-created_at", "-pk"
    )
    page = Paginator(interests, 50).get_page(request.GET.get("page"))
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


# --- Public job board ----------------------------------------------------------------------------------
def _facts(vacancy: Vacancy) -> dict:
    """What the vacancy pages show besides the model's fields: localized catalogue texts."""
    accommodations = AccommodationType.objects.filter(
        pk__in=VacancyAccommodation.objects.filter(vacancy=vacancy).values("accommodation_id")
    ).order_by("code")
    from employers.models import RecruitmentOption

    labels = dict(RecruitmentOption.choices)
    return {
        "accommodation_texts": [localized(item, "text") for item in accommodations],
        "recruitment_texts": [labels.get(code, code) for code in vacancy.recruitment_options],
        "occupation_title": localized(vacancy.occupation) if vacancy.occupation else "",
        "accessibility": selectors.workplace_accessibility(vacancy.workplace),
        "skill_labels": list(vacancy.esco_skills.order_by("label_en").values_list("label_en", flat=True)),
    }


def _board(request: HttpRequest, *, city: City | None) -> HttpResponse:
    cities = None if city else list(City.objects.filter(is_active=True).order_by("name"))
    form = BoardSearchForm(request.GET or None, cities=cities)
    filters = form.cleaned_data if form.is_valid() else {}
    city_id = city.pk if city else filters.get("city")
    rows = selectors.board_search(
        city_id=city_id,
        q=filters.get("q", ""),
        occupation=filters.get("occupation", ""),
        arrangement=filters.get("arrangement", ""),
        accommodation=filters.get("accommodation"),
        reserved_only=bool(filters.get("reserved")),
    )
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return TemplateResponse(
        request,
        "employers/board.html",
        {"form": form, "page_obj": page, "city": city, "searched": bool(request.GET.get("q") or filters)},
    )


def board(request: HttpRequest) -> HttpResponse:
    """Every city's published vacancies, from the public index: no city context is needed or used."""
    return _board(request, city=None)


def city_board(request: HttpRequest, city_slug: str) -> HttpResponse:
    """One city's published vacancies (the middleware has resolved the city; 404 when inactive)."""
    return _board(request, city=request.city)


def _published(request: HttpRequest, pk: int) -> Vacancy:
    return get_object_or_404(
        Vacancy.objects.select_related("employer", "workplace", "occupation"),
        pk=pk,
        status=Vacancy.Status.PUBLISHED,
    )


def _json_ld(data: dict) -> str:
    """JSON safe inside a <script> element (no ``</script>`` break-out)."""
    text = json.dumps(data, ensure_ascii=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def vacancy_public(request: HttpRequest, city_slug: str, pk: int) -> HttpResponse:
    """A published vacancy, readable without login; anything else (or another city's) is a 404."""
    vacancy = _published(request, pk)
    context = {
        "vacancy": vacancy,
        "city": request.city,
        "json_ld": _json_ld(job_posting(vacancy, url=request.build_absolute_uri())),
        "can_express_interest": request.user.is_authenticated and has_permission(request, "vacancies.express_interest"),
        "already_interested": request.user.is_authenticated
        and Interest.objects.filter(vacancy=vacancy, user_id=request.user.pk).exists(),
    }
    context.update(_facts(vacancy))
    return TemplateResponse(request, "employers/vacancy_public.html", context)


@permission_required("vacancies.express_interest")
def express_interest(request: HttpRequest, city_slug: str, pk: int) -> HttpResponse:
    vacancy = _published(request, pk)
    form = InterestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.interest_express(actor=request.user, vacancy=vacancy, message=form.cleaned_data["message"])
        except services.EmployerError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Thank you. The center's staff will contact you about this vacancy."))
            return redirect("employers:vacancy-public", city_slug=city_slug, pk=vacancy.pk)
    return TemplateResponse(
        request, "employers/express_interest.html", {"form": form, "vacancy": vacancy, "city": request.city}
    )


class CityVacancyFeed(Feed):
    """RSS 2.0 of a city's published vacancies, newest first (from the public index)."""

    def get_object(self, request, city_slug: str) -> City:
        self.request = request
        return request.city

    def title(self, city: City) -> str:
        return _("Vacancies in %(city)s") % {"city": city.name}

    def description(self, city: City) -> str:
        return _("Vacancies published by the Inclusive Job Center of %(city)s.") % {"city": city.name}

    def link(self, city: City) -> str:
        return reverse("employers:city-board", kwargs={"city_slug": city.slug})

    def items(self, city: City):
        return selectors.board_search(city_id=city.pk)[:50]

    def item_title(self, item) -> str:
        return f"{item.title} · {item.employer_name}"

    def item_description(self, item) -> str:
        parts = [item.employer_name, item.get_arrangement_display(), item.get_employment_type_display()]
        if item.deadline:
            parts.append(_("Apply by %(date)s") % {"date": item.deadline.isoformat()})
        return " · ".join(str(part) for part in parts)

    def item_link(self, item) -> str:
        return reverse("employers:vacancy-public", kwargs={"city_slug": item.portal_city.slug, "pk": item.vacancy_id})

    def item_pubdate(self, item):
        return item.published_at

    def item_guid(self, item) -> str:
        return f"ijc-vacancy-{item.portal_city_id}-{item.vacancy_id}"

    item_guid_is_permalink = False


class CityVacancyAtomFeed(CityVacancyFeed):
    """The same list as Atom 1.0 (RFC 4287): ``subtitle`` carries the description, entries the same
    ids, links, dates and summaries as the RSS items."""

    feed_type = Atom1Feed

    def subtitle(self, city: City) -> str:
        return self.description(city)

    def item_updateddate(self, item):
        """Every Atom entry needs ``updated`` (RFC 4287 4.1.2); a published vacancy does not change."""
        return item.published_at


city_feed = CityVacancyFeed()
city_atom_feed = CityVacancyAtomFeed()
