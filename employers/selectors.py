"""Reads of the employers app that are more than one filter: the staff list with quota status, and
the public job-board search over the cross-city index (``PublishedVacancy``)."""

from __future__ import annotations

from django.db import models
from django.db.models import Case, F, IntegerField, OuterRef, Q, Subquery, Value, When

from employers.models import Employer, PublishedVacancy, QuotaReport

QUOTA_FILTERS = ("shortfall", "met", "no_report")


def employers_with_quota(
    *, quota: str = "", verified: str = "", sector: str = "", q: str = ""
) -> models.QuerySet[Employer]:
    """The current city's employers annotated from their latest quota report (latest year, then date):

    ``q_year``, ``q_headcount``, ``q_pwd``, ``q_source``, ``q_rate`` (1 or 2, UU 8/2016 art. 53),
    ``q_required`` = ceil(headcount x rate / 100) computed in SQL as ``(headcount x rate + 99) / 100``
    (integer division), ``q_difference`` = employees with disabilities - required.

    Filters: ``quota`` one of ``QUOTA_FILTERS``; ``verified`` ``"yes"``/``"no"``; ``sector`` a
    ``Employer.Sector`` value; ``q`` words in the legal name or NIB. One query, whatever the count.
    """
    latest = QuotaReport.objects.filter(employer=OuterRef("pk")).order_by("-year", "-reported_on", "-pk")
    rate = Case(When(sector=Employer.Sector.PRIVATE, then=Value(1)), default=Value(2), output_field=IntegerField())
    employers = Employer.objects.annotate(
        q_year=Subquery(latest.values("year")[:1]),
        q_headcount=Subquery(latest.values("headcount")[:1]),
        q_pwd=Subquery(latest.values("employees_with_disabilities")[:1]),
        q_source=Subquery(latest.values("source")[:1]),
        q_rate=rate,
    ).annotate(
        q_required=(F("q_headcount") * F("q_rate") + 99) / 100,
    )
    employers = employers.annotate(q_difference=F("q_pwd") - F("q_required"))
    if quota == "shortfall":
        employers = employers.filter(q_difference__lt=0)
    elif quota == "met":
        employers = employers.filter(q_difference__gte=0)
    elif quota == "no_report":
        employers = employers.filter(q_year__isnull=True)
    if verified == "yes":
        employers = employers.filter(verified_at__isnull=False)
    elif verified == "no":
        employers = employers.filter(verified_at__isnull=True)
    if sector in Employer.Sector.values:
        employers = employers.filter(sector=sector)
    for word in q.split()[:8]:
        employers = employers.filter(Q(legal_name__icontains=word) | Q(nib__icontains=word))
    return employers.order_by("legal_name", "pk")


def board_search(
    *,
    city_id: int | None = None,
    q: str = "",
    occupation: str = "",
    arrangement: str = "",
    accommodation: int | None = None,
    reserved_only: bool = False,
) -> models.QuerySet[PublishedVacancy]:
    """Published vacancies from the public index, newest first; needs no city context.

    ``q``: every word must appear in the title, employer, occupation or description (case-
    insensitive); ``occupation``: a KBJI code prefix (``2512`` finds ``251201``); ``arrangement`` a
    ``WorkArrangement`` value; ``accommodation`` an ``AccommodationType`` id the vacancy offers.
    The city is ``select_related``, so a page of results is one query plus the count.
    """
    rows = PublishedVacancy.objects.select_related("portal_city", "occupation")
    if city_id is not None:
        rows = rows.filter(portal_city_id=city_id)
    for word in q.lower().split()[:8]:
        rows = rows.filter(search_text__contains=word)
    if occupation:
        rows = rows.filter(occupation__code__startswith=occupation)
    if arrangement:
        rows = rows.filter(arrangement=arrangement)
    if accommodation:
        rows = rows.filter(accommodation_ids__contains=[accommodation])
    if reserved_only:
        rows = rows.filter(reserved_for_pwd=True)
    return rows.filter(portal_city__is_active=True).order_by("-published_at", "-vacancy_id")
