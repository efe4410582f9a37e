"""Social security at placement: the worker's BPJS Ketenagakerjaan enrolment recorded with the
placement (KPJ number and programmes optional), asked again at a follow-up, and the dashboards'
share of placements with BPJS, with people who came through BPJS Return-to-Work counted apart."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation

from accounts.models import Membership
from cities.tenancy import city_context
from dashboards import figures, rollups
from dashboards.figures import Period
from placements import services
from placements.models import Placement, Referral
from tests.employers.conftest import make_member
from tests.placements.conftest import seeker

pytestmark = pytest.mark.django_db

KPJ = "12345678901"


def fresh(referral: Referral) -> Referral:
    return Referral.objects.get(pk=referral.pk)


def offered_referral(staff, person_user, employer_user, vacancy, name: str, **fields) -> Referral:
    person = seeker(name, user=person_user, occupations=["2411"], **fields)
    referral = services.referral_propose(actor=staff, job_seeker=person, vacancy=vacancy)
    services.referral_confirm(actor=person_user, referral=referral, disclosed=[])
    services.interview_schedule(
        actor=staff, referral=fresh(referral), starts_at=timezone.now(), place="Kantor", accommodations=[]
    )
    services.referral_offer(actor=employer_user, referral=fresh(referral))
    return fresh(referral)


@pytest.fixture
def offered(city_a, vacancy, staff, person_user, employer_user):
    with city_context(city_a):
        return offered_referral(staff, person_user, employer_user, vacancy, "Fajar")


def place(referral, staff, today, **bpjs) -> Placement:
    return services.placement_record(
        actor=staff, referral=fresh(referral), start_date=today, wage=3_000_000, contract_type="permanent", **bpjs
    )


def test_a_placement_without_bpjs_is_not_known(city_a, offered, staff, today):
    with city_context(city_a):
        placement = place(offered, staff, today)
    assert placement.bpjs_enrolled is None and placement.bpjs_kpj_number == "" and placement.bpjs_programmes == []


def test_a_placement_with_bpjs_keeps_the_kpj_and_programmes_in_order(city_a, offered, staff, today):
    with city_context(city_a):
        placement = place(
            offered, staff, today, bpjs_enrolled=True, bpjs_kpj_number=KPJ, bpjs_programmes=["jp", "jkk", "jkm"]
        )
        placement.refresh_from_db()
    assert placement.bpjs_enrolled is True and placement.bpjs_kpj_number == KPJ
    assert placement.bpjs_programmes == ["jkk", "jkm", "jp"] and placement.bpjs_updated_at


@pytest.mark.parametrize(
    ("bpjs", "field"),
    [
        ({"bpjs_enrolled": True, "bpjs_kpj_number": "1234567890"}, "bpjs_kpj_number"),  # 10 digits
        ({"bpjs_enrolled": True, "bpjs_kpj_number": "1234567890A"}, "bpjs_kpj_number"),
        ({"bpjs_enrolled": False, "bpjs_kpj_number": KPJ}, "bpjs_kpj_number"),  # a number but not enrolled
        ({"bpjs_enrolled": None, "bpjs_programmes": ["jht"]}, "bpjs_programmes"),
        ({"bpjs_enrolled": True, "bpjs_programmes": ["bpjs_kesehatan"]}, "bpjs_programmes"),
    ],
)
def test_bad_answers_are_refused_and_nothing_is_written(city_a, offered, staff, today, bpjs, field):
    with city_context(city_a):
        with pytest.raises(ValidationError) as caught:
            place(offered, staff, today, **bpjs)
        assert field in caught.value.message_dict
        assert not Placement.objects.exists() and fresh(offered).status == Referral.Status.OFFERED


def test_the_database_keeps_details_only_with_enrolled(city_a, offered, staff, today):
    with city_context(city_a):
        placement = place(offered, staff, today, bpjs_enrolled=False)
        with pytest.raises(IntegrityError), transaction.atomic():
            Placement.objects.filter(pk=placement.pk).update(bpjs_kpj_number=KPJ)


def test_the_placement_form_and_the_follow_up_ask_and_update(client, city_a, offered, staff, today):
    client.force_login(staff)
    url = reverse("placements:staff-referral", args=[offered.pk])
    page = client.get(url).content.decode()
    assert 'name="bpjs_kpj_number"' in page and 'value="jkk"' in page
    data = {
        "action": "place",
        "start_date_0": str(today.day),
        "start_date_1": str(today.month),
        "start_date_2": str(today.year),
        "wage": "3000000",
        "contract_type": "permanent",
        "bpjs_enrolled": "yes",
        "bpjs_kpj_number": "123",
    }
    refused = client.post(url, data)  # in Indonesian, the portal's first language
    assert refused.status_code == 200 and "Nomor KPJ terdiri dari 11 angka" in refused.content.decode()
    with city_context(city_a):
        assert not Placement.objects.exists()
    assert client.post(url, {**data, "bpjs_kpj_number": KPJ, "bpjs_programmes": ["jkk", "jkm"]}).status_code == 302
    with city_context(city_a):
        placement = Placement.objects.get()
        followup = placement.followups.order_by("due_on").first()
    assert placement.bpjs_enrolled and placement.bpjs_programmes == ["jkk", "jkm"]
    assert "KPJ 12345678901" in client.get(url).content.decode()

    follow_url = reverse("placements:followup", args=[followup.pk])
    form = client.get(follow_url).content.decode()
    assert f'value="{KPJ}"' in form  # the last answer is the starting point
    answer = {
        "still_employed": "yes",
        "accommodation_working": "yes",
        "bpjs_enrolled": "yes",
        "bpjs_kpj_number": KPJ,
        "bpjs_programmes": ["jkk", "jkm", "jht", "jp"],
    }
    assert client.post(follow_url, answer).status_code == 302
    with city_context(city_a):
        placement.refresh_from_db()
    assert placement.bpjs_programmes == ["jkk", "jkm", "jht", "jp"]


def test_the_dashboards_count_the_share_with_rtw_apart(client, city_a, vacancy, staff, employer_user, today):
    with city_context(city_a):
        answers = [
            ("Ani", {}, {"bpjs_enrolled": True, "bpjs_kpj_number": KPJ}),
            ("Budi", {}, {"bpjs_enrolled": True}),
            ("Citra", {}, {"bpjs_enrolled": False}),
            ("Dedi", {}, {}),
            ("Eka", {"referral_source": "bpjs_rtw"}, {"bpjs_enrolled": True}),
        ]
        for name, person_fields, bpjs in answers:
            user = make_member(city_a, Membership.Role.JOB_SEEKER)
            referral = offered_referral(staff, user, employer_user, vacancy, name, **person_fields)
            place(referral, staff, today, **bpjs)
        rollups.refresh_city(city_a.pk)
    month = today.replace(day=1)
    with translation.override("en"):
        tables = {table.slug: table for table in figures.city_tables(city_a.pk, Period(month, month))}
    by_answer = {row["category"]: row["placements"] for row in tables["by-social-security"].rows}
    assert list(by_answer.values()) == [2, 1, 1, 1]  # enrolled, not enrolled, not known, Return-to-Work
    share = next(row for row in tables["retention"].rows if "BPJS" in str(row["indicator"]))
    assert share["percent"] == 50.0 and share["cases"] == 4  # 2 of the 4 placements outside Return-to-Work

    client.force_login(staff)
    section = client.get(reverse("dashboards:city-section", kwargs={"section": "penempatan"})).content.decode()
    assert "BPJS" in section
    report = client.get(reverse("dashboards:city-report"), {"bulan": f"{month:%Y-%m}"}).content.decode()
    assert "BPJS" in report
