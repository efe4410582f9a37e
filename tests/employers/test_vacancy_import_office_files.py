"""The vacancy import reads an office's own workbook (title row, headers in its own words, Excel date
cells, "D3"/"S1", wages with thousands separators); vacancies take the job seekers' education codes
(migration employers.0003 maps the former ones); the employer form stores its phone in E.164."""

from __future__ import annotations

import datetime
import importlib
import io
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.db import connection
from openpyxl import Workbook

from cities.tabular import read_rows
from cities.tenancy import city_context
from employers import imports, services
from employers.forms import EmployerForm
from employers.models import Vacancy
from tests.employers.conftest import ORG, vacancy_fields

pytestmark = pytest.mark.django_db

HEADERS = [
    "No",
    "JUDUL LOWONGAN",
    "Deskripsi Pekerjaan",
    "tugas pokok",
    "Jenis Hubungan Kerja",
    "Pengaturan Kerja",
    "Jam Kerja",
    "Gaji Terendah",
    "Gaji Tertinggi",
    "Pendidikan",
    "Batas Akhir",
]


def workbook(rows: list[list]) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(["DAFTAR LOWONGAN KERJA PT MAJU BERSAMA"])
    sheet.append([])
    sheet.append(HEADERS)
    for values in rows:
        sheet.append(values)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def office_row(number: int, **over) -> list:
    values = {
        "title": "Staf gudang",
        "low": "Rp 3.000.000",
        "high": 4000000,
        "education": "SMA/Sederajat",
        "deadline": datetime.date(2099, 1, 31),
    }
    values.update(over)
    return [
        number,
        values["title"],
        "<p>Menyusun barang.</p>",
        "Menyusun barang di rak.",
        "permanent",
        "on_site",
        "Senin-Jumat 08.00-16.00",
        values["low"],
        values["high"],
        values["education"],
        values["deadline"],
    ]


def run(city, actor, content):
    with city_context(city):
        return imports.import_vacancies(actor=actor, rows=read_rows(content), commit=True)


def test_an_office_workbook_imports_as_drafts(city_a, organisation, employer_user):
    content = workbook(
        [
            office_row(1),
            office_row(2, title="Kasir", education="D3", low="2.500.000,00", deadline="31/01/2099"),
            office_row(
                3,
                title="Akuntan",
                education="S1",
                low="5,000,000",
                high="Rp 7.000.000",
                deadline=(datetime.date(2099, 1, 31) - datetime.date(1899, 12, 30)).days,
            ),
        ]
    )
    report = run(city_a, employer_user, content)
    assert report.ok, report.problems
    with city_context(city_a):
        found = {v.title: v for v in Vacancy.objects.filter(pk__in=report.created)}
    assert {title: v.education_level for title, v in found.items()} == {
        "Staf gudang": "sma",
        "Kasir": "d1_d3",
        "Akuntan": "d4_s1",
    }
    assert {title: (v.wage_min, v.wage_max) for title, v in found.items()} == {
        "Staf gudang": (3_000_000, 4_000_000),
        "Kasir": (2_500_000, 4_000_000),
        "Akuntan": (5_000_000, 7_000_000),
    }
    assert {v.deadline for v in found.values()} == {datetime.date(2099, 1, 31)}


def test_wrong_cells_name_their_cause_on_the_spreadsheets_rows(city_a, organisation, employer_user):
    content = workbook([office_row(1), office_row(2, education="S9"), office_row(3, deadline="01/31/2099")])
    report = run(city_a, employer_user, content)
    assert [(p.row, p.column, p.message) for p in report.problems] == [
        (
            5,
            "Pendidikan minimal",
            "Unknown level of education: S9. Write one of SD, SMP, SMA, SMK, MA, D1, D2, D3, D4, S1, S2, S3.",
        ),
        (
            6,
            "Batas lamaran",
            "This looks like month/day/year. Write the day first: DD/MM/YYYY, for example 31/01/2099.",
        ),
    ]
    with city_context(city_a):
        assert not Vacancy.objects.exists()


def test_a_header_below_the_search_rows_is_explained(city_a, organisation, employer_user):
    rows = [["Catatan"] for _ in range(12)] + [["Judul"], ["Kasir"]]
    with city_context(city_a):
        report = imports.import_vacancies(actor=employer_user, rows=rows, commit=False)
    assert report.fatal.startswith("No header row was found in the first 10 rows") and "Judul" in report.fatal


def test_the_former_vacancy_codes_are_mapped_city_by_city(city_a, city_b, organisation, employer_user):
    migration = importlib.import_module("employers.migrations.0003_one_education_vocabulary")
    with city_context(city_a):
        vacancy = services.vacancy_save(actor=employer_user, employer=organisation, **vacancy_fields())
        Vacancy.objects.filter(pk=vacancy.pk).update(education_level="diploma")
        other = services.vacancy_save(actor=employer_user, employer=organisation, **vacancy_fields(title="B"))
        Vacancy.objects.filter(pk=other.pk).update(education_level="s1")
    schema_editor = SimpleNamespace(connection=connection)
    migration._remap(migration.FORWARD)(apps, schema_editor)
    with city_context(city_a):
        assert Vacancy.objects.get(pk=vacancy.pk).education_level == "d1_d3"
        assert Vacancy.objects.get(pk=other.pk).education_level == "d4_s1"
    migration._remap(migration.BACKWARD)(apps, schema_editor)
    with city_context(city_a):
        assert Vacancy.objects.get(pk=vacancy.pk).education_level == "diploma"
        assert Vacancy.objects.get(pk=other.pk).education_level == "s1"


@pytest.mark.parametrize(
    ("typed", "stored"),
    [("0812 3456 7890", "+6281234567890"), ("(0271) 123-456", "+62271123456"), ("", "")],
)
def test_the_employer_form_stores_the_contact_phone_in_e164(city_a, typed, stored):
    with city_context(city_a):
        form = EmployerForm(data={**ORG, "contact_phone": typed})
        assert form.is_valid(), form.errors
        assert form.cleaned_data["contact_phone"] == stored


def test_the_employer_form_refuses_an_impossible_phone_and_shows_a_stored_one_as_people_read_it(city_a):
    with city_context(city_a):
        form = EmployerForm(data={**ORG, "contact_phone": "0812"})
        assert not form.is_valid() and "too short" in form.errors["contact_phone"][0]
        shown = EmployerForm(initial={"contact_phone": "+6281234567890"})
        assert 'value="0812-3456-7890"' in str(shown["contact_phone"])
        assert 'type="tel"' in str(shown["contact_phone"])
