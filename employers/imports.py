"""Import of vacancies from XLSX/CSV as drafts, for employers and city staff.

The columns are the vacancy export's (``api.exchange.VACANCY_HEADERS``, Indonesian headers, so an
export can be edited and imported again) plus the form's fields the export leaves out
(``EXTRA_HEADERS``: description, tasks, skills, accommodations, site...). The export's bookkeeping
columns (``ID``, ``Status``, ``Diterbitkan``, ``Dibuat``, and a row-number column ``No``) are read
and ignored: every imported row becomes a new **draft**. Headers are matched without case, spaces
or punctuation and by their aliases (``ALIASES``: ``"Nama jabatan"``, ``"Job title"``, ``"Gaji
terendah"``…), below any title rows (``cities.tabular.find_header``). Only ``Judul`` must be
present as a column; a missing optional column is read as empty cells; an unknown column stops the
import (a typo would otherwise drop data silently). Cells are read as people write them: dates by
``cities.tabular.parse_date``, education by ``reference.education.parse_education`` ("D3", "S1"),
wages with thousands separators (``Rp 3.000.000``).

Each row goes through the rules of the vacancy page: ``employers.forms.VacancyForm`` (choices,
lengths, KBJI occupation, ESCO skills by code, accommodations by ``ACC-nnn`` code, a deadline not
in the past, the site among the organisation's sites) and then ``employers.services.vacancy_save``
(wage range, wage or "negotiable", description, the actor a member of the organisation or staff).
Everything runs in one transaction: when any row fails, or on a dry run, it is rolled back, so
all rows are written or none.

Whose organisation: an employer member imports for their own organisation (the ``Pemberi kerja``
cell may be empty or name it); city staff name an organisation of **this city** in every row by
its id, its NIB, or its exact legal name (an organisation of another city is never found: the
city's row-level security hides it, and the row is reported).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from cities.tabular import Column, DateError, HeaderNotFound, find_header, parse_date, read_rows
from employers import services
from employers.forms import VacancyForm
from employers.models import Employer, Workplace
from reference.education import SHORT_FORMS, parse_education
from reference.models import AccommodationType, Occupation, Skill

__all__ = ["HEADERS", "MAX_BYTES", "MAX_ROWS", "Problem", "Report", "import_vacancies", "read_rows"]

MAX_ROWS = 500  # each row is a form and a save (about 15 queries): 500 rows stay well under a minute
MAX_BYTES = 2 * 1024 * 1024  # 2 MiB; larger files are refused before they are parsed

# The export's columns (api.exchange.VACANCY_HEADERS) that an import reads, with the form's field.
EXPORT_FIELDS = {
    "Judul": "title",
    "Pemberi kerja": None,  # the organisation: id, NIB or legal name
    "Kode KBJI": "occupation",
    "Jenis hubungan kerja": "employment_type",
    "Pengaturan kerja": "arrangement",
    "Jumlah lowongan": "openings",
    "Upah terendah": "wage_min",
    "Upah tertinggi": "wage_max",
    "Upah dapat dinegosiasikan": "wage_negotiable",
    "Khusus penyandang disabilitas": "reserved_for_pwd",
    "Batas lamaran": "deadline",
}
IGNORED_HEADERS = ("ID", "Status", "Diterbitkan", "Dibuat", "No", "No urut", "Nomor urut")
EXTRA_FIELDS = {
    "Deskripsi": "description",
    "Tugas pokok": "essential_tasks",
    "Pendidikan minimal": "education_level",
    "Keterampilan ESCO": "esco_skills",  # ESCO codes, separated by commas or semicolons
    "Keterampilan lain": "skills",
    "Pengalaman (tahun)": "experience_years",
    "Pengalaman": "experience",
    "Jam kerja": "working_hours",
    "Tempat kerja": "workplace",  # the site's id or exact name, of the row's organisation
    "Akomodasi": "accommodations",  # ACC-nnn codes, separated by commas or semicolons
    "Akomodasi lain": "accommodations_other",
    "Rekrutmen aksesibel": "recruitment_options",  # RecruitmentOption values, separated by commas
}
FIELDS = {**EXPORT_FIELDS, **EXTRA_FIELDS}
HEADERS = list(FIELDS)
# Other names of the columns, Indonesian and English (compared without case, spaces or punctuation).
ALIASES: dict[str, tuple[str, ...]] = {
    "Judul": ("Judul lowongan", "Nama jabatan", "Jabatan", "Posisi", "Job title", "Title", "Position"),
    "Pemberi kerja": ("Perusahaan", "Nama perusahaan", "Organisasi", "Employer", "Company"),
    "Kode KBJI": ("KBJI", "Occupation code"),
    "Jenis hubungan kerja": ("Employment type",),
    "Pengaturan kerja": ("Work arrangement",),
    "Jumlah lowongan": ("Jumlah", "Jumlah kebutuhan", "Kebutuhan", "Formasi", "Openings"),
    "Upah terendah": ("Gaji terendah", "Gaji minimal", "Upah minimal", "Lowest wage"),
    "Upah tertinggi": ("Gaji tertinggi", "Gaji maksimal", "Upah maksimal", "Highest wage"),
    "Upah dapat dinegosiasikan": ("Gaji nego", "Gaji dapat dinegosiasikan", "Wage negotiable", "Negotiable"),
    "Khusus penyandang disabilitas": ("Khusus disabilitas", "Reserved for persons with disabilities"),
    "Batas lamaran": ("Batas akhir", "Batas akhir lamaran", "Tanggal tutup", "Deadline", "Closing date"),
    "Deskripsi": ("Deskripsi pekerjaan", "Uraian pekerjaan", "Description", "Job description"),
    "Tugas pokok": ("Tugas", "Tugas utama", "Essential tasks", "Tasks"),
    "Pendidikan minimal": ("Pendidikan", "Pendidikan minimum", "Minimum education", "Education"),
    "Keterampilan ESCO": ("ESCO", "Kode ESCO", "ESCO skills"),
    "Keterampilan lain": ("Keterampilan", "Keahlian", "Skills", "Other skills"),
    "Pengalaman (tahun)": ("Pengalaman minimal", "Lama pengalaman", "Years of experience"),
    "Pengalaman": ("Jenis pengalaman", "Experience"),
    "Jam kerja": ("Waktu kerja", "Working hours"),
    "Tempat kerja": ("Lokasi kerja", "Lokasi", "Site", "Workplace"),
    "Akomodasi": ("Kode akomodasi", "Accommodations"),
    "Akomodasi lain": ("Other accommodations",),
    "Rekrutmen aksesibel": ("Accessible recruitment",),
}
COLUMNS = [Column(header, ALIASES.get(header, ()), required=header == "Judul") for header in HEADERS]
COLUMN_OF = {name: header for header, name in FIELDS.items() if name}
EMPLOYER_COLUMN = "Pemberi kerja"
YES = {"ya", "y", "yes", "true", "1", "benar"}
NO = {"", "tidak", "t", "no", "n", "false", "0", "salah"}


@dataclass
class Problem:
    row: int  # the row number as the spreadsheet shows it (the header is row 1)
    column: str  # the header, or "" for the whole row
    message: str


@dataclass
class Report:
    """The outcome of an import: same shape as ``jobseekers.imports.Report`` plus the created ids."""

    rows: int = 0
    problems: list[Problem] = field(default_factory=list)
    fatal: str = ""
    created: list[int] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.fatal and not self.problems


def _codes(value: str) -> list[str]:
    return [part for part in re.split(r"[,;\s]+", value.strip()) if part]


def _is_id(value: str) -> bool:
    """ASCII digits only, fewer than 10 (``"²".isdigit()`` is true but ``int("²")`` raises)."""
    return value.isascii() and value.isdigit() and len(value) < 10


def _number(value: str) -> str:
    """``"3000000.0"`` (a number cell read from XLSX) as ``"3000000"``; other text unchanged."""
    return value[: value.index(".")] if re.fullmatch(r"\d+\.0+", value) else value


# Rupiah as written: "Rp 3.000.000", "3.000.000,00", "3,000,000", "3000000".
_RUPIAH = re.compile(r"(?:rp\.?\s*)?(\d{1,3}(?:\.\d{3})+|\d{1,3}(?:,\d{3})+|\d+)(?:[.,]0{1,2})?", re.IGNORECASE)


def _rupiah(value: str) -> str:
    """A wage cell as digits (``"Rp 3.000.000"`` → ``"3000000"``); other text unchanged for the form to refuse."""
    match = _RUPIAH.fullmatch(value.strip())
    return re.sub(r"[.,]", "", match[1]) if match else value


class _Row:
    def __init__(self, report: Report, number: int):
        self.report, self.number = report, number
        self.failed = False

    def problem(self, column: str, message: str) -> None:
        self.failed = True
        self.report.problems.append(Problem(self.number, column, message))


def _employer(cell: str, *, own: Employer | None, staff: bool, row: _Row) -> Employer | None:
    """The row's organisation, or ``None`` after reporting why not."""
    if own is not None and not staff:
        if cell and cell not in {str(own.pk), own.nib, own.legal_name}:
            row.problem(EMPLOYER_COLUMN, _("You may import vacancies only for your own organisation."))
            return None
        return own
    if not cell:
        if own is not None:
            return own
        row.problem(EMPLOYER_COLUMN, _("Name the organisation by its id, NIB or legal name."))
        return None
    found = list(Employer.objects.filter(pk=int(cell)))[:1] if _is_id(cell) else []
    if not found:
        found = list(Employer.objects.filter(nib=cell)[:2]) or list(Employer.objects.filter(legal_name=cell)[:2])
    if len(found) != 1:
        row.problem(EMPLOYER_COLUMN, _("No organisation of this city has this id, NIB or name."))
        return None
    return found[0]


def _form_data(cell: dict[str, str], employer: Employer, row: _Row) -> dict:
    """The form's POST data of one row; codes become ids (unknown codes are reported here)."""
    data: dict = {}
    for header, name in FIELDS.items():
        value = cell.get(header, "")
        if name is None or name in {"esco_skills", "accommodations", "workplace", "occupation"}:
            continue
        if name in {"wage_negotiable", "reserved_for_pwd"}:
            if value.lower() in YES:
                data[name] = "on"
            elif value.lower() not in NO:
                row.problem(header, _("Write ya or tidak."))
        elif name == "recruitment_options":
            data[name] = _codes(value.replace(",", " "))
        elif name == "education_level":
            code = parse_education(value)
            if code is None:
                row.problem(
                    header,
                    _("Unknown level of education: %(value)s. Write one of %(levels)s.")
                    % {"value": value, "levels": SHORT_FORMS},
                )
            data[name] = code or "none"  # the model's default: no education required (the row failed if unknown)
        elif name == "deadline":
            try:
                data[name] = parse_date(value).isoformat() if value else ""
            except DateError as error:
                row.problem(header, str(error))
        elif name == "openings":
            data[name] = _number(value) or "1"  # the model's default: one opening
        else:
            if name in {"wage_min", "wage_max"}:
                value = _rupiah(value)
            data[name] = _number(value) if name in {"openings", "wage_min", "wage_max", "experience_years"} else value
    low, high = data.get("wage_min", ""), data.get("wage_max", "")
    if low.isascii() and high.isascii() and low.isdigit() and high.isdigit() and int(low) > int(high):
        # The service's wording, on the column to fix (the model's constraint would name no column).
        row.problem("Upah tertinggi", _("The highest wage must not be lower than the lowest wage."))
        data.pop("wage_max")
    code = cell.get("Kode KBJI", "")
    if code:
        occupation = Occupation.objects.filter(code=code).values_list("pk", flat=True).first()
        if occupation is None:
            row.problem("Kode KBJI", _("Unknown KBJI code: %(code)s.") % {"code": code})
        else:
            data["occupation"] = str(occupation)
    for header, name, model in (
        ("Keterampilan ESCO", "esco_skills", Skill),
        ("Akomodasi", "accommodations", AccommodationType),
    ):
        codes = _codes(cell.get(header, ""))
        ids = dict(model.objects.filter(code__in=codes).values_list("code", "pk")) if codes else {}
        unknown = [c for c in codes if c not in ids]
        if unknown:
            row.problem(header, _("Unknown code: %(codes)s.") % {"codes": ", ".join(unknown)})
        data[name] = [str(ids[c]) for c in codes if c in ids]
    site = cell.get("Tempat kerja", "")
    if site:
        sites = Workplace.objects.filter(employer=employer)
        found = sites.filter(pk=int(site)) if _is_id(site) else sites.none()
        found = list(found[:1]) or list(sites.filter(name=site)[:2])
        if len(found) != 1:
            row.problem("Tempat kerja", _("The organisation has no site with this id or name."))
        else:
            data["workplace"] = str(found[0].pk)
    return data


def import_vacancies(*, actor: User, rows: list[list[str]], commit: bool) -> Report:
    """Check every row of ``rows`` (header first) and, when ``commit`` and all rows pass, save them as drafts.

    Returns the ``Report``: ``rows`` read, every ``problems`` entry (row, column, translated
    message), ``fatal`` for a file-level problem, and the ``created`` vacancy ids (empty unless
    committed). Nothing is written unless every row passes (one transaction, rolled back otherwise
    and always on a dry run). Runs inside the caller's city context; ``actor`` is an employer
    member (own organisation) or city staff (any organisation of this city).
    """
    report = Report()
    if not any(any(str(c).strip() for c in row) for row in rows):
        report.fatal = _("The file is empty.")
        return report
    try:
        table = find_header(rows, COLUMNS, ignored=IGNORED_HEADERS)
    except HeaderNotFound as error:
        report.fatal = str(error)
        return report
    if table.unknown:
        report.fatal = _("Unknown columns: %(columns)s.") % {"columns": ", ".join(table.unknown)}
        return report
    numbered = table.rows
    if len(numbered) > MAX_ROWS:
        report.fatal = _("The file has more than %(max)s rows.") % {"max": MAX_ROWS}
        return report
    report.rows = len(numbered)
    if not numbered:
        report.fatal = _("The file has no rows to import.")
        return report
    staff = services._is_staff(actor)
    own = services.employer_of(actor)
    if not staff and own is None:
        report.fatal = _("Only the organisation's members or city staff may do this.")
        return report
    with transaction.atomic():
        for number, values in numbered:
            row = _Row(report, number)
            cell = table.cells(values)
            employer = _employer(cell.get(EMPLOYER_COLUMN, ""), own=own, staff=staff, row=row)
            if employer is None:
                continue
            form = VacancyForm(data=_form_data(cell, employer, row), employer=employer)
            if not form.is_valid():
                for name, messages in form.errors.items():
                    for message in messages:
                        row.problem(COLUMN_OF.get(name, ""), message)
                continue
            if row.failed:
                continue
            data = dict(form.cleaned_data)
            data.pop("skill_search", None)
            try:
                vacancy = services.vacancy_save(actor=actor, employer=employer, **data)
            except services.EmployerError as error:
                row.problem("", str(error))
            except ValidationError as error:
                by_field = error.message_dict if hasattr(error, "error_dict") else {"": error.messages}
                for name, messages in by_field.items():
                    for message in messages:
                        row.problem(COLUMN_OF.get(name, ""), message)
            else:
                report.created.append(vacancy.pk)
        if not commit or not report.ok:
            transaction.set_rollback(True)
            report.created = []
    order = {h: i for i, h in enumerate(["", *HEADERS])}
    report.problems.sort(key=lambda p: (p.row, order.get(p.column, 0)))
    return report
