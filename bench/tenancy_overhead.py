"""How much does tenancy cost? Prints per-operation times and ratios (lower is better).

Seeds a scratch tenant table in a throwaway database-less way: it uses the runtime role's real
tables, so run it against a development database (it refuses IJC_ENV=production). It creates
N job seekers in each of two bench cities once, then times, over R repetitions:

  a. a plain indexed SELECT by city on a table *without* RLS (a temporary table copy) — baseline;
  b. the same SELECT on the RLS-protected table inside city_context — what the portal does;
  c. entering and leaving city_context alone (BEGIN, SET LOCAL, COMMIT).
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

from django.conf import settings  # noqa: E402
from django.db import connection, transaction  # noqa: E402

from cities.models import City, Province  # noqa: E402
from cities.tenancy import city_context  # noqa: E402
from jobseekers.models import JobSeeker  # noqa: E402

N = int(os.environ.get("BENCH_ROWS", "20000"))
R = int(os.environ.get("BENCH_REPEAT", "300"))


def timed(fn, repeat: int = R) -> float:
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def main() -> None:
    if settings.PRODUCTION:
        sys.exit("refusing to seed bench data with IJC_ENV=production")
    with transaction.atomic():
        province, _ = Province.objects.get_or_create(code="98", defaults={"bps_code": "98", "name": "Bench"})
        cities = [
            City.objects.get_or_create(
                code=f"98.{i}1",
                defaults={"bps_code": f"98{i}1", "name": f"Bench {i}", "slug": f"bench-{i}", "province": province},
            )[0]
            for i in range(2)
        ]
    for city in cities:
        with city_context(city):
            missing = N - JobSeeker.objects.count()
            if missing > 0:
                JobSeeker.objects.bulk_create([JobSeeker(name=f"bench {i}") for i in range(missing)], batch_size=5000)
    city = cities[0]
    # Fresh statistics, as autovacuum would give them (only the owner may ANALYZE on PostgreSQL 15).
    from cities.management.commands.migrate import as_owner

    with as_owner() as owner, owner.cursor() as cursor:
        cursor.execute("ANALYZE jobseekers_jobseeker")
    with connection.cursor() as cursor:
        cursor.execute("CREATE TEMP TABLE plain AS SELECT * FROM jobseekers_jobseeker WHERE false")
    with city_context(city), connection.cursor() as cursor:
        cursor.execute("INSERT INTO plain SELECT * FROM jobseekers_jobseeker")
    with connection.cursor() as cursor:
        cursor.execute("CREATE INDEX ON plain (city_id, id)")
        cursor.execute("ANALYZE plain")

    def plain_read():
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SELECT id, name FROM plain WHERE city_id = %s ORDER BY id LIMIT 50", [city.pk])
            cursor.fetchall()

    def rls_read():
        with city_context(city), connection.cursor() as cursor:
            cursor.execute("SELECT id, name FROM jobseekers_jobseeker ORDER BY id LIMIT 50")
            cursor.fetchall()

    def context_only():
        with city_context(city):
            pass

    def empty_transaction():
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SELECT 1")

    base = timed(plain_read)
    rls = timed(rls_read)
    ctx = timed(context_only)
    empty = timed(empty_transaction)
    print(f"rows per city: {N}, repetitions: {R}, medians:")
    print(f"  plain indexed read (no RLS, own transaction): {base * 1e3:.3f} ms")
    print(f"  same read under RLS inside city_context:      {rls * 1e3:.3f} ms  (ratio {rls / base:.2f})")
    ratio = ctx / empty
    print(
        f"  city_context enter+exit alone:                {ctx * 1e3:.3f} ms  (vs a 1-query transaction: {ratio:.2f})"
    )


if __name__ == "__main__":
    main()
