"""API behaviour: the token's city, scopes, errors, throttling, JobPosting, exports, imports, audit."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from accounts.models import AuditLogEntry, Membership
from accounts.services import member_register
from cities.tenancy import city_context
from jobseekers.imports import HEADERS
from jobseekers.models import JobSeeker
from tests.accounts.test_permission_matrix import build_employer_world, build_placement_world
from tests.api.conftest import bearer_client, make_member, make_token

pytestmark = pytest.mark.django_db


@pytest.fixture
def users(city_a, city_b) -> dict:
    roles = ("job_seeker", "employer", "staff", "city_admin", "partner")
    found = {role: make_member(city_a, role) for role in roles}
    found["staff_b"] = make_member(city_b, Membership.Role.STAFF)
    return found


@pytest.fixture
def vacancy_world(city_a, users) -> dict:
    return build_employer_world(city_a, users)


def _access_entries(city, seeker) -> list[AuditLogEntry]:
    with city_context(city):
        return list(
            AuditLogEntry.objects.filter(action=AuditLogEntry.Action.ACCESS, object_pk=str(seeker.pk)).order_by("pk")
        )


# --- The city is the token's ------------------------------------------------------------------------------
def test_a_token_works_in_its_own_city_only(city_a, city_b, users):
    """The same person is staff in A and B: a token made in B lists B's people, whatever the session says."""
    person = users["staff"]
    with city_context(city_b):
        member_register(user=person, city=city_b, role=Membership.Role.STAFF)
    with city_context(city_a):
        JobSeeker.objects.create(name="Alpha person")
    with city_context(city_b):
        JobSeeker.objects.create(name="Beta person")
    client = bearer_client(make_token(person, city_b))
    client.force_login(person)  # a session choosing A is ignored when a bearer token is sent
    session = client.session
    session["active_city_id"] = city_a.pk
    session.save()
    names = [row["name"] for row in client.get(reverse("api:jobseeker-list")).json()["results"]]
    assert names == ["Beta person"]
    # Headers or parameters naming a city change nothing.
    response = client.get(reverse("api:jobseeker-list"), {"city": city_a.pk}, HTTP_X_CITY=str(city_a.pk))
    assert [row["name"] for row in response.json()["results"]] == ["Beta person"]


def test_a_token_stops_working_in_a_city_the_user_left(city_a, users):
    staff = users["staff"]
    raw = make_token(staff, city_a)
    with city_context(city_a):
        Membership.objects.filter(user=staff).delete()
    response = bearer_client(raw).get(reverse("api:jobseeker-list"))
    assert response.status_code == 403 and response.json()["error"]["code"] == "permission_denied"


def test_a_staff_token_needs_the_users_totp_still(city_a, users):
    from allauth.mfa.models import Authenticator

    staff = users["staff"]
    raw = make_token(staff, city_a)
    Authenticator.objects.filter(user=staff).delete()
    assert bearer_client(raw).get(reverse("api:jobseeker-list")).status_code == 403


# --- Scopes, errors, throttling ---------------------------------------------------------------------------
def test_a_read_token_cannot_write(city_a, users):
    raw = make_token(users["staff"], city_a, scope="read")
    client = bearer_client(raw)
    assert client.get(reverse("api:jobseeker-list")).status_code == 200
    response = client.post(
        reverse("api:jobseeker-list"),
        {"name": "X", "referral_source": "walk_in", "consent_channel": "in_person"},
        format="json",
    )
    assert response.status_code == 403
    assert response.json() == {
        "error": {
            "code": "permission_denied",
            "message": "This API token is read-only: create a token with the write scope to change data.",
            "fields": {},
        }
    }
    with city_context(city_a):
        assert not JobSeeker.objects.filter(name="X").exists()


def test_validation_errors_name_the_fields_and_are_translated(city_a, users):
    client = bearer_client(make_token(users["staff"], city_a))
    response = client.post(reverse("api:jobseeker-list"), {"referral_source": "nowhere"}, format="json")
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid" and error["message"] == "The request has errors: see the fields."
    assert {"name", "referral_source", "consent_channel"} <= set(error["fields"])
    missing = reverse("api:jobseeker-detail", kwargs={"pk": 987654})
    assert client.get(missing).json()["error"]["message"] == "Not found."
    indonesian = client.get(missing, HTTP_ACCEPT_LANGUAGE="id").json()["error"]
    assert indonesian["code"] == "not_found" and indonesian["message"] == "Tidak ditemukan."


def test_a_service_rule_is_a_400_with_its_field(city_a, users):
    """The NIK rules live in the service (jobseeker_register); the API reports them like the page."""
    client = bearer_client(make_token(users["staff"], city_a))
    body = {"name": "Nik Salah", "nik": "1234", "referral_source": "walk_in", "consent_channel": "in_person"}
    response = client.post(reverse("api:jobseeker-list"), body, format="json")
    assert response.status_code == 400 and "nik" in response.json()["error"]["fields"]


def test_duplicates_are_refused_until_confirmed(city_a, users):
    client = bearer_client(make_token(users["staff"], city_a))
    body = {"name": "Sama", "birth_date": "1990-01-07", "referral_source": "walk_in", "consent_channel": "in_person"}
    assert client.post(reverse("api:jobseeker-list"), body, format="json").status_code == 201
    again = client.post(reverse("api:jobseeker-list"), body, format="json")
    assert again.status_code == 400 and "not_a_duplicate" in again.json()["error"]["fields"]
    confirmed = client.post(reverse("api:jobseeker-list"), {**body, "not_a_duplicate": True}, format="json")
    assert confirmed.status_code == 201


def test_consents_given_through_the_api_are_recorded_like_the_page(city_a, users):
    client = bearer_client(make_token(users["staff"], city_a))
    body = {
        "name": "Setuju",
        "referral_source": "walk_in",
        "consent_channel": "in_person",
        "consents": ["matching", "sharing"],
    }
    missing = client.post(reverse("api:jobseeker-list"), body, format="json")
    assert missing.status_code == 400 and "consent_basis" in missing.json()["error"]["fields"]
    family = client.post(reverse("api:jobseeker-list"), {**body, "consent_basis": "family"}, format="json")
    assert family.status_code == 400 and "guardian_name" in family.json()["error"]["fields"]
    body["consent_basis"] = "read_aloud"
    seeker_id = client.post(reverse("api:jobseeker-list"), body, format="json").json()["id"]
    detail = client.get(reverse("api:jobseeker-detail", kwargs={"pk": seeker_id})).json()
    assert detail["matching_allowed"] and detail["sharing_allowed"] and not detail["notifications_allowed"]
    assert detail["consents"]["matching"] == "given" and detail["consents"]["notifications"] is None
    assert detail["registration_channel"] == "staff"


def test_an_unknown_route_and_a_wrong_method_keep_the_shape(city_a, users):
    client = bearer_client(make_token(users["staff"], city_a))
    response = client.delete(reverse("api:jobseeker-list"))
    assert response.status_code == 405 and response.json()["error"]["code"] == "method_not_allowed"
    response = client.get(reverse("api:jobseeker-detail", kwargs={"pk": 987654}))
    assert response.status_code == 404 and response.json()["error"] == {
        "code": "not_found",
        "message": "Not found.",
        "fields": {},
    }


def test_throttling_per_token(settings, city_a, users):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"user": "3/minute", "anon": "2/minute"},
    }
    from rest_framework.settings import api_settings
    from rest_framework.throttling import SimpleRateThrottle

    api_settings.reload()
    SimpleRateThrottle.THROTTLE_RATES = api_settings.DEFAULT_THROTTLE_RATES
    try:
        first = bearer_client(make_token(users["staff"], city_a))
        second = bearer_client(make_token(users["staff"], city_a))
        url = reverse("api:jobseeker-list")
        assert [first.get(url).status_code for _ in range(3)] == [200, 200, 200]
        limited = first.get(url)
        assert limited.status_code == 429 and int(limited["Retry-After"]) > 0
        assert limited.json()["error"]["code"] == "throttled"
        assert second.get(url).status_code == 200  # counted per token
        public = reverse("api:public-vacancy-list", kwargs={"city_slug": city_a.slug})
        anonymous = APIClient()
        assert [anonymous.get(public).status_code for _ in range(3)] == [200, 200, 429]
    finally:
        settings.REST_FRAMEWORK = {
            **settings.REST_FRAMEWORK,
            "DEFAULT_THROTTLE_RATES": {"user": "1200/hour", "anon": "300/hour"},
        }
        api_settings.reload()
        SimpleRateThrottle.THROTTLE_RATES = api_settings.DEFAULT_THROTTLE_RATES


# --- Public vacancies and JobPosting ----------------------------------------------------------------------
def test_public_vacancies_and_jobposting(city_a, city_b, vacancy_world):
    vacancy = vacancy_world["vacancy"]
    client = APIClient()
    listing = client.get(reverse("api:public-vacancy-list", kwargs={"city_slug": city_a.slug})).json()
    assert listing["count"] == 1 and listing["results"][0]["id"] == vacancy.pk
    assert listing["results"][0]["url"].endswith(f"/kota/{city_a.slug}/lowongan/{vacancy.pk}/")
    assert set(listing["results"][0]) >= {"title", "employer_name", "arrangement", "deadline"}
    assert "description" not in listing["results"][0]
    other = client.get(reverse("api:public-vacancy-list", kwargs={"city_slug": city_b.slug})).json()
    assert other["count"] == 0
    missing = client.get(reverse("api:public-vacancy-detail", kwargs={"city_slug": city_b.slug, "id": vacancy.pk}))
    assert missing.status_code == 404
    posting = client.get(
        reverse("api:public-vacancy-jobposting", kwargs={"city_slug": city_a.slug, "id": vacancy.pk})
    ).json()
    assert posting["@context"] == "https://schema.org/" and posting["@type"] == "JobPosting"
    assert posting["title"] == "Operator data" and posting["hiringOrganization"]["name"] == "PT Matriks"
    assert posting["jobLocation"]["address"]["addressCountry"] == "ID"
    assert posting["validThrough"] == "2099-01-01T23:59:59+07:00" and posting["datePosted"]
    assert posting["employmentType"] == "FULL_TIME"
    postings = client.get(reverse("api:public-vacancy-jobpostings", kwargs={"city_slug": city_a.slug})).json()
    assert postings["count"] == 1 and postings["results"] == [posting]
    unknown = client.get(reverse("api:public-vacancy-list", kwargs={"city_slug": "tidak-ada"}))
    assert unknown.status_code == 404


def test_public_list_filters(city_a, vacancy_world):
    url = reverse("api:public-vacancy-list", kwargs={"city_slug": city_a.slug})
    client = APIClient()
    assert client.get(url, {"q": "operator"}).json()["count"] == 1
    assert client.get(url, {"q": "tukang"}).json()["count"] == 0
    assert client.get(url, {"arrangement": "remote"}).json()["count"] == 0
    assert client.get(url, {"accommodation": "not-a-number"}).json()["count"] == 1


# --- Staff vacancies and employers ------------------------------------------------------------------------
def test_staff_publish_through_the_service(city_a, users, vacancy_world):
    from employers import services

    employer_client = bearer_client(make_token(users["employer"], city_a))
    created = employer_client.post(
        reverse("api:own-vacancy-list"),
        {
            "title": "Juru ketik",
            "description": "<p>Mengetik</p><script>alert(1)</script>",
            "essential_tasks": "Mengetik",
            "employment_type": "part_time",
            "arrangement": "remote",
            "working_hours": "4 jam",
            "wage_negotiable": True,
        },
        format="json",
    )
    assert created.status_code == 201, created.content
    draft = created.json()
    assert draft["status"] == "draft" and "<script>" not in draft["description"]
    staff_client = bearer_client(make_token(users["staff"], city_a))
    transition = reverse("api:vacancy-transition", kwargs={"pk": draft["id"]})
    conflict = staff_client.post(transition, {"to": "published"}, format="json")
    assert conflict.status_code == 409 and conflict.json()["error"]["code"] == "conflict"
    submitted = employer_client.post(
        reverse("api:own-vacancy-transition", kwargs={"pk": draft["id"]}), {"to": "submitted"}, format="json"
    )
    assert submitted.status_code == 200 and submitted.json()["status"] == "submitted"
    published = staff_client.post(transition, {"to": "published"}, format="json")
    assert published.status_code == 200 and published.json()["status"] == "published"
    with city_context(city_a):
        assert services.Vacancy.objects.get(pk=draft["id"]).published_by == users["staff"]
    public = APIClient().get(reverse("api:public-vacancy-list", kwargs={"city_slug": city_a.slug})).json()
    assert draft["id"] in {row["id"] for row in public["results"]}


def test_employer_sees_only_its_own_vacancies(city_a, users, vacancy_world):
    other_employer = make_member(city_a, Membership.Role.EMPLOYER)
    client = bearer_client(make_token(other_employer, city_a))
    assert client.get(reverse("api:own-vacancy-list")).json()["count"] == 0
    detail = client.get(reverse("api:own-vacancy-detail", kwargs={"pk": vacancy_world["vacancy"].pk}))
    assert detail.status_code == 404
    no_org = client.post(reverse("api:own-vacancy-list"), {"title": "x"}, format="json")
    assert no_org.status_code == 409


def test_vacancy_export_csv_and_xlsx(city_a, users, vacancy_world):
    client = bearer_client(make_token(users["staff"], city_a))
    response = client.get(reverse("api:vacancy-export", kwargs={"fmt": "csv"}), {"status": "published"})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert response["Cache-Control"] == "private, no-store"
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["ID", "Judul", "Pemberi kerja"] and rows[1][1] == "Operator data"
    assert len(rows) == 2
    xlsx = client.get(reverse("api:vacancy-export", kwargs={"fmt": "xlsx"}))
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert [cell.value for cell in sheet[1]][:2] == ["ID", "Judul"] and sheet.max_row == 2


def test_spreadsheet_formulas_are_neutralised(city_a, users, vacancy_world):
    from api.exchange import table_bytes

    body, _type = table_bytes(["A"], [['=HYPERLINK("x")'], ["+1"], ["normal"], [5]], "csv", sheet="s")
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert rows[1:] == [['\'=HYPERLINK("x")'], ["'+1"], ["normal"], ["5"]]


# --- Job seekers: audit, export, import ------------------------------------------------------------------
def test_case_read_is_masked_and_sensitive_read_is_audited(city_a, users):
    with city_context(city_a):
        seeker = JobSeeker.objects.create(name="Rahasia", nik="3372054701900001", ragam=["fisik"])
    client = bearer_client(make_token(users["staff"], city_a))
    case = client.get(reverse("api:jobseeker-detail", kwargs={"pk": seeker.pk})).json()
    assert "nik" not in case and case["nik_masked"] != "3372054701900001" and "ragam" not in case
    assert _access_entries(city_a, seeker) == []
    sensitive = client.get(reverse("api:jobseeker-sensitive", kwargs={"pk": seeker.pk})).json()
    assert sensitive["nik"] == "3372054701900001" and sensitive["ragam"] == ["fisik"]
    entries = _access_entries(city_a, seeker)
    assert len(entries) == 1 and entries[0].actor == users["staff"]
    assert entries[0].additional_data["fields"] == ["disability", "identity", "needs"]


def test_case_transitions_follow_the_service(city_a, users):
    with city_context(city_a):
        seeker = JobSeeker.objects.create(name="Kasus")
    client = bearer_client(make_token(users["staff"], city_a))
    url = reverse("api:jobseeker-case", kwargs={"pk": seeker.pk})
    placed = client.post(url, {"status": "placed"}, format="json")
    assert placed.status_code == 400 and placed.json()["error"]["fields"]
    active = client.post(url, {"status": "active", "assigned_officer": users["staff"].pk}, format="json")
    assert active.status_code == 200 and active.json()["status"] == "active"
    assert active.json()["assigned_officer"] == (users["staff"].name or users["staff"].email)
    stranger = client.post(url, {"status": "active", "assigned_officer": users["staff_b"].pk}, format="json")
    assert stranger.status_code == 400 and "assigned_officer" in stranger.json()["error"]["fields"]


def test_caseload_export_is_audited_per_person(city_a, users):
    with city_context(city_a):
        people = [JobSeeker.objects.create(name=f"Orang {i}", nik="") for i in range(3)]
    client = bearer_client(make_token(users["staff"], city_a))
    response = client.get(reverse("api:jobseeker-export", kwargs={"fmt": "csv"}))
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][1] == "Nama lengkap" and len(rows) == 4
    for person in people:
        entries = _access_entries(city_a, person)
        assert len(entries) == 1 and entries[0].additional_data["export"] is True


def _upload(rows: list[list[str]], name: str = "impor.csv"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    out = io.StringIO()
    csv.writer(out).writerows([HEADERS, *rows])
    return SimpleUploadedFile(name, out.getvalue().encode(), content_type="text/csv")


def _row(name: str, nik: str = "", birth: str = "") -> list[str]:
    return [name, nik, birth, "", "", "", "", "", "", "", "walk_in", ""]


def test_import_dry_run_reports_rows_and_writes_nothing(city_a, users):
    client = bearer_client(make_token(users["staff"], city_a))
    url = reverse("api:jobseeker-import")
    upload = _upload([_row("Baik"), _row(""), _row("Tanggal", birth="31/31/2000")])
    report = client.post(url, {"file": upload}, format="multipart").json()
    assert report["ok"] is False and report["committed"] is False and report["rows"] == 3
    assert [(p["row"], p["column"]) for p in report["problems"]] == [(3, "Nama lengkap"), (4, "Tanggal lahir")]
    with city_context(city_a):
        assert not JobSeeker.objects.exists()


def test_import_commit_is_all_or_nothing(city_a, users):
    client = bearer_client(make_token(users["staff"], city_a))
    url = reverse("api:jobseeker-import")
    bad = client.post(url, {"file": _upload([_row("Satu"), _row("")]), "dry_run": "false"}, format="multipart")
    assert bad.status_code == 400 and bad.json()["committed"] is False
    assert bad.json()["error"]["code"] == "invalid"
    with city_context(city_a):
        assert not JobSeeker.objects.exists()
    good = client.post(url, {"file": _upload([_row("Satu"), _row("Dua")]), "dry_run": "false"}, format="multipart")
    assert good.status_code == 200 and good.json() == {
        "ok": True,
        "committed": True,
        "created": 2,
        "rows": 2,
        "fatal": "",
        "problems": [],
    }
    with city_context(city_a):
        imported = JobSeeker.objects.order_by("name")
        assert [p.name for p in imported] == ["Dua", "Satu"]
        assert all(p.consent_to_confirm and p.registration_channel == "import" for p in imported)


def test_import_of_an_unreadable_file(city_a, users):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = bearer_client(make_token(users["staff"], city_a))
    upload = SimpleUploadedFile("x.csv", b"\xff\xfe\x00garbage", content_type="text/csv")
    response = client.post(reverse("api:jobseeker-import"), {"file": upload}, format="multipart")
    assert response.status_code == 400 and response.json()["fatal"]


# --- An employer never reads an undisclosed field of a candidate --------------------------------------------
def test_an_employer_token_never_reads_undisclosed_fields(city_a, users, vacancy_world):
    from placements.models import Referral

    with city_context(city_a):
        seeker = JobSeeker.objects.create(
            name="Kandidat",
            user=users["job_seeker"],
            nik="3372054701900001",
            ragam=["mental"],
            assistive_devices=["wheelchair"],
            birth_date="1990-01-07",
        )
    build_placement_world(city_a, users, seeker, vacancy_world["vacancy"])
    client = bearer_client(make_token(users["employer"], city_a))
    response = client.get(reverse("placements:api-employer-candidates"))
    assert response.status_code == 200
    candidates = [c for c in response.json()["results"] if c["name"] == "Kandidat"]
    assert len(candidates) == 1
    candidate = candidates[0]
    assert "needs" in candidate  # disclosed on this referral
    for undisclosed in ("ragam", "functioning", "documents", "nik", "birth_date", "kpd_number", "wg_disability"):
        assert undisclosed not in candidate
    assert "mental" not in response.content.decode() and "3372054701900001" not in response.content.decode()
    # ... and nothing of the person through the staff endpoints.
    for name in ("api:jobseeker-detail", "api:jobseeker-sensitive"):
        assert client.get(reverse(name, kwargs={"pk": seeker.pk})).status_code == 403
    with city_context(city_a):
        assert Referral.objects.filter(job_seeker=seeker).exists()


def test_xlsx_exports_survive_control_characters(city_a, users, vacancy_world):
    """Found by the schemathesis run: a name with a control character made the XLSX export fail."""
    from openpyxl import load_workbook

    with city_context(city_a):
        JobSeeker.objects.create(name="Nama\x01Aneh", nik="")
    client = bearer_client(make_token(users["staff"], city_a))
    response = client.get(reverse("api:jobseeker-export", kwargs={"fmt": "xlsx"}))
    assert response.status_code == 200
    names = [row[1].value for row in load_workbook(io.BytesIO(response.content)).active.iter_rows(min_row=2)]
    assert names == ["NamaAneh"]


def test_import_of_a_file_that_is_no_table(city_a, users):
    """Found by the schemathesis run: a file the CSV sniffer cannot read made the import fail with a 500."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = bearer_client(make_token(users["staff"], city_a))
    upload = SimpleUploadedFile("file.pdf", b"%PDF-1.4\n1 0 obj\n<</Type/Catalog>>\nendobj\n", content_type="text/csv")
    response = client.post(reverse("api:jobseeker-import"), {"file": upload}, format="multipart")
    assert response.status_code == 200 and response.json()["ok"] is False and response.json()["fatal"]


def test_date_time_filters_accept_any_iso_offset(city_a, users, vacancy_world):
    """Found by the schemathesis run: ISO allows offsets PostgreSQL refuses (+20:30); compared in UTC."""
    client = bearer_client(make_token(users["staff"], city_a))
    url = reverse("api:vacancy-list")
    assert client.get(url, {"published_after": "2000-01-01T00:00:00+20:30"}).json()["count"] == 1
    assert client.get(url, {"published_after": "2098-12-31T23:00:00-03:00"}).json()["count"] == 0
    bad = client.get(url, {"published_after": "yesterday"})
    assert bad.status_code == 400 and bad.json()["error"]["code"] == "invalid"


# --- APEKSI: aggregates only, suppressed ------------------------------------------------------------------
def test_apeksi_reads_suppressed_aggregates_only(client, city_a, city_b, users):
    from django.utils import timezone

    from accounts.models import User
    from dashboards.models import CityRollup
    from tests.factories import CityFactory, UserFactory, give_totp

    month = timezone.localdate().replace(day=1)
    CityRollup.objects.create(for_city=city_a, month=month, indicator="placements", count=3)
    CityRollup.objects.create(for_city=city_b, month=month, indicator="placements", count=42)
    city_c = CityFactory(name="Kota Gamma", slug="kota-gamma")
    CityRollup.objects.create(for_city=city_c, month=month, indicator="placements", count=17)
    analyst = UserFactory(cross_city_role=User.CrossCityRole.APEKSI_ANALYST)
    give_totp(analyst)
    api = APIClient()
    api.force_login(analyst)
    response = api.get(reverse("api:apeksi-indicators-list"))
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["period"]["to"] == month.strftime("%Y-%m") and body["rank"] == "placements"
    cities = next(table for table in body["tables"] if table["slug"] == "cities")
    placements = {row[cities["columns"][0]["key"]]: row.get("placements") for row in cities["rows"]}
    assert placements[city_b.name] == 42 and placements[city_a.name] == "<5"
    # Complementary suppression: the smallest other city is hidden too, so 3 cannot be derived from the
    # total; it is marked "x" (hidden to protect another figure), never "<5", since 17 is not 1 to 4.
    assert placements[city_c.name] == "x"
    assert '"placements": 3' not in response.content.decode()
    bad = api.get(reverse("api:apeksi-indicators-list"), {"dari": "2020-01", "sampai": "2026-01"})
    assert bad.status_code == 400 and bad.json()["error"]["fields"]
    # The period is one calendar year (small-cell protection): this year, January to this month.
    assert body["period"] == {"from": f"{month.year}-01", "to": month.strftime("%Y-%m")}
    last_year = api.get(reverse("api:apeksi-indicators-list"), {"tahun": month.year - 1}).json()
    assert last_year["period"] == {"from": f"{month.year - 1}-01", "to": f"{month.year - 1}-12"}
    overlapping = api.get(reverse("api:apeksi-indicators-list"), {"dari": month.strftime("%Y-%m")}).json()
    assert overlapping == body
    future = api.get(reverse("api:apeksi-indicators-list"), {"tahun": month.year + 1})
    assert future.status_code == 400 and future.json()["error"]["fields"]
    staff = bearer_client(make_token(users["staff"], city_a))
    assert staff.get(reverse("api:apeksi-indicators-list")).status_code == 403


# --- Queries do not grow with the rows ----------------------------------------------------------------
def test_list_queries_do_not_depend_on_the_number_of_rows(city_a, users, vacancy_world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = bearer_client(make_token(users["staff"], city_a))

    def count(url) -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    urls = [reverse("api:jobseeker-list"), reverse("api:vacancy-list"), reverse("api:employer-list")]
    client.get(urls[0])  # the token's first use writes last_used_at once
    with city_context(city_a):
        JobSeeker.objects.bulk_create([JobSeeker(name=f"Satu {i}") for i in range(2)])
    before = [count(url) for url in urls]
    with city_context(city_a):
        JobSeeker.objects.bulk_create([JobSeeker(name=f"Dua {i}") for i in range(20)])
    from employers import services

    for i in range(5):
        with city_context(city_a):
            services.vacancy_save(
                actor=users["employer"],
                employer=vacancy_world["employer"],
                title=f"Lowongan {i}",
                description="<p>x</p>",
                essential_tasks="x",
                employment_type="permanent",
                arrangement="on_site",
                working_hours="8",
                wage_negotiable=True,
            )
    assert [count(url) for url in urls] == before
