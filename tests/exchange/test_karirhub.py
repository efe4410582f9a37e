"""Karirhub exchange: vacancies out and back in (same records), bad rows reported with nothing written,
headers matched loosely, registrations only of people who may be shared (audited), permissions, cities."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.models import AuditLogEntry, Membership
from cities.tabular import read_rows
from cities.tenancy import city_context
from employers import services
from employers.models import Vacancy
from exchange import karirhub
from jobseekers.models import JobSeeker
from reference.models import Occupation
from tests import personas

pytestmark = pytest.mark.django_db

COMPARED = (
    "title",
    "employer_id",
    "occupation_id",
    "description",
    "essential_tasks",
    "openings",
    "education_level",
    "experience_years",
    "skills",
    "employment_type",
    "arrangement",
    "working_hours",
    "wage_min",
    "wage_max",
    "wage_negotiable",
    "reserved_for_pwd",
    "deadline",
)


def _occupation() -> Occupation:
    """A KBJI unit group (4 digits) with its parents, as the reference data has it."""
    found = Occupation.objects.filter(level=Occupation.Level.UNIT_GROUP).exclude(title_id="").first()
    if found:
        return found
    parent = None
    for code in ("4", "43", "432", "4321"):
        parent = Occupation.objects.create(code=code, level=len(code), parent=parent, title_id=f"Jabatan {code}")
    return parent


def _second_vacancy(persona, staff):
    """A published vacancy using the other fields: KBJI, education, experience, skills, no wage but negotiable."""
    with city_context(persona.employer.city):
        post = services.vacancy_save(
            actor=persona.user,
            employer=persona.employer,
            title="Juru gudang",
            description="<p>Menyusun barang.</p>",
            essential_tasks="Mencatat stok.",
            openings=3,
            education_level="smk",
            experience_years=2,
            skills="Forklift; Microsoft Excel",
            employment_type="fixed_term",
            arrangement="hybrid",
            working_hours="Shift",
            wage_negotiable=True,
            reserved_for_pwd=True,
            occupation=_occupation(),
        )
        services.vacancy_submit(actor=persona.user, vacancy=post)
        return services.vacancy_publish(actor=staff, vacancy=post)


def _csv(rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue().encode()


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_then_import_gives_the_same_vacancies(city_a, staff_a, employer_a, fmt):
    second = _second_vacancy(employer_a, staff_a)
    with city_context(city_a):
        exported = karirhub.FileExchange(fmt).export_vacancies(karirhub.vacancies_to_report())
        originals = {v.title: v for v in Vacancy.objects.filter(pk__in=[employer_a.vacancy.pk, second.pk])}
        rows = read_rows(exported.body, exported.filename)
        assert rows[0] == karirhub.VACANCY_HEADERS
        report = karirhub.FileExchange(fmt).import_vacancies(actor=staff_a, rows=rows, commit=True)
        assert report.ok, report.problems
        created = list(Vacancy.objects.filter(pk__in=report.created))
    assert len(created) == 2
    for copy in created:
        original = originals[copy.title]
        assert copy.status == Vacancy.Status.DRAFT
        assert {f: getattr(copy, f) for f in COMPARED} == {f: getattr(original, f) for f in COMPARED}


def test_bad_rows_are_reported_by_row_and_karirhub_column_and_nothing_is_written(city_a, staff_a, employer_a):
    header = [
        "  judul   LOWONGAN ",
        "nama-perusahaan",
        "JENIS_PEKERJAAN",
        "sistem kerja",
        "Deskripsi Pekerjaan",
        "tugas dan tanggung jawab",
        "JAM KERJA",
        "pendidikan minimal",
        "Batas Akhir",
        "Lokasi (Kab/Kota)",
        "GAJI  minimal",
    ]
    good = [
        "Kasir",
        "PT Sinar Nusantara",
        "Penuh Waktu",
        "WFO",
        "Melayani pembeli.",
        "Kasir.",
        "08-16",
        "SMA",
        "31/01/2099",
        "Kota A",
        "Rp 3.000.000",
    ]
    rows = [
        ["Lowongan dari Karirhub"],  # a title row: the header is row 2
        header,
        good,
        [*good[:7], "Sekolah sihir", *good[8:]],  # row 4: unknown education
        [*good[:2], "Borongan", *good[3:]],  # row 5: no such employment type
        [*good[:1], "PT Tidak Ada", *good[2:]],  # row 6: no such organisation
    ]
    with city_context(city_a):
        before = Vacancy.objects.count()
        report = karirhub.FileExchange("csv").import_vacancies(actor=staff_a, rows=read_rows(_csv(rows)), commit=True)
    assert report.rows == 4 and not report.created
    assert {(p.row, p.column) for p in report.problems} == {
        (4, "Pendidikan Minimal"),
        (5, "Jenis Pekerjaan"),
        (6, "Nama Perusahaan"),
    }
    with city_context(city_a):
        assert Vacancy.objects.count() == before
    with city_context(city_a):  # the good row alone imports, found by its loosely written headers
        report = karirhub.FileExchange("csv").import_vacancies(actor=staff_a, rows=[header, good], commit=True)
        assert report.ok, report.problems
        made = Vacancy.objects.get(pk=report.created[0])
    assert (made.employment_type, made.arrangement, made.education_level) == ("permanent", "on_site", "sma")


def test_unknown_column_and_missing_title_stop_the_import(city_a, staff_a):
    with city_context(city_a):
        unknown = karirhub.FileExchange().import_vacancies(
            actor=staff_a, rows=[["Judul Lowongan", "Warna favorit"], ["Kasir", "biru"]], commit=False
        )
        missing = karirhub.FileExchange().import_vacancies(
            actor=staff_a, rows=[["Nama Perusahaan"], ["PT A"]], commit=False
        )
    assert "Warna favorit" in unknown.fatal
    assert "Judul Lowongan" in missing.fatal


def test_the_api_client_is_a_stub_that_says_so():
    client = karirhub.KarirhubApiClient()
    for call in (
        lambda: client.export_vacancies(None),
        lambda: client.export_registrations(None, actor=None),
        lambda: client.import_vacancies(actor=None, rows=[], commit=False),
    ):
        with pytest.raises(NotImplementedError, match="no published API"):
            call()


def test_registrations_only_of_people_who_may_be_shared_each_audited(client, city_a, staff_a):
    common = {"birth_date": "1990-01-07", "gender": "male", "consent_to_confirm": False}
    shared = personas.walk_in(
        city_a,
        name="Budi Bagi",
        nik="3372050701900001",
        sharing_allowed=True,
        ak1_number="AK1-7",
        skills_text="Menjahit",
        **common,
    )
    personas.walk_in(city_a, name="Tanpa Izin", nik="3372050701900002", **common)
    personas.walk_in(
        city_a,
        name="Belum Konfirmasi",
        nik="3372050701900003",
        sharing_allowed=True,
        birth_date="1990-01-07",
        consent_to_confirm=True,
    )
    personas.walk_in(city_a, name="Tanpa NIK", sharing_allowed=True, **common)
    client.force_login(staff_a)
    response = client.get(reverse("exchange:registrations-export", kwargs={"fmt": "xlsx"}))
    assert response.status_code == 200 and response["Cache-Control"] == "private, no-store"
    rows = read_rows(response.content, "x.xlsx")
    assert rows == [
        karirhub.REGISTRATION_HEADERS,
        ["3372050701900001", "Budi Bagi", "1990-01-07", "Laki-laki", "", "Menjahit", "AK1-7"],
    ]
    with city_context(city_a):
        entries = AuditLogEntry.objects.filter(additional_data__export="karirhub")
        assert [(e.object_pk, e.additional_data["fields"]) for e in entries] == [(str(shared.pk), ["identity"])]


def test_permissions_and_the_page(client, city_a, staff_a, employer_a):
    client.force_login(employer_a.user)
    assert client.get(reverse("exchange:karirhub")).status_code == 403
    assert client.get(reverse("exchange:vacancies-export", kwargs={"fmt": "csv"})).status_code == 403
    client.force_login(personas.member(city_a, Membership.Role.JOB_SEEKER))
    assert client.get(reverse("exchange:registrations-export", kwargs={"fmt": "csv"})).status_code == 403
    client.force_login(staff_a)
    page = client.get(reverse("exchange:karirhub"))
    assert reverse("exchange:registrations-export", kwargs={"fmt": "csv"}) in page.content.decode()
    assert client.get(reverse("exchange:vacancies-export", kwargs={"fmt": "pdf"})).status_code == 404
    exported = client.get(reverse("exchange:vacancies-export", kwargs={"fmt": "csv"})).content
    upload = SimpleUploadedFile("karirhub.csv", exported, content_type="text/csv")
    checked = client.post(reverse("exchange:karirhub"), {"file": upload, "check": ""})
    assert checked.context["report"].ok and not checked.context["committed"]
    with city_context(city_a):
        assert Vacancy.objects.count() == 1
    upload.seek(0)
    done = client.post(reverse("exchange:karirhub"), {"file": upload, "commit": ""})
    assert done.context["committed"] and len(done.context["report"].created) == 1
    with city_context(city_a):
        assert Vacancy.objects.count() == 2


def test_each_city_exports_and_imports_only_its_own(client, city_a, city_b, staff_a, staff_b, employer_a):
    shared = {"nik": "3372050701900001", "sharing_allowed": True, "birth_date": "1990-01-07"}
    personas.walk_in(city_a, name="Warga A", **shared)
    client.force_login(staff_b)
    vacancies = client.get(reverse("exchange:vacancies-export", kwargs={"fmt": "csv"}))
    people = client.get(reverse("exchange:registrations-export", kwargs={"fmt": "csv"}))
    assert read_rows(vacancies.content, "v.csv") == [karirhub.VACANCY_HEADERS]
    assert read_rows(people.content, "p.csv") == [karirhub.REGISTRATION_HEADERS]
    with city_context(city_a):
        rows = read_rows(karirhub.FileExchange("csv").export_vacancies(karirhub.vacancies_to_report()).body, "v.csv")
    with city_context(city_b):  # city A's organisation, named by its NIB, is not found in city B
        report = karirhub.FileExchange("csv").import_vacancies(actor=staff_b, rows=rows, commit=True)
        assert Vacancy.objects.count() == 0
    assert [(p.row, p.column) for p in report.problems] == [(2, "Nama Perusahaan")]
    with city_context(city_a):
        assert JobSeeker.objects.count() == 1
