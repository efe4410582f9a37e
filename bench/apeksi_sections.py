"""How fast is each page of the APEKSI dashboard? Prints p50/p95 and queries per section page.

Each page computes only the section it shows (``dashboards.figures.apeksi_tables(section=...)``);
the script also times computing every table (``section=None``, what each page cost before) for the
ratio. Run after ``bench/dashboards.py`` has seeded and refreshed its ``_bench`` database (98 kota;
the pages read rollups only, so their cost follows the number of cities, months and breakdown
values, not the number of people)::

    .venv/bin/python bench/apeksi_sections.py

The last lines are ``BENCH <name> <value> <unit>``.
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
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402
from django.utils import timezone  # noqa: E402

from accounts.models import User  # noqa: E402
from dashboards import figures  # noqa: E402
from dashboards.figures import Period  # noqa: E402
from dashboards.views import APEKSI_SECTIONS  # noqa: E402

R = int(os.environ.get("BENCH_REPEAT", "15"))


def main() -> None:
    if settings.PRODUCTION:
        sys.exit("refusing to run with IJC_ENV=production")
    setup_test_environment()
    from allauth.mfa.models import Authenticator

    apeksi, _ = User.objects.get_or_create(
        email="bench.apeksi@bench.test",
        defaults={"name": "Bench APEKSI", "cross_city_role": User.CrossCityRole.APEKSI_ANALYST},
    )
    Authenticator.objects.get_or_create(user=apeksi, type=Authenticator.Type.TOTP, defaults={"data": {"secret": "x"}})
    client = Client()
    client.force_login(apeksi)
    cities = figures.active_cities()
    print(f"{len(cities)} active kota; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    figures_out = []
    pages = {"summary": "/apeksi/dasbor/", **{slug: f"/apeksi/dasbor/bagian/{slug}/" for slug in APEKSI_SECTIONS}}
    for name, url in pages.items():
        assert client.get(url).status_code == 200, url  # warm up
        samples = []
        for _ in range(R):
            with CaptureQueriesContext(connection) as queries:
                start = time.perf_counter()
                client.get(url)
                samples.append(time.perf_counter() - start)
        p50, p95 = statistics.median(samples), statistics.quantiles(samples, n=20, method="inclusive")[-1]
        print(f"{name:10} p50 {p50 * 1000:7.1f} ms  p95 {p95 * 1000:7.1f} ms  queries {len(queries)}")
        figures_out += [(f"apeksi_{name}_p50", p50 * 1000, "ms"), (f"apeksi_{name}_p95", p95 * 1000, "ms")]
        figures_out.append((f"apeksi_{name}_queries", len(queries), "queries"))
    today = timezone.localdate()
    period = Period(today.replace(day=1, year=today.year - 1), today.replace(day=1))
    timings = {}
    for section in (None, "", *APEKSI_SECTIONS):
        samples = []
        for _ in range(R):
            start = time.perf_counter()
            figures.apeksi_tables(period, all_cities=cities, section=section)
            samples.append(time.perf_counter() - start)
        timings[section] = statistics.median(samples)
    print(f"every table computed (each page before): {timings[None] * 1000:.1f} ms")
    for section in ("", *APEKSI_SECTIONS):
        print(f"  only {section or 'summary':10} {timings[section] * 1000:7.1f} ms")
    figures_out.append(("apeksi_all_tables_compute", timings[None] * 1000, "ms"))
    figures_out.append(("apeksi_slowest_section_compute", max(timings[s] for s in ("", *APEKSI_SECTIONS)) * 1000, "ms"))
    for name, value, unit in figures_out:
        print(f"BENCH {name} {value:.1f} {unit}")


if __name__ == "__main__":
    main()
