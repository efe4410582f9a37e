"""Exchange formats of the API: vacancies as CSV/XLSX; the response wrapper for file downloads.

Job seekers use the caseload export and the import of ``jobseekers.imports`` unchanged (the same
columns, the same row-by-row validation, the same all-or-nothing commit, the same audit).
"""

from __future__ import annotations

from django.http import HttpResponse
from django.utils import timezone

from cities.calendar import city_zone
from cities.tabular import XLSX_TYPE, table_bytes  # noqa: F401 - XLSX_TYPE is read from here by the endpoints

# Indonesian headers, like the job-seeker export (the people who open these files read Indonesian).
VACANCY_HEADERS = [
    "ID",
    "Judul",
    "Pemberi kerja",
    "Kode KBJI",
    "Status",
    "Jenis hubungan kerja",
    "Pengaturan kerja",
    "Jumlah lowongan",
    "Upah terendah",
    "Upah tertinggi",
    "Upah dapat dinegosiasikan",
    "Khusus penyandang disabilitas",
    "Batas lamaran",
    "Diterbitkan",
    "Dibuat",
]


def vacancies_export(vacancies, fmt: str) -> tuple[bytes, str]:
    """``vacancies`` (a queryset, current city) as CSV (UTF-8 with BOM, for Excel) or XLSX: ``(body, type)``.

    One row per vacancy with ``VACANCY_HEADERS``; wages in whole rupiah per month, dates ISO 8601 on
    the city's own calendar.
    Streams nothing: the body is built inside the request's city context.
    """
    rows = [
        [
            v.pk,
            v.title,
            v.employer.legal_name,
            v.occupation.code if v.occupation else "",
            v.status,
            v.employment_type,
            v.arrangement,
            v.openings,
            "" if v.wage_min is None else v.wage_min,
            "" if v.wage_max is None else v.wage_max,
            "ya" if v.wage_negotiable else "tidak",
            "ya" if v.reserved_for_pwd else "tidak",
            v.deadline.isoformat() if v.deadline else "",
            timezone.localdate(v.published_at, city_zone(v.city)).isoformat() if v.published_at else "",
            timezone.localdate(v.created_at, city_zone(v.city)).isoformat(),
        ]
        for v in vacancies.select_related("employer", "occupation", "city")
    ]
    return table_bytes(VACANCY_HEADERS, rows, fmt, sheet="Lowongan")


def file_response(body: bytes, content_type: str, *, filename: str) -> HttpResponse:
    """An attachment that no cache keeps (the files hold personal data)."""
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response
