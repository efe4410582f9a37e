"""How fast is the public job board at 20,000 published vacancies? Prints times and query counts.

Seeds (once; re-runs reuse the rows) BENCH_ROWS published vacancies spread over 4 bench cities,
each with its public index row (``employers.PublishedVacancy``), then requests, through the whole
stack (middleware, city context, template) with Django's test client:

  a. /lowongan/                     the national board, first page
  b. /lowongan/?q=...               word search across every city
  c. /lowongan/?q=...&arrangement=  words plus filters, page 3
  d. /kota/<slug>/lowongan/?q=...   one city's board (inside its city context)
  e. /kota/<slug>/lowongan/rss/     the city's feed

and prints the median time and the number of SQL queries of each. Run against a development
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

N = int(os.environ.get("BENCH_ROWS", "20000"))
R = int(os.environ.get("BENCH_REPEAT", "20"))
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
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE employers_publishedvacancy")
    return cities


def measure(client: Client, url: str) -> tuple[float, int, int]:
    reset_queries()  # the log is a bounded deque: full after seeding, it would count nothing
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    samples = []
    for _ in range(R):
        start = time.perf_counter()
        client.get(url)
        samples.append(time.perf_counter() - start)
    return statistics.median(samples), len(queries), len(response.content)


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
        "national board, first page": "/lowongan/",
        "national, words": "/lowongan/?q=penjahit",
        "national, words + arrangement, page 3": "/lowongan/?q=arsip&arrangement=remote&page=3",
        "national, two words, no match": "/lowongan/?q=penjahit+astronaut",
        "one city, words": f"/kota/{slug}/lowongan/?q=kasir",
        "one city, RSS feed": f"/kota/{slug}/lowongan/rss/",
    }
    print(f"{'request':42} {'median ms':>10} {'queries':>8} {'bytes':>8}")
    for name, url in cases.items():
        seconds, queries, size = measure(client, url)
        print(f"{name:42} {seconds * 1000:10.1f} {queries:8d} {size:8d}")
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
