"""How fast is the public job board at 100,000 published vacancies? Prints times and query counts.

Seeds (once; re-runs reuse the rows) BENCH_ROWS published vacancies spread over 4 bench cities,
each with its public index row (``employers.PublishedVacancy``), then requests, through the whole
stack (middleware, city context, template) with Django's test client:

  a. /lowongan/                     the national board, first page
  b. /lowongan/?q=...               word search across every city
  c. /lowongan/?q=...&arrangement=  words plus filters, page 3
  d. /lowongan/?q=penjhit           a typo (trigram similarity finds "Penjahit")
  e. /kota/<slug>/lowongan/?q=...   one city's board (inside its city context)
  f. /kota/<slug>/lowongan/rss/     the city's feed

and prints the median and 95th percentile time and the number of SQL queries of each, then one
``BENCH <name> <value> <unit>`` line per figure. Words are searched with PostgreSQL full-text
search (GIN index on a generated ``tsvector``) and pg_trgm (``employers.selectors.board_search``).
It also prints the SQL time per request (less sensitive to a busy machine than the wall time) and
the old ``LIKE '%word%'`` search's SQL time on the same rows, as a ratio. Run against a development
database (it refuses IJC_ENV=production); ``BENCH_CLEANUP=1`` deletes the bench rows afterwards.
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
from django.db import connection, reset_queries, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402
from django.utils import timezone  # noqa: E402

from accounts.models import User  # noqa: E402
from cities.models import City, Province  # noqa: E402
from cities.tenancy import city_context  # noqa: E402
from employers.models import Employer, PublishedVacancy, Vacancy  # noqa: E402

N = int(os.environ.get("BENCH_ROWS", "100000"))
R = int(os.environ.get("BENCH_REPEAT", "30"))
CITIES = 4
WORDS = [
    "administrasi",
    "gudang",
    "penjahit",
    "operator",
    "kasir",
    "desain",
    "arsip",
    "pemrogram",
    "barista",
    "perawat",
]
ARRANGEMENTS = ["on_site", "hybrid", "remote"]


def seed() -> list[City]:
    with transaction.atomic():
        province, _ = Province.objects.get_or_create(code="97", defaults={"bps_code": "97", "name": "Bench board"})
        cities = [
            City.objects.update_or_create(
                code=f"97.{i}1",
                defaults={
                    "bps_code": f"97{i}1",
                    "name": f"Bench board {i}",
                    "slug": f"bench-board-{i}",
                    "province": province,
                    "is_active": True,
                },
            )[0]
            for i in range(CITIES)
        ]
        user, _ = User.objects.get_or_create(email="bench-board@example.test", defaults={"name": "Bench"})
    per_city = N // CITIES
    now = timezone.now()
    for city in cities:
        have = PublishedVacancy.objects.filter(portal_city=city).count()
        if have >= per_city:
            continue
        with city_context(city):
            employer = Employer.objects.first() or Employer.objects.create(
                legal_name=f"PT Bench {city.pk}",
                sector="private",
                size="large",
                address="Jl. Bench",
                contact_name="Bench",
                contact_email="bench@example.test",
                verified_at=now,
            )
            vacancies = Vacancy.objects.bulk_create(
                [
                    Vacancy(
                        employer=employer,
                        title=f"{WORDS[n % len(WORDS)].title()} {n}",
                        description=f"<p>Pekerjaan {WORDS[(n * 7) % len(WORDS)]} nomor {n}.</p>",
                        essential_tasks="Tugas",
                        employment_type="permanent",
                        arrangement=ARRANGEMENTS[n % 3],
                        working_hours="08.00-16.00",
                        wage_negotiable=True,
                        status="published",
                        published_at=now,
                        created_by=user,
                    )
                    for n in range(have, per_city)
                ],
                batch_size=2000,
            )
        PublishedVacancy.objects.bulk_create(
            [
                PublishedVacancy(
                    portal_city=city,
                    vacancy_id=vacancy.pk,
                    title=vacancy.title,
                    employer_name=employer.legal_name,
                    arrangement=vacancy.arrangement,
                    employment_type=vacancy.employment_type,
                    wage_negotiable=True,
                    published_at=now,
                    search_text=f"{vacancy.title} {employer.legal_name} {vacancy.description}".lower(),
                )
                for vacancy in vacancies
            ],
            batch_size=2000,
        )
    analyze_as_owner("employers_publishedvacancy", "employers_boardword", "cities_city")
    return cities


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


def measure(client: Client, url: str) -> tuple[float, float, float, int, int]:
    """``(median s, p95 s, median SQL s, queries, bytes)`` of ``R`` requests of ``url``."""
    reset_queries()  # the log is a bounded deque: full after seeding, it would count nothing
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    samples, sql = [], []
    for _ in range(R):
        with CaptureQueriesContext(connection) as captured:
            start = time.perf_counter()
            client.get(url)
            samples.append(time.perf_counter() - start)
        sql.append(sum(float(q["time"] or 0) for q in captured.captured_queries))
    p95 = statistics.quantiles(samples, n=20, method="inclusive")[-1]
    return statistics.median(samples), p95, statistics.median(sql), len(queries), len(response.content)


def legacy_like(word: str) -> float:
    """The search before full-text search, for a ratio in the same run: ``search_text LIKE '%word%'``
    (no index can serve it), the count and the first page by date. Median seconds of ``R``."""
    sql = (
        "FROM employers_publishedvacancy p JOIN cities_city c ON c.id = p.portal_city_id "
        "WHERE c.is_active AND p.search_text LIKE %s"
    )
    samples = []
    for _ in range(R):
        start = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT count(*) {sql}", [f"%{word}%"])
            cursor.execute(f"SELECT p.id {sql} ORDER BY p.published_at DESC, p.vacancy_id DESC LIMIT 20", [f"%{word}%"])
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def main() -> None:
    if settings.PRODUCTION:
        sys.exit("refusing to seed bench data with IJC_ENV=production")
    setup_test_environment()  # the test client's host name is allowed
    started = time.perf_counter()
    cities = seed()
    total = PublishedVacancy.objects.filter(portal_city__in=cities).count()
    print(f"published vacancies in the bench cities: {total} (seeded/checked in {time.perf_counter() - started:.1f} s)")
    client = Client()
    slug = cities[0].slug
    cases = {
        "national_first_page": "/lowongan/",
        "national_words": "/lowongan/?q=penjahit",
        "national_words_arrangement_page3": "/lowongan/?q=arsip&arrangement=remote&page=3",
        "national_two_words_no_match": "/lowongan/?q=penjahit+astronaut",
        "national_typo": "/lowongan/?q=penjhit",
        "city_words": f"/kota/{slug}/lowongan/?q=kasir",
        "city_rss": f"/kota/{slug}/lowongan/rss/",
    }
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    print(f"{'request':34} {'median ms':>10} {'p95 ms':>8} {'SQL ms':>8} {'queries':>8} {'bytes':>8}")
    figures = []
    for name, url in cases.items():
        median, p95, sql, queries, size = measure(client, url)
        print(f"{name:34} {median * 1000:10.1f} {p95 * 1000:8.1f} {sql * 1000:8.1f} {queries:8d} {size:8d}")
        figures += [(f"board_{name}_p50", median * 1000, "ms"), (f"board_{name}_p95", p95 * 1000, "ms")]
        figures += [(f"board_{name}_sql_p50", sql * 1000, "ms"), (f"board_{name}_queries", queries, "queries")]
    _median, _p95, new_sql, _queries, _size = measure(client, "/lowongan/?q=penjahit")
    old_sql = legacy_like("penjahit")
    print(
        f"the old LIKE '%word%' search (count + first page), same word: {old_sql * 1000:.1f} ms of SQL, "
        f"full-text search {new_sql * 1000:.1f} ms -> {old_sql / max(new_sql, 1e-9):.1f}x"
    )
    figures += [("board_legacy_like_sql_p50", old_sql * 1000, "ms")]
    figures += [("board_fts_vs_like_sql_ratio", old_sql / max(new_sql, 1e-9), "x")]
    for name, value, unit in figures:
        print(f"BENCH {name} {value:.1f} {unit}")
    if os.environ.get("BENCH_CLEANUP") == "1":
        PublishedVacancy.objects.filter(portal_city__in=cities).delete()
        for city in cities:
            with city_context(city):
                Vacancy.objects.all().delete()
                Employer.objects.all().delete()
        City.objects.filter(pk__in=[c.pk for c in cities]).update(is_active=False)
        print("bench rows deleted")


if __name__ == "__main__":
    main()
