"""The preferences page shows only the kinds of message sent to the person's roles (``Kind.roles``)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from accounts.models import Membership
from accounts.services import member_register
from notifications.kinds import KINDS
from notifications.models import NotificationPreference
from tests.factories import UserFactory, give_totp

pytestmark = pytest.mark.django_db

Role = Membership.Role


def _shown(client, user) -> set[str]:
    client.force_login(user)
    page = client.get(reverse("notifications:preferences")).content.decode()
    return {code for code in KINDS if f'name="kind_{code}"' in page}


def _member(city, *roles):
    user = UserFactory(language="en")
    for role in roles:
        member_register(user=user, city=city, role=role)
    if set(roles) & {Role.STAFF, Role.CITY_ADMIN, Role.PARTNER}:
        give_totp(user)
    return user


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        (
            Role.JOB_SEEKER,
            {
                "vacancy_match",
                "referral_proposed",
                "interview_scheduled",
                "interview_changed",
                "interview_cancelled",
                "offer_made",
                "placement_confirmed",
            },
        ),
        (
            Role.EMPLOYER,
            {
                "referral_confirmed",
                "interview_scheduled",
                "interview_changed",
                "interview_cancelled",
                "assessment_shared",
            },
        ),
        (Role.STAFF, {"followup_due", "data_request_received", "consent_withdrawn"}),
        (Role.CITY_ADMIN, {"webhook_paused"}),
    ],
)
def test_each_role_sees_only_its_kinds(client, city_a, role, expected):
    assert _shown(client, _member(city_a, role)) == expected


def test_a_partner_sees_that_no_messages_are_sent_to_their_role(client, city_a):
    user = _member(city_a, Role.PARTNER)
    assert _shown(client, user) == set()
    page = client.get(reverse("notifications:preferences")).content.decode()
    assert "The portal sends no messages to your roles yet." in page
    assert 'name="easy_read"' in page  # language and format stay available


def test_roles_in_every_city_count(client, city_a, city_b):
    user = _member(city_a, Role.JOB_SEEKER)
    member_register(user=user, city=city_b, role=Role.STAFF)
    give_totp(user)
    shown = _shown(client, user)
    assert {"vacancy_match", "followup_due", "consent_withdrawn"} <= shown
    assert "assessment_shared" not in shown


def test_saving_keeps_the_choices_of_kinds_not_shown(client, city_a):
    user = _member(city_a, Role.JOB_SEEKER)
    NotificationPreference.objects.create(user=user, channels={"followup_due": ["inbox"], "retired_kind": ["email"]})
    client.force_login(user)
    response = client.post(
        reverse("notifications:preferences"),
        {
            "kind_vacancy_match": ["email"],
            "language": "",
            "quiet_hours": "on",
            "quiet_start": "21:00",
            "quiet_end": "07:00",
            "daily_limit": "5",
        },
    )
    assert response.status_code == 302
    channels = NotificationPreference.objects.get(user=user).channels
    assert channels["followup_due"] == ["inbox"]  # a staff kind, not on this page: kept
    assert channels["vacancy_match"] == ["email"]
    assert channels["offer_made"] == []
    assert "retired_kind" not in channels  # a kind that no longer exists is dropped
