"""What the job-seeker pages share: a service's ``ValidationError`` on its form, the signed-in
person's own profile (``Http404`` or a redirect when they have none in this city), and the stepped
profile's forms, which the person's own pages and the pages that fill it for them build alike."""

from __future__ import annotations

import functools

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import get_language

from jobseekers import forms, selectors
from jobseekers.models import DISCLOSURE_GROUPS, JobSeeker

# The sensitive groups a stepped profile's step shows (an access entry when someone opens it).
STEP_GROUPS = {3: ["functioning"], 4: ["disability", "needs"]}


def field_errors(form, error: ValidationError) -> None:
    """Put a service's ``ValidationError`` on the form (fields it names, else the whole form)."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def own_profile(request: HttpRequest) -> JobSeeker:
    """The signed-in job seeker's profile in this city (made at sign-up or by "start my profile");
    ``Http404`` when there is none (the views behind ``profile_required`` never get there)."""
    seeker = selectors.own_profile(actor=request.user)
    if seeker is None:
        raise Http404
    return seeker


def profile_required(view):
    """Send a job seeker without a profile in this city to ``my-profile`` (its "start my profile"
    button) instead of writing one on a GET."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not JobSeeker.objects.filter(user=request.user).exists():
            return redirect("jobseekers:my-profile")
        return view(request, *args, **kwargs)

    return wrapper


def step_form(request: HttpRequest, seeker: JobSeeker, step: int):
    """The form of the stepped profile's ``step`` for ``seeker``, bound to the POST (``forms.STEPS``)."""
    _title, form_class = forms.STEPS[step]
    data = request.POST if request.method == "POST" else None
    language = get_language()
    if form_class is forms.FunctioningForm:
        codes = dict(seeker.functioning.values_list("domain", "code"))
        return form_class(data, initial_codes=codes, language=language)
    if form_class is forms.WorkForm:
        return form_class(
            data,
            instance=seeker,
            skill_query=request.GET.get("cari_keterampilan", "").strip(),
            occupation_query=request.GET.get("cari_pekerjaan", "").strip(),
        )
    if form_class is forms.NeedsForm:
        return form_class(data, instance=seeker, language=language)
    return form_class(data, instance=seeker)


def step_content(form) -> dict:
    """What a valid step form saves, as ``services.profile_step_save`` takes it: WG-SS ``answers``,
    the disclosure groups ``shared``, or the profile ``fields``."""
    if isinstance(form, forms.FunctioningForm):
        return {"answers": {domain: code for domain, code in form.cleaned_data.items() if code is not None}}
    if isinstance(form, forms.DisclosureForm):
        return {"shared": [group for group in DISCLOSURE_GROUPS if form.cleaned_data[f"share_{group}"]]}
    return {"fields": form.cleaned_data}
