"""The API shares the imports' vocabulary: phones as people write them stored in E.164, education as
"S1"/"D3" or the vacancies' former codes, a job seeker's birth date checked like the pages; the
job-seeker import reads an office workbook (title row, aliases) like the page."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from cities.tenancy import city_context
from employers.models import Vacancy
from jobseekers.models import Education, JobSeeker
from tests.accounts.test_permission_matrix import build_employer_world
from tests.api.conftest import bearer_client, make_member, make_token

pytestmark = pytest.mark.django_db

DRAFT = {
    "title": "Juru ketik",
    "description": "<p>Mengetik surat</p>",
    "essential_tasks": "Mengetik",
    "employment_type": "permanent",
    "arrangement": "on_site",
    "working_hours": "08.00-16.00",
    "wage_negotiable": True,
}
SEEKER = {"name": "Siti", "referral_source": "walk_in", "consent_channel": "in_person"}


@pytest.fixture
def users(city_a) -> dict:
    return {role: make_member(city_a, role) for role in ("job_seeker", "employer", "staff")}


def test_a_registration_stores_the_phone_in_e164(city_a, users):
    client = bearer_client(make_token(users["staff"], city_a))
    response = client.post(reverse("api:jobseeker-list"), {**SEEKER, "phone": "0812-3456-7890"}, format="json")
    assert response.status_code == 201, response.content
    detail = reverse("api:jobseeker-detail", kwargs={"pk": response.json()["id"]})
    assert client.get(detail).json()["phone"] == "+6281234567890"
    changed = client.patch(detail, {"phone": "(0271) 123456"}, format="json")
    assert changed.status_code == 200 and changed.json()["phone"] == "+62271123456"


def test_an_impossible_phone_or_birth_date_is_a_400_on_its_field(city_a, users):
    client = bearer_client(make_token(users["staff"], city_a))
    response = client.post(reverse("api:jobseeker-list"), {**SEEKER, "phone": "08123"}, format="json")
    assert response.status_code == 400
    assert "too short" in response.json()["error"]["fields"]["phone"][0]
    future = (datetime.date.today() + datetime.timedelta(days=30)).isoformat()
    response = client.post(reverse("api:jobseeker-list"), {**SEEKER, "birth_date": future}, format="json")
    assert response.status_code == 400 and "in the future" in response.json()["error"]["fields"]["birth_date"][0]
    with city_context(city_a):
        assert not JobSeeker.objects.exists()


@pytest.mark.parametrize(
    ("written", "stored"), [("S1", "d4_s1"), ("diploma", "d1_d3"), ("D3", "d1_d3"), ("sma", "sma"), ("Magister", "s2")]
)
def test_a_vacancy_takes_the_education_as_people_write_it(city_a, users, written, stored):
    build_employer_world(city_a, users)
    client = bearer_client(make_token(users["employer"], city_a))
    response = client.post(reverse("api:own-vacancy-list"), {**DRAFT, "education_level": written}, format="json")
    assert response.status_code == 201, response.content
    assert response.json()["education_level"] == stored
    with city_context(city_a):
        assert Vacancy.objects.get(pk=response.json()["id"]).education_level == stored


def test_an_unknown_education_is_a_400(city_a, users):
    build_employer_world(city_a, users)
    client = bearer_client(make_token(users["employer"], city_a))
    response = client.post(reverse("api:own-vacancy-list"), {**DRAFT, "education_level": "S9"}, format="json")
    assert response.status_code == 400 and "education_level" in response.json()["error"]["fields"]


def test_the_job_seeker_import_reads_an_office_workbook(city_a, users):
    book = Workbook()
    sheet = book.active
    sheet.append(["DATA PENCARI KERJA DISABILITAS KOTA ALPHA"])
    sheet.append([])
    sheet.append(["No", "Nama", "NIK", "Tgl Lahir", "JK", "No. HP", "Pendidikan"])
    sheet.append([1, "Siti", "3372054701900001", datetime.date(1990, 1, 7), "P", "0812 3456 7890", "S1"])
    sheet.append([2, "Budi", "", "17/08/1985", "L", 81311112222, "D3"])
    out = io.BytesIO()
    book.save(out)
    upload = SimpleUploadedFile("data.xlsx", out.getvalue())
    client = bearer_client(make_token(users["staff"], city_a))
    response = client.post(reverse("api:jobseeker-import"), {"file": upload, "dry_run": "false"}, format="multipart")
    assert response.status_code == 200, response.content
    assert response.json()["created"] == 2
    with city_context(city_a):
        assert dict(JobSeeker.objects.values_list("name", "phone")) == {
            "Siti": "+6281234567890",
            "Budi": "+6281311112222",
        }
        assert dict(Education.objects.values_list("job_seeker__name", "level")) == {"Siti": "d4_s1", "Budi": "d1_d3"}
