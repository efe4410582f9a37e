"""Project-wide fixtures.

The test database is created and migrated as the **owner** role; the tests themselves run as the
**runtime** role (not superuser, not BYPASSRLS), so row-level security applies to them exactly
as it does to the web app. The runtime role has exactly its production privileges (no TRUNCATE):
the flush that empties the database after each ``transaction=True`` test runs as the owner.
"""

from __future__ import annotations

from collections import Counter

import pytest
from django.conf import settings
from django.core.management.commands import flush
from django.db import DEFAULT_DB_ALIAS, connections
from django.test.utils import setup_databases, teardown_databases

from ijc_portal.database import grant_runtime
from ijc_portal.management.commands.migrate import as_owner
from tests import personas
from tests.factories import CityFactory


@pytest.fixture(scope="session")
def django_db_setup(
    request,
    django_test_environment,
    django_db_blocker,
    django_db_keepdb,
    django_db_modify_db_settings,
):
    runtime_role = settings.DATABASES["default"]["USER"]
    with django_db_blocker.unblock(), as_owner() as connection:
        db_cfg = setup_databases(
            verbosity=request.config.option.verbose,
            interactive=False,
            keepdb=django_db_keepdb,
            serialized_aliases=set(),
        )
        with connection.cursor() as cursor:
            grant_runtime(
                cursor,
                owner_role=settings.DATABASE_OWNER["USER"],
                runtime_role=runtime_role,
                dbname=connection.settings_dict["NAME"],
            )
    original_flush = flush.Command.handle

    def flush_as_owner(self, **options):
        # TRUNCATE ignores row-level security, so the runtime role may not run it (as in production).
        with as_owner(options.get("database") or DEFAULT_DB_ALIAS):
            return original_flush(self, **options)

    flush.Command.handle = flush_as_owner
    try:
        yield
    finally:
        flush.Command.handle = original_flush
    with django_db_blocker.unblock():
        for connection in connections.all():
            connection.close()
        with as_owner():
            teardown_databases(db_cfg, verbosity=request.config.option.verbose, keepdb=django_db_keepdb)


# Test settings (cookiecutter-django style): fast hashing, in-memory email and cache.
FAST_AND_QUIET = {
    "PASSWORD_HASHERS": ["django.contrib.auth.hashers.MD5PasswordHasher"],
    "MAILERS": {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}},
    "CACHES": {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "KEY_FUNCTION": "cities.tenancy.make_cache_key",
        }
    },
}


@pytest.fixture(autouse=True)
def _fast_and_quiet(settings):
    """Every test runs with ``FAST_AND_QUIET``."""
    for name, value in FAST_AND_QUIET.items():
        setattr(settings, name, value)


@pytest.fixture
def city_a(db):
    return CityFactory(name="Kota Alpha", slug="kota-alpha")


@pytest.fixture
def city_b(db):
    return CityFactory(name="Kota Beta", slug="kota-beta")


# --- The standard people (tests/personas.py), each built only when a test asks for it ---------------
@pytest.fixture
def staff_a(city_a):
    """A staff officer of city A (with TOTP)."""
    return personas.staff_officer(city_a)


@pytest.fixture
def staff_b(city_b):
    """A staff officer of city B (with TOTP)."""
    return personas.staff_officer(city_b, name="Petugas Beta")


@pytest.fixture
def city_admin_a(city_a):
    return personas.city_admin(city_a)


@pytest.fixture
def partner_a(city_a) -> personas.Partner:
    """A partner (OPDis) member of city A and the two people they registered."""
    return personas.partner_member(city_a, caseload=("Wahyu Hidayat", "Nur Aini"))


@pytest.fixture
def seeker_a(city_a) -> personas.Seeker:
    """A job seeker of city A with an account, consents and a functioning profile."""
    return personas.job_seeker(city_a)


@pytest.fixture
def walk_in_a(city_a):
    """A job seeker of city A registered at the counter, without an account."""
    return personas.walk_in(city_a)


@pytest.fixture
def employer_a(city_a, staff_a) -> personas.EmployerPersona:
    """An employer of city A, verified by ``staff_a``, with a workplace and a published vacancy."""
    return personas.employer(city_a, verifier=staff_a)


@pytest.fixture
def vacancy_a(employer_a):
    return employer_a.vacancy


@pytest.fixture
def apeksi_analyst(db):
    return personas.apeksi_analyst()


@pytest.fixture
def apeksi_admin(db):
    return personas.apeksi_admin()


# The browser sweep's summary line (tests/browser/sweep.py): its checks record what they checked as
# user properties, which pytest-xdist carries from the workers to this process with each report.
_sweep_counts: Counter = Counter()
# The malformed-input sweep's (tests/ui/test_malformed_input.py): its requests and server errors.
_malformed_counts: Counter = Counter()


# Seconds spent per test file (set-up, call and tear-down, summed over the workers): where the suite's
# time goes, printed at the end so a slow file shows in every run.
_file_seconds: Counter = Counter()


def pytest_runtest_logreport(report):
    _file_seconds[report.nodeid.split("::", 1)[0]] += report.duration
    if report.when != "call":
        return
    properties = dict(report.user_properties)
    if "malformed_input_requests" in properties:  # tests/ui/test_malformed_input.py
        _malformed_counts["requests"] += int(properties["malformed_input_requests"])
        _malformed_counts["server errors"] += int(properties["malformed_input_errors"])
    kind = properties.get("browser_sweep")
    if kind is None:
        return
    _sweep_counts[f"{kind} checks"] += 1
    _sweep_counts["violations"] += int(properties.get("browser_sweep_violations", 0))
    _sweep_counts["failures"] += int(report.failed)
    _sweep_counts["csp violations"] += int(properties.get("browser_sweep_csp_violations", 0))


def pytest_terminal_summary(terminalreporter):
    if _file_seconds:
        total = sum(_file_seconds.values())
        slowest = ", ".join(f"{path} {seconds:.0f}" for path, seconds in _file_seconds.most_common(12))
        terminalreporter.write_line(f"test time: {total:.0f} s over the workers; slowest files (s): {slowest}")
    if _malformed_counts:
        terminalreporter.write_line(
            f"malformed-input sweep: {_malformed_counts['requests']} requests, "
            f"{_malformed_counts['server errors']} server errors"
        )
    if _sweep_counts:
        terminalreporter.write_line(
            f"browser sweep: {_sweep_counts['axe checks']} page checks, {_sweep_counts['violations']} violations, "
            f"{_sweep_counts['reflow checks']} reflow checks, {_sweep_counts['failures']} failures, "
            f"{_sweep_counts['csp violations']} CSP violations"
        )
