"""The job-seeker pages end to end (Django test client): stepped profile, consent, documents, rights,
assisted registration with duplicate warning, case detail, audited reads, caseload queries."""

from __future__ import annotations

import datetime
import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import AuditLogEntry
from cities.tenancy import city_context
from jobseekers import services
from jobseekers.models import ConsentRecord, Document, JobSeeker, RightsRequest

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000") + b"\x00" * 40
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 200


def docx_bytes() -> bytes:
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return out.getvalue()


def accesses(seeker, group) -> int:
    return sum(
        1
        for e in AuditLogEntry.objects.filter(object_pk=str(seeker.pk), action=AuditLogEntry.Action.ACCESS)
        if group in (e.additional_data or {}).get("fields", [])
    )


class TestProfileStart:
    """The profile is made at sign-up or by a POST; a GET never writes (``views.my_profile``)."""

    def test_a_get_without_a_profile_writes_nothing_and_offers_a_start_button(
        self, client, city_a, job_seeker_without_profile
    ):
        client.force_login(job_seeker_without_profile)
        for _ in range(2):
            response = client.get(reverse("jobseekers:my-profile"))
            assert response.status_code == 200
            assert 'method="post"' in response.content.decode()
        for name, kwargs in (("my-profile-step", {"step": 1}), ("my-consent", {}), ("my-data", {})):
            sub = client.get(reverse(f"jobseekers:{name}", kwargs=kwargs))
            assert sub.status_code == 302 and sub["Location"] == reverse("jobseekers:my-profile")
        with city_context(city_a):
            assert not JobSeeker.objects.filter(user=job_seeker_without_profile).exists()

    def test_the_start_button_creates_one_profile(self, client, city_a, job_seeker_without_profile):
        client.force_login(job_seeker_without_profile)
        client.post(reverse("jobseekers:my-profile"))
        client.post(reverse("jobseekers:my-profile"))
        with city_context(city_a):
            seeker = JobSeeker.objects.get(user=job_seeker_without_profile)
        assert (seeker.registration_channel, seeker.name) == ("self", "Rina Pencari")
        overview = client.get(reverse("jobseekers:my-profile"))
        assert next(t.name for t in overview.templates) == "jobseekers/my_profile.html"

    def test_signing_up_as_a_job_seeker_creates_the_profile_in_that_city(self, city_a):
        from accounts.models import Membership
        from accounts.services import member_sign_up
        from tests.factories import UserFactory

        user = UserFactory(name="Dewi")
        member_sign_up(user=user, city=city_a, role=Membership.Role.JOB_SEEKER)
        employer = UserFactory(name="Pak Budi")
        member_sign_up(user=employer, city=city_a, role=Membership.Role.EMPLOYER)
        with city_context(city_a):
            assert JobSeeker.objects.get(user=user).email == user.email
            assert not JobSeeker.objects.filter(user=employer).exists()


class TestSelfService:
    def test_stepped_profile_saves_and_continues_later(self, client, city_a, job_seeker_user):
        client.force_login(job_seeker_user)
        assert client.get(reverse("jobseekers:my-profile")).status_code == 200
        response = client.post(
            reverse("jobseekers:my-profile-step", kwargs={"step": 1}),
            {
                "name": "Rina",
                "nik": "3372 0547 0190 0001",
                "birth_date": "1990-01-07",
                "gender": "female",
                "language": "id",
            },
        )
        assert response.status_code == 302 and response["Location"].endswith("/langkah/2/")
        response = client.post(
            reverse("jobseekers:my-profile-step", kwargs={"step": 2}), {"finish_later": "", "max_travel_minutes": "45"}
        )
        assert response["Location"] == reverse("jobseekers:my-profile")
        with city_context(city_a):
            seeker = JobSeeker.objects.get(user=job_seeker_user)
            assert (seeker.nik, seeker.profile_step, seeker.max_travel_minutes) == ("3372054701900001", 2, 45)
        page = client.get(reverse("jobseekers:my-profile")).content.decode()
        assert "/langkah/3/" in page  # "continue" goes to the first step not done

    def test_nik_disagreeing_with_gender_is_an_error_on_the_field(self, client, city_a, job_seeker_user):
        client.force_login(job_seeker_user)
        response = client.post(
            reverse("jobseekers:my-profile-step", kwargs={"step": 1}),
            {"name": "Rina", "nik": "3372054701900001", "gender": "male", "language": "id"},
        )
        assert response.status_code == 200
        assert "nik" in response.context["form"].errors

    def test_functioning_step_stores_the_wg_flag(self, client, city_a, job_seeker_user):
        from django.core.management import call_command

        call_command("load_reference", stdout=io.StringIO())
        client.force_login(job_seeker_user)
        client.post(reverse("jobseekers:my-profile-step", kwargs={"step": 3}), {"seeing": "3"})
        with city_context(city_a):
            assert JobSeeker.objects.get(user=job_seeker_user).wg_disability is True

    def test_disclosure_defaults_and_choice(self, client, city_a, job_seeker_user):
        client.force_login(job_seeker_user)
        with city_context(city_a):
            assert not any(JobSeeker.objects.get(user=job_seeker_user).disclosures().values())
        client.post(reverse("jobseekers:my-profile-step", kwargs={"step": 5}), {"share_needs": "on"})
        with city_context(city_a):
            assert JobSeeker.objects.get(user=job_seeker_user).disclosures() == {
                "functioning": False,
                "ragam": False,
                "needs": True,
                "documents": False,
            }

    def test_consent_given_then_withdrawn_on_the_page(self, client, city_a, job_seeker_user):
        client.force_login(job_seeker_user)
        client.post(reverse("jobseekers:my-consent"), {"matching": "on", "sharing": "on"})
        with city_context(city_a):
            seeker = JobSeeker.objects.get(user=job_seeker_user)
            assert seeker.matching_allowed and seeker.sharing_allowed
        client.post(reverse("jobseekers:my-consent"), {"sharing": "on"})
        with city_context(city_a):
            seeker = JobSeeker.objects.get(user=job_seeker_user)
            assert not seeker.matching_allowed and seeker.sharing_allowed
            decisions = list(seeker.consents.order_by("pk").values_list("text__purpose", "decision", "channel"))
        assert decisions == [
            ("matching", "given", "online"),
            ("sharing", "given", "online"),
            ("matching", "withdrawn", "online"),
        ]

    def test_my_data_json_and_html(self, client, city_a, job_seeker_user):
        client.force_login(job_seeker_user)
        data = json.loads(client.get(reverse("jobseekers:my-data-json")).content)
        assert data["profile"]["name"] == "Rina Pencari" and data["city"] == "Kota Alpha"
        assert client.get(reverse("jobseekers:my-data-html")).status_code == 200


class TestDocuments:
    @pytest.fixture(autouse=True)
    def _media(self, settings, tmp_path):
        settings.MEDIA_ROOT = tmp_path

    @pytest.mark.parametrize(
        "name,content",
        [("cv.pdf", PDF), ("foto.png", PNG), ("cv.docx", None)],
    )
    def test_allowed_types_are_stored_under_a_random_name(
        self, client, city_a, job_seeker_user, name, content, tmp_path
    ):
        client.force_login(job_seeker_user)
        upload = SimpleUploadedFile(name, content or docx_bytes(), content_type="application/octet-stream")
        response = client.post(reverse("jobseekers:my-documents"), {"kind": "cv", "file": upload})
        assert response.status_code == 302
        with city_context(city_a):
            document = Document.objects.get()
        assert name.split(".")[0] not in document.file.name and len(document.file.name.rsplit("/", 1)[1]) >= 32
        assert str(tmp_path) in document.file.path

    @pytest.mark.parametrize("name", ["cv.pdf", "cv.docx", "foto.jpg"])
    def test_a_renamed_exe_is_refused(self, client, city_a, job_seeker_user, name):
        client.force_login(job_seeker_user)
        upload = SimpleUploadedFile(name, EXE, content_type="application/pdf")
        response = client.post(reverse("jobseekers:my-documents"), {"kind": "cv", "file": upload})
        assert response.status_code == 200 and "file" in response.context["form"].errors
        with city_context(city_a):
            assert not Document.objects.exists()

    def test_a_zip_that_is_not_docx_is_refused_and_size_is_limited(self, client, city_a, job_seeker_user):
        import zipfile

        out = io.BytesIO()
        with zipfile.ZipFile(out, "w") as archive:
            archive.writestr("evil.exe", EXE)
        client.force_login(job_seeker_user)
        response = client.post(
            reverse("jobseekers:my-documents"), {"kind": "cv", "file": SimpleUploadedFile("a.docx", out.getvalue())}
        )
        assert "file" in response.context["form"].errors
        big = SimpleUploadedFile("big.pdf", PDF + b"0" * (5 * 1024 * 1024))
        response = client.post(reverse("jobseekers:my-documents"), {"kind": "cv", "file": big})
        assert "file" in response.context["form"].errors

    def test_served_only_through_checked_audited_views(self, client, city_a, city_b, job_seeker_user, staff, staff_b):
        client.force_login(job_seeker_user)
        client.post(reverse("jobseekers:my-documents"), {"kind": "cv", "file": SimpleUploadedFile("cv.pdf", PDF)})
        with city_context(city_a):
            document = Document.objects.get()
            seeker = document.job_seeker
        own = client.get(reverse("jobseekers:my-document-download", kwargs={"pk": document.pk}))
        assert own.status_code == 200 and b"".join(own.streaming_content) == PDF
        assert own["Content-Type"] == "application/pdf" and own["X-Content-Type-Options"] == "nosniff"
        client.force_login(staff)
        response = client.get(reverse("jobseekers:document-download", kwargs={"pk": document.pk}))
        assert response.status_code == 200
        with city_context(city_a):
            assert accesses(seeker, "documents") == 1
        client.force_login(staff_b)
        assert client.get(reverse("jobseekers:document-download", kwargs={"pk": document.pk})).status_code == 404
        client.force_login(job_seeker_user)
        assert client.get(reverse("jobseekers:document-download", kwargs={"pk": document.pk})).status_code == 403


class TestRights:
    def test_deletion_request_handled_by_staff_anonymises(self, client, city_a, job_seeker_user, staff):
        client.force_login(job_seeker_user)
        client.post(reverse("jobseekers:my-data"), {"kind": "deletion", "details": ""})
        with city_context(city_a):
            request = RightsRequest.objects.get()
            assert request.due_at - request.requested_at == datetime.timedelta(hours=72)
        client.force_login(staff)
        page = client.get(reverse("jobseekers:rights-requests")).content.decode()
        assert "Rina Pencari" in page
        client.post(reverse("jobseekers:rights-request-act", kwargs={"pk": request.pk}), {"status": "done"})
        with city_context(city_a):
            seeker = JobSeeker.objects.get(pk=request.job_seeker_id)
            assert seeker.anonymised_at and seeker.user is None and seeker.name == "—"
            assert RightsRequest.objects.get().status == "done"

    def test_refusal_needs_a_reason(self, client, city_a, job_seeker_user, staff):
        with city_context(city_a):
            seeker = JobSeeker.objects.get(user=job_seeker_user)  # made at sign-up
        client.force_login(job_seeker_user)
        client.post(reverse("jobseekers:my-data"), {"kind": "correction", "details": "Nama salah"})
        with city_context(city_a):
            request = RightsRequest.objects.get(job_seeker=seeker)
        client.force_login(staff)
        client.post(reverse("jobseekers:rights-request-act", kwargs={"pk": request.pk}), {"status": "refused"})
        with city_context(city_a):
            assert RightsRequest.objects.get().status == "pending"


class TestAssistedRegistration:
    FORM = {
        "name": "Budi Santoso",
        "nik": "3372050701900002",
        "birth_date": "1990-01-07",
        "gender": "male",
        "referral_source": "walk_in",
        "consents": ["specific_data", "matching"],
        "consent_channel": "in_person",
        "basis": "family",
        "guardian_name": "Ibu Budi",
        "guardian_relation": "ibu",
    }

    def test_partner_registers_with_consent_and_assistant_recorded(self, client, city_a, partner):
        client.force_login(partner)
        response = client.post(reverse("jobseekers:register"), self.FORM)
        assert response.status_code == 302
        with city_context(city_a):
            seeker = JobSeeker.objects.get()
            assert seeker.registered_by == partner and seeker.registration_channel == "partner"
            assert seeker.matching_allowed and not seeker.sharing_allowed
            record = seeker.consents.get(text__purpose="matching")
            assert (record.assisted_by, record.channel, record.guardian_name, record.decision) == (
                partner,
                "in_person",
                "Ibu Budi",
                ConsentRecord.Decision.GIVEN,
            )

    def test_duplicate_warning_then_confirmation(self, client, city_a, staff):
        with city_context(city_a):
            services.jobseeker_register(
                actor=None, name="budi santoso", channel="self", birth_date=datetime.date(1990, 1, 7)
            )
        client.force_login(staff)
        form = self.FORM | {"nik": ""}
        response = client.post(reverse("jobseekers:register"), form)
        assert response.status_code == 200 and len(response.context["duplicates"]) == 1
        response = client.post(reverse("jobseekers:register"), form | {"not_a_duplicate": "on"})
        assert response.status_code == 302
        with city_context(city_a):
            assert JobSeeker.objects.count() == 2

    def test_same_nik_is_refused_outright(self, client, city_a, staff):
        with city_context(city_a):
            services.jobseeker_register(actor=None, name="Orang Lain", channel="self", nik="3372050701900002")
        client.force_login(staff)
        response = client.post(reverse("jobseekers:register"), self.FORM | {"not_a_duplicate": "on"})
        assert response.status_code == 200 and "nik" in response.context["form"].errors


class TestCase:
    def test_case_detail_masks_nik_and_sensitive_page_is_audited(self, client, city_a, staff):
        with city_context(city_a):
            seeker = services.jobseeker_register(
                actor=None, name="Siti", channel="self", nik="3372054701900001", ragam=["fisik"]
            )
        client.force_login(staff)
        page = client.get(reverse("jobseekers:case", kwargs={"pk": seeker.pk})).content.decode()
        assert "3372054701900001" not in page and "3372 •••• •••• 0001" in page
        with city_context(city_a):
            assert accesses(seeker, "identity") == 0
        page = client.get(reverse("jobseekers:case-sensitive", kwargs={"pk": seeker.pk})).content.decode()
        assert "3372054701900001" in page
        with city_context(city_a):
            assert accesses(seeker, "identity") == 1 and accesses(seeker, "disability") == 1

    def test_status_transition_officer_and_notes(self, client, city_a, staff):
        with city_context(city_a):
            seeker = services.jobseeker_register(actor=None, name="Siti", channel="self")
        client.force_login(staff)
        url = reverse("jobseekers:case", kwargs={"pk": seeker.pk})
        response = client.post(url, {"save_case": "", "case-status": "placed", "case-assigned_officer": staff.pk})
        assert response.status_code == 200 and "status" in response.context["case_form"].errors
        response = client.post(
            url,
            {
                "save_case": "",
                "case-status": "active",
                "case-assigned_officer": staff.pk,
                "case-next_action_on": "2026-12-01",
            },
        )
        assert response.status_code == 302
        client.post(url, {"add_note": "", "note-met_on": "2026-11-29", "note-text": "Siap pelatihan menjahit."})
        with city_context(city_a):
            seeker.refresh_from_db()
            assert (seeker.status, seeker.assigned_officer, seeker.next_action_on) == (
                "active",
                staff,
                datetime.date(2026, 12, 1),
            )
            note = seeker.notes.get()
            assert note.author == staff and note.text == "Siap pelatihan menjahit."


class TestCaseload:
    def _people(self, city, count, officer):
        with city_context(city):
            JobSeeker.objects.bulk_create(
                [
                    JobSeeker(name=f"Orang {i:04d}", nik="", ragam=["fisik"] if i % 2 else [], assigned_officer=officer)
                    for i in range(count)
                ]
            )

    def queries(self, client, url) -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    def test_constant_query_count_per_page(self, client, city_a, staff):
        client.force_login(staff)
        self._people(city_a, 10, staff)
        filtered = (
            reverse("jobseekers:list") + "?ragam=fisik&sort=-registered&status=registered&officer=" + str(staff.pk)
        )
        self.queries(client, reverse("jobseekers:list"))  # the process's first list may fill caches
        small = self.queries(client, reverse("jobseekers:list"))
        self.queries(client, filtered)  # the first audited list of the process also reads the content type
        small_filtered = self.queries(client, filtered)
        assert small_filtered == small + 1  # the access entries of the people shown, in one INSERT
        self._people(city_a, 140, staff)
        for url in (reverse("jobseekers:list"), reverse("jobseekers:list") + "?page=3"):
            assert self.queries(client, url) == small, url
        assert self.queries(client, filtered) == small_filtered

    def test_search_filters_sort(self, client, city_a, city_b, staff):
        with city_context(city_a):
            a = services.jobseeker_register(
                actor=None, name="Ani Wijaya", channel="self", nik="3372054701900001", ak1_number="AK1-77"
            )
            services.jobseeker_register(actor=None, name="Budi", channel="self", ragam=["sensorik"])
            services.functioning_record(job_seeker=a, answers={"hearing": 4})
        with city_context(city_b):
            services.jobseeker_register(actor=None, name="Ani Beta", channel="self")
        client.force_login(staff)

        def names(query):
            return [s.name for s in client.get(reverse("jobseekers:list") + query).context["page_obj"]]

        assert names("?q=ani") == ["Ani Wijaya"]
        assert names("?q=3372054701900001") == ["Ani Wijaya"]
        assert names("?q=AK1-77") == ["Ani Wijaya"]
        assert names("?ragam=sensorik") == ["Budi"]
        assert names("?wg_domain=hearing") == ["Ani Wijaya"]
        assert names("?sort=-name") == ["Budi", "Ani Wijaya"]
        assert names("?officer=none") == ["Ani Wijaya", "Budi"]


def test_skills_and_jobs_are_searched_then_chosen(client, city_a, job_seeker_user):
    from django.core.management import call_command

    from reference.models import Occupation, Skill

    call_command("load_reference", stdout=io.StringIO())
    skill = Skill.objects.exclude(label_en="").order_by("label_en").first()
    occupation = Occupation.objects.exclude(title_id="").order_by("code").last()
    client.force_login(job_seeker_user)
    url = reverse("jobseekers:my-profile-step", kwargs={"step": 2})
    page = client.get(url, {"cari_keterampilan": skill.label_en, "cari_pekerjaan": occupation.title_id})
    form = page.context["form"]
    assert skill in form.fields["skills"].queryset and occupation in form.fields["occupations"].queryset
    client.post(
        url + f"?cari_keterampilan={skill.label_en}&cari_pekerjaan={occupation.title_id}",
        {"skills": [skill.pk], "occupations": [occupation.pk], "work_arrangements": ["part_time", "remote"]},
    )
    with city_context(city_a):
        seeker = JobSeeker.objects.get(user=job_seeker_user)
        assert list(seeker.skills.all()) == [skill] and list(seeker.occupations.all()) == [occupation]
        assert seeker.work_arrangements == ["part_time", "remote"]
    again = client.get(url).context["form"]  # chosen ones stay listed without a search
    assert list(again.fields["skills"].queryset) == [skill]


def test_the_needs_step_is_an_audited_read(client, city_a, job_seeker_user):
    client.force_login(job_seeker_user)
    client.get(reverse("jobseekers:my-profile-step", kwargs={"step": 4}))
    with city_context(city_a):
        seeker = JobSeeker.objects.get(user=job_seeker_user)
        assert accesses(seeker, "needs") == 1


def test_staff_upload_a_document_for_the_person(client, city_a, staff, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    with city_context(city_a):
        seeker = services.jobseeker_register(actor=None, name="Siti", channel="self")
    client.force_login(staff)
    url = reverse("jobseekers:case-sensitive", kwargs={"pk": seeker.pk})
    response = client.post(url, {"kind": "certificate", "file": SimpleUploadedFile("ijazah.exe.pdf", EXE)})
    assert response.status_code == 200 and "file" in response.context["form"].errors
    response = client.post(url, {"kind": "certificate", "file": SimpleUploadedFile("ijazah.png", PNG)})
    assert response.status_code == 302
    with city_context(city_a):
        document = Document.objects.get()
        assert (document.uploaded_by, document.content_type, document.job_seeker) == (staff, "image/png", seeker)
