"""Vacancy import (issue 11 item 4): the form's and the service's rules per row, all rows or none."""

from __future__ import annotations

import csv
import io

import pytest

from accounts.models import Membership
from cities.tabular import read_rows
from cities.tenancy import city_context
from employers import imports, services
from employers.models import Employer, Vacancy, VacancyAccommodation, VacancySkill
from reference.models import AccommodationType, Skill
from tests.employers.conftest import ORG, make_member

pytestmark = pytest.mark.django_db

HEADER = [
    "Judul",
    "Pemberi kerja",
    "Jenis hubungan kerja",
    "Pengaturan kerja",
    "Jumlah lowongan",
    "Upah terendah",
    "Upah tertinggi",
    "Upah dapat dinegosiasikan",
    "Batas lamaran",
    "Deskripsi",
    "Keterampilan ESCO",
    "Akomodasi",
    "Tempat kerja",
    "Tugas pokok",
    "Jam kerja",
]


def row(**over) -> list[str]:
    values = {
        "Judul": "Staf gudang",
        "Pemberi kerja": "",
        "Jenis hubungan kerja": "permanent",
        "Pengaturan kerja": "on_site",
        "Jumlah lowongan": "2",
        "Upah terendah": "3000000",
        "Upah tertinggi": "4000000",
        "Upah dapat dinegosiasikan": "tidak",
        "Batas lamaran": "2099-01-31",
        "Deskripsi": "<p>Menyusun barang.</p><script>x()</script>",
        "Keterampilan ESCO": "",
        "Akomodasi": "",
        "Tempat kerja": "",
        "Tugas pokok": "Menyusun barang di rak.",
        "Jam kerja": "Senin-Jumat 08.00-16.00",
    }
    values.update(over)
    return [values[h] for h in HEADER]


def csv_bytes(rows, *, bom=True) -> bytes:
    out = io.StringIO()
    csv.writer(out).writerows([HEADER, *rows])
    return (("\ufeff" if bom else "") + out.getvalue()).encode()


def xlsx_bytes(rows) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(HEADER)
    for values in rows:
        book.active.append([int(v) if v.isdigit() else v for v in values])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.fixture
def skill(db):
    return Skill.objects.create(
        code="S-imp-1", esco_uri="http://data.europa.eu/esco/skill/imp-1", kind=Skill.Kind.SKILL, label_en="stock"
    )


@pytest.fixture
def accommodation(db):
    return AccommodationType.objects.create(
        code="ACC-901",
        limitation="seeing",
        text_en="Screen reader",
        text_id="Pembaca layar",
        type=AccommodationType.Type.values[0],
        cost_level=AccommodationType.CostLevel.values[0],
        source="test",
    )


def run(city, actor, content, *, commit=True):
    with city_context(city):
        return imports.import_vacancies(actor=actor, rows=read_rows(content), commit=commit)


def test_valid_csv_with_and_without_bom_creates_drafts(city_a, organisation, employer_user, skill, accommodation):
    for bom in (True, False):
        content = csv_bytes(
            [row(**{"Keterampilan ESCO": skill.code, "Akomodasi": accommodation.code}), row(Judul="Kasir")], bom=bom
        )
        report = run(city_a, employer_user, content)
        assert report.ok, report.problems
        assert report.rows == 2 and len(report.created) == 2
    with city_context(city_a):
        drafts = Vacancy.objects.filter(pk__in=report.created)
        assert {v.status for v in drafts} == {Vacancy.Status.DRAFT}
        assert {v.employer_id for v in drafts} == {organisation.pk}
        first = drafts.get(title="Staf gudang")
        assert "<script>" not in first.description
        assert list(VacancySkill.objects.filter(vacancy=first).values_list("skill_id", flat=True)) == [skill.pk]
        assert list(VacancyAccommodation.objects.filter(vacancy=first).values_list("accommodation_id", flat=True)) == [
            accommodation.pk
        ]
        assert Vacancy.objects.count() == 4


def test_valid_xlsx(city_a, organisation, employer_user):
    report = run(city_a, employer_user, xlsx_bytes([row(), row(Judul="Kasir")]))
    assert report.ok, report.problems
    with city_context(city_a):
        assert sorted(Vacancy.objects.values_list("title", flat=True)) == ["Kasir", "Staf gudang"]
        assert Vacancy.objects.get(title="Kasir").wage_min == 3_000_000


def test_dry_run_writes_nothing(city_a, organisation, employer_user):
    report = run(city_a, employer_user, csv_bytes([row()]), commit=False)
    assert report.ok and report.created == []
    with city_context(city_a):
        assert not Vacancy.objects.exists()


def test_bad_rows_are_reported_and_nothing_is_written(city_a, organisation, employer_user, staff_user):
    with city_context(city_a):
        other = make_member(city_a, Membership.Role.EMPLOYER)
        other_org = services.employer_register(actor=other, **{**ORG, "legal_name": "CV Lain", "nib": "9999999999999"})
        services.workplace_save(actor=other, employer=other_org, name="Gudang lain", address="Jl. Lain 2")
        site = other_org.workplaces.get()
    content = csv_bytes(
        [
            row(),  # row 2: fine
            row(**{"Keterampilan ESCO": "no-such-skill"}),  # 3
            row(**{"Tempat kerja": str(site.pk)}),  # 4: another organisation's site
            row(Judul=""),  # 5
            row(**{"Upah terendah": "5000000", "Upah tertinggi": "4000000"}),  # 6
            row(**{"Akomodasi": "ACC-999"}),  # 7
            row(**{"Upah dapat dinegosiasikan": "mungkin"}),  # 8
            row(**{"Pemberi kerja": "CV Lain"}),  # 9: not the importer's organisation
        ]
    )
    report = run(city_a, employer_user, content)
    assert not report.ok and report.created == []
    by_row = {}
    for problem in report.problems:
        by_row.setdefault(problem.row, []).append((problem.column, problem.message))
    assert 2 not in by_row
    assert by_row[3] == [("Keterampilan ESCO", "Unknown code: no-such-skill.")]
    assert [c for c, _m in by_row[4]] == ["Tempat kerja"]
    assert [c for c, _m in by_row[5]] == ["Judul"]
    assert by_row[6] == [("Upah tertinggi", "The highest wage must not be lower than the lowest wage.")]
    assert by_row[7] == [("Akomodasi", "Unknown code: ACC-999.")]
    assert by_row[8] == [("Upah dapat dinegosiasikan", "Write ya or tidak.")]
    assert by_row[9] == [("Pemberi kerja", "You may import vacancies only for your own organisation.")]
    with city_context(city_a):
        assert not Vacancy.objects.exists()  # row 2 was valid, and still not written


def test_staff_name_the_organisation_by_id_nib_or_name(city_a, organisation, staff_user):
    content = csv_bytes(
        [
            row(**{"Pemberi kerja": str(organisation.pk)}),
            row(**{"Pemberi kerja": ORG["nib"]}),
            row(**{"Pemberi kerja": ORG["legal_name"]}),
        ]
    )
    report = run(city_a, staff_user, content)
    assert report.ok, report.problems
    bad = run(city_a, staff_user, csv_bytes([row()]))
    assert [(p.row, p.column) for p in bad.problems] == [(2, "Pemberi kerja")]


def test_other_city_employer_is_a_row_error_never_created_there(city_a, city_b, organisation, staff_user):
    """Leak test: staff of city A naming city B's organisation (by id, NIB or name) get a row error."""
    owner_b = make_member(city_b, Membership.Role.EMPLOYER)
    with city_context(city_b):
        org_b = services.employer_register(actor=owner_b, **{**ORG, "legal_name": "PT Kota B", "nib": "5555555555555"})
    content = csv_bytes([row(**{"Pemberi kerja": v}) for v in (str(org_b.pk), "5555555555555", "PT Kota B")])
    report = run(city_a, staff_user, content)
    assert [(p.row, p.column) for p in report.problems] == [
        (2, "Pemberi kerja"),
        (3, "Pemberi kerja"),
        (4, "Pemberi kerja"),
    ]
    assert all("No organisation of this city" in p.message for p in report.problems)
    with city_context(city_b):
        assert not Vacancy.objects.exists()
        assert Employer.objects.get().pk == org_b.pk
    with city_context(city_a):
        assert not Vacancy.objects.exists()


def test_file_level_problems(city_a, organisation, employer_user, seeker_user):
    assert run(city_a, employer_user, b"").fatal == "The file is empty."
    assert "Unknown columns: Gaji" in run(city_a, employer_user, b"Judul,Gaji\nA,1\n").fatal
    assert "Judul" in run(city_a, employer_user, b"Deskripsi\nA\n").fatal
    too_many = csv_bytes([row()] * (imports.MAX_ROWS + 1))
    assert "more than" in run(city_a, employer_user, too_many).fatal
    with pytest.raises(ValueError, match="neither XLSX nor"):
        read_rows(b"\xff\xfe\x00bad")
    with pytest.raises(ValueError, match="not a readable XLSX"):
        read_rows(b"PK\x03\x04broken")
    assert "Only the organisation" in run(city_a, seeker_user, csv_bytes([row()])).fatal


def test_export_columns_are_accepted(city_a, organisation, employer_user):
    """The export's bookkeeping columns are ignored, so an edited export can be imported as new drafts."""
    from api.exchange import VACANCY_HEADERS

    assert set(VACANCY_HEADERS) <= set(imports.HEADERS) | set(imports.IGNORED_HEADERS)
    header = [*VACANCY_HEADERS, "Deskripsi", "Tugas pokok", "Jam kerja"]
    values = [
        "7",
        "Kasir",
        ORG["legal_name"],
        "",
        "published",
        "permanent",
        "on_site",
        "1",
        "",
        "",
        "ya",
        "tidak",
        "",
        "2026-01-01",
        "2026-01-01",
        "Melayani pembeli.",
        "Melayani pembeli di kasir.",
        "Senin-Sabtu 09.00-17.00",
    ]
    out = io.StringIO()
    csv.writer(out).writerows([header, values])
    report = run(city_a, employer_user, out.getvalue().encode())
    assert report.ok, report.problems
    with city_context(city_a):
        vacancy = Vacancy.objects.get()
        assert vacancy.pk != 7 or vacancy.status == Vacancy.Status.DRAFT
        assert vacancy.status == Vacancy.Status.DRAFT and vacancy.wage_negotiable
