"""``python manage.py refresh_rollups [--full] [--city CODE ...]``: recompute the dashboards' rollups now.

Each city is computed inside its own context, one after another, in this process (no worker
needed): every active city by default, or the kota given by Kemendagri code (``--city 73.71``).
``--full`` rewrites every month from the city's first dated row (after a correction of old data,
or to pick up deletions the incremental run cannot see). Prints one line per city. An unknown
code is an error before anything is computed.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from cities.models import City
from cities.tenancy import city_context
from dashboards import rollups


class Command(BaseCommand):
    help = "Recompute the dashboards' rollups of every active city (or the given ones), each in its own context."

    def add_arguments(self, parser):
        parser.add_argument("--full", action="store_true", help="Rewrite every month, not only the changed ones.")
        parser.add_argument("--city", action="append", default=[], metavar="CODE", help="Kemendagri code, e.g. 73.71")

    def handle(self, *args, full: bool, city: list[str], **options):
        cities = City.objects.order_by("code")
        if city:
            cities = cities.filter(code__in=city)
            unknown = sorted(set(city) - set(cities.values_list("code", flat=True)))
            if unknown:
                raise CommandError(f"Unknown city code(s): {', '.join(unknown)}")
        else:
            cities = cities.filter(is_active=True)
        for each in cities:
            with city_context(each):
                state = rollups.refresh_city(each.pk, full=full)
            self.stdout.write(f"{each.code} {each.name}: {state.months} months in {state.duration_ms} ms")
