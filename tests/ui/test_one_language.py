"""One language per page: an Indonesian page has no English left on it, and rupiah is written the
Indonesian way ("Rp 4.000.000") wherever wages and amounts are shown.

The pages are rendered with the Django test client in Indonesian (the default language) and read as
a person reads them: the text, and the attributes a screen reader speaks (``placeholder``, ``title``,
``aria-label``, ``alt``). Text inside an element marked ``lang`` other than Indonesian (the language
switch, "Report in English") is left out: it is meant to be in that language and says so. On the rest,
no word of ``ENGLISH_ONLY`` (English words with no place in Indonesian text: function words, the
status codes exports used to write, Django's untranslated empty option) may appear.
"""

from __future__ import annotations

import csv
import datetime
import io
import re
from html.parser import HTMLParser

import pytest
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from accounts.models import AuditLogEntry
from cities.choices import BLANK_LABEL
from cities.money import XLSX_FORMAT, format_rupiah
from cities.tenancy import city_context
from jobseekers import services as jobseeker_services
from jobseekers.models import JobSeeker

pytestmark = pytest.mark.django_db

# Whole words (case-insensitive) that mean English was left on an Indonesian page.
ENGLISH_ONLY = (
    "the",
    "and",
    "of",
    "your",
    "with",
    "please",
    "select",
    "choose",
    "option",
    "requested",
    "proposed",
    "placed",
    "referred",
    "registered",
    "descending",
    "ascending",
    "checklist",
    "workplace",
    "fallback",
    "revoked",
    "agreed",
    "created at",
    "updated at",
)
ENGLISH_WORD = re.compile(r"\b(" + "|".join(re.escape(word) for word in ENGLISH_ONLY) + r")\b", re.IGNORECASE)
# Django's own empty options: "---------" and "- Select an option -".
UNTRANSLATED_EMPTY_OPTION = re.compile(r"-{3,}|Select an option")
SPOKEN_ATTRIBUTES = ("placeholder", "title", "aria-label", "alt")
VOID_ELEMENTS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class _Reader(HTMLParser):
    """The text a person reads or hears, without scripts, styles and other-language elements."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.texts: list[str] = []
        self._stack: list[bool] = []  # for each open element: is its content left out?

    @property
    def _skipping(self) -> bool:
        return any(self._stack)

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        lang = (attributes.get("lang") or "").lower()
        skip = tag in ("script", "style", "template") or bool(lang and not lang.startswith("id"))
        if not (skip or self._skipping):
            self.texts.extend(attributes[name] for name in SPOKEN_ATTRIBUTES if attributes.get(name))
        if tag not in VOID_ELEMENTS:
            self._stack.append(skip)

    def handle_startendtag(self, tag, attrs):
        if not self._skipping:
            attributes = dict(attrs)
            self.texts.extend(attributes[name] for name in SPOKEN_ATTRIBUTES if attributes.get(name))

    def handle_endtag(self, tag):
        if tag not in VOID_ELEMENTS and self._stack:
            self._stack.pop()

    def handle_data(self, data):
        if not self._skipping and data.strip():
            self.texts.append(" ".join(data.split()))


def english_on(html: str) -> list[str]:
    """The pieces of text of ``html`` (an Indonesian page) that are English."""
    reader = _Reader()
    reader.feed(html)
    return [text for text in reader.texts if ENGLISH_WORD.search(text) or UNTRANSLATED_EMPTY_OPTION.search(text)]


def get_page(client, url: str, **params) -> str:
    client.cookies["django_language"] = "id"
    response = client.get(url, params)
    assert response.status_code == 200, url
    html = response.content.decode()
    assert '<html lang="id"' in html
    return html


def test_the_reader_finds_english_and_skips_what_is_marked_as_another_language():
    page = (
        '<p>Halaman ini</p><a href="?bahasa=en" lang="en">Report in English</a>'
        "<select><option>---------</option></select><p title='Choose one'>Pilih</p>"
        "<script>var the = 1;</script>"
    )
    assert english_on(page) == ["---------", "Choose one"]
    assert english_on("<p>Status: requested</p>") == ["Status: requested"]
    assert english_on("<p>Tanggal daftar (terlama dulu) (descending)</p>")


# --- Rupiah ---------------------------------------------------------------------------------------------
def test_rupiah_is_written_the_indonesian_way():
    with translation.override("id"):
        assert format_rupiah(4_000_000) == "Rp 4.000.000"
        assert format_rupiah(3_500_000.4) == "Rp 3.500.000"
        assert format_rupiah(-1500) == "-Rp 1.500"
        assert format_rupiah(0) == "Rp 0"
    assert format_rupiah(4_000_000, "id") == "Rp 4.000.000"
    assert format_rupiah(4_000_000, "en") == "Rp 4,000,000"
    assert format_rupiah(None) is None and format_rupiah("n/a") == "n/a" and format_rupiah(True) is True


def test_the_job_board_and_the_vacancy_show_wages_in_rupiah_and_indonesian(client, employer_a):
    board = get_page(client, reverse("employers:board"))
    vacancy = get_page(
        client,
        reverse(
            "employers:vacancy-public", kwargs={"city_slug": employer_a.employer.city.slug, "pk": employer_a.vacancy.pk}
        ),
    )
    for html in (board, vacancy):
        assert "Rp 3.000.000 \N{EN DASH} Rp 4.000.000" in html
        assert "Rp3" not in html and "3,000,000" not in html
        assert english_on(html) == []


def test_a_city_profile_amount_is_rupiah_on_the_page_and_a_number_in_the_files():
    from dashboards.exports import table_matrix, to_xlsx
    from dashboards.tables import Column, DataTable, format_value

    table = DataTable(
        slug="budget",
        caption="Anggaran",
        columns=[Column("city", "Kota"), Column("amount", "Anggaran (Rp)", "rupiah")],
        rows=[{"city": "Kota Alpha", "amount": 250_000_000}],
    )
    with translation.override("id"):
        assert format_value(250_000_000, "rupiah") == "Rp 250.000.000"
        assert table_matrix(table)[1] == ["Kota Alpha", 250_000_000]  # machine-readable in CSV
        sheet = load_workbook(io.BytesIO(to_xlsx(table))).worksheets[0]
    assert sheet["B2"].value == 250_000_000 and sheet["B2"].number_format == XLSX_FORMAT


# --- Empty options ------------------------------------------------------------------------------------
def test_empty_options_are_translated():
    from placements.forms import FollowUpForm, RejectForm

    with translation.override("id"):
        assert str(BLANK_LABEL) == "— Pilih —"
        for html in (str(RejectForm()["reason"]), str(FollowUpForm()["left_reason"])):
            assert '<option value="" selected>— Pilih —</option>' in html
            assert "---" not in html
    with translation.override("en"):
        assert "— Choose —" in str(RejectForm()["reason"])


def test_model_choice_fields_use_the_translated_empty_option():
    from django.db.models.utils import get_blank_choice_label

    with translation.override("id"):
        assert str(get_blank_choice_label()) == "— Pilih —"


# --- Pages ---------------------------------------------------------------------------------------------
def test_the_profile_steps_are_all_indonesian(client, seeker_a):
    from jobseekers.forms import STEPS

    client.force_login(seeker_a.user)
    for step in STEPS:
        html = get_page(client, reverse("jobseekers:my-profile-step", kwargs={"step": step}))
        assert english_on(html) == [], f"step {step}"


def test_the_staff_caseload_is_indonesian_filtered_and_sorted(client, staff_a, seeker_a):
    client.force_login(staff_a)
    for params in (
        {},
        {"status": "registered", "sort": "-registered"},
        {"wg_domain": "seeing", "sort": "-next_action"},
    ):
        html = get_page(client, reverse("jobseekers:list"), **params)
        assert english_on(html) == [], params


def test_all_my_data_and_its_trails_are_indonesian(client, staff_a, seeker_a):
    """The person's data page shows labels and values, not field names and codes; the trails say what happened."""
    with city_context(seeker_a.record.city):
        JobSeeker.objects.filter(pk=seeker_a.record.pk).update(expected_wage=4_000_000, status="referred")
    client.force_login(seeker_a.user)
    mine = get_page(client, reverse("jobseekers:my-data-html"))
    assert english_on(mine) == []
    assert "True" not in mine and "[]" not in mine
    assert "Rp 4.000.000" in mine and "Dirujuk" in mine
    changes = get_page(client, reverse("jobseekers:change-log"))
    assert english_on(changes) == [] and "(create)" not in changes
    client.force_login(staff_a)
    trail = get_page(
        client, reverse("accounts:audit-trail", kwargs={"model": "jobseekers.jobseeker", "pk": seeker_a.record.pk})
    )
    assert english_on(trail) == []
    assert "dibuat" in trail


@pytest.fixture
def assessment(city_a, staff_a, employer_a):
    from assessments import services as assessment_services
    from reference.models import ChecklistVersion
    from tests.assessments.conftest import load_checklist

    version = ChecklistVersion.objects.first() or load_checklist()
    with city_context(city_a):
        return assessment_services.assessment_schedule(
            actor=staff_a, workplace=employer_a.workplace, scheduled_on=datetime.date(2026, 12, 1), version=version
        )


def test_the_accessibility_checklist_and_its_report_are_indonesian(client, staff_a, assessment):
    client.force_login(staff_a)
    detail = get_page(client, reverse("assessments:detail", kwargs={"pk": assessment.pk}))
    assert "Daftar periksa aksesibilitas tempat kerja menurut Permen PUPR 14/PRT/M/2017" in detail
    assert english_on(detail) == []
    step = get_page(client, reverse("assessments:step", kwargs={"pk": assessment.pk, "step": 1}))
    assert "Kemiringan ram di dalam bangunan" in step  # the item's Indonesian name
    assert english_on(step) == []
    report = get_page(client, reverse("assessments:report", kwargs={"pk": assessment.pk}))
    assert "acuan cadangan" in report  # the sources in Indonesian
    assert english_on(report) == []


def test_a_vacancy_names_the_checklist_of_its_verified_workplace_in_indonesian(
    client, city_a, staff_a, employer_a, assessment
):
    from assessments import services as assessment_services

    with city_context(city_a):
        assessment.results.update(computed="na", outcome="na", not_applicable=True)
        door = assessment.results.get(code="DOOR-01")
        assessment_services.item_result_record(actor=staff_a, result=door, measured="80")  # the visit has begun
        assessment.refresh_from_db()
        assessment_services.assessment_complete(actor=staff_a, assessment=assessment)
        assessment_services.assessment_share(actor=staff_a, assessment=assessment)
    html = get_page(
        client,
        reverse("employers:vacancy-public", kwargs={"city_slug": city_a.slug, "pk": employer_a.vacancy.pk}),
    )
    assert "Daftar periksa aksesibilitas tempat kerja menurut Permen PUPR 14/PRT/M/2017" in html
    assert english_on(html) == []


def test_the_checklist_shows_english_names_on_english_pages(client, staff_a, assessment):
    client.force_login(staff_a)
    client.cookies["django_language"] = "en"
    html = client.get(reverse("assessments:step", kwargs={"pk": assessment.pk, "step": 1})).content.decode()
    assert "Interior ramp gradient" in html and "Kemiringan ram di dalam bangunan" not in html


# --- The caseload export -------------------------------------------------------------------------------
def test_the_caseload_export_writes_indonesian_labels_not_codes(client, city_a, staff_a):
    from jobseekers import imports

    with city_context(city_a):
        ani = jobseeker_services.jobseeker_register(actor=None, name="Ani", channel="self", ragam=["fisik", "mental"])
        JobSeeker.objects.filter(pk=ani.pk).update(status="placed", referral_source="walk_in")
    client.force_login(staff_a)
    client.cookies["django_language"] = "en"  # the file is Indonesian whatever the page language
    response = client.get(reverse("jobseekers:export", kwargs={"fmt": "csv"}))
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    (row,) = rows
    with translation.override("id"):
        assert row["Status"] == "Ditempatkan"
        assert row["Cara datang"] == str(JobSeeker(referral_source="walk_in").get_referral_source_display())
        assert row["Ragam disabilitas"] == "fisik, mental (psikososial)"
    assert "placed" not in response.content.decode() and "walk_in" not in response.content.decode()
    # The import reads these labels too (a row copied from an export into the import template).
    copied = ["Ani", "", "", "", "", "", "", "", "", row["Ragam disabilitas"], row["Cara datang"], ""]
    with city_context(city_a):
        report, cleaned = imports.check([imports.HEADERS, copied])
    assert report.problems == []
    assert [(c["referral_source"], c["ragam"]) for c in cleaned] == [("walk_in", ["fisik", "mental"])]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_an_export_filtered_by_functioning_records_it_for_each_person(client, city_a, staff_a, fmt):
    """UU 27/2022 art. 4: a file of the people with a lot of difficulty seeing names each of them by it."""
    with city_context(city_a):
        budi = jobseeker_services.jobseeker_register(actor=None, name="Budi", channel="self", ragam=["sensorik"])
        jobseeker_services.functioning_record(job_seeker=budi, answers={"seeing": 3})
        jobseeker_services.jobseeker_register(actor=None, name="Citra", channel="self")
    client.force_login(staff_a)

    url = reverse("jobseekers:export", kwargs={"fmt": fmt})
    response = client.get(url, {"wg_domain": "seeing"}, REMOTE_ADDR="203.0.113.9")

    assert response.status_code == 200
    with city_context(city_a):
        entries = list(AuditLogEntry.objects.filter(action=AuditLogEntry.Action.ACCESS))
    assert [(e.object_pk, e.actor, e.remote_addr, e.additional_data) for e in entries] == [
        (str(budi.pk), staff_a, "203.0.113.9", {"fields": ["disability", "functioning", "identity"], "export": True})
    ]
    # Without a health filter: the file's own groups only.
    client.get(reverse("jobseekers:export", kwargs={"fmt": fmt}))
    with city_context(city_a):
        later = AuditLogEntry.objects.filter(action=AuditLogEntry.Action.ACCESS).order_by("pk")[1:]
        assert {tuple(e.additional_data["fields"]) for e in later} == {("disability", "identity")}
        assert len(later) == 2


# --- What has happened, and no more ----------------------------------------------------------------------
def test_an_interview_message_never_calls_asked_accommodations_agreed():
    from notifications.kinds import KINDS
    from notifications.person_texts import render_person_message

    with translation.override("en"):
        for code in ("interview_scheduled", "interview_changed"):
            body = str(KINDS[code].body)
            assert "Agreed" not in body and "not yet confirmed by the employer" in body
    context = {
        "vacancy_title": "Staf administrasi",
        "employer_name": "PT Sinar",
        "interview_at": "2026-12-10T09:00:00+07:00",
        "interview_place": "Kantor pusat",
        "accommodations": ["Extra time"],
    }
    for language, asked, ready in (("en", "not confirmed", "ready"), ("id", "belum", "disiapkan")):
        texts = render_person_message(
            "interview_scheduled",
            context,
            name="Rina",
            language=language,
            city_name="Kota Alpha",
            timezone_name="Asia/Jakarta",
        )
        for text in texts[1:]:
            assert asked in text and ready not in text, text


def test_a_referral_action_says_what_was_done():
    from django.http import QueryDict

    from placements.views import _done_message

    with translation.override("en"):
        asked = _done_message("interview", QueryDict("accommodations=extra_time"))
        assert "not confirmed yet" in asked and "agreed" not in asked.lower()
        assert _done_message("interview", QueryDict("")) == "Interview scheduled."
        assert (
            _done_message("confirm-interview", QueryDict("")) == "The employer confirmed the interview accommodations."
        )
        assert _done_message("place", QueryDict("")).startswith("Placement recorded.")
