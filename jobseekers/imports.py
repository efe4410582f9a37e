"""Bulk import of existing job-seeker records from XLSX/CSV, and the caseload export.

The template has Indonesian headers (``COLUMNS``). An import is two steps: a **dry run** that checks
every row and reports each problem as (row, column, problem), then a **commit** that writes all rows
or none (one transaction, re-checked). Imported people get consent "to be confirmed"
(``ConsentRecord.Decision.TO_CONFIRM`` for every purpose, ``consent_to_confirm``) and so stay out of
matching and sharing until they confirm.
"""

from __future__ import annotations

import csv
import datetime
import io
import secrets
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext as _

from cities.tabular import read_rows
from jobseekers.models import (
    ConsentPurpose,
    ConsentRecord,
    ConsentText,
    Education,
    EducationLevel,
    JobSeeker,
    ReferralSource,
    RegistrationChannel,
)
from jobseekers.nik import normalise_nik, validate_nik
from reference.models import Ragam

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_ROWS = 20_000
SESSION_KEY = "jobseekers_import"

# (header in the file, field, explanation for the template's second sheet)
COLUMNS = [
    ("Nama lengkap", "name", "Wajib."),
    ("NIK", "nik", "16 angka. Tidak wajib. Harus unik di kota ini."),
    ("Tanggal lahir", "birth_date", "Format TTTT-BB-HH atau HH/BB/TTTT. Tidak wajib."),
    ("Jenis kelamin", "gender", "P (perempuan) atau L (laki-laki). Tidak wajib."),
    ("Nomor HP", "phone", "Tidak wajib."),
    ("Email", "email", "Tidak wajib."),
    ("Kelurahan", "kelurahan", "Tidak wajib."),
    ("Kecamatan", "kecamatan", "Tidak wajib."),
    ("Nomor AK/1", "ak1_number", "Tidak wajib."),
    ("Ragam disabilitas", "ragam", "Tidak wajib. Satu atau lebih, dipisah koma: fisik, intelektual, mental, sensorik."),
    ("Cara datang", "referral_source", "Tidak wajib. Salah satu: " + ", ".join(ReferralSource.values) + "."),
    ("Pendidikan terakhir", "education", "Tidak wajib. Salah satu: " + ", ".join(EducationLevel.values) + "."),
]
HEADERS = [header for header, _field, _help in COLUMNS]


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
    help_sheet.append(["Kolom", "Keterangan"])
    for header, _field, explanation in COLUMNS:
        help_sheet.append([header, explanation])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _date(value: str) -> datetime.date:
    for fmt in ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y"):
        try:
            return datetime.datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    raise ValueError


def check(rows: list[list[str]]) -> tuple[Report, list[dict]]:
    """Check every data row; returns the report and the cleaned rows (only meaningful when ``report.ok``)."""
    report = Report()
    if not rows:
        report.fatal = _("The file is empty.")
        return report, []
    header = [cell.strip() for cell in rows[0]]
    missing = [h for h in HEADERS if h not in header]
    if missing:
        report.fatal = _("These columns are missing: %(columns)s. Use the template.") % {"columns": ", ".join(missing)}
        return report, []
    index = {h: header.index(h) for h in HEADERS}
    data = [row for row in rows[1:] if any(cell.strip() for cell in row)]
    if len(data) > MAX_ROWS:
        report.fatal = _("The file has more than %(max)s rows.") % {"max": MAX_ROWS}
        return report, []
    report.rows = len(data)
    cleaned: list[dict] = []
    seen_niks: dict[str, int] = {}
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        cell = {h: (row[i].strip() if i < len(row) else "") for h, i in index.items()}
        out: dict = {"_row": number}

        def problem(column: str, message: str) -> None:
            report.problems.append(Problem(number, column, message))  # noqa: B023 - used at once

        out["name"] = cell["Nama lengkap"]
        if not out["name"]:
            problem("Nama lengkap", _("The name is missing."))
        elif len(out["name"]) > 255:
            problem("Nama lengkap", _("The name is longer than 255 characters."))
        out["birth_date"] = None
        if cell["Tanggal lahir"]:
            try:
                out["birth_date"] = _date(cell["Tanggal lahir"])
            except ValueError:
                problem("Tanggal lahir", _("Write the date as YYYY-MM-DD or DD/MM/YYYY."))
        gender = cell["Jenis kelamin"].upper()
        out["gender"] = {"P": "female", "L": "male", "": ""}.get(gender)
        if out["gender"] is None:
            problem("Jenis kelamin", _("Write P or L, or leave it empty."))
            out["gender"] = ""
        out["nik"] = normalise_nik(cell["NIK"])
        if out["nik"]:
            try:
                validate_nik(out["nik"], birth_date=out["birth_date"], gender=out["gender"])
            except ValidationError as error:
                problem("NIK", " ".join(error.messages))
            else:
                if out["nik"] in seen_niks:
                    problem("NIK", _("The same NIK is on row %(row)s.") % {"row": seen_niks[out["nik"]]})
                seen_niks.setdefault(out["nik"], number)
        out["email"] = cell["Email"]
        if out["email"]:
            try:
                validate_email(out["email"])
            except ValidationError:
                problem("Email", _("This is not an email address."))
        for header_name, field_name, limit in (
            ("Nomor HP", "phone", 20),
            ("Kelurahan", "kelurahan", 100),
            ("Kecamatan", "kecamatan", 100),
            ("Nomor AK/1", "ak1_number", 30),
        ):
            out[field_name] = cell[header_name]
            if len(out[field_name]) > limit:
                problem(header_name, _("Longer than %(limit)s characters.") % {"limit": limit})
        ragam = [part.strip().lower() for part in cell["Ragam disabilitas"].split(",") if part.strip()]
        unknown = [part for part in ragam if part not in Ragam.values]
        if unknown:
            problem("Ragam disabilitas", _("Unknown value: %(values)s.") % {"values": ", ".join(unknown)})
        out["ragam"] = sorted(set(ragam) - set(unknown))
        out["referral_source"] = cell["Cara datang"].lower()
        if out["referral_source"] and out["referral_source"] not in ReferralSource.values:
            problem("Cara datang", _("Unknown value: %(values)s.") % {"values": out["referral_source"]})
        out["education"] = cell["Pendidikan terakhir"].lower()
        if out["education"] and out["education"] not in EducationLevel.values:
            problem("Pendidikan terakhir", _("Unknown value: %(values)s.") % {"values": out["education"]})
        cleaned.append(out)
    # NIKs already registered in this city: one query for the whole file.
    existing = (
        set(JobSeeker.objects.filter(nik__in=list(seen_niks)).values_list("nik", flat=True)) if seen_niks else set()
    )
    for out in cleaned:
        if out["nik"] in existing:
            report.problems.append(
                Problem(out["_row"], "NIK", _("A job seeker with this NIK is already registered in this city."))
            )
    report.problems.sort(key=lambda p: (p.row, HEADERS.index(p.column)))
    return report, cleaned


@transaction.atomic
def commit(*, actor, rows: list[list[str]]) -> int:
    """Write every row, or nothing: raises ``ImportFailed`` (with the report) when any row is wrong."""
    report, cleaned = check(rows)
    if not report.ok:
        raise ImportFailed(report)
    seekers = [
        JobSeeker(
            name=row["name"],
            nik=row["nik"],
            birth_date=row["birth_date"],
            gender=row["gender"],
            phone=row["phone"],
            email=row["email"],
            kelurahan=row["kelurahan"],
            kecamatan=row["kecamatan"],
            ak1_number=row["ak1_number"],
            ragam=row["ragam"],
            referral_source=row["referral_source"],
            registration_channel=RegistrationChannel.IMPORT,
            registered_by=actor,
            consent_to_confirm=True,
        )
        for row in cleaned
    ]
    JobSeeker.objects.bulk_create(seekers, batch_size=2000)
    Education.objects.bulk_create(
        [
            Education(job_seeker=s, level=row["education"])
            for s, row in zip(seekers, cleaned, strict=True)
            if row["education"]
        ],
        batch_size=2000,
    )
    texts = {
        t.purpose: t
        for t in (ConsentText.objects.filter(purpose=p).order_by("-version").first() for p in ConsentPurpose.values)
        if t
    }
    ConsentRecord.objects.bulk_create(
        [
            ConsentRecord(
                job_seeker=s, text=text, decision=ConsentRecord.Decision.TO_CONFIRM, channel="import", recorded_by=actor
            )
            for s in seekers
            for text in texts.values()
        ],
        batch_size=5000,
    )
    return len(seekers)


def _store_dir(city_id: int) -> Path:
    path = Path(settings.MEDIA_ROOT) / "imports" / str(city_id)
    path.mkdir(parents=True, exist_ok=True)
    return path


def dry_run_and_store(*, uploaded, session) -> Report:
    """Check the upload; when it is clean keep it (random name, outside the web root) for the commit."""
    from cities.tenancy import require_city_id

    content = uploaded.read()
    try:
        rows = read_rows(content, uploaded.name or "")
    except ValueError as error:
        return Report(fatal=str(error))
    report, _cleaned = check(rows)
    if report.ok:
        token = secrets.token_urlsafe(16)
        (_store_dir(require_city_id()) / token).write_bytes(content)
        session[SESSION_KEY] = token
        report.token = token
    return report


def commit_stored(*, actor, token: str, session) -> int:
    from cities.tenancy import require_city_id

    if not token or session.get(SESSION_KEY) != token:
        raise ImportFailed(Report(fatal=_("Upload the file again: the checked file is no longer available.")))
    path = _store_dir(require_city_id()) / token
    if not path.exists():
        raise ImportFailed(Report(fatal=_("Upload the file again: the checked file is no longer available.")))
    count = commit(actor=actor, rows=read_rows(path.read_bytes(), path.name))
    path.unlink(missing_ok=True)
    session.pop(SESSION_KEY, None)
    return count


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


# A cell starting with one of these is run as a formula by spreadsheets (OWASP "CSV injection"):
# anyone can register with such a name, and staff open the export in Excel.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _neutral(value):
    """Text a spreadsheet would read as a formula, with a leading apostrophe (shown as text); else as is."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def export(seekers, fmt: str) -> tuple[bytes, str, list]:
    """The caseload as CSV (UTF-8 with BOM, for Excel) or XLSX; returns (body, content type, people).

    Text that starts like a formula (``=``, ``+``, ``-``, ``@``, tab, CR) gets a leading apostrophe,
    in both formats (in XLSX such a string would otherwise be stored as a formula cell).
    """
    people = list(seekers.select_related("assigned_officer"))
    rows = [
        [
            s.pk,
            s.name,
            s.nik_masked if s.nik else "",
            s.birth_date.isoformat() if s.birth_date else "",
            {"female": "P", "male": "L"}.get(s.gender, ""),
            s.phone,
            s.kelurahan,
            s.kecamatan,
            s.ak1_number,
            ", ".join(s.ragam),
            s.referral_source,
            s.status,
            (s.assigned_officer.name or s.assigned_officer.email) if s.assigned_officer else "",
            s.next_action_on.isoformat() if s.next_action_on else "",
            s.created_at.date().isoformat(),
        ]
        for s in people
    ]
    rows = [[_neutral(value) for value in row] for row in rows]
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


def record_export(*, actor, seekers: list[JobSeeker]) -> None:
    """One access entry (groups identity, disability) per exported person, written in bulk."""
    from django.contrib.contenttypes.models import ContentType

    from accounts.models import AuditLogEntry

    content_type = ContentType.objects.get_for_model(JobSeeker)
    AuditLogEntry.objects.bulk_create(
        [
            AuditLogEntry(
                content_type=content_type,
                object_pk=str(s.pk),
                object_id=s.pk,
                object_repr=str(s),
                action=AuditLogEntry.Action.ACCESS,
                actor=actor,
                additional_data={"fields": ["disability", "identity"], "export": True},
            )
            for s in seekers
        ],
        batch_size=5000,
    )
