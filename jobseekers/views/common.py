"""What the job-seeker pages share: a service's ``ValidationError`` on its form, and the signed-in
person's own profile (``Http404`` or a redirect when they have none in this city)."""

from __future__ import annotations

import functools

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect

from jobseekers import selectors
from jobseekers.models import JobSeeker


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
