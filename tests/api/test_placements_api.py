"""Placements API: referrals (transitions as actions), placements, follow-ups — every endpoint x every
kind of user x the other city (404), the workflow through the services, 409 conflicts, audited
reads of accommodation details, and a bounded number of queries for lists.

``CALLS`` is exported for the API-wide check that every route has a permission test.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.models import AuditLogEntry
from cities.calendar import city_today
from cities.tenancy import city_context
from jobseekers.models import JobSeeker
from placements.models import FollowUp, Placement, Referral
from tests import personas
from tests.accounts.test_permission_matrix import build_employer_world, build_placement_world
from tests.api.conftest import bearer_client, make_token

pytestmark = pytest.mark.django_db

ANONYMOUS, JOB_SEEKER, EMPLOYER, STAFF = "anonymous", "job_seeker", "employer", "staff"
CITY_ADMIN, PARTNER, APEKSI, OTHER_CITY_STAFF = "city_admin", "partner", "apeksi_analyst", "other_city_staff"
KINDS = (ANONYMOUS, JOB_SEEKER, EMPLOYER, STAFF, CITY_ADMIN, PARTNER, APEKSI, OTHER_CITY_STAFF)
TOKEN_KINDS = {EMPLOYER, STAFF, CITY_ADMIN, PARTNER, OTHER_CITY_STAFF}


def staff_only(ok: int = 200, other_city: int = 404) -> dict[str, int]:
    """401 anonymous, 403 for every role but staff, ``ok`` for staff; staff of city B ``other_city``."""
    table = dict.fromkeys(KINDS, 403)
    table.update({ANONYMOUS: 401, STAFF: ok, OTHER_CITY_STAFF: other_city})
    return table


@dataclass(frozen=True)
class Call:
    name: str
    method: str
    url: Callable[[dict], str]
    expected: dict[str, int]
    body: Callable[[dict], dict] = field(default=lambda world: {})

    def __str__(self) -> str:
        return self.name


def _soon(days: int = 2) -> str:
    """An interview time on or after the referral's day (made when the test runs)."""
    return (timezone.now() + datetime.timedelta(days=days)).isoformat()


def _pk(name: str, obj: str):
    return lambda w: reverse(f"api:{name}", kwargs={"pk": w[obj].pk})


def _plain(name: str):
    return lambda w: reverse(f"api:{name}")


CALLS = [
    Call("referral list", "get", _plain("referral-list"), staff_only(other_city=200)),  # B's own (empty) list
    Call("referral detail", "get", _pk("referral-detail", "referral"), staff_only()),
    Call(
        "referral propose",
        "post",
        _plain("referral-list"),
        staff_only(ok=201, other_city=400),  # city A's person and vacancy do not exist in city B
        body=lambda w: {"job_seeker": w["seeker2"].pk, "vacancy": w["vacancy"].pk, "note": "Cocok."},
    ),
    Call(
        "referral interview",
        "post",
        _pk("referral-interview", "referral"),
        staff_only(),
        body=lambda w: {"starts_at": _soon(), "place": "Kantor", "accommodations": ["interpreter"]},
    ),
    Call("referral offer (not yet interviewed: 409)", "post", _pk("referral-offer", "referral"), staff_only(ok=409)),
    Call(
        "referral reject",
        "post",
        _pk("referral-reject", "referral"),
        staff_only(),
        body=lambda w: {"reason": "skills", "note": ""},
    ),
    Call("referral withdraw", "post", _pk("referral-withdraw", "referral"), staff_only()),
    Call(
        "referral place (not offered: 409)",
        "post",
        _pk("referral-place", "referral"),
        staff_only(ok=409),
        body=lambda w: {"start_date": "2026-12-01", "wage": 3000000, "contract_type": "permanent"},
    ),
    # The world's referral is already confirmed: a request's decisions and a confirmation conflict (409).
    Call("referral send on (not a request: 409)", "post", _pk("referral-send-on", "referral"), staff_only(ok=409)),
    Call(
        "referral decline request (not a request: 409)",
        "post",
        _pk("referral-decline-request", "referral"),
        staff_only(ok=409),
        body=lambda w: {"reason": "Lowongan ini butuh SIM."},
    ),
    Call(
        "referral confirm for person (already confirmed: 409)",
        "post",
        _pk("referral-confirm-for-person", "referral"),
        staff_only(ok=409),
        body=lambda w: {"disclosed": ["needs"], "channel": "in_person", "basis": "read_aloud"},
    ),
    Call("placement list", "get", _plain("placement-list"), staff_only(other_city=200)),
    Call("placement detail", "get", _pk("placement-detail", "placement"), staff_only()),
    Call(
        "placement close",
        "post",
        _pk("placement-close", "placement"),
        staff_only(),
        body=lambda w: {"outcome": "left", "left_reason": "contract_ended"},
    ),
    Call("follow-up list", "get", _plain("followup-list"), staff_only(other_city=200)),
    Call("follow-up detail", "get", _pk("followup-detail", "followup"), staff_only()),
    Call(
        "follow-up record",
        "post",
        _pk("followup-record", "followup"),
        staff_only(),
        body=lambda w: {"still_employed": True, "accommodation_working": True},
    ),
]


@pytest.fixture
def world(city_a, city_b) -> dict:
    users = personas.cast(city_a, city_b, other_city_key=OTHER_CITY_STAFF, apeksi_key=APEKSI)
    objects = build_employer_world(city_a, users)
    with city_context(city_a):
        seeker = JobSeeker.objects.create(name="Siti Contoh", user=users[JOB_SEEKER])
        seeker2 = JobSeeker.objects.create(name="Budi Contoh", matching_allowed=True, sharing_allowed=True)
    objects |= build_placement_world(city_a, users, seeker, objects["vacancy"])
    with city_context(city_a):
        objects["placement"] = Placement.objects.get(pk=objects["followup"].placement_id)
    return {**objects, "city_a": city_a, "city_b": city_b, "users": users, "seeker": seeker, "seeker2": seeker2}


def client_for(world: dict, kind: str) -> APIClient:
    if kind == ANONYMOUS:
        return APIClient()
    user = world["users"][kind]
    if kind in TOKEN_KINDS:
        city = world["city_b"] if kind == OTHER_CITY_STAFF else world["city_a"]
        return bearer_client(make_token(user, city))
    client = APIClient()
    client.force_login(user)
    return client


@pytest.mark.parametrize("call", CALLS, ids=str)
def test_endpoint_by_kind_and_city(world, call):
    mismatches = []
    order = sorted(KINDS, key=lambda kind: call.expected[kind] < 400)  # the allowed ones change state: last
    for kind in order:
        response = getattr(client_for(world, kind), call.method)(call.url(world), call.body(world), format="json")
        if response.status_code != call.expected[kind]:
            mismatches.append(
                f"{kind}: expected {call.expected[kind]}, got {response.status_code} {response.content[:300]!r}"
            )
        if response.status_code >= 400:
            error = response.json()["error"]
            assert set(error) == {"code", "message", "fields"} and error["message"], (kind, error)
    assert not mismatches, f"{call}:\n" + "\n".join(mismatches)


def _staff(world) -> APIClient:
    return bearer_client(make_token(world["users"][STAFF], world["city_a"]))


def test_the_whole_workflow_through_the_api(world):
    api = _staff(world)
    employer = bearer_client(make_token(world["users"][EMPLOYER], world["city_a"]))
    created = api.post(
        reverse("api:referral-list"), {"job_seeker": world["seeker2"].pk, "vacancy": world["vacancy"].pk}, format="json"
    )
    assert created.status_code == 201, created.content
    referral_id = created.json()["id"]
    assert created.json()["status"] == "proposed"
    assert [event["to_status"] for event in created.json()["history"]] == ["proposed"]
    # Only the person may confirm: staff cannot skip it.
    url = reverse("api:referral-interview", kwargs={"pk": referral_id})
    refused = api.post(url, {"starts_at": _soon(), "place": "Kantor"}, format="json")
    assert refused.status_code == 409 and refused.json()["error"]["code"] == "conflict"

    confirmed = world["referral"]  # confirmed by the person in the world
    interview = api.post(
        reverse("api:referral-interview", kwargs={"pk": confirmed.pk}),
        {"starts_at": timezone.now().isoformat(), "place": "Kantor", "accommodations": ["interpreter"]},
        format="json",
    )
    assert interview.status_code == 200 and interview.json()["status"] == "interview"
    # The employer has not confirmed the interview accommodations: no offer yet.
    offer_url = reverse("api:referral-offer", kwargs={"pk": confirmed.pk})
    assert api.post(offer_url, {}, format="json").status_code == 409
    with city_context(world["city_a"]):
        from placements import services

        services.interview_confirm(actor=world["users"][EMPLOYER], interview=confirmed.interviews.get())
    assert api.post(offer_url, {}, format="json").status_code == 200
    hire = {"start_date": city_today(world["city_a"]).isoformat(), "wage": 3000000, "contract_type": "permanent"}
    place_url = reverse("api:referral-place", kwargs={"pk": confirmed.pk})
    wrong_kpj = api.post(place_url, {**hire, "bpjs_enrolled": True, "bpjs_kpj_number": "12-34"}, format="json")
    assert wrong_kpj.status_code == 400 and "bpjs_kpj_number" in wrong_kpj.json()["error"]["fields"]
    social_security = {"bpjs_enrolled": True, "bpjs_kpj_number": "12345678901", "bpjs_programmes": ["jkk", "jht"]}
    placed = api.post(place_url, {**hire, **social_security}, format="json")
    assert placed.status_code == 201, placed.content
    body = placed.json()
    assert {key: body[key] for key in social_security} == social_security
    assert body["outcome"] == "active" and [f["months"] for f in body["followups"]] == [1, 3, 6]
    # An employer token cannot use the staff endpoints.
    assert employer.get(reverse("api:placement-detail", kwargs={"pk": body["id"]})).status_code == 403

    followup_id = body["followups"][0]["id"]
    recorded = api.post(
        reverse("api:followup-record", kwargs={"pk": followup_id}),
        {"still_employed": False, "accommodation_working": False, "left_reason": "resigned_other"},
        format="json",
    )
    assert recorded.status_code == 200 and recorded.json()["done_at"]
    again = api.post(
        reverse("api:followup-record", kwargs={"pk": followup_id}), {"still_employed": True}, format="json"
    )
    assert again.status_code == 409
    placement = api.get(reverse("api:placement-detail", kwargs={"pk": body["id"]})).json()
    assert placement["outcome"] == "left" and placement["left_reason"] == "resigned_other"
    closed = api.post(reverse("api:placement-close", kwargs={"pk": body["id"]}), {"outcome": "retained"}, format="json")
    assert closed.status_code == 409


def test_bad_input_is_a_400_with_the_fields(world):
    api = _staff(world)
    response = api.post(
        reverse("api:referral-reject", kwargs={"pk": world["referral"].pk}), {"reason": "because"}, format="json"
    )
    assert response.status_code == 400
    assert "reason" in response.json()["error"]["fields"]
    with city_context(world["city_a"]):
        assert Referral.objects.get(pk=world["referral"].pk).status == "confirmed"  # nothing half-written


def test_reading_interview_accommodations_is_audited_and_lists_do_not_show_them(world):
    api = _staff(world)
    referral = world["referral"]
    api.post(
        reverse("api:referral-interview", kwargs={"pk": referral.pk}),
        {"starts_at": "2026-12-10T09:30:00+07:00", "place": "Kantor", "accommodations": ["interpreter"]},
        format="json",
    )
    with city_context(world["city_a"]):
        before = AuditLogEntry.objects.filter(action=AuditLogEntry.Action.ACCESS).count()
    listed = api.get(reverse("api:referral-list")).json()["results"]
    assert listed and all("interviews" not in row for row in listed)
    with city_context(world["city_a"]):
        assert AuditLogEntry.objects.filter(action=AuditLogEntry.Action.ACCESS).count() == before
    detail = api.get(reverse("api:referral-detail", kwargs={"pk": referral.pk})).json()
    assert detail["interviews"][0]["accommodations"] == ["interpreter"]
    with city_context(world["city_a"]):
        entry = AuditLogEntry.objects.filter(action=AuditLogEntry.Action.ACCESS).latest("pk")
    assert entry.object_pk == str(world["seeker"].pk) and entry.additional_data == {"fields": ["needs"]}


def test_lists_use_a_fixed_number_of_queries(world):
    api = _staff(world)
    with city_context(world["city_a"]):
        from placements import services

        for n in range(5):
            person = JobSeeker.objects.create(name=f"Orang {n}", matching_allowed=True, sharing_allowed=True)
            services.referral_propose(actor=world["users"][STAFF], job_seeker=person, vacancy=world["vacancy"])
    url = reverse("api:referral-list")
    api.get(url)  # warm up (token last-use write, caches)
    with CaptureQueriesContext(connection) as few:
        first = api.get(url, {"page_size": 2})
    with CaptureQueriesContext(connection) as many:
        second = api.get(url, {"page_size": 7})
    assert len(first.json()["results"]) == 2 and len(second.json()["results"]) == 7
    assert len(many) == len(few)
    for name in ("placement-list", "followup-list"):
        with CaptureQueriesContext(connection) as queries:
            assert api.get(reverse(f"api:{name}")).status_code == 200
        assert len(queries) <= len(few) + 1


def test_follow_up_filters(world):
    api = _staff(world)
    due = api.get(reverse("api:followup-list"), {"done": "false", "due_before": "2026-03-01"}).json()["results"]
    assert [row["id"] for row in due] == [world["followup"].pk]
    assert api.get(reverse("api:followup-list"), {"done": "true"}).json()["results"] == []
    with city_context(world["city_a"]):
        FollowUp.objects.filter(pk=world["followup"].pk).update(due_on=datetime.date(2026, 6, 1))
    assert api.get(reverse("api:followup-list"), {"due_before": "2026-03-01"}).json()["results"] == []


def test_every_placements_route_has_a_permission_test():
    """A new route of api.endpoints.referrals or api.endpoints.placements fails here until it joins CALLS."""
    from django.urls import resolve

    from api.routers import router
    from tests.accounts.test_permission_matrix import ALL_URL_NAMES

    modules = ("api.endpoints.referrals", "api.endpoints.placements")
    ours = {basename for _prefix, viewset, basename in router.registry if viewset.__module__ in modules}
    names = {name for name in ALL_URL_NAMES if name.startswith("api:") and name[4:].rsplit("-", 1)[0] in ours}
    stub = {key: type("O", (), {"pk": 1})() for key in ("referral", "placement", "followup")}
    exercised = {resolve(call.url(stub)).view_name for call in CALLS}
    assert names and not names - exercised, f"Routes without a permission test: {sorted(names - exercised)}"


def test_requests_and_confirmations_for_the_person_through_the_api(world):
    """An officer sends a person's request on or declines it, and confirms a proposal for a person at the
    desk with how they gave it; the basis's own rules answer 400 on their field."""
    from placements import services

    api = _staff(world)
    users, city = world["users"], world["city_a"]
    with city_context(city):
        asker = JobSeeker.objects.create(name="Rina Wulandari", matching_allowed=True, sharing_allowed=True)
        asked = Referral.objects.create(
            job_seeker=asker, vacancy=world["vacancy"], status="requested", proposed_by=users[STAFF]
        )
        second = Referral.objects.create(
            job_seeker=world["seeker2"], vacancy=world["vacancy"], status="requested", proposed_by=users[STAFF]
        )
        walk_in = JobSeeker.objects.create(name="Agus Salim", matching_allowed=True)
        proposal = services.referral_propose(actor=users[STAFF], job_seeker=walk_in, vacancy=world["vacancy"])
    sent = api.post(reverse("api:referral-send-on", kwargs={"pk": asked.pk}), {"note": "Cocok."}, format="json")
    assert sent.status_code == 200 and sent.json()["status"] == "confirmed"
    empty = api.post(reverse("api:referral-decline-request", kwargs={"pk": second.pk}), {"reason": " "}, format="json")
    assert empty.status_code in (400, 409)
    declined = api.post(
        reverse("api:referral-decline-request", kwargs={"pk": second.pk}), {"reason": "Butuh SIM A."}, format="json"
    )
    assert declined.status_code == 200 and declined.json()["status"] == "not_sent"
    url = reverse("api:referral-confirm-for-person", kwargs={"pk": proposal.pk})
    body = {"disclosed": ["needs"], "channel": "in_person", "basis": "read_aloud"}
    assert api.post(url, body, format="json").status_code == 409  # no consent to sharing yet
    family = {**body, "basis": "family", "give_sharing_consent": True}
    no_name = api.post(url, family, format="json")
    assert no_name.status_code == 400 and "guardian_name" in no_name.json()["error"]["fields"], no_name.content
    signed = api.post(url, {**family, "basis": "signed"}, format="json")
    assert signed.status_code == 400 and "basis" in signed.json()["error"]["fields"]
    done = api.post(url, {**family, "guardian_name": "Ibu Sri", "guardian_relation": "ibu"}, format="json")
    assert done.status_code == 200 and done.json()["status"] == "confirmed", done.content
