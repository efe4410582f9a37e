"""The job seeker's own profile: the overview, its steps and entries, and consent."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
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
from jobseekers.models import (
    ConsentPurpose,
)
from jobseekers.views.common import STEP_GROUPS, field_errors, own_profile, profile_required, step_content, step_form


@permission_required("jobseekers.edit_own_profile")
def my_profile(request: HttpRequest) -> HttpResponse:
    """The profile overview. A GET never writes: without a profile in this city (an account from
    before profiles were made at sign-up, or a job-seeker role given otherwise) it shows a "start my
    profile" button whose POST creates it (``services.profile_start``)."""
    seeker = selectors.own_profile(actor=request.user)
    if seeker is None:
        if request.method == "POST":
            services.profile_start(actor=request.user)
            return redirect("jobseekers:my-profile")
        return TemplateResponse(request, "jobseekers/my_profile_start.html", {})
    steps = [(number, title, number <= seeker.profile_step) for number, (title, _form) in forms.STEPS.items()]
    context = {
        "seeker": seeker,
        "steps": steps,
        "next_step": min(seeker.profile_step + 1, len(forms.STEPS)),
        "education": seeker.education.order_by("-year_finished", "pk"),
        "trainings": seeker.trainings.order_by("-year", "pk"),
        "experience": seeker.experience.order_by("-start_year", "pk"),
    }
    return TemplateResponse(request, "jobseekers/my_profile.html", context)


@keeps_draft
@permission_required("jobseekers.edit_own_profile")
@profile_required
def my_profile_step(request: HttpRequest, step: int) -> HttpResponse:
    """One step of the stepped profile. "Save and continue" goes to the next step; "Save and finish
    later" back to the overview: either way the step is saved (save and continue later)."""
    if step not in forms.STEPS:
        raise Http404
    seeker = own_profile(request)
    title, _form_class = forms.STEPS[step]
    form = step_form(request, seeker, step)
    if request.method == "POST" and form.is_valid():
        try:
            services.profile_step_save(actor=request.user, job_seeker=seeker, step=step, **step_content(form))
        except ValidationError as error:
            field_errors(form, error)
        else:
            messages.success(request, _("Saved."))
            if "finish_later" in request.POST or step == len(forms.STEPS):
                return redirect("jobseekers:my-profile")
            return redirect("jobseekers:my-profile-step", step=step + 1)
    if step in STEP_GROUPS and request.method == "GET":
        audit.record_access(obj=seeker, groups=STEP_GROUPS[step])
    context = {
        "seeker": seeker,
        "form": form,
        "step": step,
        "title": title,
        "total": len(forms.STEPS),
        "steps": forms.STEPS,
        "skill_query": request.GET.get("cari_keterampilan", ""),
        "occupation_query": request.GET.get("cari_pekerjaan", ""),
    }
    return TemplateResponse(request, "jobseekers/my_profile_step.html", context)


@permission_required("jobseekers.edit_own_profile")
@profile_required
def my_profile_add(request: HttpRequest, kind: str) -> HttpResponse:
    """Add one education, training or work-experience entry."""
    form_class = forms.CHILD_FORMS.get(kind)
    if form_class is None:
        raise Http404
    seeker = own_profile(request)
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.profile_entry_add(actor=request.user, job_seeker=seeker, entry=form.save(commit=False))
        messages.success(request, _("Saved."))
        return redirect("jobseekers:my-profile")
    titles = {
        "pendidikan": _("Add education"),
        "pelatihan": _("Add a training or certificate"),
        "pengalaman": _("Add work experience"),
    }
    return TemplateResponse(request, "jobseekers/my_profile_add.html", {"form": form, "title": titles[kind]})


@require_POST
@permission_required("jobseekers.edit_own_profile")
@profile_required
def my_profile_remove(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    models = {"pendidikan": "education", "pelatihan": "trainings", "pengalaman": "experience"}
    if kind not in models:
        raise Http404
    seeker = own_profile(request)
    entry = get_object_or_404(getattr(seeker, models[kind]), pk=pk)
    services.profile_entry_remove(actor=request.user, job_seeker=seeker, entry=entry)
    messages.success(request, _("Removed."))
    return redirect("jobseekers:my-profile")


@permission_required("jobseekers.edit_own_profile")
@profile_required
def my_consent(request: HttpRequest) -> HttpResponse:
    """The consent texts in force, one checkbox per purpose. Unticking is a withdrawal, effective at once."""
    seeker = own_profile(request)
    language = get_language()
    texts = selectors.consent_texts_current()
    given = selectors.consents_given(seeker)
    form = forms.ConsentForm(
        request.POST or None,
        texts={p: t.text(language) for p, t in texts.items() if t},
        initial={purpose: purpose in given for purpose in ConsentPurpose.values},
    )
    if request.method == "POST" and form.is_valid():
        granted = [purpose for purpose, value in form.cleaned_data.items() if value]
        services.consents_update(actor=request.user, job_seeker=seeker, granted=granted, channel="online")
        messages.success(request, _("Your choices are saved and apply now."))
        return redirect("jobseekers:my-consent")
    decisions = selectors.decisions_of(seeker, limit=50)
    context = {
        "form": form,
        "seeker": seeker,
        "decisions": decisions,
        "texts": texts,
    }
    return TemplateResponse(request, "jobseekers/my_consent.html", context)
