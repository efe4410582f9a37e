"""Acting for the person: staff and partners fill the profile and record decisions for a person
(most without an account), with the same forms and services as the person's own pages, and with
how each decision was given (the consent basis, UU 27/2022 art. 22). Who may act for whom
(``selectors.job_seeker_for_actor``), the services' basis rules, the pages, the audit trail's
equality with the person's own pages, and what the person sees afterwards."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.http import Http404
from django.urls import reverse

from accounts.models import AuditLogEntry
from cities.tenancy import city_context
from jobseekers import selectors, services
from jobseekers.models import ConsentRecord, DisclosureRecord, Document, JobSeeker
from tests import personas

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
ORGANISATION = "Yayasan Contoh"  # personas.partner_member's organisation


def scan() -> SimpleUploadedFile:
    return SimpleUploadedFile("formulir.pdf", PDF, content_type="application/pdf")


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def reference(db):
    call_command("load_reference", stdout=io.StringIO())


@pytest.fixture
def other_partner(city_a):
    """A partner of city A from another organisation."""
    return personas.partner_member(city_a, name="Dewi Mitra Lain", organisation="Perkumpulan Lain").user


def _fresh(seeker) -> JobSeeker:
    return JobSeeker.objects.get(pk=seeker.pk)


# --- Who may act for whom ---------------------------------------------------------------------------
class TestWhoMayAct:
    def test_staff_of_the_city_may_act_for_anyone_in_it(self, city_a, staff_a, walk_in_a):
        with city_context(city_a):
            assert selectors.job_seeker_for_actor(actor=staff_a, pk=walk_in_a.pk) == walk_in_a

    def test_a_partner_may_act_only_for_their_organisations_people(self, city_a, partner_a, other_partner, walk_in_a):
        person = partner_a.caseload[0]
        with city_context(city_a):
            assert person.partner_organisation == ORGANISATION  # set by the partner's registration
            assert selectors.job_seeker_for_actor(actor=partner_a.user, pk=person.pk) == person
            for actor, pk in ((other_partner, person.pk), (partner_a.user, walk_in_a.pk)):
                with pytest.raises(Http404):
                    selectors.job_seeker_for_actor(actor=actor, pk=pk)

    def test_staff_of_another_city_and_the_partner_caseload_there_get_nothing(self, city_a, city_b, staff_b, partner_a):
        person = partner_a.caseload[0]
        same_name = personas.partner_member(city_b, name="Mitra Beta", organisation=ORGANISATION).user
        with city_context(city_b):
            for actor in (staff_b, same_name):
                with pytest.raises(Http404):
                    selectors.job_seeker_for_actor(actor=actor, pk=person.pk)

    def test_a_partner_without_an_organisation_acts_for_nobody(self, city_a):
        nameless = personas.partner_member(city_a, name="Tanpa Organisasi", organisation="").user
        with city_context(city_a):
            orphan = JobSeeker.objects.create(name="Tanpa Kasus")  # partner_organisation ""
            with pytest.raises(Http404):
                selectors.job_seeker_for_actor(actor=nameless, pk=orphan.pk)
            assert not selectors.partner_caseload(actor=nameless).exists()


# --- The services' basis rules ----------------------------------------------------------------------
class TestBasisRules:
    def test_someone_else_must_say_how_and_may_not_say_self(self, city_a, staff_a, walk_in_a):
        with city_context(city_a):
            for basis in ("", "self"):
                with pytest.raises(ValidationError) as raised:
                    services.consents_update(
                        actor=staff_a, job_seeker=walk_in_a, granted=["matching"], channel="in_person", basis=basis
                    )
                assert "basis" in raised.value.error_dict
            assert not ConsentRecord.objects.exists() and not _fresh(walk_in_a).matching_allowed

    def test_family_and_interpreter_need_a_name_and_signed_needs_the_scan(self, city_a, staff_a, walk_in_a):
        with city_context(city_a):
            for basis, field in (
                ("family", "guardian_name"),
                ("interpreter", "guardian_name"),
                ("signed", "paper_form"),
            ):
                with pytest.raises(ValidationError) as raised:
                    services.consent_record(
                        actor=staff_a,
                        job_seeker=walk_in_a,
                        purpose="matching",
                        decision="given",
                        channel="in_person",
                        basis=basis,
                    )
                assert field in raised.value.error_dict
            assert not ConsentRecord.objects.exists() and not Document.objects.exists()

    def test_a_signed_form_is_stored_once_as_a_consent_form_document(self, city_a, staff_a, walk_in_a):
        with city_context(city_a):
            records = services.consents_update(
                actor=staff_a,
                job_seeker=walk_in_a,
                granted=["specific_data", "matching"],
                channel="paper",
                basis="signed",
                assisted_by=staff_a,
                paper_form=scan(),
            )
            document = Document.objects.get()
            assert document.kind == Document.Kind.CONSENT_FORM and document.uploaded_by == staff_a
            assert [(r.basis, r.paper_form_id, r.recorded_by) for r in records] == [
                ("signed", document.pk, staff_a)
            ] * 2

    def test_a_refused_scan_writes_nothing(self, city_a, staff_a, walk_in_a):
        bad = SimpleUploadedFile("formulir.pdf", b"MZ not a pdf", content_type="application/pdf")
        with city_context(city_a):
            with pytest.raises(ValidationError) as raised:
                services.consents_update(
                    actor=staff_a,
                    job_seeker=walk_in_a,
                    granted=["matching"],
                    channel="paper",
                    basis="signed",
                    paper_form=bad,
                )
            assert "paper_form" in raised.value.error_dict
            assert not ConsentRecord.objects.exists() and not Document.objects.exists()

    def test_the_person_online_is_self_and_nothing_else(self, city_a, seeker_a):
        with city_context(city_a):
            seeker = _fresh(seeker_a.record)
            record = services.consent_record(
                actor=seeker_a.user, job_seeker=seeker, purpose="notifications", decision="given", channel="online"
            )
            assert record.basis == "self"
            with pytest.raises(ValidationError):
                services.consent_record(
                    actor=seeker_a.user,
                    job_seeker=seeker,
                    purpose="notifications",
                    decision="withdrawn",
                    channel="online",
                    basis="phone",
                )

    def test_disclosure_choice_writes_a_record_and_the_flags_once(self, city_a, staff_a, walk_in_a):
        with city_context(city_a):
            record = services.disclosure_choose(
                actor=staff_a,
                job_seeker=walk_in_a,
                groups=["ragam", "needs"],
                channel="phone",
                basis="phone",
                assisted_by=staff_a,
            )
            seeker = _fresh(walk_in_a)
            assert seeker.disclosures() == {"functioning": False, "ragam": True, "needs": True, "documents": False}
            assert (record.basis, record.channel, record.share_ragam, record.for_referral) == (
                "phone",
                "phone",
                True,
                False,
            )
            again = services.disclosure_choose(
                actor=staff_a, job_seeker=seeker, groups=["needs", "ragam"], basis="phone"
            )
            assert again is None and DisclosureRecord.objects.count() == 1  # nothing changed: nothing recorded
            with pytest.raises(ValidationError):
                services.disclosure_choose(actor=staff_a, job_seeker=seeker, groups=[], channel="phone", basis="")
            assert _fresh(walk_in_a).share_ragam

    def test_the_persons_own_disclosure_step_goes_through_the_same_service(self, client, city_a, seeker_a):
        client.force_login(seeker_a.user)
        response = client.post(reverse("jobseekers:my-profile-step", kwargs={"step": 5}), {"share_needs": "on"})
        assert response.status_code == 302
        with city_context(city_a):
            record = DisclosureRecord.objects.get()
            assert (record.basis, record.channel, record.recorded_by, record.share_needs) == (
                "self",
                "online",
                seeker_a.user,
                True,
            )
            assert _fresh(seeker_a.record).share_needs

    def test_a_partners_registration_puts_the_person_in_their_caseload(self, client, city_a, partner_a):
        client.force_login(partner_a.user)
        response = client.post(
            reverse("jobseekers:register"),
            {"name": "Lestari", "referral_source": "opdis", "consent_channel": "in_person", "consents": ["matching"]},
        )
        assert response.status_code == 200 and "basis" in response.context["form"].errors  # typed data kept
        assert response.context["form"]["name"].value() == "Lestari"
        response = client.post(
            reverse("jobseekers:register"),
            {
                "name": "Lestari",
                "referral_source": "opdis",
                "consent_channel": "in_person",
                "consents": ["matching"],
                "basis": "interpreter",
                "guardian_name": "Pak Juru Bahasa",
                "guardian_relation": "juru bahasa isyarat",
            },
        )
        assert response.status_code == 302
        with city_context(city_a):
            person = JobSeeker.objects.get(name="Lestari")
            assert person.partner_organisation == ORGANISATION
            record = person.consents.get()
            assert (record.basis, record.guardian_name, record.assisted_by) == (
                "interpreter",
                "Pak Juru Bahasa",
                partner_a.user,
            )
            assert person in selectors.partner_caseload(actor=partner_a.user)


# --- The pages ----------------------------------------------------------------------------------------
def _step(pk, step):
    return reverse("jobseekers:act-step", kwargs={"pk": pk, "step": step})


HOW = {"how-channel": "in_person", "how-basis": "read_aloud"}


class TestStaffFillsEveryStep:
    def test_staff_fill_the_whole_profile_of_a_walk_in_person(self, client, city_a, staff_a, walk_in_a, reference):
        client.force_login(staff_a)
        pk = walk_in_a.pk
        assert client.get(reverse("jobseekers:act-profile", kwargs={"pk": pk})).status_code == 200
        response = client.post(
            _step(pk, 1),
            {"name": "Agus Salim", "phone": "0812-3456-7890", "contact_channel": "whatsapp", "language": "id"},
        )
        assert response.status_code == 302 and response["Location"] == _step(pk, 2)
        with city_context(city_a):
            from reference.models import AccommodationType, Occupation, Skill

            skill, occupation = Skill.objects.order_by("pk").first(), Occupation.objects.order_by("pk").first()
            accommodation = AccommodationType.objects.order_by("code").first()
        response = client.post(
            _step(pk, 2) + f"?cari_keterampilan={skill.label_en[:6]}&cari_pekerjaan={occupation.code}",
            {
                "skills": [skill.pk],
                "occupations": [occupation.pk],
                "work_arrangements": ["part_time"],
                "max_travel_minutes": "45",
                "expected_wage": "2500000",
            },
        )
        assert response.status_code == 302, response.context["form"].errors
        # WG-SS without the person's consent to specific data: refused, the answers kept on the page.
        response = client.post(_step(pk, 3), {"seeing": "3", "hearing": "1"})
        assert response.status_code == 200 and "specific_data" in response.context["decision_form"].errors
        assert response.context["form"]["seeing"].value() == "3"
        response = client.post(_step(pk, 3), {"seeing": "3", "hearing": "1", "how-specific_data": "on", **HOW})
        assert response.status_code == 302
        response = client.post(
            _step(pk, 4),
            {"ragam": ["sensorik"], "communication_needs": ["large_print"], "accommodations": [accommodation.pk]},
        )
        assert response.status_code == 302  # specific-data consent is now in force: no second consent
        response = client.post(_step(pk, 5), {"share_needs": "on", **HOW})
        assert response.status_code == 302
        response = client.post(
            reverse("jobseekers:act-add", kwargs={"pk": pk, "kind": "pendidikan"}),
            {"level": "smk", "major": "Tata Busana"},
        )
        assert response.status_code == 302
        response = client.post(
            reverse("jobseekers:act-consent", kwargs={"pk": pk}),
            {"consents": ["specific_data", "matching"], "channel": "phone", "basis": "phone"},
        )
        assert response.status_code == 302
        with city_context(city_a):
            seeker = _fresh(walk_in_a)
            assert (seeker.phone, seeker.contact_channel, seeker.profile_step) == ("+6281234567890", "whatsapp", 5)
            assert list(seeker.skills.all()) == [skill] and list(seeker.occupations.all()) == [occupation]
            assert (seeker.work_arrangements, seeker.max_travel_minutes, seeker.expected_wage) == (
                ["part_time"],
                45,
                2500000,
            )
            assert dict(seeker.functioning.values_list("domain", "code")) == {"seeing": 3, "hearing": 1}
            assert seeker.wg_disability is True
            assert (seeker.ragam, seeker.communication_needs) == (["sensorik"], ["large_print"])
            assert list(seeker.accommodations.all()) == [accommodation]
            assert seeker.share_needs and not seeker.share_ragam
            assert seeker.specific_data_allowed and seeker.matching_allowed
            assert seeker.education.get().major == "Tata Busana"
            assert {(r.text.purpose, r.basis, r.recorded_by_id) for r in seeker.consents.all()} == {
                ("specific_data", "read_aloud", staff_a.pk),
                ("matching", "phone", staff_a.pk),
            }
            assert seeker.disclosure_records.get().basis == "read_aloud"
        with city_context(city_a):
            entry = seeker.education.get()
        response = client.post(
            reverse("jobseekers:act-remove", kwargs={"pk": pk, "kind": "pendidikan", "entry": entry.pk})
        )
        assert response.status_code == 302
        with city_context(city_a):
            assert not seeker.education.exists()

    def test_basis_errors_keep_what_was_typed(self, client, city_a, staff_a, walk_in_a):
        client.force_login(staff_a)
        typed = {"share_ragam": "on", "how-channel": "in_person", "how-basis": "family", "how-guardian_relation": "ibu"}
        response = client.post(_step(walk_in_a.pk, 5), typed)
        assert response.status_code == 200
        decision = response.context["decision_form"]
        assert "guardian_name" in decision.errors
        assert decision["guardian_relation"].value() == "ibu" and decision["basis"].value() == "family"
        assert response.context["form"]["share_ragam"].value() is True
        response = client.post(
            _step(walk_in_a.pk, 5), {"share_ragam": "on", "how-channel": "paper", "how-basis": "signed"}
        )
        assert "paper_form" in response.context["decision_form"].errors
        response = client.post(_step(walk_in_a.pk, 5), {"share_ragam": "on", "how-channel": "in_person"})
        assert "basis" in response.context["decision_form"].errors  # the service's rule, on the field
        with city_context(city_a):
            assert not DisclosureRecord.objects.exists() and not _fresh(walk_in_a).share_ragam

    def test_a_signed_disclosure_form_is_uploaded_with_the_choice(self, client, city_a, staff_a, walk_in_a):
        client.force_login(staff_a)
        response = client.post(
            _step(walk_in_a.pk, 5),
            {"share_documents": "on", "how-channel": "paper", "how-basis": "signed", "how-paper_form": scan()},
        )
        assert response.status_code == 302
        with city_context(city_a):
            record = DisclosureRecord.objects.get()
            assert record.paper_form.kind == Document.Kind.CONSENT_FORM and record.basis == "signed"

    @pytest.mark.parametrize("step", [1, 2, 3, 4, 5])
    def test_each_step_opens_for_staff(self, client, city_a, staff_a, walk_in_a, step):
        client.force_login(staff_a)
        assert client.get(_step(walk_in_a.pk, step)).status_code == 200
        assert client.get(_step(walk_in_a.pk, 9)).status_code == 404


class TestWhoReachesThePages:
    def _pages(self, pk):
        return [
            reverse("jobseekers:act-profile", kwargs={"pk": pk}),
            _step(pk, 1),
            _step(pk, 4),
            _step(pk, 5),
            reverse("jobseekers:act-add", kwargs={"pk": pk, "kind": "pelatihan"}),
            reverse("jobseekers:act-consent", kwargs={"pk": pk}),
        ]

    def test_the_partner_of_the_same_organisation_fills_the_profile(self, client, city_a, partner_a):
        person = partner_a.caseload[0]
        client.force_login(partner_a.user)
        for url in self._pages(person.pk):
            assert client.get(url).status_code == 200, url
        response = client.post(
            _step(person.pk, 5),
            {"share_ragam": "on", "how-channel": "in_person", "how-basis": "family", "how-guardian_name": "Ibu Wahyu"},
        )
        assert response.status_code == 302
        with city_context(city_a):
            record = DisclosureRecord.objects.get()
            assert (record.recorded_by, record.guardian_name) == (partner_a.user, "Ibu Wahyu")
        page = client.get(reverse("jobseekers:partner-caseload")).content.decode()
        assert person.name in page and partner_a.caseload[1].name in page

    def test_a_partner_of_another_organisation_gets_404_everywhere(self, client, partner_a, other_partner):
        person = partner_a.caseload[0]
        client.force_login(other_partner)
        for url in self._pages(person.pk):
            assert client.get(url).status_code == 404, url
        assert client.post(_step(person.pk, 5), {"share_ragam": "on", **HOW}).status_code == 404
        assert person.name not in client.get(reverse("jobseekers:partner-caseload")).content.decode()

    def test_staff_of_another_city_get_404(self, client, staff_b, walk_in_a):
        client.force_login(staff_b)
        for url in self._pages(walk_in_a.pk):
            assert client.get(url).status_code == 404, url

    def test_a_partner_cannot_open_a_walk_in_person_outside_their_caseload(self, client, partner_a, walk_in_a):
        client.force_login(partner_a.user)
        assert client.get(_step(walk_in_a.pk, 1)).status_code == 404

    def test_the_job_seeker_may_not_act_for_anyone(self, client, seeker_a, walk_in_a):
        client.force_login(seeker_a.user)
        assert client.get(_step(walk_in_a.pk, 1)).status_code == 403


# --- The audit trail: the same entries as the person's own, plus the basis ------------------------
def _entries_after(marker: int) -> list[AuditLogEntry]:
    return list(AuditLogEntry.objects.filter(pk__gt=marker).select_related("content_type").order_by("pk"))


def _shape(entries) -> list[tuple]:
    """What an entry says apart from who wrote it and about which person: the model, the action
    and the fields changed (access entries: the groups viewed)."""
    return [
        (e.content_type.model, e.action, sorted(e.changes_dict) if e.action != AuditLogEntry.Action.ACCESS else None)
        for e in entries
    ]


def _marker() -> int:
    last = AuditLogEntry.objects.order_by("-pk").first()
    return last.pk if last else 0


class TestSameAuditAsTheOwnPages:
    """The person (``seeker_a``) and a twin filled in by staff start in the same state (signed up,
    the same consents online, the same WG-SS answers); the same form filled by each writes the
    same entries. Only the actor differs, and a decision's record names how it was given."""

    @pytest.fixture
    def twins(self, city_a, seeker_a, reference):
        twin = personas.job_seeker(city_a, name="Rina Kembar")
        return seeker_a, twin

    def _both(self, client, city_a, staff, twins, step, data, how=None):
        person, twin = twins
        client.force_login(person.user)
        with city_context(city_a):
            marker = _marker()
        assert client.post(reverse("jobseekers:my-profile-step", kwargs={"step": step}), data).status_code == 302
        with city_context(city_a):
            own = _entries_after(marker)
            marker = _marker()
        client.force_login(staff)
        response = client.post(_step(twin.record.pk, step), {**data, **(how or {})})
        assert response.status_code == 302
        with city_context(city_a):
            for_them = _entries_after(marker)
        return own, for_them

    def test_wg_ss(self, client, city_a, staff_a, twins):
        own, for_them = self._both(client, city_a, staff_a, twins, 3, {"seeing": "4", "mobility": "3"})
        assert _shape(own) == _shape(for_them) and own
        assert {e.actor_id for e in own} == {twins[0].user.pk} and {e.actor_id for e in for_them} == {staff_a.pk}
        assert {e.content_type.model for e in own} >= {"functioninganswer", "jobseeker"}

    def test_needs(self, client, city_a, staff_a, twins):
        data = {"ragam": ["fisik"], "assistive_devices": ["wheelchair"], "accommodations_text": "Meja lebih rendah"}
        own, for_them = self._both(client, city_a, staff_a, twins, 4, data)
        assert _shape(own) == _shape(for_them) and own
        assert {e.actor_id for e in for_them} == {staff_a.pk}

    def test_disclosure_plus_the_basis(self, client, city_a, staff_a, twins):
        how = {"how-channel": "in_person", "how-basis": "read_aloud"}
        own, for_them = self._both(client, city_a, staff_a, twins, 5, {"share_ragam": "on"}, how)
        assert [e.content_type.model for e in own] == [e.content_type.model for e in for_them]
        assert [e.action for e in own] == [e.action for e in for_them]
        profile = [e for e in own if e.content_type.model == "jobseeker"]
        assert _shape(profile) == _shape([e for e in for_them if e.content_type.model == "jobseeker"])
        own_record = next(e for e in own if e.content_type.model == "disclosurerecord")
        their_record = next(e for e in for_them if e.content_type.model == "disclosurerecord")
        assert own_record.changes_dict["basis"][1] == "self"
        assert their_record.changes_dict["basis"][1] == "read_aloud"
        assert their_record.actor_id == staff_a.pk


# --- What the person sees ---------------------------------------------------------------------------
class TestThePersonSeesIt:
    def test_decisions_changes_and_views_recorded_for_them(self, client, city_a, staff_a, seeker_a, reference):
        person = seeker_a.record
        client.force_login(staff_a)
        assert client.get(_step(person.pk, 4)).status_code == 200  # a view of disability and needs
        client.post(_step(person.pk, 4), {"ragam": ["mental"]})
        client.post(
            _step(person.pk, 5),
            {
                "share_needs": "on",
                "how-channel": "paper",
                "how-basis": "signed",
                "how-guardian_name": "Ibu Rina",
                "how-guardian_relation": "ibu",
                "how-paper_form": scan(),
            },
        )
        client.post(
            reverse("jobseekers:act-consent", kwargs={"pk": person.pk}),
            {
                "consents": ["specific_data", "matching"],
                "channel": "in_person",
                "basis": "interpreter",
                "guardian_name": "Pak Juru",
            },
        )
        with city_context(city_a):
            form = DisclosureRecord.objects.get().paper_form
        client.force_login(seeker_a.user)
        page = client.get(reverse("jobseekers:my-consent")).content.decode()
        assert "Sari Petugas" in page and "Pak Juru" in page and "Ibu Rina (ibu)" in page
        assert "Melalui juru bahasa" in page or "Through a named interpreter" in page
        assert reverse("jobseekers:my-document-download", kwargs={"pk": form.pk}) in page
        assert client.get(reverse("jobseekers:my-document-download", kwargs={"pk": form.pk})).status_code == 200
        client.post(reverse("jobseekers:my-profile-step", kwargs={"step": 2}), {"max_travel_minutes": "30"})
        changes = client.get(reverse("jobseekers:change-log"))
        assert changes.status_code == 200
        entries = list(changes.context["page_obj"])
        assert {e.actor_id for e in entries} >= {staff_a.pk, seeker_a.user.pk}
        models = {e.content_type.model for e in entries if e.actor_id == staff_a.pk}
        assert {"jobseeker", "disclosurerecord", "consentrecord", "document"} <= models
        assert "Sari Petugas" in changes.content.decode()
        viewed = client.get(reverse("jobseekers:access-log")).content.decode()
        assert "Sari Petugas" in viewed
        # the scan proves a decision: the person cannot remove it from their documents
        response = client.post(reverse("jobseekers:my-documents"), {"delete": form.pk})
        assert response.status_code == 200
        with city_context(city_a):
            assert Document.objects.filter(pk=form.pk).exists()

    def test_staff_download_of_the_scan_is_audited(self, client, city_a, staff_a, walk_in_a):
        with city_context(city_a):
            record = services.consent_record(
                actor=staff_a,
                job_seeker=walk_in_a,
                purpose="matching",
                decision="given",
                channel="paper",
                basis="signed",
                paper_form=scan(),
            )
        client.force_login(staff_a)
        page = client.get(reverse("jobseekers:act-profile", kwargs={"pk": walk_in_a.pk})).content.decode()
        url = reverse("jobseekers:document-download", kwargs={"pk": record.paper_form_id})
        assert url in page
        assert client.get(url).status_code == 200
        with city_context(city_a):
            access = AuditLogEntry.objects.filter(action=AuditLogEntry.Action.ACCESS, object_pk=str(walk_in_a.pk))
            assert access.filter(additional_data__fields=["documents"]).exists()
