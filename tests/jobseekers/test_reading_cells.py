"""Reading cells and fields as people write them: dates (day first, never mm/dd), headers, CSV delimiters,
phone numbers to E.164 (cities.phones), the NIK's shape by python-stdnum, and the job-seeker forms."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from openpyxl import Workbook

from cities.phones import display_phone, normalise_phone
from cities.tabular import Column, DateError, HeaderNotFound, find_header, header_key, parse_date, read_rows
from jobseekers.forms import AssistedRegistrationForm, IdentityForm
from jobseekers.models import validate_birth_date
from jobseekers.nik import parse_nik, validate_nik

JAN_7 = datetime.date(1990, 1, 7)


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.mark.parametrize(
    "written",
    ["07/01/1990", "7/1/1990", "07-01-1990", "7-1-1990", "07.01.1990", "1990-01-07", "1990/01/07",
     "1990-01-07 00:00:00", "32880", "32880.0", "7 Januari 1990", "07 Jan 1990", "7-jan-1990", "7 January 1990"],
)  # fmt: skip
def test_dates_as_offices_write_them(written):
    assert parse_date(written) == JAN_7


@pytest.mark.parametrize(
    ("written", "reason"),
    [
        ("01/13/1990", "month/day/year"),
        ("12/31/1990", "month/day/year"),
        ("07/01/90", "4 digits"),
        ("31/02/1990", "no such date"),
        ("1990", "DD/MM/YYYY"),
        ("kemarin", "DD/MM/YYYY"),
    ],
)
def test_a_date_that_cannot_be_read_day_first_is_refused_with_its_reason(written, reason):
    with pytest.raises(DateError) as error:
        parse_date(written)
    assert reason in str(error.value)


def test_a_date_that_works_both_ways_is_read_day_first():
    assert parse_date("03/04/1990") == datetime.date(1990, 4, 3)


def test_xlsx_cells_keep_their_meaning():
    book = Workbook()
    book.active.append(["Tanggal", "HP", "Angka"])
    book.active.append([datetime.datetime(1990, 1, 7, 0, 0), 81234567890, 6.28123456789e12])
    out = io.BytesIO()
    book.save(out)
    assert read_rows(out.getvalue())[1] == ["1990-01-07", "81234567890", "6281234567890"]


@pytest.mark.parametrize(
    ("text", "delimiter_count"),
    [
        ("Judul;Nama\nA;fisik, sensorik\n", 2),
        ('Judul,Nama\nA,"fisik; mental"\n', 2),
        ("Judul\tNama\nA\tB\n", 2),
        ("DATA KOTA\n\nJudul;Nama;NIK\nA;B;C\n", 3),
    ],
)
def test_the_csv_delimiter_is_the_one_that_makes_the_table(text, delimiter_count):
    rows = read_rows(text.encode())
    assert max(len(row) for row in rows) == delimiter_count


def test_header_keys_ignore_case_spacing_and_punctuation():
    assert header_key("No. HP") == header_key("no hp") == header_key("NoHP") == "nohp"
    assert header_key(" Tgl.  Lahir ") == header_key("TGL_LAHIR") == "tgllahir"


def test_an_alias_may_name_only_one_column():
    with pytest.raises(ValueError, match="names both"):
        find_header([["x"]], [Column("Telepon"), Column("Nomor HP", ("Telepon",))])


def test_the_first_row_with_the_required_columns_is_the_header_and_ignored_columns_stay_quiet():
    columns = [Column("Judul", ("Job title",), required=True), Column("Upah")]
    rows = [["Lowongan 2026"], ["Judul dan upah di bawah"], ["ID", "job  TITLE", "Gaji"], ["1", "Kasir", "3"]]
    table = find_header(rows, columns, ignored=("ID",))
    assert table.header_row == 3 and table.positions == {"Judul": 1} and table.unknown == ["Gaji"]
    assert table.rows == [(4, ["1", "Kasir", "3"])]
    assert table.cells(["1", "Kasir", "3"]) == {"Judul": "Kasir"}
    with pytest.raises(HeaderNotFound, match="Judul"):
        find_header([["Upah"], ["3"]], columns)


@pytest.mark.parametrize(
    ("typed", "e164"),
    [
        ("081234567890", "+6281234567890"),
        ("0812-3456-7890", "+6281234567890"),
        ("0812.3456.7890", "+6281234567890"),
        ("0812 3456 7890", "+6281234567890"),
        ("+62 812 3456 7890", "+6281234567890"),
        ("+62 (0) 812-3456-7890", "+6281234567890"),
        ("6281234567890", "+6281234567890"),
        ("62 812 3456 7890", "+6281234567890"),
        ("81234567890", "+6281234567890"),
        ("(0631) 21234", "+6263121234"),
        ("0271-643 123", "+62271643123"),
        ("(021) 555 0123", "+62215550123"),
        ("+1 202 555 0143", "+12025550143"),
        ("", ""),
    ],
)
def test_phones_are_stored_in_e164(typed, e164):
    assert normalise_phone(typed) == e164


@pytest.mark.parametrize(
    ("typed", "reason"),
    [
        ("08123", "too short"),
        ("0271 12", "too short"),
        ("0812 3456 7890 1234", "too long"),
        ("0999 1234567", "No phone number can start like this"),
        ("nomor saya", "not a phone number"),
        ("0812-3456-7890 / 0813-1111-2222", "one phone number"),
    ],
)
def test_impossible_phones_are_refused_with_their_reason(typed, reason):
    with pytest.raises(ValidationError) as error:
        normalise_phone(typed)
    assert reason in error.value.messages[0]


def test_stored_phones_are_shown_as_people_read_them():
    assert display_phone("+6281234567890") == "0812-3456-7890"
    assert display_phone("+6263121234") == "(0631) 21234"
    assert display_phone("+12025550143") == "+1 202-555-0143"
    assert display_phone("0812 typed before") == "0812 typed before"
    assert display_phone("") == ""


class TestNIKByStdnum:
    def test_stdnum_checks_the_format_and_the_birth_date(self):
        assert parse_nik("3372 0547 0190 0001").is_female
        for value, code in (
            ("3372054701900", "length"),
            ("33720547019000x1", "length"),
            ("3372053201900001", "birth_date"),
        ):
            with pytest.raises(ValidationError) as error:
                parse_nik(value)
            assert error.value.code == code

    @pytest.mark.parametrize("province", ["65", "92", "93", "95", "96"])
    def test_provinces_newer_than_stdnums_table_are_accepted_from_the_kemendagri_list(self, province):
        assert parse_nik(f"{province}71054701900001").region == f"{province}7105"

    @pytest.mark.parametrize("value", ["9971054701900001", "2071054701900001", "0171054701900001"])
    def test_a_province_nobody_has_is_refused(self, value):
        with pytest.raises(ValidationError) as error:
            parse_nik(value)
        assert error.value.code == "region"

    def test_a_day_stdnum_reads_modulo_40_is_refused(self):
        with pytest.raises(ValidationError) as error:
            parse_nik("3372058101900001")  # 81: stdnum would read the 1st
        assert error.value.code == "birth_date"

    def test_the_mismatch_says_what_the_nik_says(self):
        with pytest.raises(ValidationError) as error:
            validate_nik("3372054701900001", birth_date=datetime.date(1990, 1, 8))
        assert error.value.messages == [
            "Digits 7 to 12 of the NIK say the person was born on 07/01/90 (DDMMYY), but the birth date given is "
            "08/01/1990."
        ]


@pytest.mark.parametrize(
    ("born", "code"),
    [
        (datetime.date(2026, 6, 2), "future"),
        (datetime.date(2011, 6, 2), "too_young"),  # 14 on 2026-06-01
        (datetime.date(1925, 5, 31), "too_old"),  # 101 years old
    ],
)
def test_a_job_seekers_birth_date_is_plausible(born, code):
    with pytest.raises(ValidationError) as error:
        validate_birth_date(born, today=datetime.date(2026, 6, 1))
    assert error.value.code == code


def test_the_age_limits_themselves_are_accepted():
    today = datetime.date(2026, 6, 1)
    validate_birth_date(datetime.date(2011, 6, 1), today=today)  # 15 today
    validate_birth_date(datetime.date(1926, 6, 1), today=today)  # 100 today


ASSISTED = {"name": "Siti", "referral_source": "walk_in", "consent_channel": "in_person"}


@pytest.mark.django_db
def test_the_assisted_registration_form_cleans_the_phone_and_checks_the_birth_date():
    form = AssistedRegistrationForm(data={**ASSISTED, "phone": "0812-3456-7890"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["phone"] == "+6281234567890"
    form = AssistedRegistrationForm(data={**ASSISTED, "phone": "08123", "birth_date": "2999-01-01"})
    assert not form.is_valid()
    assert "too short" in form.errors["phone"][0] and "in the future" in form.errors["birth_date"][0]


@pytest.mark.django_db
def test_the_profile_form_shows_a_stored_phone_as_people_read_it_and_stores_e164(city_a):
    from cities.tenancy import city_context
    from jobseekers.models import JobSeeker

    with city_context(city_a):
        seeker = JobSeeker.objects.create(name="Siti", phone="+6281234567890")
        form = IdentityForm(instance=seeker)
        assert 'value="0812-3456-7890"' in str(form["phone"])
        data = {"name": "Siti", "phone": "(0271) 123456", "language": "id"}
        form = IdentityForm(data=data, instance=seeker)
        assert form.is_valid(), form.errors
        assert form.cleaned_data["phone"] == "+62271123456"
