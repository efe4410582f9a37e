"""Bulk import of existing job-seeker records from XLSX/CSV, and the caseload export.

The template has Indonesian headers (``COLUMNS``); a file may name them in another case or
spacing, or by an alias (``"No. HP"``, ``"Tgl Lahir"``, ``"Full name"``…), with title rows above
the header (``cities.tabular.find_header``). The header must have the identity columns (name, NIK,
birth date, sex: duplicates and the NIK's agreement depend on them, so a misnamed one must not
import people unchecked); the others may be missing (empty cells), and columns the template does
not know are ignored. An import is two steps: a **dry run** that checks every row and reports each
problem as (row, column, problem), then a **commit** that writes all rows or none (one
transaction, re-checked; the writes are ``jobseekers.services.imports``). Imported people get consent "to be confirmed"
(``ConsentRecord.Decision.TO_CONFIRM`` for every purpose, ``consent_to_confirm``) and so stay out of
matching and sharing until they confirm.

Cells are read as people type them: dates by ``cities.tabular.parse_date``, phones to E.164 by
``cities.phones``, education by ``reference.education.parse_education`` ("D3", "S1", "SMA/sederajat"),
sex as P/L or the words, ragam by the category or its common *tuna-* word.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from cities.calendar import city_zone
from cities.phones import display_phone, normalise_phone
from cities.tabular import (
    Column,
    DateError,
    HeaderNotFound,
    find_header,
    neutral_cell,
    parse_date,
    read_rows,  # noqa: F401 (callers read uploads through this module)
)
from jobseekers.models import JobSeeker, ReferralSource, validate_birth_date
from jobseekers.nik import normalise_nik, validate_nik
from reference.education import SHORT_FORMS, parse_education
from reference.models import Ragam

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_ROWS = 20_000
SESSION_KEY = "jobseekers_import"

# (column: template header, aliases, required; field; explanation for the template's second sheet)
COLUMNS = [
    (
        Column(
            "Nama lengkap",
            ("Nama", "Nama peserta", "Nama pencari kerja", "Full name", "Name"),
            required=True,
        ),
        "name",
        "Wajib. Nama kolom lain yang dikenali: Nama, Full name.",
    ),
    (
        Column(
            "NIK",
            ("No NIK", "Nomor NIK", "No KTP", "Nomor KTP", "NIK KTP", "Nomor Induk Kependudukan", "National ID"),
            required=True,
        ),
        "nik",
        "16 angka (format sel: Teks, agar Excel tidak memotong angka terakhir). Boleh kosong. Harus unik di kota ini.",
    ),
    (
        Column(
            "Tanggal lahir",
            ("Tgl lahir", "Tgl. lahir", "Tanggal kelahiran", "Date of birth", "Birth date", "Birthdate", "DOB"),
            required=True,
        ),
        "birth_date",
        "Sel tanggal Excel, atau HH/BB/TTTT (07/01/1990), HH-BB-TTTT, TTTT-BB-HH, 7 Januari 1990. Hari "
        "selalu lebih dulu. Boleh kosong.",
    ),
    (
        Column("Jenis kelamin", ("JK", "L/P", "P/L", "Kelamin", "Sex", "Gender"), required=True),
        "gender",
        "P atau L (juga: perempuan, laki-laki, wanita, pria). Boleh kosong.",
    ),
    (
        Column(
            "Nomor HP",
            (
                "No HP",
                "HP",
                "Nomor HP/WA",
                "No HP/WA",
                "No WA",
                "Nomor WA",
                "WhatsApp",
                "Telepon",
                "Telp",
                "No Telp",
                "Nomor telepon",
                "Phone",
                "Phone number",
                "Mobile",
                "Mobile number",
            ),
        ),
        "phone",
        "Seperti biasa ditulis: 0812 3456 7890, +62 812-3456-7890, (0271) 123456. Disimpan sebagai +62…. Tidak wajib.",
    ),
    (Column("Email", ("E-mail", "Surel", "Alamat email", "Email address")), "email", "Tidak wajib."),
    (Column("Kelurahan", ("Kel", "Desa", "Desa/Kelurahan", "Kelurahan/Desa", "Village")), "kelurahan", "Tidak wajib."),
    (Column("Kecamatan", ("Kec", "District", "Subdistrict")), "kecamatan", "Tidak wajib."),
    (
        Column("Nomor AK/1", ("AK/1", "AK1", "No AK/1", "Kartu kuning", "Nomor kartu kuning", "AK/1 number")),
        "ak1_number",
        "Tidak wajib.",
    ),
    (
        Column(
            "Ragam disabilitas",
            ("Ragam", "Jenis disabilitas", "Disabilitas", "Kategori disabilitas", "Disability", "Type of disability"),
        ),
        "ragam",
        "Tidak wajib. Satu atau lebih, dipisah koma: fisik, intelektual, mental, sensorik (juga: tunadaksa, "
        "tunagrahita, psikososial, tunanetra, tunarungu, tunawicara).",
    ),
    (
        Column("Cara datang", ("Sumber", "Sumber rujukan", "Referral source")),
        "referral_source",
        "Tidak wajib. Salah satu: " + ", ".join(ReferralSource.values) + ".",
    ),
    (
        Column("Pendidikan terakhir", ("Pendidikan", "Pendidikan tertinggi", "Ijazah terakhir", "Education")),
        "education",
        "Tidak wajib. Salah satu: " + SHORT_FORMS + " (atau ditulis lengkap: Sekolah Dasar, Diploma III, "
        "Sarjana, Magister, Doktor …).",
    ),
]
HEADERS = [column.header for column, _field, _help in COLUMNS]
# Cells of the "Jenis kelamin" column, lower case.
GENDERS = {
    "": "",
    "p": "female",
    "perempuan": "female",
    "wanita": "female",
    "pr": "female",
    "f": "female",
    "female": "female",
    "l": "male",
    "laki-laki": "male",
    "laki laki": "male",
    "lakilaki": "male",
    "pria": "male",
    "lk": "male",
    "m": "male",
    "male": "male",
}
# Ragam as spreadsheets write them: the category, or the word for a kind of it (UU 8/2016 art. 4
# and its elucidation: netra, rungu and wicara are sensory; daksa physical; grahita intellectual).
RAGAM_WORDS = {
    **{value: value for value in Ragam.values},
    "physical": "fisik",
    "daksa": "fisik",
    "tunadaksa": "fisik",
    "tuna daksa": "fisik",
    "intellectual": "intelektual",
    "grahita": "intelektual",
    "tunagrahita": "intelektual",
    "tuna grahita": "intelektual",
    "psikososial": "mental",
    "psychosocial": "mental",
    "sensory": "sensorik",
    "netra": "sensorik",
    "tunanetra": "sensorik",
    "tuna netra": "sensorik",
    "rungu": "sensorik",
    "tunarungu": "sensorik",
    "tuna rungu": "sensorik",
    "tuli": "sensorik",
    "wicara": "sensorik",
    "tunawicara": "sensorik",
    "tuna wicara": "sensorik",
}


def indonesian_labels(choices) -> dict[str, str]:
    """``{lower-case Indonesian label: value}`` of ``choices``: the export names values by their
    labels (``"Ditempatkan"``, ``"fisik"``), and a file exported here can be imported again."""
    with translation.override("id"):
        return {str(label).lower(): value for value, label in choices}


# An Excel number cell keeps 15 significant digits: a 16-digit NIK typed into one loses its last
# digit, and a CSV saved from it shows it as 3.37205E+15.
_NUMBER_LOOKING_NIK = re.compile(r"\d(?:[.,]\d+)?[eE]\+?\d+")


@dataclass
class Problem:
    row: int  # the row number as the spreadsheet shows it (the header is row 1)
    column: str
    message: str


@dataclass
class Report:
    rows: int = 0
    problems: list[Problem] = field(default_factory=list)
    fatal: str = ""
    token: str = ""

    @property
    def ok(self) -> bool:
        return not self.fatal and not self.problems

    @property
    def bad_rows(self) -> list[int]:
        return sorted({problem.row for problem in self.problems})


class ImportFailed(Exception):
    def __init__(self, report: Report):
        super().__init__(report.fatal or f"{len(report.problems)} problems")
        self.report = report


def template_xlsx() -> bytes:
    """The template: headers on the first sheet, an explanation of each column on the second."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "Pencari kerja"
    sheet.append(HEADERS)
    sheet.append(
        [
            "Contoh Nama",
            "3372054701900001",
            "1990-01-07",
            "P",
            "081234567890",
            "",
            "Kauman",
            "Pasar Kliwon",
            "",
            "fisik",
            "walk_in",
            "sma",
        ]
    )
    help_sheet = book.create_sheet("Petunjuk")
    help_sheet.append(["Kolom", "Keterangan", "Nama kolom lain yang dikenali"])
    for column, _field, explanation in COLUMNS:
        help_sheet.append([column.header, explanation, ", ".join(column.aliases)])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _nik_problems(nik: str, raw: str, *, birth_date, gender: str) -> list[str]:
    """Why the NIK cell is wrong, empty when it is right (shape, then agreement with the row)."""
    try:
        validate_nik(nik, birth_date=birth_date, gender=gender)
    except ValidationError as error:
        messages = list(error.messages)
        if error.code == "length" and _NUMBER_LOOKING_NIK.fullmatch(raw.strip()):
            messages.append(
                _(
                    "Excel stored this NIK as a number and cut its last digits: format the column as "
                    "Text and type the NIK again."
                )
            )
        return messages
    return []


def check(rows: list[list[str]]) -> tuple[Report, list[dict]]:
    """Check every data row; returns the report and the cleaned rows (only meaningful when ``report.ok``).

    Row numbers are the spreadsheet's (title rows above the header count). Each problem names its
    cause: a birth date in the future or giving an age outside 15-100, the same NIK as an earlier
    row of the file, a NIK already registered in this city, a NIK whose birth date or sex
    disagrees with the row's.
    """
    report = Report()
    if not any(any(cell.strip() for cell in row) for row in rows):
        report.fatal = _("The file is empty.")
        return report, []
    try:
        table = find_header(rows, [column for column, _field, _help in COLUMNS])
    except HeaderNotFound as error:
        report.fatal = str(error)
        return report, []
    if len(table.rows) > MAX_ROWS:
        report.fatal = _("The file has more than %(max)s rows.") % {"max": MAX_ROWS}
        return report, []
    report.rows = len(table.rows)
    today = timezone.localdate()
    cleaned: list[dict] = []
    seen_niks: dict[str, int] = {}
    for number, row in table.rows:
        cell = table.cells(row)
        cell = {header: cell.get(header, "") for header in HEADERS}
        out: dict = {"_row": number}

        def problem(column: str, message: str) -> None:
            report.problems.append(Problem(number, column, message))  # noqa: B023 - used at once

        out["name"] = cell["Nama lengkap"]
        if not out["name"]:
            problem("Nama lengkap", _("The name is missing."))
        elif len(out["name"]) > 255:
            problem("Nama lengkap", _("The name is longer than 255 characters."))
        out["birth_date"] = None
        birth_date_known = True  # False when the cell holds a wrong date: the NIK is not compared with it
        if cell["Tanggal lahir"]:
            try:
                born = parse_date(cell["Tanggal lahir"])
                validate_birth_date(born, today=today)
            except DateError as error:
                problem("Tanggal lahir", str(error))
                birth_date_known = False
            except ValidationError as error:
                problem("Tanggal lahir", " ".join(error.messages))
                birth_date_known = False
            else:
                out["birth_date"] = born
        out["gender"] = GENDERS.get(cell["Jenis kelamin"].lower())
        gender_known = out["gender"] is not None
        if not gender_known:
            problem("Jenis kelamin", _("Write P or L, or leave it empty."))
            out["gender"] = ""
        out["nik"] = normalise_nik(cell["NIK"])
        if out["nik"]:
            if out["nik"] in seen_niks:
                problem("NIK", _("The same NIK is on row %(row)s.") % {"row": seen_niks[out["nik"]]})
            seen_niks.setdefault(out["nik"], number)
            for message in _nik_problems(
                out["nik"],
                cell["NIK"],
                birth_date=out["birth_date"] if birth_date_known else None,
                gender=out["gender"] if gender_known else "",
            ):
                problem("NIK", message)
        out["email"] = cell["Email"]
        if out["email"]:
            try:
                validate_email(out["email"])
            except ValidationError:
                problem("Email", _("This is not an email address."))
        try:
            out["phone"] = normalise_phone(cell["Nomor HP"])
        except ValidationError as error:
            problem("Nomor HP", " ".join(error.messages))
            out["phone"] = ""
        for header_name, field_name, limit in (
            ("Kelurahan", "kelurahan", 100),
            ("Kecamatan", "kecamatan", 100),
            ("Nomor AK/1", "ak1_number", 30),
        ):
            out[field_name] = cell[header_name]
            if len(out[field_name]) > limit:
                problem(header_name, _("Longer than %(limit)s characters.") % {"limit": limit})
        words = [part.strip().lower() for part in re.split(r"[,;/]", cell["Ragam disabilitas"]) if part.strip()]
        ragam_words = RAGAM_WORDS | indonesian_labels(Ragam.choices)
        unknown = [word for word in words if word not in ragam_words]
        if unknown:
            problem("Ragam disabilitas", _("Unknown value: %(values)s.") % {"values": ", ".join(unknown)})
        out["ragam"] = sorted({ragam_words[word] for word in words if word in ragam_words})
        source = cell["Cara datang"].lower()
        out["referral_source"] = indonesian_labels(ReferralSource.choices).get(source, source)
        if out["referral_source"] and out["referral_source"] not in ReferralSource.values:
            problem("Cara datang", _("Unknown value: %(values)s.") % {"values": out["referral_source"]})
        out["education"] = parse_education(cell["Pendidikan terakhir"])
        if out["education"] is None:
            problem(
                "Pendidikan terakhir",
                _("Unknown level of education: %(value)s. Write one of %(levels)s.")
                % {"value": cell["Pendidikan terakhir"], "levels": SHORT_FORMS},
            )
            out["education"] = ""
        cleaned.append(out)
    # NIKs already registered in this city: one query for the whole file.
    existing = (
        set(JobSeeker.objects.filter(nik__in=list(seen_niks)).values_list("nik", flat=True)) if seen_niks else set()
    )
    for out in cleaned:
        if out["nik"] in existing and seen_niks[out["nik"]] == out["_row"]:
            report.problems.append(
                Problem(out["_row"], "NIK", _("A job seeker with this NIK is already registered in this city."))
            )
    report.problems.sort(key=lambda p: (p.row, HEADERS.index(p.column)))
    return report, cleaned


EXPORT_HEADERS = [
    "ID",
    "Nama lengkap",
    "NIK (disamarkan)",
    "Tanggal lahir",
    "Jenis kelamin",
    "Nomor HP",
    "Kelurahan",
    "Kecamatan",
    "Nomor AK/1",
    "Ragam disabilitas",
    "Cara datang",
    "Status",
    "Petugas",
    "Tindakan berikutnya",
    "Terdaftar",
]


def export(seekers, fmt: str) -> tuple[bytes, str, list]:
    """The caseload as CSV (UTF-8 with BOM, for Excel) or XLSX; returns (body, content type, people).

    The file is in Indonesian, headers and values alike: disability category, how the person came and
    the case status are written as their Indonesian labels (``"Ditempatkan"``, not ``"placed"``); the
    import reads those labels back (``indonesian_labels``). Codes are for machines: the API's JSON.

    Text that starts like a formula (``=``, ``+``, ``-``, ``@``, tab, CR) gets a leading apostrophe,
    in both formats (in XLSX such a string would otherwise be stored as a formula cell).
    """
    people = list(seekers.select_related("assigned_officer", "city"))
    with translation.override("id"):
        rows = _export_rows(people)
    rows = [[neutral_cell(value) for value in row] for row in rows]
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(EXPORT_HEADERS)
        writer.writerows(rows)
        return ("\ufeff" + out.getvalue()).encode("utf-8"), "text/csv; charset=utf-8", people
    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    book = Workbook(write_only=True)
    sheet = book.create_sheet("Pencari kerja")
    sheet.append(EXPORT_HEADERS)
    for row in rows:
        # Control characters (typed or imported by mistake) cannot be stored in XLSX: drop them.
        sheet.append([ILLEGAL_CHARACTERS_RE.sub("", v) if isinstance(v, str) else v for v in row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue(), XLSX_TYPE, people


def _export_rows(people: list[JobSeeker]) -> list[list]:
    """The export's rows of ``people``, values as the active language writes them."""
    return [
        [
            s.pk,
            s.name,
            s.nik_masked if s.nik else "",
            s.birth_date.isoformat() if s.birth_date else "",
            {"female": "P", "male": "L"}.get(s.gender, ""),
            display_phone(s.phone),
            s.kelurahan,
            s.kecamatan,
            s.ak1_number,
            ", ".join(str(Ragam(r).label) if r in Ragam.values else r for r in s.ragam),
            s.get_referral_source_display() if s.referral_source else "",
            s.get_status_display(),
            (s.assigned_officer.name or s.assigned_officer.email) if s.assigned_officer else "",
            s.next_action_on.isoformat() if s.next_action_on else "",
            timezone.localdate(s.created_at, city_zone(s.city)).isoformat(),  # the city's own date
        ]
        for s in people
    ]
