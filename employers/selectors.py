"""Reads of the employers app that are more than one filter: the staff list with quota status, the
public job-board search over the cross-city index (``PublishedVacancy``), and the figures the apps
above provide through ``employers.providers`` (hires through the portal, verified accessibility,
referred candidates)."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import models
from django.db.models import Case, Count, F, IntegerField, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone

from employers import providers
from employers.models import (
    SEARCH_CONFIG,
    AccessibilityFeature,
    Employer,
    PublishedVacancy,
    QuotaReport,
    Vacancy,
    Workplace,
)

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


# With words, relevance is computed for at most this many matches, the newest: a word found in tens
# of thousands of vacancies costs the same as a rare one (the board shows "more than" this many).
BOARD_RANKED = 1000
TYPO_SIMILARITY = 0.4  # pg_trgm similarity from which the nearest title word is searched too


def board_search(
    *,
    city_id: int | None = None,
    q: str = "",
    occupation: str = "",
    arrangement: str = "",
    accommodation: int | None = None,
    reserved_only: bool = False,
) -> models.QuerySet[PublishedVacancy]:
    """Published vacancies from the public index; needs no city context.

    ``q``: PostgreSQL full-text search (``indonesian`` configuration, so "penjahit" also finds
    "menjahit" and "pekerjaan" finds "kerja"): every word must be found, as a word or the start of
    one, in the title, employer, occupation or description (``PublishedVacancy.search_vector``, GIN
    index). A word is also searched as the nearest word of the published titles by trigram
    similarity (``BoardWord``, pg_trgm), so a typo ("penjhit") still finds "Penjahit" (one query).
    With words: the most relevant first (title over employer over the rest), then the newest, among
    the newest ``BOARD_RANKED`` matches; without: the newest first.
    ``occupation``: a KBJI code prefix (``2512`` finds ``251201``); ``arrangement`` a
    ``WorkArrangement`` value; ``accommodation`` an ``AccommodationType`` id the vacancy offers.
    The city is ``select_related``, so a page of results is one query plus the count.
    """
    rows = PublishedVacancy.objects.all()
    if city_id is not None:
        rows = rows.filter(portal_city_id=city_id)
    if occupation:
        rows = rows.filter(occupation__code__startswith=occupation)
    if arrangement:
        rows = rows.filter(arrangement=arrangement)
    if accommodation:
        rows = rows.filter(accommodation_ids__contains=[accommodation])
    if reserved_only:
        rows = rows.filter(reserved_for_pwd=True)
    rows = rows.filter(portal_city__is_active=True)
    words = search_words(q)
    if not words:
        return rows.select_related("portal_city", "occupation").order_by("-published_at", "-vacancy_id")
    nearest = typo_alternatives(words)
    terms = []
    for word in words:
        alternatives = [word] + [alt for alt in nearest.get(word, []) if alt != word]
        terms.append("(" + " | ".join(alternatives) + ")")
    query = SearchQuery(" & ".join(terms), search_type="raw", config=SEARCH_CONFIG)
    # One more than ranked, so the board can tell "more than BOARD_RANKED" (it never shows that one).
    newest = rows.filter(search_vector=query).order_by("-published_at", "-vacancy_id").values("pk")[: BOARD_RANKED + 1]
    return (
        PublishedVacancy.objects.filter(pk__in=newest)
        .select_related("portal_city", "occupation")
        .annotate(relevance=SearchRank(F("search_vector"), query))
        .order_by("-relevance", "-published_at", "-vacancy_id")
    )


def search_words(q: str, limit: int = 8) -> list[str]:
    """The first ``limit`` words of ``q``, lower-cased, letters and digits only (each is then safe
    in a ``to_tsquery`` expression: no operator, quote or NUL survives)."""
    words = ("".join(ch for ch in word if ch.isalnum()) for word in (q or "").lower().split())
    return [word[:60] for word in words if word][:limit]


def typo_alternatives(words: list[str]) -> dict[str, list[str]]:
    """``{word: [the nearest word of the published titles]}`` for each of ``words`` that has one at
    least ``TYPO_SIMILARITY`` similar (pg_trgm K-nearest search on ``BoardWord``'s GiST index);
    one query for all the words."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT typed.word, near.word FROM unnest(%s::text[]) AS typed(word) "
            "CROSS JOIN LATERAL (SELECT b.word FROM employers_boardword b ORDER BY b.word <-> typed.word LIMIT 1) "
            "AS near WHERE similarity(near.word, typed.word) >= %s",
            [words, TYPO_SIMILARITY],
        )
        found: dict[str, list[str]] = {}
        for typed, near in cursor.fetchall():
            clean = search_words(near, 1)
            if clean:
                found.setdefault(typed, []).append(clean[0])
    return found


def portal_hires(employer: Employer, years) -> dict[int, int]:
    """``{year: people hired through the portal}`` for ``employer`` and each of ``years`` (0 when none).

    The figure comes from the apps above (placements) through ``providers.portal_hires``;
    it is shown next to the employer's own reports and never added to them. Run inside
    the employer's city context.
    """
    years = sorted({int(year) for year in years})
    totals = dict.fromkeys(years, 0)
    if not years:
        return totals
    for year, count in (providers.portal_hires(employer, years) or {}).items():
        if year in totals:
            totals[year] += int(count)
    return totals


def portal_hires_many(employer_ids, years) -> dict[int, dict[int, int]]:
    """``{employer id: {year: people hired through the portal}}`` for every id in ``employer_ids``
    and each of ``years`` (0 when none), for a list page: one provider call
    (``providers.portal_hires_many``), so one query (placements) however many employers.
    Same count as ``portal_hires`` (shown apart from the quota reports, never added to them). Run
    inside the city context.
    """
    years = sorted({int(year) for year in years})
    employer_ids = sorted({int(pk) for pk in employer_ids})
    totals = {pk: dict.fromkeys(years, 0) for pk in employer_ids}
    if not years or not employer_ids:
        return totals
    for pk, per_year in (providers.portal_hires_many(employer_ids, years) or {}).items():
        for year, count in per_year.items():
            if pk in totals and year in totals[pk]:
                totals[pk][year] += int(count)
    return totals


def reports_with_portal_hires(employer: Employer) -> list[QuotaReport]:
    """The employer's quota reports, newest first, each with ``portal_hires`` (hires through the
    portal in the report's year). Two queries plus the provider's (one for placements)."""
    reports = list(employer.quota_reports.select_related("employer").order_by("-year", "-reported_on", "-pk"))
    hires = portal_hires(employer, [report.year for report in reports])
    for report in reports:
        report.portal_hires = hires.get(report.year, 0)
    return reports


def workplace_accessibility(workplace: Workplace | None) -> dict | None:
    """What the pages say about a site's accessibility, and where it comes from.

    With a shared IJC assessment (``providers.verified_accessibility``), the verified result
    is shown **instead of** the employer's declaration::

        {"source": "verified", "assessed_on": date, "checklist": str, "areas": [...],
         "present": [label, ...], "missing": [label, ...], "declared": [label, ...]}

    ``present``/``missing`` are the features the assessment found or did not find; ``declared`` the
    employer's declared features the checklist does not cover (quiet space, transport nearby), still
    labelled as declared. Without one: ``{"source": "declared", "declared": [label, ...]}``.
    ``None`` for no workplace.
    """
    if workplace is None:
        return None
    labels = dict(AccessibilityFeature.choices)
    verified = providers.verified_accessibility(workplace) or None
    if verified is None:
        return {"source": "declared", "declared": [labels.get(code, code) for code in workplace.features]}
    features = verified["features"]
    return {
        "source": "verified",
        "assessed_on": verified["assessed_on"],
        "checklist": verified.get("checklist", ""),
        "areas": verified.get("areas", []),
        "present": [label for code, label in AccessibilityFeature.choices if features.get(code) is True],
        "missing": [label for code, label in AccessibilityFeature.choices if features.get(code) is False],
        "declared": [labels.get(code, code) for code in workplace.features if features.get(code) is None],
    }


# How long a verification holds before staff check the organisation again (its NIB may have been
# revoked in OSS, a company may have closed). A city policy, not a rule of law: set
# ``EMPLOYERS_REVERIFY_AFTER_DAYS`` in the settings to change it.
REVERIFY_AFTER_DAYS = 365


def reverify_after_days() -> int:
    return int(getattr(settings, "EMPLOYERS_REVERIFY_AFTER_DAYS", REVERIFY_AFTER_DAYS))


def reverification_queue(*, now: datetime.datetime | None = None) -> models.QuerySet[Employer]:
    """The current city's employers that staff must verify again, most urgent first:

    * ``reason="details_changed"``: a member changed the legal name or NIB that staff had verified
      (``employers.services.employer_update`` cleared the verification); ``since`` is the change;
    * ``reason="due"``: verified more than ``EMPLOYERS_REVERIFY_AFTER_DAYS`` (default 365) days
      ago; ``since`` is the day it fell due.

    Each row has ``published_count`` (its vacancies still on the public board). Verifying again
    (``services.employer_verify``) takes the organisation off the list. One query per page.
    """
    now = now or timezone.now()
    days = reverify_after_days()
    due_before = now - datetime.timedelta(days=days)
    published = Vacancy.objects.filter(employer=OuterRef("pk"), status=Vacancy.Status.PUBLISHED)
    return (
        Employer.objects.filter(
            Q(details_changed_at__isnull=False, verified_at__isnull=True) | Q(verified_at__lt=due_before)
        )
        .annotate(
            reason=Case(
                When(details_changed_at__isnull=False, verified_at__isnull=True, then=Value("details_changed")),
                default=Value("due"),
                output_field=models.CharField(),
            ),
            since=Case(
                When(details_changed_at__isnull=False, verified_at__isnull=True, then=F("details_changed_at")),
                default=F("verified_at") + datetime.timedelta(days=days),
                output_field=models.DateTimeField(),
            ),
            published_count=Coalesce(
                Subquery(
                    published.order_by().values("employer").annotate(n=Count("pk")).values("n")[:1],
                    output_field=IntegerField(),
                ),
                0,
            ),
        )
        .order_by("reason", "since", "pk")
    )


def verification_due(employer: Employer, *, now: datetime.datetime | None = None) -> bool:
    """Whether a verified ``employer`` is due to be verified again (see ``reverification_queue``)."""
    if employer.verified_at is None:
        return False
    days = reverify_after_days()
    return employer.verified_at < (now or timezone.now()) - datetime.timedelta(days=days)


def referred_candidates(employer: Employer) -> tuple[str, dict[int, int]]:
    """``(url, {vacancy id: candidates})``: the people the center referred to ``employer`` that it
    may see, per vacancy, and the page listing them, from the apps above (placements) through
    ``providers.referred_candidates``; ``("", {})`` when no app answers."""
    url, counts = "", {}
    response = providers.referred_candidates(employer)
    if response:
        url = response["url"]
        for vacancy_id, count in response["counts"].items():
            counts[vacancy_id] = counts.get(vacancy_id, 0) + int(count)
    return url, counts


def services_logged(*, year: int | None = None) -> tuple[models.QuerySet, list[tuple[str, int, int]]]:
    """The current city's employer-service log (newest first, optionally one ``year``) and, for each
    kind of service in ``EmployerService.Kind`` order, ``(label, services, participants)``."""
    from employers.models import EmployerService

    log = EmployerService.objects.select_related("employer", "staff")
    if year is not None:
        log = log.filter(date__year=year)
    grouped = log.order_by().values("kind").annotate(count=Count("pk"), people=models.Sum("participants"))
    totals = {row["kind"]: row for row in grouped}
    summary = [
        (label, totals.get(kind, {}).get("count", 0), totals.get(kind, {}).get("people") or 0)
        for kind, label in EmployerService.Kind.choices
    ]
    return log, summary


def vacancies_for_review(*, status: str) -> tuple[models.QuerySet[Vacancy], list[tuple[str, str, int]]]:
    """The current city's vacancies in ``status`` (most recently submitted first) and every status
    with its label and count, for the staff's review list."""
    vacancies = Vacancy.objects.filter(status=status).select_related("employer").order_by("-submitted_at", "-pk")
    counts = dict(Vacancy.objects.values_list("status").annotate(n=Count("pk")).order_by())
    return vacancies, [(value, label, counts.get(value, 0)) for value, label in Vacancy.Status.choices]


def interests_for_staff() -> models.QuerySet:
    """Job seekers' interest in the current city's vacancies: open ones first, newest first."""
    from employers.models import Interest

    return Interest.objects.select_related("vacancy", "vacancy__employer", "user").order_by(
        "status", "-created_at", "-pk"
    )


def employer_vacancies(employer: Employer) -> tuple[list[Vacancy], str]:
    """``employer``'s vacancies, newest first, each with ``interest_count`` and ``candidate_count``
    (candidates referred to it, from the placements provider); also returns the candidates page URL."""
    vacancies = list(employer.vacancies.annotate(interest_count=Count("interests")).order_by("-created_at", "-pk"))
    candidates_url, counts = referred_candidates(employer)
    for vacancy in vacancies:
        vacancy.candidate_count = counts.get(vacancy.pk, 0)
    return vacancies, candidates_url
