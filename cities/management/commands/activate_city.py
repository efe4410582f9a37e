"""``python manage.py activate_city <slug> [--deactivate]``: open (or close) a city's IJC on the portal.

Cities come from ``load_cities`` inactive. An active city is listed on the public city pages, can be
chosen at sign-up, and can be given its first city admin by the APEKSI admin (``/apeksi/undangan/``);
an inactive one is a 404 on its pages and no one can enter it. Closing a city keeps all its data.
docs/operations.md, "Onboarding a new city", lists the steps around it.
"""

from __future__ import annotations

import logging

from django.core.management.base import BaseCommand, CommandError

from cities.models import City

logger = logging.getLogger("cities.activation")


class Command(BaseCommand):
    help = "Activate (or with --deactivate, deactivate) a city on the portal, by slug or Kemendagri code."

    def add_arguments(self, parser):
        parser.add_argument("city", help="the city's slug (kota-surakarta) or Kemendagri code (33.72)")
        parser.add_argument("--deactivate", action="store_true", help="close the city instead (its data is kept)")

    def handle(self, *args, city: str, deactivate: bool, **options):
        found = City.objects.filter(slug=city).first() or City.objects.filter(code=city).first()
        if found is None:
            raise CommandError(f"No city {city!r}; run load_cities first, or check the slug.")
        active = not deactivate
        if found.is_active == active:
            self.stdout.write(f"{found.name} ({found.slug}) is already {'active' if active else 'inactive'}.")
            return
        found.is_active = active
        found.save(update_fields=["is_active"])
        logger.warning("city %s %s", found.pk, "activated" if active else "deactivated")
        self.stdout.write(f"{found.name} ({found.slug}) is now {'active' if active else 'inactive'}.")
