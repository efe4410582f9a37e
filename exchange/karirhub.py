"""SIAPkerja/Karirhub (Kemnaker) behind one adapter: vacancies and registrations out, vacancies in.

``KarirhubExchange`` is the interface: ``export_vacancies``, ``export_registrations`` and
``import_vacancies``. ``FileExchange`` implements it with files staff move by hand today (CSV or
XLSX, the columns named as Karirhub's forms label the fields, ``VACANCY_COLUMNS`` and
``REGISTRATION_COLUMNS``); ``KarirhubApiClient`` is the place for an API client once Kemnaker
publishes one for cities, and until then raises ``NotImplementedError`` (no endpoint is guessed).
Which labels are verified and which are assumed is in docs/karirhub.md.

The vacancy import is ``employers.imports.import_vacancies`` itself: the Karirhub columns are found
by ``cities.tabular.find_header`` (case, spaces and punctuation ignored, aliases), each row is
rewritten into the portal's import columns at the same row number, and the portal's import checks
every row by the vacancy form's and service's rules and writes all rows as drafts or none. Its
problems come back named by the Karirhub column.

Registrations: only people who may be shared (``sharing_allowed``, consent confirmed, not
anonymised, with a NIK) are exported, and each exported person gets an access entry
(``accounts.audit.record_access_many``), as the caseload export does.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Protocol

from django.utils import translation
from django.utils.translation import gettext as _

from accounts import audit
from cities.tabular import Column, HeaderNotFound, find_header, header_key, table_bytes
from employers import imports as vacancy_imports
from employers.models import EmploymentType, Vacancy, WorkArrangement
from jobseekers.models import JobSeeker
from reference.education import EducationLevel

# Karirhub label → (portal import column, aliases). ``None``: read and left alone.
VACANCY_COLUMNS: dict[str, tuple[str | None, tuple[str, ...]]] = {
    "Judul Lowongan": ("Judul", ("Judul", "Nama Lowongan", "Posisi", "Job title")),
    "Nama Perusahaan": ("Pemberi kerja", ("Perusahaan", "Nama Pemberi Kerja", "Company")),
    "NIB Perusahaan": (None, ("NIB", "Nomor Induk Berusaha")),  # read with Nama Perusahaan
    "Jabatan (KBJI)": ("Kode KBJI", ("Jabatan", "KBJI", "Kode KBJI", "Kode Jabatan")),
    "Deskripsi Pekerjaan": ("Deskripsi", ("Deskripsi", "Deskripsi Lowongan", "Uraian Pekerjaan")),
    "Tugas dan Tanggung Jawab": ("Tugas pokok", ("Tugas", "Tugas Pokok", "Tanggung Jawab")),
    "Jumlah Kebutuhan": ("Jumlah lowongan", ("Jumlah", "Kebutuhan", "Jumlah Lowongan")),
    "Pendidikan Minimal": ("Pendidikan minimal", ("Pendidikan", "Pendidikan Minimum", "Pendidikan Terakhir")),
    "Pengalaman Minimal (Tahun)": ("Pengalaman (tahun)", ("Pengalaman Minimal", "Pengalaman Kerja")),
    "Keterampilan": ("Keterampilan lain", ("Keahlian", "Skill", "Kompetensi")),
    "Jenis Pekerjaan": ("Jenis hubungan kerja", ("Tipe Pekerjaan", "Status Pekerjaan", "Jenis Hubungan Kerja")),
    "Sistem Kerja": ("Pengaturan kerja", ("Model Kerja", "Tempat Bekerja", "Pengaturan Kerja")),
    "Jam Kerja": ("Jam kerja", ("Waktu Kerja",)),
    "Lokasi (Kab/Kota)": (None, ("Lokasi", "Kabupaten/Kota", "Kab/Kota", "Lokasi Penempatan", "Kota")),
    "Gaji Minimal": ("Upah terendah", ("Gaji", "Gaji Minimum", "Gaji Terendah", "Upah Minimal")),
    "Gaji Maksimal": ("Upah tertinggi", ("Gaji Maksimum", "Gaji Tertinggi", "Upah Maksimal")),
    "Gaji Dapat Dinegosiasikan": ("Upah dapat dinegosiasikan", ("Gaji Nego", "Negosiasi")),
    "Khusus Penyandang Disabilitas": ("Khusus penyandang disabilitas", ("Disabilitas", "Ramah Disabilitas")),
    "Batas Akhir": ("Batas lamaran", ("Batas Akhir Lowongan", "Tanggal Berakhir", "Tanggal Tutup", "Deadline")),
}
VACANCY_HEADERS = list(VACANCY_COLUMNS)
# Bookkeeping columns a Karirhub listing may carry; read and ignored (every row becomes a new draft).
VACANCY_IGNORED = ("No", "ID", "ID Lowongan", "Provinsi", "Status", "Status Lowongan", "Tanggal Posting", "Dibuat")
_VACANCY_FIND = [
    Column(label, aliases, required=label == "Judul Lowongan") for label, (_p, aliases) in VACANCY_COLUMNS.items()
]
KARIRHUB_OF = {portal: label for label, (portal, _a) in VACANCY_COLUMNS.items() if portal}
PORTAL_HEADERS = list(KARIRHUB_OF)

REGISTRATION_HEADERS = [
    "NIK",
    "Nama Lengkap",
    "Tanggal Lahir",
    "Jenis Kelamin",
    "Pendidikan Terakhir",
    "Keterampilan",
    "Nomor AK/1",
]

# Karirhub's words for the portal's choices (the portal's own Indonesian and English labels and its
# codes are read too).
EMPLOYMENT_WORDS = {
    EmploymentType.PERMANENT: ("Penuh Waktu", "Tetap", "PKWTT", "Full time"),
    EmploymentType.FIXED_TERM: ("Kontrak", "PKWT", "Contract"),
    EmploymentType.PART_TIME: ("Paruh Waktu", "Part time"),
    EmploymentType.INTERNSHIP: ("Magang", "Pemagangan", "Internship"),
    EmploymentType.DAILY: ("Harian", "Lepas", "Freelance", "Pekerja Harian"),
}
ARRANGEMENT_WORDS = {
    WorkArrangement.ON_SITE: ("Di Kantor", "WFO", "Kerja di Kantor", "On site"),
    WorkArrangement.HYBRID: ("Hybrid", "Hibrida"),
    WorkArrangement.REMOTE: ("Dari Rumah", "WFH", "Remote", "Jarak Jauh"),
}
EDUCATION_WORDS = {
    EducationLevel.NONE: "Tidak Sekolah",
    EducationLevel.SD: "SD",
    EducationLevel.SMP: "SMP",
    EducationLevel.SMA: "SMA",
    EducationLevel.SMK: "SMK",
    EducationLevel.D1_D3: "D3",
    EducationLevel.D4_S1: "S1",
    EducationLevel.S2: "S2",
    EducationLevel.S3: "S3",
}
EDUCATION_RANK = {code: rank for rank, code in enumerate(EducationLevel.values)}


@dataclass
class ExportFile:
    """A file to download: its bytes, content type and file name."""

    body: bytes
    content_type: str
    filename: str


class KarirhubExchange(Protocol):
    """The one interface to Karirhub. Every method runs inside the caller's city context."""

    def export_vacancies(self, vacancies) -> ExportFile: ...

    def export_registrations(self, seekers, *, actor) -> ExportFile: ...

    def import_vacancies(self, *, actor, rows: list[list[str]], commit: bool) -> vacancy_imports.Report: ...


def _choice_lookup(choices, words: dict) -> dict[str, str]:
    """Every spelling of ``choices`` (code, Indonesian and English label, Karirhub's words) → code."""
    lookup: dict[str, str] = {}
    for value in choices.values:
        lookup[header_key(value)] = value
        with translation.override("id"):
            lookup[header_key(str(choices(value).label))] = value
        with translation.override("en"):
            lookup[header_key(str(choices(value).label))] = value
    for value, spellings in words.items():
        for spelling in spellings:
            lookup[header_key(spelling)] = value
    return lookup


def _kbji_code(text: str) -> str:
    """``"2512 Pengembang perangkat lunak"`` or ``"2512 - ..."`` → ``"2512"``; other text unchanged."""
    match = re.match(r"\s*(\d{1,4}(?:\.\d{2})?)(?:\s|$|-)", text)
    return match[1] if match else text


def _vacancy_rows(vacancies) -> list[list]:
    with translation.override("id"):
        return [
            [
                v.title,
                v.employer.legal_name,
                v.employer.nib,
                v.occupation.code if v.occupation else "",
                v.description,
                v.essential_tasks,
                v.openings,
                EDUCATION_WORDS.get(v.education_level, v.education_level),
                "" if v.experience_years is None else v.experience_years,
                v.skills,
                str(v.get_employment_type_display()),
                str(v.get_arrangement_display()),
                v.working_hours,
                v.city.name,
                "" if v.wage_min is None else v.wage_min,
                "" if v.wage_max is None else v.wage_max,
                "ya" if v.wage_negotiable else "tidak",
                "ya" if v.reserved_for_pwd else "tidak",
                v.deadline.isoformat() if v.deadline else "",
            ]
            for v in vacancies.select_related("employer", "occupation", "city")
        ]


def registration_people(seekers):
    """Of ``seekers``, those who may be reported: sharing consented and confirmed, not anonymised, with a NIK."""
    return (
        seekers.filter(sharing_allowed=True, consent_to_confirm=False, anonymised_at__isnull=True)
        .exclude(nik="")
        .order_by("name", "pk")
    )


def _registration_rows(people: list[JobSeeker]) -> list[list]:
    rows = []
    for person in people:
        levels = [e.level for e in person.education.all()]
        highest = max(levels, key=lambda code: EDUCATION_RANK.get(code, -1)) if levels else ""
        skills = sorted(skill.label("id") for skill in person.skills.all())
        if person.skills_text.strip():
            skills.append(person.skills_text.strip())
        rows.append(
            [
                person.nik,
                person.name,
                person.birth_date.isoformat() if person.birth_date else "",
                {"female": "Perempuan", "male": "Laki-laki"}.get(person.gender, ""),
                EDUCATION_WORDS.get(highest, highest),
                "; ".join(skills),
                person.ak1_number,
            ]
        )
    return rows


def _rewrite(rows: list[list[str]]) -> list[list[str]] | vacancy_imports.Report:
    """The upload's rows in the portal import's columns, each at its row number; or a fatal report."""
    report = vacancy_imports.Report()
    if not any(any(str(c).strip() for c in row) for row in rows):
        report.fatal = _("The file is empty.")
        return report
    try:
        table = find_header(rows, _VACANCY_FIND, ignored=VACANCY_IGNORED)
    except HeaderNotFound as error:
        report.fatal = str(error)
        return report
    if table.unknown:
        report.fatal = _("Unknown columns: %(columns)s.") % {"columns": ", ".join(table.unknown)}
        return report
    employment = _choice_lookup(EmploymentType, EMPLOYMENT_WORDS)
    arrangement = _choice_lookup(WorkArrangement, ARRANGEMENT_WORDS)
    out: list[list[str]] = [[] for _row in range(table.header_row - 1)] + [PORTAL_HEADERS]
    for number, values in table.rows:
        cell = table.cells(values)
        nib = cell.get("NIB Perusahaan", "")
        cell["Nama Perusahaan"] = nib or cell.get("Nama Perusahaan", "")
        cell["Jabatan (KBJI)"] = _kbji_code(cell.get("Jabatan (KBJI)", ""))
        for label, lookup in (("Jenis Pekerjaan", employment), ("Sistem Kerja", arrangement)):
            text = cell.get(label, "")
            cell[label] = lookup.get(header_key(text), text)  # text naming no choice: the form refuses it
        out.extend([] for _row in range(number - 1 - len(out)))
        out.append([cell.get(KARIRHUB_OF[portal], "") for portal in PORTAL_HEADERS])
    return out


class FileExchange:
    """Karirhub through files: CSV (UTF-8 with BOM) or XLSX, one sheet, one header row."""

    def __init__(self, fmt: str = "xlsx"):
        if fmt not in ("csv", "xlsx"):
            raise ValueError(f"Unknown format {fmt!r}")
        self.fmt = fmt

    def export_vacancies(self, vacancies) -> ExportFile:
        """``vacancies`` (a queryset of the current city) in Karirhub's vacancy fields."""
        body, content_type = table_bytes(VACANCY_HEADERS, _vacancy_rows(vacancies), self.fmt, sheet="Lowongan")
        return ExportFile(body, content_type, f"karirhub-lowongan.{self.fmt}")

    def export_registrations(self, seekers, *, actor) -> ExportFile:
        """The people of ``seekers`` who may be reported (``registration_people``), with one access
        entry each (identity: the file holds the full NIK)."""
        people = list(registration_people(seekers).prefetch_related("education", "skills"))
        body, content_type = table_bytes(REGISTRATION_HEADERS, _registration_rows(people), self.fmt, sheet="AK1")
        audit.record_access_many(objs=people, groups={"identity"}, extra={"export": "karirhub"}, actor=actor)
        return ExportFile(body, content_type, f"karirhub-pencari-kerja.{self.fmt}")

    def import_vacancies(self, *, actor, rows: list[list[str]], commit: bool) -> vacancy_imports.Report:
        """A Karirhub vacancy listing as drafts: all rows or none (``employers.imports.import_vacancies``),
        problems named by the Karirhub column and the spreadsheet's row number."""
        rewritten = _rewrite(rows)
        if isinstance(rewritten, vacancy_imports.Report):
            return rewritten
        report = vacancy_imports.import_vacancies(actor=actor, rows=rewritten, commit=commit)
        for problem in report.problems:
            problem.column = KARIRHUB_OF.get(problem.column, problem.column)
        return report


class KarirhubApiClient:
    """The place of a Karirhub API client. Kemnaker publishes no API for city systems yet, so every
    method raises ``NotImplementedError`` rather than call an endpoint nobody documented."""

    MESSAGE = (
        "Karirhub has no published API for city systems yet: use FileExchange (CSV/XLSX) and "
        "implement this class against the documented API once Kemnaker provides one (docs/karirhub.md)."
    )

    def export_vacancies(self, vacancies) -> ExportFile:
        raise NotImplementedError(self.MESSAGE)

    def export_registrations(self, seekers, *, actor) -> ExportFile:
        raise NotImplementedError(self.MESSAGE)

    def import_vacancies(self, *, actor, rows: list[list[str]], commit: bool) -> vacancy_imports.Report:
        raise NotImplementedError(self.MESSAGE)


def vacancies_to_report():
    """The vacancies of the current city Karirhub should list: published ones (Perpres 57/2023)."""
    return Vacancy.objects.filter(status=Vacancy.Status.PUBLISHED).order_by("-published_at", "pk")
