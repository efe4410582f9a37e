"""Bulk import (dry run, row-by-row report, all-or-nothing commit, consent to be confirmed) and export."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.models import AuditLogEntry
from cities.tenancy import city_context
from jobseekers import imports, services
from jobseekers.models import ConsentRecord, Education, JobSeeker

pytestmark = pytest.mark.django_db


def nik(i: int, female: bool = False) -> str:
    day = 7 + (40 if female else 0)
    return f"337205{day:02d}0190{i + 1:04d}"


def good_row(i: int) -> list[str]:
    return [
        f"Orang {i}",
        nik(i),
        "1990-01-07",
        "L",
        "0812000000",
        "",
        "Kauman",
        "Pasar Kliwon",
        "",
        "fisik",
        "walk_in",
        "sma",
    ]


def csv_bytes(rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(imports.HEADERS)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def hundred_with_three_bad() -> list[list[str]]:
    rows = [good_row(i) for i in range(100)]
    rows[9][0] = ""  # spreadsheet row 11: no name
    rows[49][1] = "3372054701900000"  # row 51: serial 0000
    rows[79][3] = "X"  # row 81: gender
    return rows


def test_three_bad_rows_among_100_write_nothing_and_are_reported_exactly(city_a):
    rows = [imports.HEADERS, *hundred_with_three_bad()]
    with city_context(city_a):
        report, _cleaned = imports.check(rows)
        assert report.rows == 100
        assert [(p.row, p.column) for p in report.problems] == [
            (11, "Nama lengkap"),
            (51, "NIK"),
            (81, "Jenis kelamin"),
        ]
        with pytest.raises(imports.ImportFailed) as failure:
            services.jobseekers_import(actor=None, rows=rows)
        assert failure.value.report.bad_rows == [11, 51, 81]
        assert JobSeeker.objects.count() == 0 and ConsentRecord.objects.count() == 0


def test_duplicate_nik_in_the_file_and_in_the_city(city_a):
    with city_context(city_a):
        JobSeeker.objects.create(name="Sudah Ada", nik=nik(5))
        rows = [imports.HEADERS, good_row(1), good_row(1), good_row(5)]
        report, _ = imports.check(rows)
        assert [(p.row, p.column) for p in report.problems] == [(3, "NIK"), (4, "NIK")]


def test_a_good_file_imports_with_consent_to_be_confirmed_and_out_of_matching(city_a):
    rows = [imports.HEADERS, *[good_row(i) for i in range(20)]]
    with city_context(city_a):
        assert services.jobseekers_import(actor=None, rows=rows) == 20
        seeker = JobSeeker.objects.get(name="Orang 3")
        assert seeker.consent_to_confirm and not seeker.matching_allowed and not seeker.sharing_allowed
        assert seeker.registration_channel == "import" and seeker.ragam == ["fisik"]
        assert set(seeker.consents.values_list("decision", flat=True)) == {ConsentRecord.Decision.TO_CONFIRM}
        assert Education.objects.filter(level="sma").count() == 20
        assert not JobSeeker.objects.filter(matching_allowed=True).exists()


def test_template_has_the_indonesian_headers_and_reads_back(city_a):
    content = imports.template_xlsx()
    rows = imports.read_rows(content, "templat.xlsx")
    assert rows[0] == imports.HEADERS
    with city_context(city_a):
        report, _ = imports.check(rows)
        assert report.ok and report.rows == 1


def test_missing_columns_is_one_fatal_message(city_a):
    with city_context(city_a):
        report, _ = imports.check([["Nama"], ["x"]])
        assert report.fatal and not report.problems


class TestPages:
    def test_dry_run_then_commit(self, client, city_a, staff, settings, tmp_path):
        settings.MEDIA_ROOT = tmp_path
        client.force_login(staff)
        assert client.get(reverse("jobseekers:import-template"))["Content-Type"] == imports.XLSX_TYPE
        bad = SimpleUploadedFile("data.csv", csv_bytes(hundred_with_three_bad()))
        response = client.post(reverse("jobseekers:import"), {"file": bad})
        assert response.context["report"].bad_rows == [11, 51, 81]
        good = SimpleUploadedFile("data.csv", csv_bytes([good_row(i) for i in range(10)]))
        response = client.post(reverse("jobseekers:import"), {"file": good})
        token = response.context["report"].token
        with city_context(city_a):
            assert JobSeeker.objects.count() == 0  # the dry run writes nothing
        response = client.post(reverse("jobseekers:import"), {"commit": "", "token": token})
        assert response.status_code == 302
        with city_context(city_a):
            assert JobSeeker.objects.count() == 10
        response = client.post(reverse("jobseekers:import"), {"commit": "", "token": token})  # not twice
        assert response.status_code == 200
        with city_context(city_a):
            assert JobSeeker.objects.count() == 10

    @pytest.mark.parametrize("fmt", ["csv", "xlsx"])
    def test_export_is_audited_and_masks_the_nik(self, client, city_a, city_b, staff, fmt):
        with city_context(city_a):
            services.jobseekers_import(actor=None, rows=[imports.HEADERS, good_row(1), good_row(2)])
        with city_context(city_b):
            JobSeeker.objects.create(name="Orang Beta")
        client.force_login(staff)
        response = client.get(reverse("jobseekers:export", kwargs={"fmt": fmt}))
        assert response.status_code == 200
        rows = imports.read_rows(response.content, f"x.{fmt}")
        assert [r[1] for r in rows[1:]] == ["Orang 1", "Orang 2"]
        assert nik(1) not in response.content.decode("latin-1")
        with city_context(city_a):
            assert AuditLogEntry.objects.filter(action=AuditLogEntry.Action.ACCESS).count() == 2


def test_staff_confirm_an_imported_persons_consent_on_the_case(client, city_a, staff):
    with city_context(city_a):
        services.jobseekers_import(actor=None, rows=[imports.HEADERS, good_row(1)])
        seeker = JobSeeker.objects.get()
    client.force_login(staff)
    url = reverse("jobseekers:case", kwargs={"pk": seeker.pk})
    response = client.post(
        url,
        {
            "save_consent": "",
            "consent-consents": ["specific_data", "matching"],
            "consent-channel": "in_person",
            "consent-basis": "read_aloud",
        },
    )
    assert response.status_code == 302
    with city_context(city_a):
        seeker.refresh_from_db()
        assert not seeker.consent_to_confirm and seeker.matching_allowed and not seeker.sharing_allowed
        record = seeker.consents.filter(decision="given").get(text__purpose="matching")
        assert record.assisted_by == staff and record.channel == "in_person" and record.basis == "read_aloud"
