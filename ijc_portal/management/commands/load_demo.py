"""Demo data for `make run`: a few active cities with synthetic, clearly fake job seekers.

Idempotent: running it again adds nothing. Never run it against a production database
(it refuses when IJC_ENV=production).
"""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from cities.models import City
from cities.tenancy import city_context
from jobseekers.models import JobSeeker

# Kemendagri codes of the demo cities: Surakarta, Kota Bandung, Kota Makassar.
DEMO_CITY_CODES = ("33.72", "32.73", "73.71")
DEMO_PEOPLE = ("Contoh Ani (demo)", "Contoh Budi (demo)", "Contoh Citra (demo)", "Contoh Dewi (demo)")


class Command(BaseCommand):
    help = "Activate the demo cities and give each a few synthetic job seekers (development only)."

    def handle(self, *args, **options):
        if settings.PRODUCTION:
            raise CommandError("load_demo refuses to run with IJC_ENV=production.")
        cities = list(City.objects.filter(code__in=DEMO_CITY_CODES).order_by("code"))
        if len(cities) != len(DEMO_CITY_CODES):
            raise CommandError("Load the cities first: python manage.py load_cities")
        created = 0
        with transaction.atomic():
            City.objects.filter(pk__in=[c.pk for c in cities]).update(is_active=True)
            for city in cities:
                with city_context(city):
                    existing = set(JobSeeker.objects.values_list("name", flat=True))
                    new = [JobSeeker(name=name) for name in DEMO_PEOPLE if name not in existing]
                    JobSeeker.objects.bulk_create(new)
                    created += len(new)
        names = ", ".join(f"{c.name} (/kota/{c.slug}/)" for c in cities)
        self.stdout.write(f"Demo cities active: {names}; {created} demo job seekers created.")
