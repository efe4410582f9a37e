"""How long does importing a good 10,000-row file take? Prints the dry run and the commit times.

Builds a CSV of ``BENCH_ROWS`` (10,000) valid rows, checks it (dry run) and commits it in one
transaction inside a bench city, then deletes what it wrote. Run against a development database
(refuses IJC_ENV=production):

    .venv/bin/python bench/import_jobseekers.py
"""

from __future__ import annotations

import csv
import io
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ijc_portal.settings")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.db import transaction  # noqa: E402

from cities.models import City, Province  # noqa: E402
from cities.tenancy import city_context  # noqa: E402
from jobseekers import imports, services  # noqa: E402
from jobseekers.models import JobSeeker  # noqa: E402

N = int(os.environ.get("BENCH_ROWS", "10000"))


def rows() -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(imports.HEADERS)
    for i in range(N):
        day, serial = 1 + i % 28, 1 + i // 28
        writer.writerow(
            [
                f"Peserta {i}",
                f"337205{day + 40 * (i % 2):02d}0190{serial:04d}",
                f"1990-01-{day:02d}",
                "LP"[i % 2],
                "081200000000",
                "",
                "Kauman",
                "Pasar Kliwon",
                "",
                "fisik",
                "walk_in",
                "sma",
            ]
        )
    return out.getvalue().encode()


def main() -> None:
    if settings.PRODUCTION:
        sys.exit("refusing to seed bench data with IJC_ENV=production")
    with transaction.atomic():
        province, _ = Province.objects.get_or_create(code="98", defaults={"bps_code": "98", "name": "Bench"})
        city, _ = City.objects.get_or_create(
            code="98.71",
            defaults={"bps_code": "9871", "name": "Bench import", "slug": "bench-import", "province": province},
        )
    content = rows()
    with city_context(city):
        JobSeeker.objects.filter(registration_channel="import").delete()
    start = time.perf_counter()
    parsed = imports.read_rows(content, "bench.csv")
    with city_context(city):
        report, _ = imports.check(parsed)
    dry = time.perf_counter() - start
    assert report.ok, report.problems[:5]
    start = time.perf_counter()
    with city_context(city):
        count = services.jobseekers_import(actor=None, rows=parsed)
    commit = time.perf_counter() - start
    print(f"rows: {count}")
    print(f"dry run (parse + check): {dry:.2f} s ({dry / N * 1e6:.0f} µs/row)")
    print(f"commit (check again + write people, education, 4 consent records each): {commit:.2f} s")
    print(f"BENCH import_dry_run {dry:.3f} s")
    print(f"BENCH import_commit {commit:.3f} s")
    print(f"BENCH import_rows_per_second {count / commit:.3f} rows/s")
    with city_context(city):
        JobSeeker.objects.filter(registration_channel="import").delete()


if __name__ == "__main__":
    main()
