"""The job-seeker import reads the spreadsheets offices really keep: a title row and a blank row above
headers written in their own case and words, Excel date cells, phones typed every way, "D3" and "S1";
and each wrong row names its real cause."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from openpyxl import Workbook

from cities.tabular import read_rows
from cities.tenancy import city_context
from jobseekers import imports, services
from jobseekers.models import Education, JobSeeker

pytestmark = pytest.mark.django_db

TITLE = "DATA PENCARI KERJA DISABILITAS KOTA ALPHA TAHUN 2026"
# Mixed case, aliases, a row-number column the template does not have, a column in a different order.
OFFICE_HEADERS = [
    "No.",
    "NAMA LENGKAP",
    "nik",
    "Tgl. Lahir",
    "L/P",
    "No. HP",
    "E-mail",
    "Kel.",
    "Kecamatan",
    "AK/1",
    "Jenis Disabilitas",
    "Pendidikan",
    "Cara datang",
]


def nik(serial: int, *, day: int = 7, month: int = 1, year: int = 90, female: bool = False) -> str:
    return f"337205{day + (40 if female else 0):02d}{month:02d}{year:02d}{serial:04d}"


def office_xlsx(rows: list[list], *, title: bool = True, headers: list[str] = OFFICE_HEADERS) -> bytes:
    """A workbook saved the way an office keeps it: a merged title row, a blank row, then the table."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Data"
    if title:
        sheet.append([TITLE])
        sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(headers))
        sheet.append([])
    sheet.append(headers)
    for values in rows:
        sheet.append(values)
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, datetime.date):
                cell.number_format = "DD/MM/YYYY"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def check(city, content: bytes):
    with city_context(city), translation.override("en"):
        return imports.check(read_rows(content))


def test_an_office_workbook_with_a_title_row_aliases_date_cells_and_phones_typed_every_way(city_a):
    rows = [
        [
            1,
            "Siti Aminah",
            "3372 0547 0190 0001",
            datetime.date(1990, 1, 7),
            "P",
            "0812-3456-7890",
            "",
            "Kauman",
            "Pasar Kliwon",
            "",
            "Tuna Netra",
            "D3",
            "walk_in",
        ],
        [
            2,
            "Budi Santoso",
            nik(2),
            datetime.datetime(1990, 1, 7),
            "Laki-laki",
            "+62 813 1111 2222",
            "budi@contoh.id",
            "Jebres",
            "Jebres",
            "AK1-22",
            "fisik",
            "S1",
            "",
        ],
        [],  # a blank row between people is skipped
        [
            3,
            "Rina",
            nik(3, female=True),
            "07/01/1990",
            "perempuan",
            81355556666,
            "",
            "",
            "",
            "",
            "",
            "SMA/Sederajat",
            "",
        ],
        [
            4,
            "Dewi",
            nik(4, female=True),
            32880,
            "P",
            "62 815.3333.4444",
            "",
            "",
            "",
            "",
            "tunarungu, tunadaksa",
            "Diploma III",
            "",
        ],
        [5, "Agus", nik(5), "1990-01-07", "L", "(0631) 21234", "", "", "", "", "", "sarjana", ""],
        [6, "Yusuf", nik(6), "7 Januari 1990", "pria", "0812.9999.8888", "", "", "", "", "", "SMK", ""],
    ]
    content = office_xlsx(rows)
    report, _cleaned = check(city_a, content)
    assert report.ok, report.problems
    assert report.rows == 6
    with city_context(city_a):
        assert services.jobseekers_import(actor=None, rows=read_rows(content)) == 6
        people = {p.name: p for p in JobSeeker.objects.all()}
        assert {name: p.phone for name, p in people.items()} == {
            "Siti Aminah": "+6281234567890",
            "Budi Santoso": "+6281311112222",
            "Rina": "+6281355556666",  # a number cell that lost its leading 0
            "Dewi": "+6281533334444",
            "Agus": "+6263121234",  # a landline with its area code
            "Yusuf": "+6281299998888",
        }
        assert {p.birth_date for p in people.values()} == {datetime.date(1990, 1, 7)}
        assert people["Siti Aminah"].nik == "3372054701900001" and people["Siti Aminah"].gender == "female"
        assert people["Budi Santoso"].gender == "male" and people["Yusuf"].gender == "male"
        assert people["Siti Aminah"].ragam == ["sensorik"]
        assert people["Dewi"].ragam == ["fisik", "sensorik"]
        levels = dict(Education.objects.values_list("job_seeker__name", "level"))
        assert levels == {
            "Siti Aminah": "d1_d3",
            "Budi Santoso": "d4_s1",
            "Rina": "sma",
            "Dewi": "d1_d3",
            "Agus": "d4_s1",
            "Yusuf": "smk",
        }


def test_row_numbers_are_the_spreadsheets_below_a_title_row(city_a):
    rows = [
        [1, "Siti", nik(1, female=True), datetime.date(1990, 1, 7), "P", "", "", "", "", "", "", "", ""],
        [2, "", nik(2), datetime.date(1990, 1, 7), "L", "", "", "", "", "", "", "", ""],
    ]
    report, _ = check(city_a, office_xlsx(rows))
    assert [(p.row, p.column) for p in report.problems] == [(5, "Nama lengkap")]  # title, blank, header, Siti


def test_a_semicolon_csv_from_excel_with_a_title_row(city_a):
    content = (
        "\ufeffDATA PENCARI KERJA DISABILITAS KOTA ALPHA;;;;;;\n"
        ";;;;;;\n"
        "Nama;NIK;Tanggal Lahir;Jenis Kelamin;Telepon;Ragam disabilitas;Pendidikan terakhir\n"
        "Siti Aminah;3372054701900001;07-01-1990;P;0812 3456 7890;fisik, sensorik;S1\n"
        "Budi;;;L;;;D3\n"
    ).encode()
    report, cleaned = check(city_a, content)
    assert report.ok, report.problems
    assert [row["_row"] for row in cleaned] == [4, 5]
    assert cleaned[0]["ragam"] == ["fisik", "sensorik"] and cleaned[0]["phone"] == "+6281234567890"
    assert [row["education"] for row in cleaned] == ["d4_s1", "d1_d3"]


def test_the_headers_match_in_any_case_spacing_and_punctuation(city_a):
    headers = [" nama  lengkap ", "N.I.K.", "TANGGAL-LAHIR", "jenis_kelamin", "Nomor HP", "Email"]
    content = office_xlsx([["Siti", nik(1, female=True), datetime.date(1990, 1, 7), "P", "", ""]], headers=headers)
    report, cleaned = check(city_a, content)
    assert report.ok, report.problems
    assert cleaned[0]["name"] == "Siti" and cleaned[0]["birth_date"] == datetime.date(1990, 1, 7)


def test_a_missing_header_names_the_missing_columns_and_the_closest_row(city_a):
    content = office_xlsx([["Siti", nik(1)]], headers=["Nama", "NIK", "Alamat"])
    report, _ = check(city_a, content)
    assert report.fatal == (
        "These columns are missing: Tanggal lahir, Jenis kelamin. Row 3 looks most like the header row "
        "(it has Nama lengkap, NIK); the header row must be within the first 10 rows. Use the template."
    )


def test_a_header_too_far_down_is_not_guessed(city_a):
    rows = [[f"Catatan {i}"] for i in range(11)] + [imports.HEADERS, ["Siti"]]
    with city_context(city_a), translation.override("en"):
        report, _ = imports.check(rows)
    assert report.fatal.startswith("No header row was found in the first 10 rows")
    assert "Nama lengkap, NIK, Tanggal lahir" in report.fatal


def test_optional_columns_may_be_missing_and_unknown_columns_are_ignored(city_a):
    content = office_xlsx(
        [["Siti", nik(1, female=True), datetime.date(1990, 1, 7), "P", "Jl. Melati 3"]],
        headers=["Nama", "NIK", "Tgl Lahir", "JK", "Alamat"],
        title=False,
    )
    report, cleaned = check(city_a, content)
    assert report.ok, report.problems
    assert cleaned[0]["phone"] == "" and cleaned[0]["education"] == ""


def wrong(**over) -> list:
    values = {
        "name": "Orang",
        "nik": "",
        "born": datetime.date(1990, 1, 7),
        "sex": "L",
        "phone": "",
        "education": "",
    }
    values.update(over)
    return [
        "",
        values["name"],
        values["nik"],
        values["born"],
        values["sex"],
        values["phone"],
        "",
        "",
        "",
        "",
        "",
        values["education"],
        "",
    ]


def test_each_wrong_row_names_its_real_cause(city_a):
    today = datetime.date.today()
    with city_context(city_a):
        JobSeeker.objects.create(name="Sudah Terdaftar", nik=nik(9))
    rows = [
        wrong(nik=nik(1)),  # row 4: fine
        wrong(nik=nik(1)),  # 5: the same NIK as row 4 (and nothing else)
        wrong(nik=nik(2, day=8), born=datetime.date(today.year + 1, 1, 8)),  # 6: a future birth date only
        wrong(born=datetime.date(today.year - 10, 1, 1)),  # 7: ten years old
        wrong(born=datetime.date(1900, 1, 1)),  # 8: over 100
        wrong(nik=nik(9)),  # 9: already registered in this city
        wrong(nik=nik(3), born=datetime.date(1990, 1, 8)),  # 10: the NIK's date is the 7th
        wrong(nik=nik(4), sex="P"),  # 11: a man's NIK for a woman
        wrong(born="01/13/1990"),  # 12: month/day
        wrong(born="07/01/90"),  # 13: two-digit year
        wrong(phone="08123"),  # 14
        wrong(phone="0812 3456 7890 1234"),  # 15
        wrong(education="S4"),  # 16
        wrong(nik="3.37205E+15"),  # 17: Excel cut the NIK
    ]
    report, _ = check(city_a, office_xlsx(rows))
    by_row: dict[int, list[tuple[str, str]]] = {}
    for problem in report.problems:
        by_row.setdefault(problem.row, []).append((problem.column, problem.message))
    assert 4 not in by_row
    assert by_row[5] == [("NIK", "The same NIK is on row 4.")]
    assert by_row[6] == [("Tanggal lahir", f"The birth date 08/01/{today.year + 1} is in the future.")]
    assert by_row[7][0][0] == "Tanggal lahir" and "10 years old" in by_row[7][0][1] and "at least 15" in by_row[7][0][1]
    assert by_row[8][0][0] == "Tanggal lahir" and "years old. Check the year." in by_row[8][0][1]
    assert by_row[9] == [("NIK", "A job seeker with this NIK is already registered in this city.")]
    assert by_row[10] == [
        (
            "NIK",
            "Digits 7 to 12 of the NIK say the person was born on 07/01/90 (DDMMYY), but the birth date given "
            "is 08/01/1990.",
        )
    ]
    assert by_row[11] == [
        (
            "NIK",
            "The NIK does not match the gender given: for women the day of birth in the NIK is increased by 40.",
        )
    ]
    assert by_row[12] == [
        ("Tanggal lahir", "This looks like month/day/year. Write the day first: DD/MM/YYYY, for example 13/01/1990.")
    ]
    assert by_row[13] == [("Tanggal lahir", "Write the year with 4 digits, for example 07/01/1990.")]
    assert by_row[14][0][0] == "Nomor HP" and "too short" in by_row[14][0][1]
    assert by_row[15][0][0] == "Nomor HP" and "too long" in by_row[15][0][1]
    assert by_row[16] == [
        (
            "Pendidikan terakhir",
            "Unknown level of education: S4. Write one of SD, SMP, SMA, SMK, MA, D1, D2, D3, D4, S1, S2, S3.",
        )
    ]
    assert [column for column, _m in by_row[17]] == ["NIK", "NIK"]
    assert "format the column as Text" in by_row[17][1][1]


def test_a_duplicate_nik_with_another_birth_date_is_reported_as_the_duplicate_first(city_a):
    rows = [wrong(nik=nik(1)), wrong(nik=nik(1), born=datetime.date(1991, 5, 5))]
    report, _ = check(city_a, office_xlsx(rows))
    messages = [p.message for p in report.problems if p.row == 5]
    assert messages[0] == "The same NIK is on row 4."
    assert messages[1].startswith("Digits 7 to 12 of the NIK say")


def test_the_page_reports_an_office_file_and_commits_all_of_it(client, city_a, staff, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(staff)
    upload = SimpleUploadedFile(
        "data.xlsx", office_xlsx([wrong(nik=nik(1), phone="0812-3456-7890", education="D3"), wrong(name="Budi")])
    )
    response = client.post(reverse("jobseekers:import"), {"file": upload})
    report = response.context["report"]
    assert report.ok and report.rows == 2
    response = client.post(reverse("jobseekers:import"), {"commit": "", "token": report.token})
    assert response.status_code == 302
    with city_context(city_a):
        assert JobSeeker.objects.count() == 2
        assert JobSeeker.objects.get(nik=nik(1)).phone == "+6281234567890"


def test_the_template_explains_the_aliases():
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(imports.template_xlsx()))
    help_rows = list(book["Petunjuk"].iter_rows(values_only=True))
    assert help_rows[0] == ("Kolom", "Keterangan", "Nama kolom lain yang dikenali")
    phone = next(row for row in help_rows if row[0] == "Nomor HP")
    assert "No HP" in phone[2] and "Telepon" in phone[2] and "Phone" in phone[2]
