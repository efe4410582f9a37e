"""The staff caseload's search, filters and sorting (django-filter), all inside the current city.

A list filtered by health data names people by it: ``CaseloadFilter.sensitive_groups`` says which
audit groups (``accounts.audit.SENSITIVE_GROUPS``) the filters in use reveal, and the list writes an
access entry for each person it shows (``jobseekers.views.staff.jobseeker_list``).
"""

from __future__ import annotations

import django_filters
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from jobseekers.models import (
    CaseStatus,
    Education,
    EducationLevel,
    FunctioningAnswer,
    JobSeeker,
    JobSeekerOccupation,
    JobSeekerSkill,
)
from jobseekers.nik import normalise_nik
from reference.models import Ragam, WGDomain
from reference.widgets import SplitDateField


class SplitDateFilter(django_filters.DateFilter):
    """A date filter typed as day, month and year (``ijc_portal.forms.SplitDateField``); a link that
    sends the date as ISO ``yyyy-mm-dd`` under the filter's own name works too."""

    field_class = SplitDateField


class CaseloadFilter(django_filters.FilterSet):
    # Filters that select people by specific personal data (UU 27/2022 art. 4: health and disability),
    # with the audit group each one reveals about everyone it lists. No sort key is health data.
    SENSITIVE_FILTERS = {"ragam": "disability", "wg_domain": "functioning"}

    q = django_filters.CharFilter(label=_("Search by name, NIK or AK/1 number"), method="search")
    status = django_filters.ChoiceFilter(label=_("Status"), choices=CaseStatus.choices, empty_label=_("Any"))
    ragam = django_filters.ChoiceFilter(
        label=_("Disability category"), choices=Ragam.choices, method="by_ragam", empty_label=_("Any")
    )
    wg_domain = django_filters.ChoiceFilter(
        label=_("A lot of difficulty or more in"), choices=WGDomain.choices, method="by_wg_domain", empty_label=_("Any")
    )
    skill = django_filters.CharFilter(label=_("Skill (ESCO, English)"), method="by_skill")
    occupation = django_filters.CharFilter(label=_("Desired job (KBJI code or title)"), method="by_occupation")
    education = django_filters.ChoiceFilter(
        label=_("Education level"), choices=EducationLevel.choices, method="by_education", empty_label=_("Any")
    )
    registered_from = SplitDateFilter(
        label=_("Registered on or after"), field_name="created_at", lookup_expr="date__gte"
    )
    registered_to = SplitDateFilter(
        label=_("Registered on or before"), field_name="created_at", lookup_expr="date__lte"
    )
    officer = django_filters.ChoiceFilter(label=_("Assigned officer"), method="by_officer", empty_label=_("Anyone"))
    sort = django_filters.OrderingFilter(
        label=_("Sort by"),
        empty_label=None,
        fields=(
            ("name", "name"),
            ("created_at", "registered"),
            ("next_action_on", "next_action"),
            ("status", "status"),
        ),
        # django-filter keys an ascending label by the field, a descending one by "-" and the parameter.
        field_labels={
            "name": _("Name (A-Z)"),
            "-name": _("Name (Z-A)"),
            "created_at": _("Registered (oldest first)"),
            "-registered": _("Registered (newest first)"),
            "next_action_on": _("Next action (soonest first)"),
            "-next_action": _("Next action (latest first)"),
            "status": _("Status"),
            "-status": _("Status (reverse)"),
        },
    )

    class Meta:
        model = JobSeeker
        fields: list[str] = []

    def __init__(self, *args, officers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["officer"].extra["choices"] = [("none", _("Nobody yet"))] + [
            (str(user.pk), user.name or user.email) for user in officers
        ]

    def sensitive_groups(self) -> list[str]:
        """The audit groups the filters in use reveal (``[]`` for a plain list, or when the form is
        invalid: the list then shows everyone, unfiltered)."""
        if not self.is_bound or not self.is_valid():
            return []
        data = self.form.cleaned_data
        return sorted({group for name, group in self.SENSITIVE_FILTERS.items() if data.get(name)})

    def search(self, queryset, name, value):
        """A part of the name, or an exact AK/1 number or NIK. One word with a digit in it is a
        number: it is looked up on the AK/1 and NIK indexes only. A part of a name is a scan of the
        city's caseload: under forced row-level security PostgreSQL cannot use a trigram index for
        ``LIKE`` (not leakproof; ``jobseekers/migrations/0009``)."""
        value = value.strip()
        digits = normalise_nik(value)
        condition = Q(ak1_number=value)
        if digits.isdigit() and len(digits) == 16:
            condition |= Q(nik=digits)
        if len(value.split()) > 1 or not any(ch.isdigit() for ch in value):
            condition |= Q(name__icontains=value)
        return queryset.filter(condition)

    def by_ragam(self, queryset, name, value):
        return queryset.filter(ragam__contains=[value])

    def by_wg_domain(self, queryset, name, value):
        answers = FunctioningAnswer.objects.filter(
            job_seeker=OuterRef("pk"),
            domain=value,
            code__in=[FunctioningAnswer.Code.A_LOT, FunctioningAnswer.Code.CANNOT],
        )
        return queryset.filter(Exists(answers))

    def by_skill(self, queryset, name, value):
        return queryset.filter(
            Exists(JobSeekerSkill.objects.filter(job_seeker=OuterRef("pk"), skill__label_en__icontains=value.strip()))
            | Q(skills_text__icontains=value.strip())
        )

    def by_occupation(self, queryset, name, value):
        value = value.strip()
        match = (
            Q(occupation__code__startswith=value)
            | Q(occupation__title_id__icontains=value)
            | Q(occupation__title_en__icontains=value)
        )
        return queryset.filter(Exists(JobSeekerOccupation.objects.filter(match, job_seeker=OuterRef("pk"))))

    def by_education(self, queryset, name, value):
        return queryset.filter(Exists(Education.objects.filter(job_seeker=OuterRef("pk"), level=value)))

    def by_officer(self, queryset, name, value):
        if value == "none":
            return queryset.filter(assigned_officer__isnull=True)
        return queryset.filter(assigned_officer_id=value)
