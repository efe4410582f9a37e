"""Indicators and rollups: values equal counts taken directly in each city's context; fixed query counts;
incremental refresh; the beat task; the rollup table is written by the runtime role."""

from __future__ import annotations

import datetime
from collections import defaultdict

import pytest
from django.db import connection
from django.db.models.functions import TruncMonth
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from assessments.models import Assessment
from cities.calendar import add_months
from cities.tenancy import NoCityContextError, city_context
from dashboards import indicators, rollups
from dashboards.models import CityRollup, RollupState
from employers.models import EmployerService, Vacancy
from jobseekers.models import JobSeeker
from placements.models import FollowUp, Interview, Placement, Referral
from tests.dashboards.conftest import NOW, TODAY, at

pytestmark = pytest.mark.django_db

SEP, OCT, NOV = datetime.date(2026, 9, 1), datetime.date(2026, 10, 1), datetime.date(2026, 11, 1)


def stored(city, indicator, dimension="", value="") -> dict:
    rows = CityRollup.objects.filter(for_city=city, indicator=indicator, dimension=dimension)
    if dimension:
        rows = rows.filter(value=value)
    return {row.month: row.count for row in rows}


def by_month(queryset, field) -> dict:
    counts: dict = defaultdict(int)
    for month in queryset.annotate(m=TruncMonth(field)).values_list("m", flat=True):
        counts[month.date() if isinstance(month, datetime.datetime) else month] += 1
    return dict(counts)


def test_city_a_figures(city_a, activity_a):
    with city_context(city_a):
        rollups.refresh_city(city_a.pk, now=NOW)
    assert stored(city_a, "registrations") == {SEP: 2, OCT: 3, NOV: 2}  # "Late" (31 Oct 23:00 WIB) is October
    assert stored(city_a, "registrations", "gender", "unknown") == {OCT: 2}
    assert stored(city_a, "registrations", "gender", "female") == {SEP: 1, OCT: 1, NOV: 1}
    assert stored(city_a, "registrations", "education", "d1_d3") == {SEP: 1}  # the highest of SMP and D1-D3
    assert stored(city_a, "registrations", "education", "unknown") == {OCT: 2, NOV: 1}
    assert stored(city_a, "registrations", "ragam", "fisik") == {SEP: 2, NOV: 1}
    assert stored(city_a, "registrations", "ragam", "none") == {OCT: 2}
    assert stored(city_a, "registrations", "wg_domain", "mobility") == {SEP: 1}
    assert stored(city_a, "registrations", "wg_domain", "seeing") == {}  # "no difficulty" is under the cut-off
    assert stored(city_a, "registrations", "wg_domain", "cognition") == {NOV: 1}  # "some difficulty" in October is not
    assert stored(city_a, "registrations", "wg_disability", "no") == {OCT: 1}
    assert stored(city_a, "registrations", "age_band", "35-44") == {SEP: 1, NOV: 1}
    assert stored(city_a, "registrations", "age_band", "65+") == {OCT: 1}  # born 2 Feb 1960, registered at 66
    assert stored(city_a, "registrations", "age_band", "55-64") == {}
    assert stored(city_a, "registrations", "age_band", "unknown") == {OCT: 2}
    assert stored(city_a, "registrations", "referral_source", "walk_in") == {SEP: 1, NOV: 1}
    assert stored(city_a, "caseload_open") == {NOV: 5}
    assert stored(city_a, "caseload_open", "status", "registered") == {NOV: 1}
    assert stored(city_a, "job_ready") == {NOV: 1}
    assert stored(city_a, "employers") == {NOV: 3}
    assert stored(city_a, "employers", "quota_status", "met") == {NOV: 1}
    assert stored(city_a, "employers", "quota_status", "shortfall") == {NOV: 1}
    assert stored(city_a, "employers", "quota_status", "no_report") == {NOV: 1}
    assert stored(city_a, "referrals") == {OCT: 5}
    assert stored(city_a, "interviews") == {OCT: 1, NOV: 1}
    assert stored(city_a, "placements") == {OCT: 1, NOV: 1}
    assert stored(city_a, "placements", "contract_type", "fixed_term") == {NOV: 1}
    assert stored(city_a, "days_to_placement", "days", "47") == {OCT: 1}  # 3 Sept → 20 Oct
    assert stored(city_a, "days_to_placement", "days", "8") == {NOV: 1}
    assert stored(city_a, "followup_3m_done") == {NOV: 1}
    assert stored(city_a, "followup_3m_employed") == {NOV: 1}
    assert stored(city_a, "followup_6m_done") == {}
    assert stored(city_a, "vacancies_published") == {SEP: 1, OCT: 1, NOV: 1}
    assert stored(city_a, "vacancies_filled") == {OCT: 1}
    assert stored(city_a, "employer_services") == {OCT: 1, NOV: 1}
    assert stored(city_a, "employer_services", "service_kind", "quota_advice") == {NOV: 1}
    assert stored(city_a, "employer_service_participants") == {OCT: 12, NOV: 2}
    assert stored(city_a, "assessments_done") == {OCT: 1}
    state = RollupState.objects.get(for_city=city_a)
    assert state.full and state.months == 3


def test_rollups_equal_direct_counts_in_each_city(city_a, city_b, activity_a, activity_b, settings):
    """Every city's stored totals equal the ORM's own counts taken in that city's context."""
    settings.TIME_ZONE = "Asia/Jakarta"  # TruncMonth uses the current time zone, the cities' own here
    for city in (city_a, city_b):
        with city_context(city):
            rollups.refresh_city(city.pk, now=NOW)
            direct = {
                "registrations": by_month(JobSeeker.objects.all(), "created_at"),
                "referrals": by_month(Referral.objects.all(), "created_at"),
                "interviews": by_month(Interview.objects.all(), "starts_at"),
                "placements": by_month(Placement.objects.all(), "start_date"),
                "vacancies_published": by_month(Vacancy.objects.exclude(published_at=None), "published_at"),
                "vacancies_filled": by_month(Vacancy.objects.filter(status="filled"), "ended_at"),
                "employer_services": by_month(EmployerService.objects.all(), "date"),
                "assessments_done": by_month(Assessment.objects.exclude(completed_at=None), "completed_at"),
                "followup_3m_done": by_month(FollowUp.objects.filter(months=3).exclude(done_at=None), "done_at"),
            }
            open_now = JobSeeker.objects.filter(status__in=["registered", "active", "job_ready", "referred"]).count()
            female = by_month(JobSeeker.objects.filter(gender="female"), "created_at")
        for indicator, counts in direct.items():
            assert stored(city, indicator) == counts, (city.name, indicator)
        assert stored(city, "caseload_open") == {NOV: open_now}
        assert stored(city, "registrations", "gender", "female") == female
    # City B's extra people are B's alone.
    assert stored(city_b, "registrations")[OCT] == stored(city_a, "registrations")[OCT] + 7


def test_compute_runs_a_fixed_number_of_queries(city_a, city_b, activity_a, activity_b):
    months = indicators.month_range(datetime.date(2025, 1, 1), NOV)
    for city in (city_a, city_b):
        with city_context(city), CaptureQueriesContext(connection) as queries:
            indicators.compute(city_id=city.pk, timezone_name=city.timezone, months=months, today=TODAY)
        assert len(queries) == indicators.COMPUTE_QUERIES


def test_refresh_query_count_does_not_grow_with_the_data(city_a, city_b, activity_a, activity_b):
    counts = []
    for city in (city_a, city_b):
        with city_context(city):
            rollups.refresh_city(city.pk, now=NOW)  # first run: full
            with CaptureQueriesContext(connection) as queries:
                rollups.refresh_city(city.pk, now=NOW)  # incremental
        counts.append(len(queries))
    assert counts[0] == counts[1]
    assert counts[0] <= 16  # incl. savepoints and the state upsert


def test_compute_refuses_outside_its_city(city_a, city_b):
    with pytest.raises(NoCityContextError):
        indicators.compute(city_id=city_a.pk, timezone_name="Asia/Jakarta", months=[NOV], today=TODAY)
    with city_context(city_b), pytest.raises(ValueError):
        indicators.compute(city_id=city_a.pk, timezone_name="Asia/Jakarta", months=[NOV], today=TODAY)
    with pytest.raises(NoCityContextError):
        rollups.refresh_city(city_a.pk)


def test_incremental_refresh_recomputes_changed_months_and_keeps_past_snapshots(city_a, activity_a):
    base = timezone.now()  # the fixture's rows were saved just now (their updated_at)
    with city_context(city_a):
        rollups.refresh_city(city_a.pk, now=base)
    # A snapshot taken in an earlier month survives later runs.
    CityRollup.objects.create(for_city=city_a, month=SEP, indicator="caseload_open", count=9)
    # A September registration's person is edited after the run: September is dirty.
    later = base + datetime.timedelta(hours=1)
    with city_context(city_a):
        person = activity_a["people"][0]
        JobSeeker.objects.filter(pk=person.pk).update(gender="male", updated_at=later)
        state = rollups.refresh_city(city_a.pk, now=later + datetime.timedelta(minutes=30))
    assert not state.full
    assert stored(city_a, "registrations", "gender", "male")[SEP] == 2
    assert stored(city_a, "caseload_open")[SEP] == 9
    # With nothing changed since, only the current and the previous month are rewritten.
    with city_context(city_a):
        state = rollups.refresh_city(city_a.pk, now=later + datetime.timedelta(days=1))
    assert state.months == 2


def test_incremental_run_sees_a_new_placement_in_an_old_month(city_a, activity_a):
    with city_context(city_a):
        rollups.refresh_city(city_a.pk, now=NOW)
        referral = activity_a["referrals"][1]
        Placement.objects.create(
            referral=referral,
            start_date=datetime.date(2026, 8, 15),
            wage=1,
            contract_type="permanent",
            recorded_by=activity_a["staff"],
        )
        rollups.refresh_city(city_a.pk, now=NOW + datetime.timedelta(minutes=30))
    assert stored(city_a, "placements")[datetime.date(2026, 8, 1)] == 1


def test_beat_task_refreshes_every_active_city_in_its_own_context(city_a, city_b, activity_a, activity_b, settings):
    from dashboards import tasks

    settings.CELERY_TASK_ALWAYS_EAGER = True
    from ijc_portal.celery import app

    app.conf.task_always_eager = True
    try:
        queued = tasks.refresh_all_rollups()
    finally:
        app.conf.task_always_eager = False
    assert queued >= 2
    assert RollupState.objects.filter(for_city__in=[city_a, city_b]).count() == 2
    assert sum(stored(city_a, "registrations").values()) == 7


def test_beat_entries_exist(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["dashboards-refresh-rollups"]
    assert entry["task"] == "dashboards.tasks.refresh_all_rollups"
    weekly = settings.CELERY_BEAT_SCHEDULE["dashboards-full-refresh"]
    assert weekly["task"] == "dashboards.tasks.refresh_all_rollups" and weekly["kwargs"] == {"full": True}


def test_days_helper_months():
    assert add_months(datetime.date(2026, 1, 1), -1) == datetime.date(2025, 12, 1)
    assert indicators.month_range(datetime.date(2026, 11, 5), datetime.date(2027, 1, 1)) == [
        NOV,
        datetime.date(2026, 12, 1),
        datetime.date(2027, 1, 1),
    ]
    assert at(datetime.date(2026, 1, 1)).hour == 10


def test_refresh_rollups_command(city_a, city_b, activity_a):
    from io import StringIO

    from django.core.management import CommandError, call_command

    out = StringIO()
    call_command("refresh_rollups", "--city", city_a.code, "--full", stdout=out)
    assert f"{city_a.code} {city_a.name}:" in out.getvalue()
    assert RollupState.objects.get(for_city=city_a).full
    assert not RollupState.objects.filter(for_city=city_b).exists()
    with pytest.raises(CommandError):
        call_command("refresh_rollups", "--city", "00.00")
    call_command("refresh_rollups", stdout=StringIO())
    assert RollupState.objects.filter(for_city=city_b).exists()
