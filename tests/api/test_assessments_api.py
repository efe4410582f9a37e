"""Assessments API (read): every endpoint x every kind of user x the other city (404); staff see
every visit, a partner only theirs, an employer only the shared reports of their own workplaces;
the detail carries the scores and item results. ``CALLS`` is exported like the placements one."""

from __future__ import annotations

import pytest
from django.urls import reverse

from accounts.models import Membership
from assessments.models import Assessment
from cities.tenancy import city_context
from tests import personas
from tests.accounts.test_permission_matrix import build_assessment_world, build_employer_world
from tests.api.conftest import bearer_client, make_member, make_token
from tests.api.test_placements_api import (
    ANONYMOUS,
    APEKSI,
    EMPLOYER,
    KINDS,
    OTHER_CITY_STAFF,
    PARTNER,
    STAFF,
    Call,
    client_for,
)

pytestmark = pytest.mark.django_db


def allowed(*kinds: str, other_city: int = 404) -> dict[str, int]:
    table = dict.fromkeys(KINDS, 403)
    table.update({ANONYMOUS: 401, OTHER_CITY_STAFF: other_city, **dict.fromkeys(kinds, 200)})
    return table


CALLS = [
    Call("assessment list", "get", lambda w: reverse("api:assessment-list"), allowed(STAFF, PARTNER, other_city=200)),
    Call(
        "assessment detail",
        "get",
        lambda w: reverse("api:assessment-detail", kwargs={"pk": w["assessment"].pk}),
        allowed(STAFF, PARTNER),  # the partner is named on this visit
    ),
    Call(
        "employer assessment list",
        "get",
        lambda w: reverse("api:employer-assessment-list"),
        allowed(EMPLOYER, other_city=403),
    ),
    Call(
        "employer assessment detail",
        "get",
        lambda w: reverse("api:employer-assessment-detail", kwargs={"pk": w["shared_assessment"].pk}),
        allowed(EMPLOYER, other_city=403),
    ),
]


@pytest.fixture
def world(city_a, city_b) -> dict:
    users = personas.cast(city_a, city_b, other_city_key=OTHER_CITY_STAFF, apeksi_key=APEKSI)
    objects = build_employer_world(city_a, users)
    objects |= build_assessment_world(city_a, users, objects["workplace"])
    return {**objects, "city_a": city_a, "city_b": city_b, "users": users}


@pytest.mark.parametrize("call", CALLS, ids=str)
def test_endpoint_by_kind_and_city(world, call):
    mismatches = []
    for kind in KINDS:
        response = getattr(client_for(world, kind), call.method)(call.url(world), format="json")
        if response.status_code != call.expected[kind]:
            mismatches.append(
                f"{kind}: expected {call.expected[kind]}, got {response.status_code} {response.content[:300]!r}"
            )
        if response.status_code >= 400:
            assert set(response.json()["error"]) == {"code", "message", "fields"}
    assert not mismatches, f"{call}:\n" + "\n".join(mismatches)


def test_a_partner_sees_only_the_visits_they_are_named_on(world):
    partner = bearer_client(make_token(world["users"][PARTNER], world["city_a"]))
    staff = bearer_client(make_token(world["users"][STAFF], world["city_a"]))
    staff_ids = {row["id"] for row in staff.get(reverse("api:assessment-list")).json()["results"]}
    partner_ids = {row["id"] for row in partner.get(reverse("api:assessment-list")).json()["results"]}
    assert staff_ids == {world["assessment"].pk, world["shared_assessment"].pk}
    assert partner_ids == {world["assessment"].pk}
    shared = reverse("api:assessment-detail", kwargs={"pk": world["shared_assessment"].pk})
    assert partner.get(shared).status_code == 404


def test_an_employer_sees_only_shared_reports_of_their_own_workplaces(world, city_a):
    employer = bearer_client(make_token(world["users"][EMPLOYER], city_a))
    rows = employer.get(reverse("api:employer-assessment-list")).json()["results"]
    assert [row["id"] for row in rows] == [world["shared_assessment"].pk]
    not_shared = reverse("api:employer-assessment-detail", kwargs={"pk": world["assessment"].pk})
    assert employer.get(not_shared).status_code == 404
    other_employer = make_member(city_a, Membership.Role.EMPLOYER)  # a member of no organisation
    outsider = bearer_client(make_token(other_employer, city_a))
    assert outsider.get(reverse("api:employer-assessment-list")).json()["results"] == []


def test_the_detail_has_scores_and_item_results(world):
    staff = bearer_client(make_token(world["users"][STAFF], world["city_a"]))
    body = staff.get(reverse("api:assessment-detail", kwargs={"pk": world["shared_assessment"].pk})).json()
    assert body["status"] == "shared" and body["checklist"]
    door = next(result for result in body["results"] if result["code"] == "DOOR-01")
    assert door["measured"] == "80" and door["outcome"] in {"pass", "fail"}
    overall = body["overall"]
    counted = overall["passed"] + overall["failed"]
    assert counted == 1 and overall["not_applicable"] == len(body["results"]) - 1
    assert sum(
        area["passed"] + area["failed"] + area["not_applicable"] + area["open"] for area in body["areas"]
    ) == len(body["results"])


def test_filters_by_status(world):
    staff = bearer_client(make_token(world["users"][STAFF], world["city_a"]))
    rows = staff.get(reverse("api:assessment-list"), {"status": "shared"}).json()["results"]
    assert [row["id"] for row in rows] == [world["shared_assessment"].pk]
    with city_context(world["city_a"]):
        assert Assessment.objects.filter(status="scheduled").count() == 1


def test_every_assessments_route_has_a_permission_test():
    """A new route of api.endpoints.assessments fails here until it joins CALLS."""
    from django.urls import resolve

    from api.routers import router
    from tests.accounts.test_permission_matrix import ALL_URL_NAMES

    ours = {
        basename for _prefix, viewset, basename in router.registry if viewset.__module__ == "api.endpoints.assessments"
    }
    names = {name for name in ALL_URL_NAMES if name.startswith("api:") and name[4:].rsplit("-", 1)[0] in ours}
    stub = {key: type("O", (), {"pk": 1})() for key in ("assessment", "shared_assessment")}
    exercised = {resolve(call.url(stub)).view_name for call in CALLS}
    assert names and not names - exercised, f"Routes without a permission test: {sorted(names - exercised)}"
