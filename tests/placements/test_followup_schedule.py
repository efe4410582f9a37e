"""The city admin's follow-up schedule: validated, audited, applied to placements recorded afterwards."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from accounts.audit import trail
from accounts.models import Membership
from cities.tenancy import city_context
from placements import selectors, services
from placements.models import PlacementSettings, Referral
from tests.employers.conftest import make_member
from tests.placements.conftest import seeker

pytestmark = pytest.mark.django_db
URL = "/kelola/tindak-lanjut/"


@pytest.fixture(autouse=True)
def _english(settings):
    from django.utils import translation

    with translation.override("en"):
        settings.LANGUAGE_CODE = "en"
        yield


@pytest.fixture
def city_admin(city_a):
    return make_member(city_a, Membership.Role.CITY_ADMIN, mfa=True)


@pytest.mark.parametrize(
    ("months", "code"),
    [([], "empty"), ([0, 3], "range"), ([1, 25], "range"), ([1, 3, 3], "duplicate"), ([6, 3], "order")],
)
def test_a_bad_schedule_is_refused_with_its_reason(city_a, city_admin, months, code):
    with city_context(city_a):
        with pytest.raises(ValidationError) as raised:
            services.followup_schedule_save(actor=city_admin, months=months)
        assert raised.value.code == code
        assert not PlacementSettings.objects.exists()


def test_the_schedule_in_force_at_placement_time_is_the_one_used(city_a, vacancy, staff, person_user, employer_user):
    with city_context(city_a):
        services.followup_schedule_save(actor=staff, months=[1, 3, 6, 12])
        person = seeker("Joko", user=person_user, occupations=["2411"])
        referral = services.referral_propose(actor=staff, job_seeker=person, vacancy=vacancy)
        services.referral_confirm(actor=person_user, referral=referral, disclosed=[])
        referral = Referral.objects.get(pk=referral.pk)
        services.interview_schedule(
            actor=staff, referral=referral, starts_at=timezone.now(), place="x", accommodations=[]
        )
        services.referral_offer(actor=employer_user, referral=Referral.objects.get(pk=referral.pk))
        placement = services.placement_record(
            actor=staff,
            referral=Referral.objects.get(pk=referral.pk),
            start_date=datetime.date(2026, 1, 15),
            wage=1,
            contract_type="permanent",
            backdated_reason="Recorded late.",
        )
        services.followup_schedule_save(actor=staff, months=[2])  # later change: the placement keeps its own
        assert list(placement.followups.values_list("months", flat=True)) == [1, 3, 6, 12]
        assert selectors.followup_months() == [2]
        entries = [e for e in trail(PlacementSettings.objects.get()) if e.changes and "followup_months" in e.changes]
        assert len(entries) == 2  # created, then changed: both in the audit trail


def test_the_city_admin_edits_the_schedule_on_the_page(client, city_a, city_admin):
    client.force_login(city_admin)
    page = client.get(URL).content.decode()
    assert 'value="1, 3, 6"' in page
    response = client.post(URL, {"months": "1, 3, 6, 12"})
    assert response.status_code == 302
    with city_context(city_a):
        assert PlacementSettings.objects.get().followup_months == [1, 3, 6, 12]


def test_bad_input_keeps_what_was_typed_and_says_why(client, city_a, city_admin):
    client.force_login(city_admin)
    response = client.post(URL, {"months": "6, 3, x"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "is not a whole number of months" in page and 'value="6, 3, x"' in page
    page = client.post(URL, {"months": "3, 1"}).content.decode()
    assert "ascending order" in page
    with city_context(city_a):
        assert not PlacementSettings.objects.exists()


def test_staff_cannot_change_the_schedule(client, staff):
    client.force_login(staff)
    assert client.post(URL, {"months": "1"}).status_code == 403
