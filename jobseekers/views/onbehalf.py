"""Acting for the person: staff of the city, and partners for the people of their organisation's
caseload, fill every part of the profile the person can fill themself — with the same forms and the
same services as the person's own pages, so the audit trail gets the same entries (the actor is the
officer or partner) — and record decisions (consent, disclosure) with how the person gave them.

Every view finds the person through ``selectors.job_seeker_for_actor``: someone of another city,
another partner organisation or nobody's caseload is a 404.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import audit
from accounts.drafts import keeps_draft
from accounts.permissions import permission_required
from jobseekers import forms, selectors, services
from jobseekers.models import ConsentPurpose
from jobseekers.views.common import STEP_GROUPS, field_errors, step_content, step_form

# The child rows of the profile, by the URL's word (as the person's own pages).
ENTRIES = {"pendidikan": "education", "pelatihan": "trainings", "pengalaman": "experience"}
DECISION_FIELDS = frozenset({"channel", "basis", "guardian_name", "guardian_relation", "paper_form", "specific_data"})


def _errors_on(form, decision_form, error: ValidationError) -> None:
    """A service's ``ValidationError`` on the form its fields belong to."""
    if decision_form is not None and hasattr(error, "error_dict") and set(error.error_dict) <= DECISION_FIELDS:
        field_errors(decision_form, error)
    else:
        field_errors(form, error)


def _error_count(*bound) -> int:
    return sum(len(form.errors) for form in bound if form is not None)


@permission_required("jobseekers.act_for")
def act_profile(request: HttpRequest, pk: int) -> HttpResponse:
    """The person's profile as staff or a partner fill it for them: the five steps, the education,
    training and experience entries, consent, and the decisions recorded for them."""
    seeker = selectors.job_seeker_for_actor(actor=request.user, pk=pk)
    steps = [(number, title, number <= seeker.profile_step) for number, (title, _form) in forms.STEPS.items()]
    context = {
        "seeker": seeker,
        "steps": steps,
        "education": seeker.education.order_by("-year_finished", "pk"),
        "trainings": seeker.trainings.order_by("-year", "pk"),
        "experience": seeker.experience.order_by("-start_year", "pk"),
        "consents": [(ConsentPurpose(p).label, r) for p, r in selectors.consents_latest(seeker).items()],
        "decisions": selectors.decisions_of(seeker, limit=20),
        "is_staff": selectors.registers_as_staff(actor=request.user, city_id=request.city.pk),
    }
    return TemplateResponse(request, "jobseekers/act_profile.html", context)


@keeps_draft
@permission_required("jobseekers.act_for")
def act_step(request: HttpRequest, pk: int, step: int) -> HttpResponse:
    """One step of the stepped profile filled for the person (``services.profile_step_save``, as on
    their own page). The disclosure step records how the person made the choice; the steps with
    disability or health data (WG-SS, ragam and needs) need the person's consent to processing it,
    in force or recorded in the same form. Opening a step with sensitive data writes an access
    entry (the full NIK on the first step, functioning, disability and needs) the person sees."""
    if step not in forms.STEPS:
        raise Http404
    seeker = selectors.job_seeker_for_actor(actor=request.user, pk=pk)
    title, _form_class = forms.STEPS[step]
    form = step_form(request, seeker, step)
    data = request.POST if request.method == "POST" else None
    files = request.FILES if request.method == "POST" else None
    needs_consent = step in STEP_GROUPS and not seeker.specific_data_allowed
    decision_form = None
    if step == len(forms.STEPS):
        decision_form = forms.DecisionForm(data, files, prefix="how")
    elif needs_consent:
        text = selectors.consent_text_current(ConsentPurpose.SPECIFIC_DATA)
        decision_form = forms.SpecificDataConsentForm(
            data, files, prefix="how", text=text.text(get_language()) if text else ""
        )
    if request.method == "POST":
        valid = [bound.is_valid() for bound in (form, decision_form) if bound is not None]
        if all(valid):
            how = decision_form.how(assisted_by=request.user) if decision_form is not None else None
            try:
                services.profile_step_save(
                    actor=request.user,
                    job_seeker=seeker,
                    step=step,
                    specific_data_consent=needs_consent,
                    how=how,
                    **step_content(form),
                )
            except ValidationError as error:
                _errors_on(form, decision_form, error)
            else:
                messages.success(request, _("Saved."))
                if "finish_later" in request.POST or step == len(forms.STEPS):
                    return redirect("jobseekers:act-profile", pk=seeker.pk)
                return redirect("jobseekers:act-step", pk=seeker.pk, step=step + 1)
    elif step == 1 or step in STEP_GROUPS:
        audit.record_access(obj=seeker, groups=["identity"] if step == 1 else STEP_GROUPS[step])
    context = {
        "seeker": seeker,
        "form": form,
        "decision_form": decision_form,
        "step_forms": [form, decision_form],
        "needs_consent": needs_consent,
        "error_count": _error_count(form, decision_form),
        "step": step,
        "title": title,
        "total": len(forms.STEPS),
        "skill_query": request.GET.get("cari_keterampilan", ""),
        "occupation_query": request.GET.get("cari_pekerjaan", ""),
    }
    return TemplateResponse(request, "jobseekers/act_step.html", context)


@permission_required("jobseekers.act_for")
def act_add(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    """Add one education, training or work-experience entry for the person (as their own page)."""
    form_class = forms.CHILD_FORMS.get(kind)
    if form_class is None:
        raise Http404
    seeker = selectors.job_seeker_for_actor(actor=request.user, pk=pk)
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.profile_entry_add(actor=request.user, job_seeker=seeker, entry=form.save(commit=False))
        messages.success(request, _("Saved."))
        return redirect("jobseekers:act-profile", pk=seeker.pk)
    titles = {
        "pendidikan": _("Add education"),
        "pelatihan": _("Add a training or certificate"),
        "pengalaman": _("Add work experience"),
    }
    return TemplateResponse(request, "jobseekers/act_add.html", {"form": form, "title": titles[kind], "seeker": seeker})


@require_POST
@permission_required("jobseekers.act_for")
def act_remove(request: HttpRequest, pk: int, kind: str, entry: int) -> HttpResponse:
    if kind not in ENTRIES:
        raise Http404
    seeker = selectors.job_seeker_for_actor(actor=request.user, pk=pk)
    row = get_object_or_404(getattr(seeker, ENTRIES[kind]), pk=entry)
    services.profile_entry_remove(actor=request.user, job_seeker=seeker, entry=row)
    messages.success(request, _("Removed."))
    return redirect("jobseekers:act-profile", pk=seeker.pk)


@permission_required("jobseekers.act_for")
def act_consent(request: HttpRequest, pk: int) -> HttpResponse:
    """The person's consent recorded for them, each purpose's text shown, with how they gave it
    (``services.consents_update``, as the case page and the person's own page)."""
    seeker = selectors.job_seeker_for_actor(actor=request.user, pk=pk)
    given = sorted(selectors.consents_given(seeker))
    form = forms.StaffConsentForm(request.POST or None, request.FILES or None, initial={"consents": given})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.consents_update(
                actor=request.user,
                job_seeker=seeker,
                granted=data["consents"],
                confirm_pending=True,
                **form.how(assisted_by=request.user),
            )
        except ValidationError as error:
            field_errors(form, error)
        else:
            messages.success(request, _("Consent recorded."))
            return redirect("jobseekers:act-profile", pk=seeker.pk)
    context = {
        "seeker": seeker,
        "form": form,
        "texts": selectors.consent_texts_current(),
        "language": get_language(),
    }
    return TemplateResponse(request, "jobseekers/act_consent.html", context)


@permission_required("jobseekers.view_partner_caseload")
def partner_caseload(request: HttpRequest) -> HttpResponse:
    """The people of the partner's organisation (those they or their colleagues registered), 50 a page."""
    page = Paginator(selectors.partner_caseload(actor=request.user), 50).get_page(request.GET.get("page"))
    organisation = selectors.partner_organisation_of(actor=request.user)
    return TemplateResponse(
        request, "jobseekers/partner_caseload.html", {"page_obj": page, "organisation": organisation}
    )
