"""A 10-second mixed load against gunicorn through PgBouncer: no error, no 5xx (bench/load.py at small scale).

Two synthetic cities (``generate_synthetic``) on a few reference rows; gunicorn with two
workers on loopback, in front of it nothing, behind it PgBouncer in transaction-pooling mode with
two server connections. Times are printed, never asserted.
"""

from __future__ import annotations

import os
import time

import pytest
from django.core.management import call_command
from django.db import connection

from ijc_portal.synthetic import load, pooler
from reference.models import ESCO_URI_PREFIX, AccommodationType, Industry, Occupation, Skill
from tests.factories import CityFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not pooler.available() and not os.environ.get("CI"), reason="pgbouncer is not installed (CI installs it)"
    ),
]


def _reference_rows() -> None:
    """A few rows of each reference table the generator draws from (load_reference takes longer)."""
    for code, title in (("4", "Tenaga Tata Usaha"), ("5", "Tenaga Usaha Jasa"), ("9", "Pekerja Kasar")):
        Occupation.objects.create(code=code, level=1, title_id=title, title_en=title)
    for n in range(3):
        Skill.objects.create(code=f"s{n}", esco_uri=f"{ESCO_URI_PREFIX}skill/{n}", kind="skill", label_en=f"skill {n}")
    Industry.objects.create(code="C", level=1, section="C", title_id="Industri Pengolahan", title_en="Manufacturing")
    AccommodationType.objects.create(
        code="ACC-001",
        limitation="x",
        text_en="Ramp",
        text_id="Ram",
        type="workplace_modification",
        cost_level="low",
        source="x",
    )


def _check_generated_people() -> None:
    """The synthetic people pass the portal's own rules: NIK shape, agreement with birth date and gender."""
    from cities.models import City
    from cities.tenancy import city_context
    from jobseekers.models import FunctioningAnswer, JobSeeker
    from jobseekers.nik import validate_nik

    city = City.objects.order_by("code").first()
    with city_context(city):
        people = list(JobSeeker.objects.all())
        assert people and all(person.city_id == city.pk for person in people)
        for person in people:
            if person.nik:
                validate_nik(person.nik, birth_date=person.birth_date, gender=person.gender)
            assert person.email == "" or person.email.endswith("@contoh.test")
        answered = {p.pk for p in people if p.wg_disability is not None}
        assert FunctioningAnswer.objects.values("job_seeker").distinct().count() == len(answered)


def test_synthetic_data_is_valid_and_ten_seconds_of_mixed_load_has_no_error(capsys):
    started = time.perf_counter()
    # Real kota codes: the NIK's first digits are the city's region code and must name a real province.
    CityFactory(code="33.72", bps_code="3372"), CityFactory(code="35.78", bps_code="3578")
    _reference_rows()
    call_command("generate_synthetic", cities=2, jobseekers=300, jobs=1, stdout=open(os.devnull, "w"))  # noqa: SIM115
    generated = time.perf_counter() - started
    _check_generated_people()
    targets = load.prepare(cities=2, seekers_per_city=1)
    prepared = time.perf_counter() - started
    db = connection.settings_dict
    env = dict(os.environ)
    connection.close()
    with pooler.pgbouncer(
        upstream=(db["HOST"], int(db["PORT"] or 5432)), users={db["USER"]: db["PASSWORD"]}, pool_size=2
    ) as pool:
        base = env["DATABASE_URL"].rpartition("/")[0]
        env.update(DATABASE_URL=pool.url(f"{base}/{db['NAME']}"), CONN_MAX_AGE="0")
        with load.serve(env, workers=2) as (host, port):
            ready = time.perf_counter() - started
            swept = load.sweep(host, port, targets)  # every page of the mix once
            result = load.drive(host, port, targets, seconds=10, concurrency=3)
    with capsys.disabled():
        load.report(
            result, f"\n(set-up: data {generated:.1f} s, sign-ins {prepared:.1f} s, served {ready:.1f} s) 10-s load"
        )
    assert swept == [], swept[:5]
    assert result.errors == [], result.errors[:5]
    assert result.server_errors == 0
