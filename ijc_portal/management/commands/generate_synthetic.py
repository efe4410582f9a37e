"""``generate_synthetic``: fill cities with realistic, clearly fake data (ijc_portal.synthetic).

    python manage.py generate_synthetic --cities 98 --jobseekers 1000000 --jobs 2

Refuses to run with IJC_ENV=production. Cities that already have job seekers are left as they are.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from ijc_portal.synthetic import runner


class Command(BaseCommand):
    help = "Fill cities with synthetic job seekers, employers, vacancies, referrals and placements."

    def add_arguments(self, parser):
        parser.add_argument("--cities", type=int, default=98, help="how many cities (the first by code)")
        parser.add_argument("--jobseekers", type=int, default=100_000, help="job seekers in all")
        parser.add_argument("--employers-per-1000", type=int, default=15, help="employers per 1,000 job seekers")
        parser.add_argument("--jobs", type=int, default=runner.cpu_count(), help="parallel worker processes")
        parser.add_argument("--seed", type=int, default=20260101)

    def handle(self, *args, **options):
        if settings.PRODUCTION:
            raise CommandError("refusing to generate synthetic data with IJC_ENV=production")
        plan = runner.Plan(
            cities=options["cities"],
            jobseekers=options["jobseekers"],
            jobs=max(1, options["jobs"]),
            seed=options["seed"],
            employers_per_1000=options["employers_per_1000"],
        )
        started = time.perf_counter()
        try:
            result = runner.run(plan, progress=self.stdout.write)
        except RuntimeError as error:
            raise CommandError(str(error)) from error
        total = time.perf_counter() - started
        rows = sum(v for k, v in result.items() if not k.endswith("_seconds"))
        self.stdout.write(
            f"{plan.jobseekers} job seekers in {plan.cities} cities: filled in {result['fill_seconds']:.1f} s, "
            f"statistics in {result['analyse_seconds']:.1f} s, {total:.1f} s in all; {rows} rows"
        )
        self.stdout.write(
            f"per city, in its own transaction: {result['city_fixed_seconds']:.2f} s + "
            f"{result['person_seconds'] * 1000:.3f} ms per person (least squares over the cities; "
            f"{result['busy_seconds']:.1f} s of work in {plan.jobs} processes)"
        )
        for key, value in result.items():
            if not key.endswith("_seconds"):
                self.stdout.write(f"  {key}: {value}")
