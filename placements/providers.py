"""Answers placements gives the apps below it through their provider registries (registered in
``apps.py``)."""

from __future__ import annotations

from django.db.models import Count, F
from django.db.models.functions import ExtractYear


def portal_hires(employer, years) -> dict[int, int]:
    """``employers.providers.portal_hires``: ``{year: placements}`` for ``employer``, one query.

    A hire through the portal is a ``Placement`` (a referral to one of the employer's vacancies that
    ended in a job), counted in the year of its start date, whatever its later outcome: the quota
    (UU 8/2016 art. 53) is reported by the employer; this figure only says how many of those people
    came through the IJC.
    """
    from placements.models import Placement

    rows = (
        Placement.objects.filter(referral__vacancy__employer_id=employer.pk, start_date__year__in=list(years))
        .annotate(year=ExtractYear("start_date"))
        .order_by()
        .values("year")
        .annotate(count=Count("pk"))
    )
    return {row["year"]: row["count"] for row in rows}


def portal_hires_many(employer_ids, years) -> dict[int, dict[int, int]]:
    """``employers.providers.portal_hires_many``: ``{employer id: {year: placements}}`` for
    the employers ``employer_ids``, counted like ``portal_hires``. One query for any number of
    employers (the staff employer list)."""
    from placements.models import Placement

    rows = (
        Placement.objects.filter(
            referral__vacancy__employer_id__in=list(employer_ids), start_date__year__in=list(years)
        )
        .annotate(year=ExtractYear("start_date"), employer_pk=F("referral__vacancy__employer_id"))
        .order_by()
        .values("employer_pk", "year")
        .annotate(count=Count("pk"))
    )
    found: dict[int, dict[int, int]] = {}
    for row in rows:
        found.setdefault(row["employer_pk"], {})[row["year"]] = row["count"]
    return found


def referred_candidates(employer) -> dict:
    """``employers.providers.referred_candidates``: per vacancy of ``employer``, the referred
    people its members may see (confirmed by the person, and later stages: ``EMPLOYER_VISIBLE_STATUSES``),
    and the employer's candidates page. One query."""
    from django.urls import reverse

    from placements.models import Referral
    from placements.selectors import EMPLOYER_VISIBLE_STATUSES

    rows = (
        Referral.objects.filter(vacancy__employer_id=employer.pk, status__in=EMPLOYER_VISIBLE_STATUSES)
        .order_by()
        .values("vacancy_id")
        .annotate(count=Count("pk"))
    )
    return {
        "url": reverse("placements:employer-candidates"),
        "counts": {row["vacancy_id"]: row["count"] for row in rows},
    }


def register() -> None:
    from employers import providers

    providers.portal_hires.register(portal_hires)
    providers.portal_hires_many.register(portal_hires_many)
    providers.referred_candidates.register(referred_candidates)
