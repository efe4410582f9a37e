"""The OpenAPI schema: it validates, documents every operation with an example, and holds against a
schemathesis run (generated requests to every operation as a staff token and anonymously: no 5xx,
every response conforms to its documented schema). Bounded: a few examples per operation, no
shrinking, a time budget for the whole run."""

from __future__ import annotations

import time

import pytest
import yaml
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.test import Client
from django.urls import reverse
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.validation import validate_schema

from accounts.models import Membership
from cities.tenancy import city_context
from jobseekers.models import JobSeeker
from tests.accounts.test_permission_matrix import build_employer_world
from tests.api.conftest import make_member, make_token

pytestmark = pytest.mark.django_db

MAX_EXAMPLES = 4  # per operation and identity
TIME_BUDGET_SECONDS = 120  # the whole schemathesis run; the test fails rather than run longer


def test_the_schema_validates_against_the_openapi_specification():
    schema = SchemaGenerator().get_schema(request=None, public=True)
    validate_schema(schema)  # raises on an invalid document
    assert schema["openapi"].startswith("3.")
    assert schema["components"]["securitySchemes"]["bearerAuth"] == {
        "type": "http",
        "scheme": "bearer",
        "description": schema["components"]["securitySchemes"]["bearerAuth"]["description"],
    }


def test_every_operation_has_a_summary_and_an_example():
    schema = SchemaGenerator().get_schema(request=None, public=True)
    missing = []
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            if method not in {"get", "post", "put", "patch", "delete"}:
                continue
            has_example = any(
                "examples" in content or "example" in content
                for response in operation["responses"].values()
                for content in (response.get("content") or {}).values()
            ) or any("examples" in c for c in ((operation.get("requestBody") or {}).get("content") or {}).values())
            binary = any(
                (c.get("schema") or {}).get("format") == "binary"
                for response in operation["responses"].values()
                for c in (response.get("content") or {}).values()
            )
            if not operation.get("summary") or not (has_example or binary):
                missing.append(f"{method.upper()} {path}")
    assert not missing, "Operations without a summary or an example:\n" + "\n".join(missing)


def test_every_protected_operation_documents_401_and_403_with_the_error_shape():
    schema = SchemaGenerator().get_schema(request=None, public=True)
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            if {} in operation.get("security", [{}]):
                continue
            for code in ("401", "403", "404"):
                content = operation["responses"][code]["content"]["application/json"]
                assert content["schema"] == {"$ref": "#/components/schemas/Error"}, (method, path, code)


def test_the_schema_and_docs_pages_are_served(client: Client):
    response = client.get(reverse("api:schema"))
    assert response.status_code == 200
    assert yaml.safe_load(response.content)["info"]["title"] == "IJC Portal API"
    assert client.get(reverse("api:schema"), {"format": "json"}).json()["openapi"].startswith("3.")
    docs = client.get(reverse("api:docs"))
    assert docs.status_code == 200
    body = docs.content.decode()
    assert "/api/v1/pencari-kerja/{id}/sensitive/" in body and "<script" not in body.split("</header>")[1]
    swagger = client.get(reverse("api:swagger")).content.decode()
    assert "drf_spectacular_sidecar/swagger-ui-dist" in swagger and "cdn" not in swagger.lower()


@pytest.fixture
def api_world(city_a, city_b, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"user": "100000/hour", "anon": "100000/hour"},
    }
    from rest_framework.settings import api_settings
    from rest_framework.throttling import SimpleRateThrottle

    api_settings.reload()
    SimpleRateThrottle.THROTTLE_RATES = api_settings.DEFAULT_THROTTLE_RATES
    users = {role: make_member(city_a, role) for role in ("job_seeker", "employer", "staff")}
    world = build_employer_world(city_a, users)
    with city_context(city_a):
        JobSeeker.objects.create(name="Skema", nik="")
    yield {
        **world,
        "city_slug": city_a.slug,
        "staff_token": make_token(users["staff"], city_a),
        "employer_token": make_token(users["employer"], city_a),
    }
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"user": "1200/hour", "anon": "300/hour"},
    }
    api_settings.reload()
    SimpleRateThrottle.THROTTLE_RATES = api_settings.DEFAULT_THROTTLE_RATES


def _runner(operation, identity: str, headers: dict, calls: list, failures: list, city_slug: str):
    """A hypothesis test of ``operation`` as ``identity``: no shrinking, a few derandomised examples.

    A generated ``city_slug`` names no city (a 404 every time): the test city's slug is used instead,
    so the public endpoints answer with data."""
    from hypothesis import HealthCheck, Phase, given, settings
    from schemathesis.checks import not_a_server_error
    from schemathesis.specs.openapi.checks import response_schema_conformance

    @given(case=operation.as_strategy())
    @settings(
        max_examples=MAX_EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    def run(case):
        calls.append(operation.path)
        if case.path_parameters and "city_slug" in case.path_parameters:
            case.path_parameters["city_slug"] = city_slug
        try:
            case.call_and_validate(
                headers={**headers, "Accept-Language": "en"},
                checks=[not_a_server_error, response_schema_conformance],
            )
        except (Exception, BaseExceptionGroup) as error:  # schemathesis' FailureGroup is a BaseExceptionGroup
            failures.append(f"{identity} {operation.method.upper()} {operation.path}: {error}"[:1500])
            raise

    return run


def run_schemathesis(identities: dict[str, dict], city_slug: str, *, only_path: str = "") -> tuple[int, list[str]]:
    """Call every operation (or those whose path contains ``only_path``) with generated cases as each
    identity; returns (calls made, failures). Checks: no 5xx, the response conforms to its schema."""
    # The test's database connection (and its transaction) must survive each request, as with Django's
    # test client: the WSGI handler would close it when a request finishes.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        return _run(identities, city_slug, only_path)
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


def _run(identities: dict[str, dict], city_slug: str, only_path: str) -> tuple[int, list[str]]:
    import schemathesis

    schema = schemathesis.openapi.from_wsgi("/api/v1/schema/?format=json", get_wsgi_application())
    operations = [result.ok() for result in schema.get_all_operations()]
    operations = [operation for operation in operations if only_path in operation.path]
    started = time.monotonic()
    calls: list[str] = []
    failures: list[str] = []
    for identity, headers in identities.items():
        for operation in operations:
            if time.monotonic() - started > TIME_BUDGET_SECONDS:
                pytest.fail(f"schemathesis run over its budget of {TIME_BUDGET_SECONDS} s")

            run = _runner(operation, identity, headers, calls, failures, city_slug)
            before = len(failures)
            try:
                run()
            except (Exception, BaseExceptionGroup):
                if len(failures) == before:  # not a check failure: a broken run must not pass silently
                    raise
    return len(calls), failures


def test_schemathesis_finds_no_server_error_and_no_schema_violation(api_world):
    document = SchemaGenerator().get_schema(request=None, public=True)
    operations = sum(1 for item in document["paths"].values() for method in item if method != "parameters")
    identities = {
        "staff": {"Authorization": f"Bearer {api_world['staff_token']}"},
        "employer": {"Authorization": f"Bearer {api_world['employer_token']}"},
        "anonymous": {},
    }
    calls, failures = run_schemathesis(identities, api_world["city_slug"])
    assert not failures, f"{len(failures)} failing operations:\n" + "\n\n".join(failures)
    assert operations >= 20 and calls >= operations * len(identities)


def test_the_schemathesis_run_catches_a_schema_violation(api_world, monkeypatch):
    """The run above can fail: a response that breaks its schema is reported."""
    from api.serializers import PublicVacancySerializer

    monkeypatch.setattr(PublicVacancySerializer, "to_representation", lambda self, row: {"id": "not a number"})
    calls, failures = run_schemathesis(
        {"anonymous": {}}, api_world["city_slug"], only_path="/kota/{city_slug}/lowongan/"
    )
    assert calls and any("GET /api/v1/kota/{city_slug}/lowongan/" in failure for failure in failures)


def test_a_member_of_the_world_is_staff(api_world):
    """Guards the schemathesis test: its staff token really reaches the staff endpoints."""
    from rest_framework.test import APIClient

    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {api_world['staff_token']}")
    assert client.get(reverse("api:jobseeker-list")).json()["count"] == 1
    assert Membership.Role.STAFF == "staff"
