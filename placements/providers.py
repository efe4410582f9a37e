"""Answers placements gives the apps below it through their signals (connected in ``apps.py``)."""

from __future__ import annotations

from django.db.models import Count, F
from django.db.models.functions import ExtractYear


def portal_hires(sender, employer, years, **kwargs) -> dict[int, int]:
    """``employers.signals.portal_hires_requested``: ``{year: placements}`` for ``employer``, one query.

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


def portal_hires_many(sender, employer_ids, years, **kwargs) -> dict[int, dict[int, int]]:
    """``employers.signals.portal_hires_many_requested``: ``{employer id: {year: placements}}`` for
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


def referred_candidates(sender, employer, **kwargs) -> dict:
    """``employers.signals.referred_candidates_requested``: per vacancy of ``employer``, the referred
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


def connect() -> None:
    from employers.signals import (
        portal_hires_many_requested,
        portal_hires_requested,
        referred_candidates_requested,
    )

    portal_hires_requested.connect(portal_hires, dispatch_uid="placements.portal_hires", weak=False)
    portal_hires_many_requested.connect(portal_hires_many, dispatch_uid="placements.portal_hires_many", weak=False)
    referred_candidates_requested.connect(
        referred_candidates, dispatch_uid="placements.referred_candidates", weak=False
    )
