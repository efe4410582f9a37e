"""Demo data for `make run`: a few active cities with synthetic, clearly fake job seekers, and one
login per role in Surakarta and Bandung plus the two APEKSI roles.

All demo logins share the password ``DEMO_PASSWORD``. Roles that require MFA (staff, city admin,
partner, APEKSI) get a TOTP authenticator with the fixed secret ``DEMO_TOTP_SECRET``: add it to any
authenticator app (it is printed at start). Idempotent: running it again adds nothing. Its logins
are public, so it refuses to run unless IJC_ENV=development and DEBUG is on.
"""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from accounts.models import Membership, User
from accounts.services import member_register
from cities.models import City
from cities.tenancy import city_context
from jobseekers.models import JobSeeker
from jobseekers.services import functioning_record

# Kemendagri codes of the demo cities: Surakarta and Kota Bandung (WIB), Kota Makassar (WITA) and
# Kota Jayapura (WIT), so each of Indonesia's three clocks has a city.
DEMO_CITY_CODES = ("33.72", "32.73", "73.71", "91.71")
DEMO_PEOPLE = ("Contoh Ani (demo)", "Contoh Budi (demo)", "Contoh Citra (demo)", "Contoh Dewi (demo)")
# Cities with a demo login per role (slug -> Kemendagri code).
DEMO_LOGIN_CITIES = {"surakarta": "33.72", "bandung": "32.73"}
DEMO_PASSWORD = "demo-portal-2026"  # noqa: S105 - public demo login, refused in production
DEMO_TOTP_SECRET = "IJCPORTALDEMOTOTPSECRETKEY234567"  # noqa: S105 - base32, 20 bytes; demo only
# role -> (email prefix, name)
DEMO_ROLES = {
    Membership.Role.JOB_SEEKER: ("pencari", "Contoh Pencari Kerja"),
    Membership.Role.EMPLOYER: ("pemberi", "Contoh Pemberi Kerja"),
    Membership.Role.STAFF: ("petugas", "Contoh Petugas"),
    Membership.Role.CITY_ADMIN: ("admin", "Contoh Admin Kota"),
    Membership.Role.PARTNER: ("mitra", "Contoh Mitra OPDis"),
}
MFA_ROLES = {Membership.Role.STAFF, Membership.Role.CITY_ADMIN, Membership.Role.PARTNER}
# Functioning answers of the demo job seeker linked to the job-seeker login (WG-SS codes).
DEMO_FUNCTIONING = {"seeing": 3, "hearing": 1, "mobility": 1, "cognition": 1, "self_care": 1, "communication": 2}


class Command(BaseCommand):
    help = (
        "Activate the demo cities and give each a few synthetic job seekers; demo logins and employers "
        "with vacancies in Surakarta and Bandung (development only)."
    )

    def handle(self, *args, **options):
        if settings.PRODUCTION or not settings.DEBUG:
            # The demo logins (a superuser among them) have a published password and TOTP secret.
            raise CommandError("load_demo runs only in development with DEBUG on (its logins are public).")
        cities = list(City.objects.filter(code__in=DEMO_CITY_CODES).order_by("code"))
        if len(cities) != len(DEMO_CITY_CODES):
            raise CommandError("Load the cities first: python manage.py load_cities")
        created = 0
        with transaction.atomic():
            City.objects.filter(pk__in=[c.pk for c in cities]).update(is_active=True)
            for city in cities:
                city.is_active = True
            for city in cities:
                with city_context(city):
                    existing = set(JobSeeker.objects.values_list("name", flat=True))
                    new = [JobSeeker(name=name) for name in DEMO_PEOPLE if name not in existing]
                    JobSeeker.objects.bulk_create(new)
                    created += len(new)
            logins = self._demo_logins(cities)
            employers = self._demo_employers(cities)
        self._demo_rollups(cities)
        names = ", ".join(f"{c.name} (/kota/{c.slug}/)" for c in cities)
        self.stdout.write(f"Demo cities active: {names}; {created} demo job seekers created.")
        self.stdout.write(
            f"{employers} demo employers created (sites, quota reports, services, vacancies: published, "
            "waiting for review, draft; one organisation waiting for verification) in "
            + ", ".join(DEMO_LOGIN_CITIES)
            + "."
        )
        self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD}):")
        for email, label, mfa in logins:
            self.stdout.write(f"  {email:<34} {label}{'  [TOTP]' if mfa else ''}")
        self.stdout.write(
            f"[TOTP] accounts: add the secret {DEMO_TOTP_SECRET} to an authenticator app "
            "(SHA1, 6 digits, 30 s) and enter its code at sign-in."
        )

    def _demo_rollups(self, cities: list[City]) -> None:
        """Compute the dashboards' figures of the demo cities now, each in its own context, so a
        fresh ``make run`` shows them before the hourly beat run (``refresh_rollups`` does the same)."""
        from dashboards.rollups import refresh_city

        for city in cities:
            with city_context(city):
                refresh_city(city.pk, full=True)
        self.stdout.write("Dashboard figures computed for the demo cities.")

    def _user(self, email: str, name: str, *, mfa: bool, **extra) -> User:
        from allauth.account.models import EmailAddress
        from allauth.mfa.models import Authenticator
        from allauth.mfa.utils import encrypt

        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(email=email, password=DEMO_PASSWORD, name=name, **extra)
        EmailAddress.objects.get_or_create(user=user, email=email, defaults={"verified": True, "primary": True})
        if mfa and not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
            Authenticator.objects.create(
                user=user, type=Authenticator.Type.TOTP, data={"secret": encrypt(DEMO_TOTP_SECRET)}
            )
        return user

    def _demo_employers(self, cities: list[City]) -> int:
        """``employers.demo`` in each ``DEMO_LOGIN_CITIES`` city: the demo employer login's
        organisation and two more, written by the city's demo staff login."""
        from employers.demo import load_demo_employers

        by_code = {city.code: city for city in cities}
        created = 0
        for slug, code in DEMO_LOGIN_CITIES.items():
            employer_user = User.objects.get(email=f"{DEMO_ROLES[Membership.Role.EMPLOYER][0]}.{slug}@demo.ijc.test")
            staff = User.objects.get(email=f"{DEMO_ROLES[Membership.Role.STAFF][0]}.{slug}@demo.ijc.test")
            with city_context(by_code[code]):
                created += load_demo_employers(by_code[code], employer_user=employer_user, staff=staff)
        return created

    def _demo_logins(self, cities: list[City]) -> list[tuple[str, str, bool]]:
        """One login per city role in each ``DEMO_LOGIN_CITIES`` city, and the two APEKSI roles."""
        logins = []
        by_code = {city.code: city for city in cities}
        for slug, code in DEMO_LOGIN_CITIES.items():
            city = by_code[code]
            for role, (prefix, name) in DEMO_ROLES.items():
                email = f"{prefix}.{slug}@demo.ijc.test"
                user = self._user(email, f"{name} {city.name} (demo)", mfa=role in MFA_ROLES)
                member_register(
                    user=user, city=city, role=role, organisation="Contoh OPDis (demo)" if role == "partner" else ""
                )
                if role == Membership.Role.JOB_SEEKER:
                    with city_context(city):
                        seeker = JobSeeker.objects.filter(user=user).first() or JobSeeker.objects.create(
                            user=user, name=user.name
                        )
                        functioning_record(job_seeker=seeker, answers=DEMO_FUNCTIONING)
                logins.append((email, f"{Membership.Role(role).label} · {city.name}", role in MFA_ROLES))
        analyst = self._user("analis@demo.ijc.test", "Contoh Analis APEKSI (demo)", mfa=True)
        if analyst.cross_city_role != User.CrossCityRole.APEKSI_ANALYST:
            analyst.cross_city_role = User.CrossCityRole.APEKSI_ANALYST
            analyst.save(update_fields=["cross_city_role"])
        logins.append((analyst.email, str(User.CrossCityRole.APEKSI_ANALYST.label), True))
        admin = self._user(
            "admin@demo.ijc.test",
            "Contoh Admin APEKSI (demo)",
            mfa=True,
            is_superuser=True,
            is_staff=True,
            cross_city_role=User.CrossCityRole.APEKSI_ADMIN,
        )
        logins.append((admin.email, f"{User.CrossCityRole.APEKSI_ADMIN.label} (superuser, /admin/)", True))
        return logins
