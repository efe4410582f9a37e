"""What the employer, staff and public pages of the employers app share: a service's refusal put on
its form, the sites with their accessibility, a vacancy's next statuses and its catalogue texts."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from employers import selectors, services
from employers.forms import (
    localized,
)
from employers.models import (
    Vacancy,
    VacancyAccommodation,
    Workplace,
)
from reference.models import AccommodationType


def apply_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def submit(form, call) -> bool:
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
        apply_errors(form, error)
    else:
        return True
    return False


def with_accessibility(workplaces) -> list[Workplace]:
    """The sites, each with ``accessibility`` (verified by the center, or declared by the employer)."""
    sites = list(workplaces)
    for site in sites:
        site.accessibility = selectors.workplace_accessibility(site)
    return sites


ACTION_LABELS = {
    "submitted": gettext_lazy("Submit for review"),
    "published": gettext_lazy("Publish"),
    "draft": gettext_lazy("Back to draft"),
    "filled": gettext_lazy("Mark as filled"),
    "closed": gettext_lazy("Close the vacancy"),
    "expired": gettext_lazy("Mark as expired"),
}


def vacancy_actions(request: HttpRequest, vacancy: Vacancy) -> list[tuple[str, str]]:
    return [
        (to, ACTION_LABELS[to])
        for (start, to) in services.VACANCY_TRANSITIONS
        if start == vacancy.status and services.may_transition(request.user, vacancy, to)
    ]


def post_transition(request: HttpRequest, vacancy: Vacancy, note: str = "") -> None:
    to = request.POST.get("to", "")
    try:
        services.vacancy_transition(actor=request.user, vacancy=vacancy, to=to, note=note)
    except services.EmployerError as error:
        messages.error(request, str(error))
    except ValidationError as error:  # publishing after the deadline: say so, nothing changes
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The vacancy is now: %(status)s.") % {"status": Vacancy.Status(to).label})


def vacancy_facts(vacancy: Vacancy) -> dict:
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
        "skill_labels": sorted(skill.label() for skill in vacancy.esco_skills.all()),  # the reader's language
    }
