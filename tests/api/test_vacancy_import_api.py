"""POST /api/v1/lowongan/impor/ (staff) and /api/v1/lowongan-saya/impor/ (an employer's own): the report,
201 with the ids when every row passes, 400 with the report (nothing written) otherwise."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.models import Membership
from cities.tenancy import city_context
from employers import imports, services
from employers.models import Vacancy
from tests.api.conftest import bearer_client, make_member, make_token

pytestmark = pytest.mark.django_db

HEADER = (
    "Judul,Pemberi kerja,Deskripsi,Tugas pokok,Jenis hubungan kerja,Pengaturan kerja,Jam kerja,"
    "Upah terendah,Upah tertinggi"
)


def line(title="Kasir", employer="", low="3000000", high="4000000") -> str:
    return f"{title},{employer},Melayani pembeli,Menerima bayaran,permanent,on_site,08.00-16.00,{low},{high}"


def upload(*lines: str, name="lowongan.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, ("\ufeff" + "\n".join([HEADER, *lines]) + "\n").encode(), content_type="text/csv")


@pytest.fixture
def org(city_a):
    owner = make_member(city_a, Membership.Role.EMPLOYER)
    with city_context(city_a):
        employer = services.employer_register(
            actor=owner,
            legal_name="PT Impor",
            nib="1111111111111",
            sector="private",
            size="small",
            address="Jl. Impor 1",
            contact_name="Ani",
            contact_email="ani@impor.test",
        )
    return owner, employer


def post(client, name, file, **extra):
    return client.post(reverse(f"api:{name}"), {"file": file, **extra}, format="multipart")


def test_employer_import_creates_drafts(city_a, org):
    owner, employer = org
    client = bearer_client(make_token(owner, city_a))
    response = post(client, "own-vacancy-import", upload(line(), line("Staf gudang")))
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["ok"] and body["committed"] and body["created"] == 2 and body["problems"] == []
    with city_context(city_a):
        drafts = Vacancy.objects.filter(pk__in=body["ids"])
        assert drafts.count() == 2
        assert {(v.status, v.employer_id) for v in drafts} == {(Vacancy.Status.DRAFT, employer.pk)}


def test_one_bad_row_writes_nothing(city_a, org):
    owner, _employer = org
    client = bearer_client(make_token(owner, city_a))
    response = post(client, "own-vacancy-import", upload(line(), line(low="5000000", high="1")))
    assert response.status_code == 400
    body = response.json()
    assert body["problems"] == [
        {"row": 3, "column": "Upah tertinggi", "message": "The highest wage must not be lower than the lowest wage."}
    ]
    assert body["ids"] == [] and body["error"]["code"] == "invalid"
    with city_context(city_a):
        assert not Vacancy.objects.exists()


def test_dry_run_answers_200_and_writes_nothing(city_a, org):
    owner, _employer = org
    response = post(bearer_client(make_token(owner, city_a)), "own-vacancy-import", upload(line()), dry_run="true")
    assert response.status_code == 200 and response.json()["ok"] and response.json()["ids"] == []
    with city_context(city_a):
        assert not Vacancy.objects.exists()


def test_read_only_token_is_refused(city_a, org):
    owner, _employer = org
    response = post(bearer_client(make_token(owner, city_a, scope="read")), "own-vacancy-import", upload(line()))
    assert response.status_code == 403
    with city_context(city_a):
        assert not Vacancy.objects.exists()


def test_size_and_type_limits(city_a, org, monkeypatch):
    owner, _employer = org
    client = bearer_client(make_token(owner, city_a))
    monkeypatch.setattr(imports, "MAX_BYTES", 100)
    response = post(client, "own-vacancy-import", upload(line(), line(), line()))
    assert response.status_code == 400 and "larger than" in response.json()["fatal"]
    monkeypatch.undo()
    binary = SimpleUploadedFile("x.csv", b"\xff\xfe\x00\x01garbage", content_type="text/csv")
    response = post(client, "own-vacancy-import", binary)
    assert response.status_code == 400 and "neither XLSX nor" in response.json()["fatal"]
    broken = SimpleUploadedFile("x.xlsx", b"PK\x03\x04broken", content_type="application/octet-stream")
    response = post(client, "own-vacancy-import", broken)
    assert response.status_code == 400 and "XLSX" in response.json()["fatal"]


def test_staff_import_for_a_city_organisation(city_a, org):
    _owner, employer = org
    staff = make_member(city_a, Membership.Role.STAFF)
    response = post(bearer_client(make_token(staff, city_a)), "vacancy-import", upload(line(employer="1111111111111")))
    assert response.status_code == 201, response.content
    with city_context(city_a):
        assert Vacancy.objects.get().employer_id == employer.pk


def test_other_city_staff_cannot_import_into_city_a(city_a, city_b, org):
    """Leak test: city B's staff naming city A's organisation get a row error; nothing is created anywhere."""
    _owner, employer = org
    staff_b = make_member(city_b, Membership.Role.STAFF)
    client = bearer_client(make_token(staff_b, city_b))
    for ref in (str(employer.pk), "1111111111111", "PT Impor"):
        response = post(client, "vacancy-import", upload(line(employer=ref)))
        assert response.status_code == 400
        assert [p["column"] for p in response.json()["problems"]] == ["Pemberi kerja"]
    for city in (city_a, city_b):
        with city_context(city):
            assert not Vacancy.objects.exists()


def test_an_employer_may_not_use_the_staff_route(city_a, org):
    owner, _employer = org
    response = post(bearer_client(make_token(owner, city_a)), "vacancy-import", upload(line()))
    assert response.status_code == 403
