"""Answers placements gives the apps below it through their signals (connected in ``apps.py``)."""

from __future__ import annotations

from django.db.models import Count
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


def connect() -> None:
    from employers.signals import portal_hires_requested

    portal_hires_requested.connect(portal_hires, dispatch_uid="placements.portal_hires", weak=False)
