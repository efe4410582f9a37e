"""How fast is the staff caseload at 50,000 job seekers in one city? Prints time and query count per page.

Seeds ``BENCH_ROWS`` (50,000) job seekers once into a bench city (kept between runs), signs a staff
member in with the test client and requests the first page, a deep page, a search and a filtered,
sorted page ``BENCH_REPEAT`` times each, and prints the median, the 95th percentile, the SQL time and
the number of queries of each, then one ``BENCH <name> <value> <unit>`` line per figure. Run against a
development database (refuses IJC_ENV=production):

    .venv/bin/python bench/caseload_list.py
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
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402

from accounts.models import Membership, User  # noqa: E402
from accounts.services import member_register  # noqa: E402
from cities.models import City, Province  # noqa: E402
from cities.tenancy import city_context  # noqa: E402
from jobseekers.models import JobSeeker  # noqa: E402

N = int(os.environ.get("BENCH_ROWS", "50000"))
R = int(os.environ.get("BENCH_REPEAT", "10"))
RAGAM = ["fisik", "intelektual", "mental", "sensorik"]
STATUS = ["registered", "active", "job_ready", "referred", "placed", "closed"]


def seed() -> tuple[City, User]:
    with transaction.atomic():
        province, _ = Province.objects.get_or_create(code="98", defaults={"bps_code": "98", "name": "Bench"})
        city, _ = City.objects.get_or_create(
            code="98.72",
            defaults={"bps_code": "9872", "name": "Bench caseload", "slug": "bench-caseload", "province": province},
        )
        if not city.is_active:
            city.is_active = True
            city.save(update_fields=["is_active"])
    user, _created = User.objects.get_or_create(email="bench.staff@bench.test", defaults={"name": "Bench Staff"})
    with city_context(city):
        is_member = Membership.objects.filter(user=user).exists()
    if not is_member:
        member_register(user=user, city=city, role=Membership.Role.STAFF)
        from allauth.mfa.models import Authenticator

        Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={"secret": "x"})
    with city_context(city):
        have = JobSeeker.objects.count()
        if have < N:
            JobSeeker.objects.bulk_create(
                [
                    JobSeeker(
                        name=f"Pencari {i:06d}",
                        ragam=[RAGAM[i % 4]],
                        status=STATUS[i % 6],
                        ak1_number=f"AK1-{i:06d}",
                        assigned_officer=user if i % 3 == 0 else None,
                    )
                    for i in range(have, N)
                ],
                batch_size=5000,
            )
    analyze_as_owner("jobseekers_jobseeker", "accounts_user", "accounts_membership")
    return city, user


def analyze_as_owner(*tables: str) -> None:
    """Fresh planner statistics after seeding. Only a table's owner may ANALYZE it: run as the
    runtime role, ANALYZE skips the table with a warning and the planner works blind."""
    import psycopg2

    owner = settings.DATABASE_OWNER or settings.DATABASES["default"]
    conn = psycopg2.connect(
        dbname=owner["NAME"], user=owner["USER"], password=owner["PASSWORD"], host=owner["HOST"], port=owner["PORT"]
    )
    conn.autocommit = True
    try:
        with conn.cursor() as cursor:
            for table in tables:
                cursor.execute(f"VACUUM ANALYZE {table}")
    finally:
        conn.close()


def main() -> None:
    if settings.PRODUCTION:
        sys.exit("refusing to seed bench data with IJC_ENV=production")
    setup_test_environment()
    _city, user = seed()
    client = Client()
    client.force_login(user)
    pages = {
        "first_page": "/petugas/pencari-kerja/",
        "page_500": "/petugas/pencari-kerja/?page=500",
        "search_name": "/petugas/pencari-kerja/?q=Pencari+0499",
        "search_ak1": "/petugas/pencari-kerja/?q=AK1-012345",
        "filter_sort": f"/petugas/pencari-kerja/?status=active&ragam=fisik&officer={user.pk}&sort=-registered",
    }
    print(f"job seekers in the city: {N}; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    figures = []
    for label, url in pages.items():
        client.get(url)  # warm the process's caches
        samples, sql = [], []
        for _ in range(R):
            with CaptureQueriesContext(connection) as queries:
                start = time.perf_counter()
                response = client.get(url)
                samples.append(time.perf_counter() - start)
            sql.append(sum(float(q["time"] or 0) for q in queries.captured_queries))
            assert response.status_code == 200, (url, response.status_code)
        median, sql_median = statistics.median(samples), statistics.median(sql)
        p95 = statistics.quantiles(samples, n=20, method="inclusive")[-1]
        print(
            f"{label:12} median {median * 1000:7.1f} ms  p95 {p95 * 1000:7.1f} ms  "
            f"SQL {sql_median * 1000:6.1f} ms  queries {len(queries)}"
        )
        figures += [(f"caseload_{label}_p50", median * 1000, "ms"), (f"caseload_{label}_p95", p95 * 1000, "ms")]
        figures += [(f"caseload_{label}_sql_p50", sql_median * 1000, "ms")]
        figures += [(f"caseload_{label}_queries", len(queries), "queries")]
    for name, value, unit in figures:
        print(f"BENCH {name} {value:.1f} {unit}")


if __name__ == "__main__":
    main()
