"""Weight of the APEKSI dashboard pages at national scale (98 kota): HTML bytes, gzip bytes, SQL
queries and render time through the test client, for each page of the dashboard.

Only rollups are needed (the page never reads a tenant table), so this bench seeds ``CityRollup``
rows directly — deterministic counts for 12 months, every indicator and every breakdown category,
a few small counts so suppression has work to do — instead of a million job seekers
(``bench/dashboards.py`` does that end to end). Run against a **dedicated** database whose name ends
in ``_bench`` (created like any other, migrated, with the 98 kota: ``python manage.py load_cities``):

    python bench/apeksi_page_weight.py          # BENCH_REPEAT=5 by default

It prints one line per page: bytes, gzip bytes (level 6, what a reverse proxy sends), queries and
the median render time.
"""

from __future__ import annotations

import gzip
import os
import statistics
import sys
import time
import zlib
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ijc_portal.settings")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from accounts.models import User  # noqa: E402
from cities.models import City  # noqa: E402
from dashboards import indicators  # noqa: E402
from dashboards.models import CityRollup, RollupState  # noqa: E402

R = int(os.environ.get("BENCH_REPEAT", "5"))


def _count(*parts: object) -> int:
    """A deterministic pseudo-random count 0-300 (about 1 in 12 is 1-4, to be suppressed)."""
    h = zlib.crc32("|".join(str(p) for p in parts).encode())
    return (h % 4) + 1 if h % 12 == 0 else h % 300


def seed(cities: list[City]) -> None:
    """12 months of rollups for every city: every indicator's total and each breakdown category."""
    last = indicators.month_start(timezone.localdate())
    months = indicators.month_range(indicators.add_months(last, -11), last)
    rows = []
    for city in cities:
        for month in months:
            for code, indicator in indicators.INDICATORS.items():
                rows.append(CityRollup(for_city=city, month=month, indicator=code, count=_count(city.pk, month, code)))
                for dimension in indicator.dimensions:
                    categories = indicators.DIMENSIONS[dimension].categories
                    values = [value for value, _label in categories] or [str(d) for d in (7, 21, 45, 90, 180)]
                    for value in values:
                        rows.append(
                            CityRollup(
                                for_city=city,
                                month=month,
                                indicator=code,
                                dimension=dimension,
                                value=value,
                                count=_count(city.pk, month, code, dimension, value) // 5,
                            )
                        )
    CityRollup.objects.bulk_create(rows, batch_size=5000, ignore_conflicts=True)


def seed_states(cities: list[City]) -> None:
    now = timezone.now()
    for city in cities:
        RollupState.objects.update_or_create(
            for_city=city, defaults={"computed_at": now, "changes_seen_until": now, "months": 12}
        )


def pages() -> list[tuple[str, str]]:
    """Every page of the APEKSI dashboard: the summary and each section when the dashboard has them."""
    from dashboards import views

    found = [("summary", reverse("dashboards:apeksi-dashboard"))]
    for slug in getattr(views, "APEKSI_SECTIONS", {}):
        found.append((slug, reverse("dashboards:apeksi-section", kwargs={"section": slug})))
    return found


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
    if not CityRollup.objects.exists():
        start = time.perf_counter()
        seed(cities)
        print(f"seeded {CityRollup.objects.count()} rollup rows in {time.perf_counter() - start:.1f} s", flush=True)
    if RollupState.objects.count() < len(cities):
        seed_states(cities)
    apeksi, _ = User.objects.get_or_create(
        email="bench.apeksi@bench.test",
        defaults={"name": "Bench APEKSI", "cross_city_role": User.CrossCityRole.APEKSI_ANALYST},
    )
    from allauth.mfa.models import Authenticator

    Authenticator.objects.get_or_create(user=apeksi, type=Authenticator.Type.TOTP, defaults={"data": {"secret": "x"}})
    client = Client()
    client.force_login(apeksi)
    print(f"{'page':<12} {'bytes':>9} {'gzip':>8} {'queries':>8} {'median ms':>10}")
    figures = []
    for name, url in pages():
        client.get(url)  # warm up
        samples, queries, body = [], 0, b""
        for _ in range(R):
            with CaptureQueriesContext(connection) as captured:
                start = time.perf_counter()
                response = client.get(url)
                samples.append(time.perf_counter() - start)
            assert response.status_code == 200, (url, response.status_code)
            queries, body = len(captured), response.content
        print(
            f"{name:<12} {len(body):>9,} {len(gzip.compress(body, 6)):>8,} {queries:>8} "
            f"{statistics.median(samples) * 1000:>10.0f}",
            flush=True,
        )
        key = "".join(c if c.isalnum() else "_" for c in name.lower()).strip("_")
        figures += [
            (f"apeksi_{key}_ms", statistics.median(samples) * 1000, "ms"),
            (f"apeksi_{key}_gzip", len(gzip.compress(body, 6)), "bytes"),
            (f"apeksi_{key}_queries", queries, "queries"),
        ]
    for figure, value, unit in figures:
        print(f"BENCH {figure} {value:.3f} {unit}")


if __name__ == "__main__":
    main()
