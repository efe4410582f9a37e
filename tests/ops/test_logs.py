"""The logs are JSON lines with a request id and a city id, and hold no personal data.

The main journeys run through the Django test client — a job seeker signs up (name, email, phone), staff
register a person at the counter (name, NIK, phone) and search the caseload by name and by NIK, an
employer posts a vacancy, staff refer the person — with every logger at DEBUG written through the
``LOGGING`` of the settings (SQL logging forced on, as ``DEBUG=True`` would have it), and a city task
runs in a worker's way. No name, NIK, phone number or email address used may appear in any line.
"""

from __future__ import annotations

import copy
import io
import json
import logging
import logging.config
import uuid

import pytest
from django.conf import settings
from django.db import connection
from django.urls import reverse

from accounts.models import Membership
from api.models import ApiToken
from cities.tasks import CityTask
from cities.tenancy import city_context
from employers.models import Vacancy
from ijc_portal import logs
from ijc_portal.celery import app
from ijc_portal.logs import redact
from jobseekers.models import JobSeeker
from placements.models import Referral
from tests import personas
from tests.api.conftest import bearer_client, make_token
from tests.celery_worker import isolated_worker, reset_connections
from tests.employers.conftest import vacancy_fields

pytestmark = pytest.mark.django_db

SIGN_UP = {"name": "Rina Wulandari", "email": "rina.wulandari@contoh.test", "phone": "0812 3456 7890"}
WALK_IN = {"name": "Bambang Sutrisno", "nik": "3372050701900002", "phone": "+62 813 1111 2222"}
EMPLOYER = {"name": "Hendra Gunawan", "email": "hendra.gunawan@maju.test"}
# Each as it may be written (the phone numbers also as stored, E.164).
SECRETS = [
    *SIGN_UP.values(),
    *WALK_IN.values(),
    *EMPLOYER.values(),
    "Wulandari",
    "Sutrisno",
    "Gunawan",
    "+6281234567890",
    "081234567890",
    "+6281311112222",
    "3372 0507 0190 0002",
]


@app.task(base=CityTask, name="tests.ops.log_probe")
def log_probe(*, city_id: int, text: str) -> str:
    """A city task that logs what it was given (a careless task), and returns it."""
    logging.getLogger("ijc_portal.tests").info("probe for %s", text)
    return text


@app.task(name="tests.ops.log_echo")
def log_echo(*, city_id: int, text: str) -> None:
    """A task without the database that logs what it was given."""
    logging.getLogger("ijc_portal.tests").info("echo for %s", text)


@pytest.fixture
def json_lines():
    """Every log record, at DEBUG, formatted by the settings' ``LOGGING`` into a buffer; the lines at the end."""
    buffer = io.StringIO()
    config = copy.deepcopy(settings.LOGGING)
    config["handlers"]["console"]["stream"] = buffer
    config["root"]["level"] = config["handlers"]["console"]["level"] = "DEBUG"
    config["loggers"]["factory"] = {"level": "INFO"}  # factory_boy (tests only) writes its calls with names
    logging.config.dictConfig(config)

    def lines() -> list[str]:
        return buffer.getvalue().splitlines()

    lines.reapply = lambda: logging.config.dictConfig(config)  # after something applied settings.LOGGING again
    try:
        yield lines
    finally:
        logging.config.dictConfig(settings.LOGGING)


def parsed(lines: list[str]) -> list[dict]:
    records = [json.loads(line) for line in lines]  # every line is one JSON object
    for record in records:
        assert {"time", "level", "logger", "message", "request_id", "city_id", "task_id"} <= record.keys(), record
    return records


def test_the_main_journeys_log_json_with_ids_and_no_personal_data(client, city_a, staff_a, json_lines):
    employer_persona = personas.employer(city_a, verifier=staff_a)
    connection.force_debug_cursor = True  # django.db.backends writes each query with its parameters
    try:
        # A job seeker signs up.
        response = client.post(
            reverse("account_signup"),
            {
                **SIGN_UP,
                "role": Membership.Role.JOB_SEEKER.value,
                "city": city_a.pk,
                "password1": "Kerja-Inklusif-2026",
                "password2": "Kerja-Inklusif-2026",
            },
        )
        assert response.status_code == 302
        # Staff register a person at the counter, then search the caseload by name and by NIK.
        client.force_login(staff_a)
        response = client.post(
            reverse("jobseekers:register"),
            {
                **WALK_IN,
                "referral_source": "walk_in",
                "consents": ["matching", "sharing"],
                "consent_channel": "in_person",
                "basis": "read_aloud",
            },
        )
        assert response.status_code == 302, response.content.decode()[:2000]
        for term in (WALK_IN["name"], WALK_IN["nik"]):
            response = client.get(reverse("jobseekers:list"), {"q": term})
            assert response.status_code == 200 and WALK_IN["name"] in response.content.decode()
        assert client.get("/tidak-ada/", {"q": WALK_IN["name"], "email": SIGN_UP["email"]}).status_code == 404
        with city_context(city_a):
            person = JobSeeker.objects.get(nik=WALK_IN["nik"])
        # Staff refer the person to the published vacancy.
        url = reverse("placements:vacancy-suggestions", kwargs={"pk": employer_persona.vacancy.pk})
        response = client.post(url, {"job_seeker": person.pk, "note": f"Untuk {WALK_IN['name']}"})
        assert response.status_code == 302
        with city_context(city_a):
            assert Referral.objects.filter(job_seeker=person).exists()
        # An employer posts a vacancy.
        employer_user = personas.member(city_a, Membership.Role.EMPLOYER, **EMPLOYER)
        client.force_login(employer_user)
        organisation = {**personas.ORGANISATION, "nib": "8120000000002", "contact_name": EMPLOYER["name"]}
        organisation["contact_email"] = EMPLOYER["email"]
        assert client.post(reverse("employers:organisation"), organisation).status_code == 302
        response = client.post(
            reverse("employers:vacancy-create"), vacancy_fields(deadline="2099-01-31", education_level="sma")
        )
        assert response.status_code == 302, response.context["form"].errors
        with city_context(city_a):
            assert Vacancy.objects.filter(employer__contact_name=EMPLOYER["name"]).exists()
        # A city task, run as a worker runs it (signals, trace), logging carelessly.
        result = log_probe.apply(kwargs={"city_id": city_a.pk, "text": WALK_IN["nik"]})
        assert result.get() == WALK_IN["nik"]
    finally:
        connection.force_debug_cursor = False

    lines = json_lines()
    records = parsed(lines)
    text = "\n".join(lines)
    for secret in SECRETS:
        assert secret not in text, secret
    requests = [r for r in records if r["logger"] == "ijc_portal.request"]
    assert len(requests) == 8
    for record in requests:
        assert len(record["request_id"]) == 32 and "?" not in record["path"]
    staff_lines = [r for r in requests if r["path"].startswith("/petugas/")]
    assert staff_lines and {r["city_id"] for r in staff_lines} == {city_a.pk}
    not_found = [r for r in records if r["logger"] == "django.request"]
    assert not_found and not_found[0]["request_id"] and not_found[0]["message"] == "Not Found: /tidak-ada/"
    probe = next(r for r in records if r["logger"] == "ijc_portal.tests")
    assert probe["message"] == "probe for [nik]"
    assert probe["task_id"] == result.id and probe["request_id"] == result.id and probe["city_id"] == city_a.pk
    assert not [r for r in records if r["logger"].startswith("django.db.backends")]


def test_a_sane_request_id_is_kept_and_returned_anything_else_replaced(client, city_a, json_lines):
    given = "3f8e2b0c-9a41-4d6e-8f53-1c2d3e4f5a6b"
    assert client.get("/healthz-tidak-ada/", HTTP_X_REQUEST_ID=given)["X-Request-ID"] == given
    for forged in (WALK_IN["nik"], SIGN_UP["email"], "Rina Wulandari", "x" * 20, "a" * 65, "abc"):
        answered = client.get("/healthz-tidak-ada/", HTTP_X_REQUEST_ID=forged)["X-Request-ID"]
        assert answered != forged and len(answered) == 32
    records = parsed(json_lines())
    assert given in {r["request_id"] for r in records}
    assert WALK_IN["nik"] not in json.dumps(records) and SIGN_UP["email"] not in json.dumps(records)


def test_an_exception_is_logged_with_its_message_redacted(json_lines):
    try:
        raise ValueError(f"No account {SIGN_UP['email']} for NIK {WALK_IN['nik']} at {SIGN_UP['phone']}")
    except ValueError:
        logging.getLogger("django.request").exception(
            "Internal Server Error: /cari/?q=%s",
            WALK_IN["name"].replace(" ", "+"),
            extra={"status_code": 500, "request": object()},
        )
    (record,) = parsed(json_lines())
    assert record["message"] == "Internal Server Error: /cari/?[query]" and record["status_code"] == 500
    assert "ValueError: No account [email] for NIK [nik] at [phone]" in record["exception"]
    assert "request" not in record


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("NIK 3372050701900002.", "NIK [nik]."),
        ("NIK 3372 0507 0190 0002", "NIK [nik]"),
        ("to rina.w+ijc@contoh.co.id, ok", "to [email], ok"),
        ("hp 0812-3456-7890 / +62 812 3456 7890 / 6281234567890", "hp [phone] / [phone] / [phone]"),
        ("kantor (0271) 123456 or +62 21 5551234", "kantor [phone] or [phone]"),
        (
            '"GET /petugas/pencari-kerja/?q=Bambang+S HTTP/1.1" 200',
            '"GET /petugas/pencari-kerja/?[query] HTTP/1.1" 200',
        ),
        ("took 62.81 ms, 1234 rows, vacancy 123456, 2026-12-08T02:06:37", None),
    ],
)
def test_redaction(text, expected):
    assert redact(text) == (text if expected is None else expected)


def test_a_real_workers_lines_carry_the_task_its_city_and_the_request_that_queued_it(settings, json_lines):
    app.conf.broker_url = settings.CELERY_BROKER_URL
    reset_connections(app)
    queue = f"test-logs-{uuid.uuid4().hex}"
    request_id = "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d"
    with isolated_worker(app, pool="solo", perform_ping_check=False, queues=[queue], shutdown_timeout=10):
        json_lines.reapply()  # the worker's start ran django.setup(), which configured LOGGING again
        logs.bind(request_id=request_id, city_id=7)
        try:
            result = log_echo.apply_async(kwargs={"city_id": 7, "text": WALK_IN["nik"]}, queue=queue)
        finally:
            logs.clear()
        result.get(timeout=30)
    records = parsed(json_lines())
    echo = next(r for r in records if r["logger"] == "ijc_portal.tests")
    assert echo["message"] == "echo for [nik]"
    assert (echo["request_id"], echo["task_id"], echo["city_id"]) == (request_id, result.id, 7)
    assert WALK_IN["nik"] not in "\n".join(json_lines())


def test_a_request_through_an_api_token_names_the_token(city_a, staff_a, json_lines):
    raw = make_token(staff_a, city_a, scope="read")
    assert bearer_client(raw).get("/api/v1/pencari-kerja/", {"q": WALK_IN["nik"]}).status_code == 200
    (line,) = [r for r in parsed(json_lines()) if r["logger"] == "ijc_portal.request"]
    with city_context(city_a):
        token = ApiToken.objects.get(user=staff_a)
    assert line["api_token_id"] == token.pk and line["city_id"] == city_a.pk
    assert line["path"] == "/api/v1/pencari-kerja/" and WALK_IN["nik"] not in json.dumps(line)
