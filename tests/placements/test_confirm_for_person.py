"""Staff confirm a referral for a person without an account (or at the desk): the disclosure chosen
together with the person and the consent basis are recorded (DisclosureRecord, linked from the
referral and its event), sharing consent is recorded in the same form when it is not in force, and
the referral then goes on exactly like the person's own confirmation."""

from __future__ import annotations

import re
from unittest import mock

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cities.tenancy import city_context
from jobseekers.models import ConsentRecord, DisclosureRecord, JobSeeker
from placements import selectors, services
from placements.models import Referral
from placements.services import PlacementError

pytestmark = pytest.mark.django_db

SEND = "notifications.services.person_message_send"
# A 1x1 PNG: what a phone photo of the signed form is, as far as the content checks go.
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
    b"\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82"
)


def _fresh(referral):
    return Referral.objects.select_related("job_seeker", "vacancy__employer", "disclosure").get(pk=referral.pk)


@pytest.fixture
def walk_in_referral(city_a, walk_in_a, vacancy_a, staff_a):
    """A referral staff proposed for ``walk_in_a`` (no account, no consent yet, shares needs by default)."""
    with city_context(city_a):
        JobSeeker.objects.filter(pk=walk_in_a.pk).update(
            share_needs=True, contact_channel="sms", phone="+6281234567890"
        )
        person = JobSeeker.objects.get(pk=walk_in_a.pk)
        return _fresh(services.referral_propose(actor=staff_a, job_seeker=person, vacancy=vacancy_a))


def _url(referral):
    return reverse("placements:confirm-for-person", kwargs={"pk": referral.pk})


def test_the_form_defaults_to_the_profiles_choices_and_asks_for_sharing_consent(client, walk_in_referral, staff_a):
    client.force_login(staff_a)
    html = client.get(_url(walk_in_referral)).content.decode()
    assert 'name="give_sharing_consent"' in html
    boxes = dict(re.findall(r'<input type="checkbox" name="disclosed" value="(\w+)"[^>]*?( checked)?>', html))
    assert boxes == {"functioning": "", "ragam": "", "needs": " checked", "documents": ""}
    # Reachable from the staff referral page.
    page = client.get(reverse("placements:staff-referral", kwargs={"pk": walk_in_referral.pk})).content.decode()
    assert _url(walk_in_referral) in page


def test_confirm_for_a_person_without_an_account_records_basis_disclosure_and_event(
    client, city_a, walk_in_referral, staff_a, employer_a
):
    client.force_login(staff_a)
    with mock.patch(SEND, create=True) as send:
        response = client.post(
            _url(walk_in_referral),
            {
                "disclosed": ["needs", "ragam"],
                "give_sharing_consent": "on",
                "channel": "in_person",
                "basis": "family",
                "guardian_name": "Siti Salim",
                "guardian_relation": "Kakak",
                "note": "Datang ke loket bersama kakaknya.",
            },
        )
    assert response.status_code == 302, response.content.decode()[:2000]
    with city_context(city_a):
        referral = _fresh(walk_in_referral)
        assert referral.status == "confirmed" and referral.disclosed == ["ragam", "needs"]
        record = referral.disclosure
        assert isinstance(record, DisclosureRecord) and record.for_referral
        assert (record.channel, record.basis, record.guardian_name, record.guardian_relation) == (
            "in_person",
            "family",
            "Siti Salim",
            "Kakak",
        )
        assert (record.share_needs, record.share_ragam, record.share_functioning, record.share_documents) == (
            True,
            True,
            False,
            False,
        )
        assert record.recorded_by_id == staff_a.pk
        event = referral.events.last()
        assert (event.from_status, event.to_status, event.actor_id, event.actor_kind, event.disclosure_id) == (
            "proposed",
            "confirmed",
            staff_a.pk,
            "staff",
            record.pk,
        )
        person = JobSeeker.objects.get(pk=referral.job_seeker_id)
        assert person.sharing_allowed and person.status == "referred"
        consent = ConsentRecord.objects.filter(job_seeker=person, text__purpose="sharing").latest("recorded_at")
        assert (consent.decision, consent.basis, consent.guardian_name) == ("given", "family", "Siti Salim")
        # The profile's own choice is left alone (a choice for one referral).
        assert person.share_needs and not person.share_ragam
        # The employer now sees it, with only the disclosed groups.
        candidate = selectors.candidate_for_employer(referral)
        assert "needs" in candidate and "ragam" in candidate and "functioning" not in candidate
    assert send.call_count == 1
    kwargs = send.call_args.kwargs
    assert kwargs["kind"] == "referral_confirmed_for_person"
    assert (kwargs["channel"], kwargs["phone"], kwargs["user"]) == ("sms", "+6281234567890", None)
    client.force_login(employer_a.user)
    assert client.get(reverse("placements:employer-referral", kwargs={"pk": referral.pk})).status_code == 200


def test_signed_basis_needs_the_scan_which_goes_through_the_document_service(client, city_a, walk_in_referral, staff_a):
    client.force_login(staff_a)
    data = {"disclosed": [], "give_sharing_consent": "on", "channel": "paper", "basis": "signed"}
    with mock.patch(SEND, create=True):
        response = client.post(_url(walk_in_referral), data)
        assert response.status_code == 200 and 'id="error-summary"' in response.content.decode()
        with city_context(city_a):
            assert _fresh(walk_in_referral).status == "proposed"
        scan = SimpleUploadedFile("formulir.png", PNG, content_type="image/png")
        response = client.post(_url(walk_in_referral), {**data, "paper_form": scan})
    assert response.status_code == 302, response.content.decode()[:3000]
    with city_context(city_a):
        referral = _fresh(walk_in_referral)
        assert referral.status == "confirmed"
        scan_doc = referral.disclosure.paper_form
        assert scan_doc is not None and scan_doc.job_seeker_id == referral.job_seeker_id
        consent = ConsentRecord.objects.filter(job_seeker_id=referral.job_seeker_id).latest("recorded_at")
        assert consent.paper_form_id == scan_doc.pk  # the same scan, stored once
        # The scan is the center's proof, never an employer's document.
        referral.disclosed = ["documents"]
        assert selectors.candidate_for_employer(referral)["documents"] == []


def test_without_sharing_consent_nothing_is_written(client, city_a, walk_in_referral, staff_a):
    client.force_login(staff_a)
    response = client.post(
        _url(walk_in_referral), {"disclosed": ["needs"], "channel": "in_person", "basis": "read_aloud", "note": "abc"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="error-summary"' in html and "abc" in html  # kept as typed
    with city_context(city_a):
        assert _fresh(walk_in_referral).status == "proposed"
        assert not DisclosureRecord.objects.filter(job_seeker_id=walk_in_referral.job_seeker_id).exists()
        with pytest.raises(PlacementError):
            services.referral_confirm_for_person(
                actor=staff_a,
                referral=_fresh(walk_in_referral),
                disclosed=[],
                channel="in_person",
                basis="read_aloud",
            )


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"channel": "online", "basis": "self"},
        {"channel": "x" * 300, "basis": "family"},
        {"channel": "in_person", "basis": "interpreter", "guardian_name": "   "},
        {"channel": "in_person", "basis": "read_aloud", "disclosed": ["bogus"]},
        {"channel": "in_person", "basis": "read_aloud", "guardian_name": "x" * 300},
    ],
)
def test_bad_input_is_a_form_error_not_a_500(client, city_a, walk_in_referral, staff_a, data):
    client.force_login(staff_a)
    response = client.post(_url(walk_in_referral), {"give_sharing_consent": "on", **data})
    assert response.status_code == 200
    with city_context(city_a):
        assert _fresh(walk_in_referral).status == "proposed"


def test_a_bad_scan_is_a_form_error(client, city_a, walk_in_referral, staff_a):
    client.force_login(staff_a)
    junk = SimpleUploadedFile("formulir.png", b"MZ not an image", content_type="image/png")
    response = client.post(
        _url(walk_in_referral),
        {"give_sharing_consent": "on", "channel": "paper", "basis": "signed", "paper_form": junk},
    )
    assert response.status_code == 200
    with city_context(city_a):
        assert _fresh(walk_in_referral).status == "proposed"
        assert not ConsentRecord.objects.filter(job_seeker_id=walk_in_referral.job_seeker_id).exists()


def test_a_referral_not_waiting_shows_no_form_and_changes_nothing(client, city_a, walk_in_referral, staff_a):
    with city_context(city_a):
        services.referral_withdraw(actor=staff_a, referral=_fresh(walk_in_referral))
    client.force_login(staff_a)
    assert 'name="basis"' not in client.get(_url(walk_in_referral)).content.decode()
    response = client.post(_url(walk_in_referral), {"channel": "in_person", "basis": "read_aloud"})
    assert response.status_code == 200
    with city_context(city_a):
        assert _fresh(walk_in_referral).status == "withdrawn"


def test_staff_of_another_city_get_404(client, walk_in_referral, staff_b):
    client.force_login(staff_b)
    assert client.get(_url(walk_in_referral)).status_code == 404
    assert client.post(_url(walk_in_referral), {"channel": "in_person", "basis": "read_aloud"}).status_code == 404


def test_only_staff_confirm_for_the_person(city_a, walk_in_referral, employer_a, seeker_a):
    with city_context(city_a):
        for actor in (employer_a.user, seeker_a.user):
            with pytest.raises(PlacementError):
                services.referral_confirm_for_person(
                    actor=actor,
                    referral=_fresh(walk_in_referral),
                    disclosed=[],
                    channel="in_person",
                    basis="read_aloud",
                    give_sharing_consent=True,
                )
        assert _fresh(walk_in_referral).status == "proposed"


def test_the_person_with_an_account_confirmed_at_the_desk(city_a, seeker_a, vacancy_a, staff_a):
    """A person with an account who came to the desk: the same form (sharing consent already in force)."""
    with city_context(city_a), mock.patch(SEND, create=True) as send:
        referral = services.referral_propose(actor=staff_a, job_seeker=seeker_a.record, vacancy=vacancy_a)
        services.referral_confirm_for_person(
            actor=staff_a, referral=_fresh(referral), disclosed=["functioning"], channel="in_person", basis="read_aloud"
        )
        saved = _fresh(referral)
        assert saved.status == "confirmed" and saved.disclosure.basis == "read_aloud"
    assert send.call_args.kwargs["user"] == seeker_a.user
