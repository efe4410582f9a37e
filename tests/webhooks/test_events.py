"""The services send the events in their transaction: a published vacancy (with its JobPosting), a
placement made and a follow-up recorded each queue one delivery, with no sensitive personal data."""

from __future__ import annotations

import datetime
import json

import pytest

from accounts.models import Membership
from cities.tenancy import city_context
from employers import services as employer_services
from placements import services as placement_services
from tests.employers.conftest import ORG, vacancy_fields
from tests.placements.conftest import occupation, seeker
from tests.webhooks.conftest import member
from webhooks import services
from webhooks.models import Event, WebhookDelivery

pytestmark = pytest.mark.django_db

SENSITIVE_WORDS = ("wage", "3500000", "nik", "functioning", "accommodation", "left_reason", "Fajar", "fajar@")


@pytest.fixture
def staff(city_a):
    return member(city_a, Membership.Role.STAFF, mfa=True)


@pytest.fixture
def employer_user(city_a):
    return member(city_a, Membership.Role.EMPLOYER)


@pytest.fixture
def person_user(city_a):
    return member(city_a, Membership.Role.JOB_SEEKER)


@pytest.fixture
def all_events(city_a, city_admin, receiver):
    with city_context(city_a):
        endpoint, _secret = services.endpoint_create(actor=city_admin, url=receiver.url, events=Event.values)
    return endpoint


def _publish(city, staff, employer_user):
    with city_context(city):
        org = employer_services.employer_register(actor=employer_user, **ORG)
        employer_services.employer_verify(actor=staff, employer=org)
        vacancy = employer_services.vacancy_save(
            actor=employer_user, employer=org, **vacancy_fields(occupation=occupation("2411"))
        )
        employer_services.vacancy_submit(actor=employer_user, vacancy=vacancy)
        return employer_services.vacancy_publish(actor=staff, vacancy=vacancy)


def _deliveries(city, event):
    with city_context(city):
        return list(WebhookDelivery.objects.filter(event=event))


def test_publishing_a_vacancy_queues_its_job_posting(city_a, all_events, staff, employer_user, published):
    vacancy = _publish(city_a, staff, employer_user)
    (delivery,) = _deliveries(city_a, "vacancy.published")
    data = delivery.payload["data"]
    assert data["vacancy"]["id"] == vacancy.pk and data["vacancy"]["url"].endswith(f"/lowongan/{vacancy.pk}/")
    posting = data["job_posting"]
    assert posting["@type"] == "JobPosting" and posting["title"] == vacancy.title
    assert posting["hiringOrganization"]["name"] == ORG["legal_name"]
    assert delivery.payload["city"]["slug"] == city_a.slug


def test_a_failed_publication_queues_nothing(city_a, all_events, staff, employer_user, published):
    with city_context(city_a):
        org = employer_services.employer_register(actor=employer_user, **ORG)  # not verified: cannot publish
        vacancy = employer_services.vacancy_save(
            actor=employer_user, employer=org, **vacancy_fields(occupation=occupation("2411"))
        )
        employer_services.vacancy_submit(actor=employer_user, vacancy=vacancy)
        with pytest.raises(employer_services.EmployerError):
            employer_services.vacancy_publish(actor=staff, vacancy=vacancy)
    assert _deliveries(city_a, "vacancy.published") == []


def test_a_placement_and_its_follow_ups_queue_minimal_data(
    city_a, all_events, staff, employer_user, person_user, published
):
    vacancy = _publish(city_a, staff, employer_user)
    with city_context(city_a):
        person = seeker("Fajar", user=person_user, occupations=["2411"], email="fajar@example.test")
        referral = placement_services.referral_propose(actor=staff, job_seeker=person, vacancy=vacancy)
        placement_services.referral_confirm(actor=person_user, referral=referral, disclosed=["needs"])
        referral.refresh_from_db()
        placement_services.interview_schedule(
            actor=staff, referral=referral, starts_at=datetime.datetime.now(datetime.UTC), place="x", accommodations=[]
        )
        referral.refresh_from_db()
        placement_services.referral_offer(actor=employer_user, referral=referral)
        referral.refresh_from_db()
        placement = placement_services.placement_record(
            actor=staff,
            referral=referral,
            start_date=datetime.date(2026, 1, 5),
            wage=3_500_000,
            contract_type="permanent",
            backdated_reason="Recorded late.",
        )
        first = placement.followups.order_by("due_on").first()
        placement_services.followup_record(
            actor=staff, followup=first, still_employed=False, accommodation_working=False, left_reason="health"
        )

    (made,) = _deliveries(city_a, "placement.made")
    assert made.payload["data"]["placement"] == {
        "id": placement.pk,
        "referral_id": referral.pk,
        "start_date": "2026-01-05",
        "contract_type": "permanent",
        "recorded_at": placement.created_at.isoformat(),
    }
    assert made.payload["data"]["employer"]["name"] == ORG["legal_name"]
    (recorded,) = _deliveries(city_a, "followup.recorded")
    assert recorded.payload["data"]["followup"]["still_employed"] is False
    assert recorded.payload["data"]["placement"]["outcome"] == "left"
    for delivery in (made, recorded):
        text = json.dumps(delivery.payload).lower()
        assert not [word for word in SENSITIVE_WORDS if word.lower() in text]
