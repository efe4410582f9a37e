"""The person is told of what happens to their referral by their own channel
(``JobSeeker.contact_channel``), in their language, once per event: a referral confirmed for them,
an interview (date, time, place, accommodations), its accommodations confirmed, their request sent
on or declined (with the reason). Placements hands each event to
``notifications.services.person_message_send`` (``placements.notices.person_told``) with a stable
dedupe key; the sending itself is tested in tests/notifications."""

from __future__ import annotations

import datetime
from unittest import mock

import pytest
from django.utils import timezone

from cities.tenancy import city_context
from jobseekers.models import JobSeeker
from placements import notices, services
from placements.models import Interview, MatchSuggestion, Referral

pytestmark = pytest.mark.django_db

SEND = "notifications.services.person_message_send"
# The accommodations asked, in the person's language (Indonesian on their profile).
LABELS_ID = ["Juru bahasa isyarat", "Tempat tanpa tangga"]


def _fresh(referral):
    return Referral.objects.select_related("job_seeker", "vacancy__employer").get(pk=referral.pk)


def _calls(send, kind):
    return [c.kwargs for c in send.call_args_list if c.kwargs["kind"] == kind]


@pytest.fixture
def person(city_a, seeker_a):
    with city_context(city_a):
        JobSeeker.objects.filter(pk=seeker_a.record.pk).update(
            contact_channel="whatsapp", phone="+6281298765432", language="id"
        )
        return JobSeeker.objects.get(pk=seeker_a.record.pk)


@pytest.fixture
def request_of(city_a, person, seeker_a, vacancy_a):
    with city_context(city_a), mock.patch(SEND, create=True) as send:
        MatchSuggestion.objects.create(
            vacancy=vacancy_a, job_seeker=person, score=70, components={}, reasons=[], computed_at=timezone.now()
        )
        referral = services.referral_propose(actor=seeker_a.user, job_seeker=person, vacancy=vacancy_a)
        services.referral_confirm(actor=seeker_a.user, referral=referral, disclosed=[])
    assert send.call_count == 0  # asking is not an event the person is told of
    return referral


def test_request_sent_on_is_told_once_by_the_persons_channel(city_a, request_of, staff_a, seeker_a, vacancy_a):
    with city_context(city_a), mock.patch(SEND, create=True) as send:
        services.referral_request_send_on(actor=staff_a, referral=_fresh(request_of))
    (call,) = _calls(send, "referral_request_sent_on")
    assert (call["channel"], call["phone"], call["user"], call["language"]) == (
        "whatsapp",
        "+6281298765432",
        seeker_a.user,
        "id",
    )
    assert call["actor"] == staff_a and call["job_seeker_id"] == request_of.job_seeker_id
    assert call["context"]["vacancy_title"] == vacancy_a.title
    assert call["context"]["employer_name"] == vacancy_a.employer.legal_name
    assert call["context"]["person_name"] == "Rina Pencari"
    assert call["dedupe_key"] == f"referral-request-sent-on:{request_of.pk}"
    assert send.call_count == 1


def test_request_declined_is_told_once_with_the_reason(city_a, request_of, staff_a):
    with city_context(city_a), mock.patch(SEND, create=True) as send:
        services.referral_request_decline(actor=staff_a, referral=_fresh(request_of), reason="Kuota sudah penuh.")
        with pytest.raises(services.PlacementError):  # decided once: no second message
            services.referral_request_decline(actor=staff_a, referral=_fresh(request_of), reason="Lagi")
    (call,) = _calls(send, "referral_request_declined")
    assert call["context"]["reason"] == "Kuota sudah penuh."
    assert call["dedupe_key"] == f"referral-request-declined:{request_of.pk}"
    assert send.call_count == 1


def test_interview_and_its_confirmed_accommodations_are_told_once_each(city_a, request_of, staff_a, employer_a):
    starts = timezone.now() + datetime.timedelta(days=4)
    with city_context(city_a), mock.patch(SEND, create=True) as send:
        services.referral_request_send_on(actor=staff_a, referral=_fresh(request_of))
        interview = services.interview_schedule(
            actor=employer_a.user,
            referral=_fresh(request_of),
            starts_at=starts,
            place="Kantor pusat, lantai 1",
            accommodations=["interpreter", "step_free_venue"],
        )
        interview = Interview.objects.select_related("referral").get(pk=interview.pk)
        services.interview_confirm(actor=employer_a.user, interview=interview)
        services.interview_confirm(actor=employer_a.user, interview=Interview.objects.get(pk=interview.pk))
    (scheduled,) = _calls(send, "interview_scheduled")
    assert scheduled["context"]["interview_at"] == starts.isoformat()
    assert scheduled["context"]["interview_place"] == "Kantor pusat, lantai 1"
    assert scheduled["context"]["accommodations"] == LABELS_ID
    assert scheduled["dedupe_key"] == notices.person_interview_key(interview)
    assert scheduled["user"] is None  # their inbox has it already (interview_notices)
    confirmed = _calls(send, "interview_accommodations_confirmed")
    assert {c["dedupe_key"] for c in confirmed} == {f"person-interview-accommodations-confirmed:{interview.pk}"}
    assert confirmed[0]["context"]["accommodations"] == LABELS_ID


def test_an_interview_without_accommodations_tells_no_confirmation(city_a, request_of, staff_a, employer_a):
    with city_context(city_a), mock.patch(SEND, create=True) as send:
        services.referral_request_send_on(actor=staff_a, referral=_fresh(request_of))
        interview = services.interview_schedule(
            actor=staff_a,
            referral=_fresh(request_of),
            starts_at=timezone.now() + datetime.timedelta(days=2),
            place="Daring",
            accommodations=[],
        )
        services.interview_confirm(actor=employer_a.user, interview=Interview.objects.get(pk=interview.pk))
    assert len(_calls(send, "interview_scheduled")) == 1
    assert _calls(send, "interview_accommodations_confirmed") == []


def test_an_anonymised_person_is_told_nothing(city_a, request_of, staff_a):
    with city_context(city_a), mock.patch(SEND, create=True) as send:
        JobSeeker.objects.filter(pk=request_of.job_seeker_id).update(anonymised_at=timezone.now())
        services.referral_request_send_on(actor=staff_a, referral=_fresh(request_of))
    assert send.call_count == 0


def test_the_real_service_writes_one_message_per_event(city_a, request_of, staff_a):
    """Through ``notifications.services.person_message_send`` itself: one message, even when the
    event's notice is handed over twice (the dedupe key)."""
    from notifications import services as notification_services

    if not hasattr(notification_services, "person_message_send"):
        pytest.skip("notifications.services.person_message_send is not there yet")
    from notifications.models import PersonMessage

    with city_context(city_a):
        services.referral_request_send_on(actor=staff_a, referral=_fresh(request_of))
        notices.person_told(
            actor=staff_a,
            referral=_fresh(request_of),
            kind="referral_request_sent_on",
            dedupe_key=f"referral-request-sent-on:{request_of.pk}",
        )
        messages = PersonMessage.objects.filter(job_seeker_id=request_of.job_seeker_id)
        assert [(m.kind, m.way) for m in messages] == [("referral_request_sent_on", "whatsapp")]
