"""Dates in order: interview on or after the referral, offer not before the interview, placement start
on or after the offer (earlier only back-dated, with a written reason), follow-ups from the start on.

The services refuse with a ``ValidationError`` on the field (the pages keep what was typed, the API
answers 400 with field errors); the database refuses a bad start on the placement's own row.
"""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation

from cities.calendar import city_today
from cities.tenancy import city_context
from placements import services
from placements.models import Placement, Referral
from tests.api.conftest import bearer_client, make_token
from tests.placements.conftest import seeker

pytestmark = pytest.mark.django_db

REASON = "Sudah bekerja sejak Agustus; rujukan dicatat terlambat."


def fresh(referral: Referral) -> Referral:
    return Referral.objects.get(pk=referral.pk)


@pytest.fixture
def confirmed(city_a, vacancy, staff, person_user):
    with city_context(city_a):
        person = seeker("Fajar", user=person_user, occupations=["2411"])
        referral = services.referral_propose(actor=staff, job_seeker=person, vacancy=vacancy)
        services.referral_confirm(actor=person_user, referral=referral, disclosed=[])
        return fresh(referral)


@pytest.fixture
def offered(city_a, confirmed, staff, employer_user):
    with city_context(city_a):
        services.interview_schedule(
            actor=staff, referral=confirmed, starts_at=timezone.now(), place="Kantor", accommodations=[]
        )
        services.referral_offer(actor=employer_user, referral=fresh(confirmed))
        return fresh(confirmed)


def _place(referral, staff, start, reason=""):
    return services.placement_record(
        actor=staff,
        referral=fresh(referral),
        start_date=start,
        wage=3_000_000,
        contract_type="permanent",
        backdated_reason=reason,
    )


def test_a_start_months_before_the_referral_is_refused_on_the_start_date(city_a, offered, staff):
    with city_context(city_a), translation.override("en"):
        start = city_today(city_a) - datetime.timedelta(days=120)
        with pytest.raises(ValidationError) as refused:
            _place(offered, staff, start)
        assert refused.value.error_dict["start_date"][0].code == "back_dated"
        assert "before the offer" in refused.value.message_dict["start_date"][0]
        assert fresh(offered).status == "offered"  # nothing written
        assert not Placement.objects.exists()


def test_a_back_dated_start_with_a_reason_is_kept_and_shown(client, city_a, offered, staff):
    with city_context(city_a):
        start = city_today(city_a) - datetime.timedelta(days=120)
        placement = _place(offered, staff, start, reason=f"  {REASON}  ")
        assert (placement.backdated_reason, placement.offered_on) == (REASON, city_today(city_a))
        assert placement.is_backdated and placement.followups.count() == 3
        followup = placement.followups.order_by("due_on").first()
    client.force_login(staff)
    page = client.get(reverse("placements:staff-referral", args=[offered.pk])).content.decode()
    with translation.override("id"):
        from django.utils.translation import gettext

        shown = gettext("Back-dated: %(reason)s") % {"reason": REASON}
    assert shown in page
    assert shown in client.get(reverse("placements:followup", args=[followup.pk])).content.decode()


def test_a_start_on_or_after_the_offer_keeps_no_reason(city_a, offered, staff):
    with city_context(city_a):
        placement = _place(offered, staff, city_today(city_a), reason="not needed")
        assert placement.backdated_reason == "" and not placement.is_backdated


def test_the_page_shows_the_refusal_on_the_start_date_and_keeps_the_input(client, city_a, offered, staff):
    client.force_login(staff)
    start = city_today(city_a) - datetime.timedelta(days=120)
    body = {
        "action": "place",
        "start_date": start.isoformat(),
        "wage": "3100000",
        "contract_type": "permanent",
        "accommodation_provided": "Meja tinggi",
    }
    response = client.post(reverse("placements:staff-referral", args=[offered.pk]), body)
    assert response.status_code == 200
    form = response.context["placement_form"]
    assert [error.code for error in form.errors.as_data()["start_date"]] == ["back_dated"]
    assert list(form.errors) == ["start_date"] and form.errors["start_date"][0].startswith("Tanggal mulai")
    page = response.content.decode()
    assert 'value="3100000"' in page and "Meja tinggi" in page
    with city_context(city_a):
        assert fresh(offered).status == "offered"
    body["backdated_reason"] = REASON
    assert client.post(reverse("placements:staff-referral", args=[offered.pk]), body).status_code == 302
    with city_context(city_a):
        assert Placement.objects.get().backdated_reason == REASON


def test_an_interview_before_the_referral_is_refused_on_its_date(city_a, confirmed, staff):
    with city_context(city_a), pytest.raises(ValidationError) as refused:
        services.interview_schedule(
            actor=staff,
            referral=confirmed,
            starts_at=timezone.now() - datetime.timedelta(days=40),
            place="Kantor",
            accommodations=[],
        )
    assert refused.value.error_dict["starts_at"][0].code == "interview_before_referral"
    with city_context(city_a):
        assert fresh(confirmed).status == "confirmed" and not fresh(confirmed).interviews.exists()


def test_an_offer_before_the_interview_is_refused(city_a, confirmed, staff, employer_user):
    with city_context(city_a):
        services.interview_schedule(
            actor=staff,
            referral=confirmed,
            starts_at=timezone.now() + datetime.timedelta(days=3),
            place="Kantor",
            accommodations=[],
        )
        with pytest.raises(ValidationError) as refused:
            services.referral_offer(actor=employer_user, referral=fresh(confirmed))
        assert refused.value.error_list[0].code == "offer_before_interview"
        assert fresh(confirmed).status == "interview"


def test_a_follow_up_before_the_start_is_refused(city_a, offered, staff):
    with city_context(city_a):
        placement = _place(offered, staff, city_today(city_a) + datetime.timedelta(days=10))
        followup = placement.followups.order_by("due_on").first()
        with pytest.raises(ValidationError) as refused:
            services.followup_record(actor=staff, followup=followup, still_employed=True, accommodation_working=True)
        assert refused.value.error_list[0].code == "followup_before_start"
        followup.refresh_from_db()
        assert followup.done_at is None


def test_the_database_refuses_a_start_before_the_offer_without_a_reason(city_a, offered, staff):
    with city_context(city_a):
        placement = _place(offered, staff, city_today(city_a))
        early = placement.offered_on - datetime.timedelta(days=60)
        with pytest.raises(IntegrityError, match="placement_start_on_or_after_offer"), transaction.atomic():
            Placement.objects.filter(pk=placement.pk).update(start_date=early)
        Placement.objects.filter(pk=placement.pk).update(start_date=early, backdated_reason=REASON)  # with a reason
        assert Placement.objects.get(pk=placement.pk).start_date == early


class TestTheApi:
    """Every date out of order is a 400 with the field, never a 500."""

    def test_interview_offer_placement_and_follow_up(self, city_a, confirmed, staff, employer_user):
        api = bearer_client(make_token(staff, city_a))
        interview = reverse("api:referral-interview", kwargs={"pk": confirmed.pk})
        early = (timezone.now() - datetime.timedelta(days=40)).isoformat()
        refused = api.post(interview, {"starts_at": early, "place": "Kantor"}, format="json")
        assert refused.status_code == 400 and list(refused.json()["error"]["fields"]) == ["starts_at"]
        later = (timezone.now() + datetime.timedelta(days=3)).isoformat()
        assert api.post(interview, {"starts_at": later, "place": "Kantor"}, format="json").status_code == 200
        offer = reverse("api:referral-offer", kwargs={"pk": confirmed.pk})
        refused = api.post(offer, {}, format="json")
        assert refused.status_code == 400 and refused.json()["error"]["fields"]["non_field_errors"]
        now = timezone.now().isoformat()
        assert api.post(interview, {"starts_at": now, "place": "Kantor"}, format="json").status_code == 200
        assert api.post(offer, {}, format="json").status_code == 200

        place = reverse("api:referral-place", kwargs={"pk": confirmed.pk})
        body = {"start_date": (city_today(city_a) - datetime.timedelta(days=90)).isoformat(), "wage": 1}
        refused = api.post(place, {**body, "contract_type": "permanent"}, format="json")
        assert refused.status_code == 400 and list(refused.json()["error"]["fields"]) == ["start_date"]
        body["start_date"] = (city_today(city_a) + datetime.timedelta(days=7)).isoformat()
        placed = api.post(place, {**body, "contract_type": "permanent"}, format="json")
        assert placed.status_code == 201, placed.content
        assert placed.json()["offered_on"] == city_today(city_a).isoformat()
        assert placed.json()["backdated_reason"] == ""

        record = reverse("api:followup-record", kwargs={"pk": placed.json()["followups"][0]["id"]})
        refused = api.post(record, {"still_employed": True}, format="json")
        assert refused.status_code == 400 and refused.json()["error"]["fields"]["non_field_errors"]

    def test_a_back_dated_placement_with_its_reason(self, city_a, offered, staff):
        api = bearer_client(make_token(staff, city_a))
        start = (city_today(city_a) - datetime.timedelta(days=90)).isoformat()
        body = {"start_date": start, "wage": 1, "contract_type": "permanent", "backdated_reason": REASON}
        placed = api.post(reverse("api:referral-place", kwargs={"pk": offered.pk}), body, format="json")
        assert placed.status_code == 201, placed.content
        assert (placed.json()["start_date"], placed.json()["backdated_reason"]) == (start, REASON)


def test_the_pages_show_an_early_interview_on_its_field_and_an_early_offer_as_a_message(
    client, city_a, confirmed, staff
):
    client.force_login(staff)
    url = reverse("placements:staff-referral", args=[confirmed.pk])
    early = timezone.localtime(timezone.now() - datetime.timedelta(days=40))
    body = {
        "action": "interview",
        "starts_at_0": early.day,
        "starts_at_1": early.month,
        "starts_at_2": early.year,
        "starts_at_3": "09.30",
        "place": "Kantor pusat",
    }
    response = client.post(url, body)
    assert response.status_code == 200
    form = response.context["interview_form"]
    assert [error.code for error in form.errors.as_data()["starts_at"]] == ["interview_before_referral"]
    assert "Kantor pusat" in response.content.decode()  # what was typed stays
    with city_context(city_a):
        services.interview_schedule(
            actor=staff,
            referral=fresh(confirmed),
            starts_at=timezone.now() + datetime.timedelta(days=3),
            place="Kantor",
            accommodations=[],
        )
    response = client.post(url, {"action": "offer"}, follow=True)
    with translation.override("id"):
        from django.utils.translation import gettext

        expected = gettext("The interview is on %(date)s: record the offer after the interview.").split("%")[0]
    assert expected in response.content.decode()
    with city_context(city_a):
        assert fresh(confirmed).status == "interview"
