"""Everything `make run` does before serving: migrate, load cities and reference data, demo data."""

from __future__ import annotations

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Migrate (as the owner role), load cities and reference data, and (in development) demo data."

    def add_arguments(self, parser):
        parser.add_argument("--no-demo", action="store_true", help="skip the demo data")

    def handle(self, *args, **options):
        call_command("migrate", interactive=False, verbosity=0)
        self.stdout.write("Database migrated.")
        call_command("load_cities")
        call_command("load_reference")
        if settings.DEBUG and not settings.PRODUCTION and not options["no_demo"]:
            call_command("load_demo")
        elif not options["no_demo"]:
            self.stdout.write("No demo data: it is loaded only in development with DEBUG on.")
        call_command("collectstatic", interactive=False, verbosity=0)
        self.stdout.write(f"Ready: {settings.PORTAL_BASE_URL}/")
