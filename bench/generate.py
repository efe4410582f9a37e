"""How fast is ``generate_synthetic``? Fills a scratch database and extrapolates to 1,000,000 people.

Creates ``<bench database>_gen`` as the owner role (dropped at the end; ``BENCH_KEEP=1`` keeps it),
migrates it, loads the cities and the reference data, then times

    python manage.py generate_synthetic --cities BENCH_CITIES --jobseekers BENCH_GEN_JOBSEEKERS

(98 cities and 100,000 people by default). Each city is filled in its own transaction and costs a
fixed part (16 statements, the city's officer) plus a part per person; the command fits both by least
squares over the cities, whose sizes vary tenfold. ``generate_1m_extrapolated`` applies that fit to
1,000,000 people over 98 cities (and scales VACUUM ANALYZE with the data): an estimate, valid as far
as the per-person cost stays linear (B-tree inserts grow with log n). Run with
``BENCH_GEN_JOBSEEKERS=1000000`` to measure it instead.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ijc_portal.settings")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402

from bench._bench import ROOT, bench, scratch_database  # noqa: E402

CITIES = int(os.environ.get("BENCH_CITIES", "98"))
PEOPLE = int(os.environ.get("BENCH_GEN_JOBSEEKERS", "100000"))
JOBS = int(os.environ.get("BENCH_JOBS", str(len(os.sched_getaffinity(0)))))


def main() -> None:
    if settings.PRODUCTION:
        sys.exit("refusing to run with IJC_ENV=production")
    if settings.DATABASE_OWNER is None:
        sys.exit("DATABASE_OWNER_URL must be set: the owner role creates the scratch database")
    name = f"{connection.settings_dict['NAME']}_gen"
    connection.close()
    with scratch_database(
        settings.DATABASE_OWNER, name, dict(os.environ), keep=os.environ.get("BENCH_KEEP") == "1"
    ) as env:
        started = time.perf_counter()
        result = subprocess.run(
            [
                sys.executable,
                "manage.py",
                "generate_synthetic",
                f"--cities={CITIES}",
                f"--jobseekers={PEOPLE}",
                f"--jobs={JOBS}",
            ],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
            text=True,
        )
        seconds = time.perf_counter() - started
    print(result.stdout, end="")
    rows = int(re.search(r"; (\d+) rows", result.stdout).group(1))
    fixed, per_person = (float(x) for x in re.search(r"([\d.]+) s \+ ([\d.]+) ms per person", result.stdout).groups())
    analyse = float(re.search(r"statistics in ([\d.]+) s", result.stdout).group(1))
    # 1,000,000 people over 98 cities in JOBS processes: each city's fixed cost plus its people, shared
    # by the processes as in this run; VACUUM ANALYZE grows with the tables.
    estimate = (98 * fixed + 1_000_000 * per_person / 1000) / JOBS + analyse * 1_000_000 / PEOPLE
    print(f"{PEOPLE} job seekers in {CITIES} cities with {JOBS} processes: {seconds:.1f} s ({rows} rows)")
    bench("generate_seconds", seconds, "s")
    bench("generate_people_per_second", PEOPLE / seconds, "people/s")
    bench("generate_rows_per_second", rows / seconds, "rows/s")
    bench("generate_city_fixed", fixed, "s")
    bench("generate_per_person", per_person, "ms")
    bench("generate_1m_extrapolated", estimate / 60, "min")


if __name__ == "__main__":
    main()
