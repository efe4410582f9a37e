"""Dashboards at national scale: 98 kota, 1,000,000 job seekers. Prints times, query counts and ratios.

Run against a **dedicated** bench database (it refuses IJC_ENV=production and a database whose name
does not end in ``_bench``), created like any other (owner + runtime roles), migrated, with the 98 kota:

    export DATABASE_URL=postgres://ijc_app:…@127.0.0.1:5432/ijc_bench
    export DATABASE_OWNER_URL=postgres://ijc_owner:…@127.0.0.1:5432/ijc_bench
    python -m ijc_portal.database bootstrap --admin-url postgres://postgres@127.0.0.1:5432/postgres
    python manage.py migrate && python manage.py load_cities
    python bench/dashboards.py

Seeding (once; kept between runs) is set-based SQL as the **owner** role, one city at a time inside
``SET LOCAL app.city_id`` (forced row-level security applies to the owner too): ``INSERT … SELECT …
FROM generate_series``. Column values the bench does not set get their model default, so the script
follows the models. Per city (sizes vary 0.25x-2.5x around the mean): job seekers registered over the
last 24 months with gender, birth date, ragam, source, status and WG answers; education; employers
with quota reports; vacancies; referrals, interviews, placements and follow-ups; employer services;
assessments.

Then, as the **runtime** role (the portal's):

1. refresh every city's rollups, each in its own context: the first (full) run, then incremental
   runs (median of ``BENCH_REPEAT``);
2. the APEKSI dashboard (12 months) through the test client: median time and SQL queries;
3. the same figures computed straight from the tenant tables (every city's context in turn, the
   ``indicators.compute`` of 12 months) — what the page would cost without rollups — and the ratio.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ijc_portal.settings")

import django

django.setup()

import psycopg2  # noqa: E402
from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402

from accounts.models import User  # noqa: E402
from assessments.models import Assessment  # noqa: E402
from cities.calendar import add_months, city_today, month_start  # noqa: E402
from cities.models import City  # noqa: E402
from cities.tenancy import city_context  # noqa: E402
from dashboards import indicators, rollups  # noqa: E402
from dashboards.models import CityRollup  # noqa: E402
from employers.models import Employer, EmployerService, QuotaReport, Vacancy, Workplace  # noqa: E402
from jobseekers.models import Education, JobSeeker  # noqa: E402
from placements.models import Interview, Placement, Referral  # noqa: E402
from reference.models import ChecklistVersion  # noqa: E402

TOTAL = int(os.environ.get("BENCH_JOBSEEKERS", "1000000"))
R = int(os.environ.get("BENCH_REPEAT", "5"))
# The g-th of the city's own employers / workplaces, round robin: other scripts may have put rows of
# their own in a city first, so the ids are neither contiguous nor starting at the city's first.
EMPLOYER_OF_G = (
    "(SELECT (array_agg(id ORDER BY id))[1 + g %% count(*)] FROM employers_employer WHERE city_id = %(city)s)"
)
WORKPLACE_OF_G = (
    "(SELECT (array_agg(id ORDER BY id))[1 + g %% count(*)] FROM employers_workplace WHERE city_id = %(city)s)"
)


def insert_select(cursor, model, count_sql: str, values: dict[str, str], params: dict, source: str = "") -> None:
    """``INSERT INTO <model> (every column) SELECT … FROM generate_series(1, count) AS g <source>``.

    ``values``: column → SQL expression (may use ``g`` and ``source``'s aliases); other columns get
    the field's default (a bind parameter) or NULL. ``id`` is left to its sequence.
    """
    columns, expressions = [], []
    for field in model._meta.concrete_fields:
        if field.primary_key or getattr(field, "generated", False):
            continue
        column = field.column
        columns.append(f'"{column}"')
        if column in values:
            expressions.append(values[column])
        elif field.has_default() or not field.null:
            default = field.get_default()
            if default is None and not field.null:
                raise ValueError(f"{model.__name__}.{field.name} needs a value")
            key = f"default_{column}"
            params[key] = field.get_db_prep_save(default, connection)
            expressions.append(f"%({key})s")
        else:
            expressions.append("NULL")
    sql = (
        f"INSERT INTO {model._meta.db_table} ({', '.join(columns)}) "
        f"SELECT {', '.join(expressions)} FROM generate_series(1, {count_sql}) AS g {source}"
    )
    cursor.execute(sql, params)


def seed(cities: list[City], user: User, version: ChecklistVersion) -> None:
    owner = settings.DATABASE_OWNER
    conn = psycopg2.connect(
        dbname=owner["NAME"], user=owner["USER"], password=owner["PASSWORD"], host=owner["HOST"], port=owner["PORT"]
    )
    mean = TOTAL / len(cities)
    weights = [0.25 + 2.25 * ((i * 37) % 98) / 97 for i in range(len(cities))]
    scale = TOTAL / sum(w * mean for w in weights)
    sizes = [round(w * mean * scale) for w in weights]
    sizes[-1] += TOTAL - sum(sizes)
    started = time.perf_counter()
    for index, (city, n) in enumerate(zip(cities, sizes, strict=True)):
        with conn, conn.cursor() as cursor:
            cursor.execute(f"SET LOCAL app.city_id = '{int(city.pk)}'")
            cursor.execute("SELECT count(*) FROM jobseekers_jobseeker WHERE city_id = %s", [city.pk])
            if cursor.fetchone()[0]:
                continue
            p = {"city": city.pk, "user": user.pk, "version": version.pk, "n": n}
            insert_select(
                cursor,
                JobSeeker,
                "%(n)s",
                {
                    "city_id": "%(city)s",
                    "name": "'Bench ' || g",
                    "gender": "(ARRAY['female', 'male', ''])[1 + g %% 3]",
                    "birth_date": "CASE WHEN g %% 10 = 0 THEN NULL ELSE date '1960-01-01' + (g * 7919) %% 16000 END",
                    "ragam": "ARRAY[(ARRAY['fisik', 'intelektual', 'mental', 'sensorik'])[1 + g %% 4]]::varchar[]",
                    "referral_source": "(ARRAY['walk_in', 'online', 'opdis', 'bpjs_rtw', 'slb_blk', 'job_fair', ''])"
                    "[1 + g %% 7]",
                    "status": "(ARRAY['registered', 'active', 'job_ready', 'referred', 'placed', 'closed'])"
                    "[1 + g %% 6]",
                    "wg_disability": "CASE WHEN g %% 5 = 0 THEN NULL ELSE g %% 3 > 0 END",
                    "created_at": "now() - ((g * 104729) %% 730) * interval '1 day' - (g %% 24) * interval '1 hour'",
                    "updated_at": "now() - ((g * 104729) %% 730) * interval '1 day'",
                },
                p,
            )
            people = (
                "(SELECT id, row_number() OVER (ORDER BY id) AS rn, created_at FROM jobseekers_jobseeker "
                "WHERE city_id = %(city)s) j"
            )
            cursor.execute(
                "INSERT INTO jobseekers_functioninganswer (city_id, job_seeker_id, domain, code, recorded_at) "
                f"SELECT %(city)s, j.id, (ARRAY['seeing', 'hearing', 'mobility', 'cognition', 'self_care', "
                f"'communication'])[1 + j.rn %% 6], 1 + j.rn %% 4, now() FROM {people} WHERE j.rn %% 2 = 0",
                p,
            )
            insert_select(
                cursor,
                Education,
                "1",
                {
                    "city_id": "%(city)s",
                    "job_seeker_id": "j.id",
                    "level": "(ARRAY['sd', 'smp', 'sma', 'smk', 'd1_d3', 'd4_s1'])[1 + j.rn %% 6]",
                },
                p,
                f", {people} WHERE j.rn %% 10 < 7",
            )
            insert_select(
                cursor,
                Employer,
                "50",
                {
                    "city_id": "%(city)s",
                    "legal_name": "'PT Bench ' || g",
                    "sector": "(ARRAY['private', 'private', 'government', 'bumd'])[1 + g %% 4]",
                    "size": "'large'",
                    "address": "'x'",
                    "contact_name": "'x'",
                    "contact_email": "'x@bench.test'",
                    "created_at": "now()",
                },
                p,
            )
            employers = (
                "(SELECT id, row_number() OVER (ORDER BY id) AS rn FROM employers_employer WHERE city_id = %(city)s) e"
            )
            insert_select(
                cursor,
                QuotaReport,
                "1",
                {
                    "city_id": "%(city)s",
                    "employer_id": "e.id",
                    "year": "2025",
                    "headcount": "100 + e.rn * 10",
                    "employees_with_disabilities": "e.rn %% 5",
                    "reported_on": "date '2026-01-15'",
                    "source": "'self'",
                    "recorded_by_id": "%(user)s",
                    "created_at": "now()",
                },
                p,
                f", {employers} WHERE e.rn %% 5 < 3",
            )
            insert_select(
                cursor,
                Workplace,
                "1",
                {"city_id": "%(city)s", "employer_id": "e.id", "name": "'Site'", "address": "'x'"},
                p,
                f", {employers} WHERE e.rn <= 10",
            )
            insert_select(
                cursor,
                Vacancy,
                "200",
                {
                    "city_id": "%(city)s",
                    "employer_id": EMPLOYER_OF_G,
                    "title": "'Job ' || g",
                    "description": "'x'",
                    "essential_tasks": "'x'",
                    "employment_type": "'permanent'",
                    "arrangement": "'on_site'",
                    "working_hours": "'08-16'",
                    "status": "(ARRAY['published', 'filled', 'closed'])[1 + g %% 3]",
                    "created_by_id": "%(user)s",
                    "created_at": "now() - (g * 3 %% 700) * interval '1 day'",
                    "updated_at": "now() - (g * 3 %% 700) * interval '1 day'",
                    "published_at": "now() - (g * 3 %% 700) * interval '1 day'",
                    "ended_at": "CASE WHEN g %% 3 = 1 THEN now() - (g * 3 %% 700 - 20) * interval '1 day' END",
                },
                p,
            )
            vacancies = "(SELECT array_agg(id ORDER BY id) AS ids FROM employers_vacancy WHERE city_id = %(city)s) v"
            insert_select(
                cursor,
                Referral,
                "1",
                {
                    "city_id": "%(city)s",
                    "job_seeker_id": "j.id",
                    "vacancy_id": "v.ids[1 + j.rn %% cardinality(v.ids)]",
                    "status": "CASE WHEN j.rn %% 30 < 9 THEN 'placed' ELSE 'proposed' END",
                    "proposed_by_id": "%(user)s",
                    "created_at": "j.created_at + interval '10 days'",
                    "updated_at": "j.created_at + interval '10 days'",
                },
                p,
                f", {people}, {vacancies} WHERE j.rn %% 10 = 0",
            )
            referrals = (
                "(SELECT id, row_number() OVER (ORDER BY id) AS rn, created_at, status FROM placements_referral "
                "WHERE city_id = %(city)s) r"
            )
            insert_select(
                cursor,
                Interview,
                "1",
                {
                    "city_id": "%(city)s",
                    "referral_id": "r.id",
                    "starts_at": "r.created_at + interval '7 days'",
                    "place": "'x'",
                    "scheduled_by_id": "%(user)s",
                    "created_at": "r.created_at",
                },
                p,
                f", {referrals} WHERE r.rn %% 2 = 0",
            )
            insert_select(
                cursor,
                Placement,
                "1",
                {
                    "city_id": "%(city)s",
                    "referral_id": "r.id",
                    "start_date": "(r.created_at + (r.rn %% 60) * interval '1 day')::date",
                    "wage": "3000000",
                    "contract_type": "(ARRAY['permanent', 'fixed_term', 'daily'])[1 + r.rn %% 3]",
                    "recorded_by_id": "%(user)s",
                    "created_at": "r.created_at + interval '30 days'",
                },
                p,
                f", {referrals} WHERE r.status = 'placed'",
            )
            cursor.execute(
                "INSERT INTO placements_followup (city_id, placement_id, months, due_on, done_at, still_employed, "
                "issues, next_step) "
                "SELECT %(city)s, pl.id, m, pl.start_date + m * interval '1 month', "
                "CASE WHEN pl.start_date + m * interval '1 month' < now() "
                "THEN pl.start_date + m * interval '1 month' END, "
                "CASE WHEN pl.start_date + m * interval '1 month' < now() THEN pl.id %% 4 > 0 END, '', '' "
                "FROM placements_placement pl CROSS JOIN (VALUES (3), (6)) AS months(m) WHERE pl.city_id = %(city)s",
                p,
            )
            insert_select(
                cursor,
                EmployerService,
                "100",
                {
                    "city_id": "%(city)s",
                    "employer_id": EMPLOYER_OF_G,
                    "kind": "(ARRAY['awareness', 'accommodation', 'assessment_request', 'quota_advice', 'other'])"
                    "[1 + g %% 5]",
                    "date": "current_date - (g * 7) %% 700",
                    "staff_id": "%(user)s",
                    "participants": "g %% 30",
                    "created_at": "now() - ((g * 7) %% 700) * interval '1 day'",
                },
                p,
            )
            insert_select(
                cursor,
                Assessment,
                "10",
                {
                    "city_id": "%(city)s",
                    "workplace_id": WORKPLACE_OF_G,
                    "version_id": "%(version)s",
                    "scheduled_on": "current_date - g * 30",
                    "status": "'completed'",
                    "created_by_id": "%(user)s",
                    "created_at": "now() - g * interval '30 days'",
                    "updated_at": "now() - g * interval '30 days'",
                    "completed_at": "now() - g * interval '30 days'",
                },
                p,
            )
        if index % 10 == 0:
            print(f"  seeded {index + 1}/{len(cities)} cities ({time.perf_counter() - started:.0f} s)", flush=True)
    with conn.cursor() as cursor:
        conn.autocommit = True
        cursor.execute("VACUUM ANALYZE")
    conn.close()
    print(f"seeded in {time.perf_counter() - started:.0f} s", flush=True)


def refresh_all(cities: list[City], *, full: bool) -> float:
    start = time.perf_counter()
    for city in cities:
        with city_context(city):
            rollups.refresh_city(city.pk, full=full)
    return time.perf_counter() - start


def live_all(cities: list[City], months: list) -> float:
    """The APEKSI figures straight from the tenant tables: every city's 12 months, in its context."""
    start = time.perf_counter()
    today = max(months)
    for city in cities:
        with city_context(city):
            indicators.compute(city_id=city.pk, timezone_name=city.timezone, months=months, today=today)
    return time.perf_counter() - start


def main() -> None:
    if settings.PRODUCTION:
        sys.exit("refusing to run with IJC_ENV=production")
    if not connection.settings_dict["NAME"].endswith("_bench"):
        sys.exit("use a dedicated database whose name ends in _bench (see the docstring)")
    setup_test_environment()
    if City.objects.count() < 98:
        sys.exit("load the 98 kota first: python manage.py load_cities")
    City.objects.update(is_active=True)
    cities = list(City.objects.order_by("code"))
    user, _ = User.objects.get_or_create(email="bench.dashboards@bench.test", defaults={"name": "Bench"})
    version, _ = ChecklistVersion.objects.get_or_create(code="bench-v1", defaults={"name": "Bench", "source": "x"})
    seed(cities, user, version)
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM jobseekers_jobseeker")  # no context: RLS shows 0
    people = sum(_count_in(city) for city in cities[:3])
    print(f"cities: {len(cities)}, job seekers (first 3 cities): {people}", flush=True)

    CityRollup.objects.all().delete()
    full = refresh_all(cities, full=True)
    print(
        f"refresh all 98 cities, full (first run): {full:.1f} s; rollup rows: {CityRollup.objects.count()}", flush=True
    )
    incremental = [refresh_all(cities, full=False) for _ in range(R)]
    print(
        f"refresh all 98 cities, incremental: median {statistics.median(incremental):.2f} s over {R} runs", flush=True
    )

    apeksi, _ = User.objects.get_or_create(
        email="bench.apeksi@bench.test",
        defaults={"name": "Bench APEKSI", "cross_city_role": User.CrossCityRole.APEKSI_ANALYST},
    )
    from allauth.mfa.models import Authenticator

    Authenticator.objects.get_or_create(user=apeksi, type=Authenticator.Type.TOTP, defaults={"data": {"secret": "x"}})
    client = Client()
    client.force_login(apeksi)
    client.get("/apeksi/dasbor/")  # warm up
    samples, queries = [], 0
    for _ in range(R):
        with CaptureQueriesContext(connection) as captured:
            start = time.perf_counter()
            response = client.get("/apeksi/dasbor/")
            samples.append(time.perf_counter() - start)
        assert response.status_code == 200, response.status_code
        queries = len(captured)
    page = statistics.median(samples)
    print(f"APEKSI page (12 months, 98 cities): median {page * 1000:.0f} ms, {queries} queries", flush=True)

    last = month_start(city_today(cities[0]))
    months = indicators.month_range(add_months(last, -11), last)
    live = [live_all(cities, months) for _ in range(max(1, R // 2))]
    live_median = statistics.median(live)
    print(
        f"same figures from the tenant tables (98 city contexts, 12 months): median {live_median:.1f} s "
        f"over {len(live)} runs; ratio {live_median / page:.0f}x the page from rollups",
        flush=True,
    )
    print(f"BENCH dashboards_refresh_full {full:.3f} s")
    print(f"BENCH dashboards_refresh_incremental {statistics.median(incremental):.3f} s")
    print(f"BENCH dashboards_apeksi_page {page * 1000:.3f} ms")
    print(f"BENCH dashboards_apeksi_page_queries {queries} queries")
    print(f"BENCH dashboards_live_vs_rollup_ratio {live_median / page:.3f} ratio")


def _count_in(city: City) -> int:
    with city_context(city):
        return JobSeeker.objects.count()


if __name__ == "__main__":
    main()
