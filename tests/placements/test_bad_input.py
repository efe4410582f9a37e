"""Ids posted to the placements pages that are not numbers (or not ours): a form error, never a 500.

The pages are read in Indonesian (the default language): the error must be in the catalogue.
"""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from cities.tenancy import city_context
from placements import services
from placements.models import Interview, Placement, Referral
from tests.placements.conftest import seeker

pytestmark = pytest.mark.django_db

JUNK = ["abc", "1 OR 1=1", "²", "99999999999999999999", "-1", ""]


def _indonesian(msgid: str) -> str:
    with translation.override("id"):
        text = gettext(msgid)
    assert text != msgid, f"not translated: {msgid}"
    return text


@pytest.fixture
def person(city_a, person_user):
    with city_context(city_a):
        return seeker("Rina Rujukan", user=person_user, occupations=["2411"])


@pytest.fixture
def interview(city_a, vacancy, staff, person, person_user):
    with city_context(city_a):
        referral = services.referral_propose(actor=staff, job_seeker=person, vacancy=vacancy)
        services.referral_confirm(actor=person_user, referral=referral, disclosed=[])
        return services.interview_schedule(
            actor=staff,
            referral=Referral.objects.get(pk=referral.pk),
            starts_at=timezone.now(),
            place="Kantor pusat",
            accommodations=["interpreter"],
        )


@pytest.mark.parametrize("junk", JUNK)
def test_a_junk_vacancy_id_on_my_matches_is_a_form_error(client, city_a, vacancy, person, person_user, junk):
    client.force_login(person_user)
    response = client.post(reverse("placements:my-matches"), {"vacancy": junk})
    assert response.status_code == 200
    assert _indonesian("Choose a vacancy from the list.") in response.content.decode()
    with city_context(city_a):
        assert not Referral.objects.exists()


def test_a_real_vacancy_id_on_my_matches_still_asks_for_a_referral(client, city_a, vacancy, person, person_user):
    with city_context(city_a):
        services.vacancy_suggestions_refresh(vacancy_id=vacancy.pk)
    client.force_login(person_user)
    response = client.post(reverse("placements:my-matches"), {"vacancy": vacancy.pk})
    with city_context(city_a):
        referral = Referral.objects.get()
    assert response.status_code == 302 and response.url == reverse("placements:my-referral", args=[referral.pk])


@pytest.mark.parametrize("junk", JUNK)
def test_a_junk_interview_id_on_the_employer_confirmation_is_a_form_error(
    client, city_a, interview, employer_user, junk
):
    client.force_login(employer_user)
    url = reverse("placements:employer-referral", args=[interview.referral_id])
    response = client.post(url, {"action": "confirm-interview", "interview": junk})
    assert response.status_code == 200
    assert _indonesian("Choose an interview of this referral.") in response.content.decode()
    with city_context(city_a):
        assert Interview.objects.get(pk=interview.pk).confirmed_at is None


def test_the_employer_still_confirms_a_real_interview(client, city_a, interview, employer_user):
    client.force_login(employer_user)
    url = reverse("placements:employer-referral", args=[interview.referral_id])
    response = client.post(url, {"action": "confirm-interview", "interview": interview.pk})
    assert response.status_code == 302
    with city_context(city_a):
        assert Interview.objects.get(pk=interview.pk).confirmed_at is not None


@pytest.mark.parametrize("junk", JUNK)
def test_a_junk_interview_id_on_the_staff_page_is_a_form_error(client, city_a, interview, staff, junk):
    client.force_login(staff)
    url = reverse("placements:staff-referral", args=[interview.referral_id])
    response = client.post(url, {"action": "confirm-interview", "interview": junk})
    assert response.status_code == 200
    assert _indonesian("Choose an interview of this referral.") in response.content.decode()
    with city_context(city_a):
        assert Interview.objects.get(pk=interview.pk).confirmed_at is None


def test_a_digit_that_is_not_ascii_in_the_follow_up_schedule_is_a_form_error(client, city_a):
    from accounts.models import Membership
    from placements.models import PlacementSettings
    from tests.employers.conftest import make_member

    client.force_login(make_member(city_a, Membership.Role.CITY_ADMIN, mfa=True))
    response = client.post(reverse("placements:followup-schedule"), {"months": "1, ², 6"})
    assert response.status_code == 200
    expected = _indonesian("“%(value)s” is not a whole number of months.") % {"value": "²"}
    assert expected in response.content.decode()
    with city_context(city_a):
        assert not PlacementSettings.objects.exists()


@pytest.fixture
def offered(city_a, interview, employer_user):
    with city_context(city_a):
        services.interview_confirm(actor=employer_user, interview=Interview.objects.get(pk=interview.pk))
        return services.referral_offer(actor=employer_user, referral=Referral.objects.get(pk=interview.referral_id))


@pytest.mark.parametrize("start", ["9999-12-01", "1899-01-01"])
def test_a_start_date_whose_follow_ups_fall_past_the_calendar_is_a_form_error(client, city_a, offered, staff, start):
    client.force_login(staff)
    url = reverse("placements:staff-referral", args=[offered.pk])
    body = {"action": "place", "start_date": start, "wage": "3000000", "contract_type": "permanent"}
    response = client.post(url, body)
    assert response.status_code == 200
    expected = _indonesian("Enter a start date from %(first)s to %(last)s.") % {"first": 2000, "last": 2100}
    assert expected in response.content.decode()
    with city_context(city_a):
        assert Referral.objects.get(pk=offered.pk).status == Referral.Status.OFFERED
        assert not Placement.objects.exists()


def test_the_same_start_date_through_the_api_is_a_400(city_a, offered, staff):
    from tests.api.conftest import bearer_client, make_token

    api = bearer_client(make_token(staff, city_a))
    url = reverse("api:referral-place", kwargs={"pk": offered.pk})
    response = api.post(url, {"start_date": "9999-12-01", "wage": 1, "contract_type": "permanent"}, format="json")
    assert response.status_code == 400
    assert "start_date" in response.json()["error"]["fields"]
    with city_context(city_a):
        assert Referral.objects.get(pk=offered.pk).status == Referral.Status.OFFERED
        assert not Placement.objects.exists()


def test_a_wage_past_the_columns_range_is_a_form_error(client, city_a, offered, staff):
    client.force_login(staff)
    url = reverse("placements:staff-referral", args=[offered.pk])
    body = {"action": "place", "start_date": "2026-12-01", "wage": "99999999999", "contract_type": "permanent"}
    response = client.post(url, body)
    assert response.status_code == 200 and "wage" in response.context["placement_form"].errors
    with city_context(city_a):
        assert not Placement.objects.exists()


def test_an_interview_before_the_first_utc_instant_is_a_form_error(client, city_a, interview, staff):
    client.force_login(staff)
    url = reverse("placements:staff-referral", args=[interview.referral_id])
    response = client.post(url, {"action": "interview", "starts_at": "0001-01-01T00:00", "place": "Kantor"})
    assert response.status_code == 200
    assert _indonesian("This date and time is out of range.") in response.content.decode()
    with city_context(city_a):
        assert Interview.objects.count() == 1
