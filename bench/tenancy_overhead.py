"""How much does tenancy cost? Prints per-operation times and ratios (lower is better).

Uses the real tables of a migrated development database (it refuses IJC_ENV=production), connected
as the runtime role (DATABASE_URL) like the portal; it needs DATABASE_OWNER_URL too. It creates N job
seekers in each of two bench cities once (kept for the next run), then times, over R repetitions:

  a. a plain indexed SELECT by city on a table *without* RLS — baseline. The owner role creates that
     copy of the two cities' job seekers as an ordinary table, grants the runtime role SELECT on it
     and drops it at the end: the runtime role may not create tables, temporary ones included;
  b. the same SELECT on the RLS-protected table inside city_context — what the portal does;
  c. entering and leaving city_context alone (BEGIN, SET LOCAL, COMMIT).

The last lines are ``BENCH <name> <value> <unit>``, one per figure.
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
# The baseline: an ordinary table the owner creates and drops (a leftover of a killed run is replaced).
PLAIN = "bench_tenancy_plain_jobseeker"


def timed(fn, repeat: int = R) -> float:
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def create_plain_copy(cities: list[City]) -> None:
    """As the owner: fresh statistics, and the job seekers of ``cities`` copied to ``PLAIN`` (no RLS)."""
    from ijc_portal.management.commands.migrate import as_owner

    runtime_role = connection.settings_dict["USER"]
    table = connection.ops.quote_name(PLAIN)
    with as_owner() as owner:
        with owner.cursor() as cursor:
            # As autovacuum would give them (only the owner may ANALYZE on PostgreSQL 15).
            cursor.execute("ANALYZE jobseekers_jobseeker")
            cursor.execute(f"DROP TABLE IF EXISTS {table}")
            cursor.execute(f"CREATE TABLE {table} AS SELECT * FROM jobseekers_jobseeker WHERE false")
        for city in cities:
            # Row-level security is forced on the owner too: it reads one city at a time.
            with city_context(city), owner.cursor() as cursor:
                cursor.execute(f"INSERT INTO {table} SELECT * FROM jobseekers_jobseeker")
        with owner.cursor() as cursor:
            cursor.execute(f"CREATE INDEX ON {table} (city_id, id)")
            cursor.execute(f"ANALYZE {table}")
            cursor.execute(f"GRANT SELECT ON {table} TO {connection.ops.quote_name(runtime_role)}")


def drop_plain_copy() -> None:
    from ijc_portal.management.commands.migrate import as_owner

    with as_owner() as owner, owner.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {connection.ops.quote_name(PLAIN)}")


def main() -> None:
    if settings.PRODUCTION:
        sys.exit("refusing to seed bench data with IJC_ENV=production")
    if settings.DATABASE_OWNER is None:
        sys.exit("DATABASE_OWNER_URL must be set: the owner role creates the baseline table")
    if "jobseekers_jobseeker" not in connection.introspection.table_names():
        sys.exit("the database is not migrated: run `python manage.py migrate` first")
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
    create_plain_copy(cities)
    try:
        measure(city)
    finally:
        drop_plain_copy()


def measure(city: City) -> None:
    plain_query = f"SELECT id, name FROM {connection.ops.quote_name(PLAIN)} WHERE city_id = %s ORDER BY id LIMIT 50"

    def plain_read():
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(plain_query, [city.pk])
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
    for name, value, unit in (
        ("tenancy_plain_read", base * 1e3, "ms"),
        ("tenancy_rls_read", rls * 1e3, "ms"),
        ("tenancy_rls_read_ratio", rls / base, "ratio"),
        ("tenancy_city_context", ctx * 1e3, "ms"),
        ("tenancy_city_context_ratio", ratio, "ratio"),
    ):
        print(f"BENCH {name} {value:.3f} {unit}")


if __name__ == "__main__":
    main()
