"""The request middleware keeps each request, and its template rendering, inside its city."""

from __future__ import annotations

import pytest

from accounts.models import Membership
from cities.middleware import ACTIVE_CITY_SESSION_KEY
from cities.tenancy import city_context, current_city_id
from jobseekers.models import JobSeeker
from tests.factories import MembershipFactory, UserFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.urls("tests.cities.urls")]


@pytest.fixture
def seeded(city_a, city_b):
    with city_context(city_a):
        JobSeeker.objects.bulk_create([JobSeeker(name="Ani"), JobSeeker(name="Budi")])
    with city_context(city_b):
        JobSeeker.objects.create(name="Citra")
    return city_a, city_b


def test_sequential_requests_for_two_cities_on_one_connection_each_see_their_own(client, seeded):
    city_a, city_b = seeded
    first = client.get(f"/kota/{city_a.slug}/counts/").json()
    second = client.get(f"/kota/{city_b.slug}/counts/").json()
    third = client.get("/me/counts/").json()  # anonymous, no city in the URL
    assert first["pid"] == second["pid"] == third["pid"], "the test must reuse one database connection"
    assert (first["raw"], first["orm"]) == (2, ["Ani", "Budi"])
    assert (second["raw"], second["orm"]) == (1, ["Citra"])
    assert (third["raw"], third["orm"], third["setting"]) == (0, None, "")


def test_an_unknown_or_inactive_city_is_a_404(client, seeded):
    city_a, _ = seeded
    assert client.get("/kota/no-such-city/counts/").status_code == 404
    city_a.is_active = False
    city_a.save()
    assert client.get(f"/kota/{city_a.slug}/counts/").status_code == 404


def test_an_exception_in_a_request_rolls_back_and_leaves_no_city_behind(client, seeded):
    city_a, _ = seeded
    client.raise_request_exception = False
    response = client.get(f"/kota/{city_a.slug}/fail/")
    assert response.status_code == 500
    assert current_city_id() is None
    after = client.get("/me/counts/").json()
    assert (after["raw"], after["setting"]) == (0, "")
    with city_context(city_a):
        assert not JobSeeker.objects.filter(name="half-written").exists()


def test_a_template_that_iterates_a_queryset_while_rendering_sees_the_citys_rows(client, seeded):
    city_a, city_b = seeded
    body = client.get(f"/kota/{city_a.slug}/lazy/").content.decode()
    assert body == "<li>Ani</li><li>Budi</li>"
    assert client.get(f"/kota/{city_b.slug}/lazy/").content.decode() == "<li>Citra</li>"


def test_a_signed_in_member_works_in_their_own_city(client, seeded):
    city_a, _ = seeded
    user = UserFactory()
    with city_context(city_a):
        MembershipFactory(user=user, city=city_a, role=Membership.Role.STAFF)
    client.force_login(user)
    data = client.get("/me/counts/").json()
    assert (data["city"], data["raw"]) == (city_a.pk, 2)


def test_the_city_cannot_be_forged_by_header_query_or_session(client, seeded):
    city_a, city_b = seeded
    user = UserFactory()
    with city_context(city_a):
        MembershipFactory(user=user, city=city_a)
    client.force_login(user)
    session = client.session
    session[ACTIVE_CITY_SESSION_KEY] = city_b.pk  # not a member there
    session.save()
    data = client.get(f"/me/counts/?city_id={city_b.pk}", HTTP_X_CITY_ID=str(city_b.pk)).json()
    assert (data["city"], data["orm"]) == (city_a.pk, ["Ani", "Budi"])


def test_a_member_of_two_cities_works_in_the_one_chosen_in_the_session(client, seeded):
    city_a, city_b = seeded
    user = UserFactory()
    with city_context(city_a):
        MembershipFactory(user=user, city=city_a)
    with city_context(city_b):
        MembershipFactory(user=user, city=city_b)
    client.force_login(user)
    assert client.get("/me/counts/").json()["city"] is None  # two cities, none chosen yet
    session = client.session
    session[ACTIVE_CITY_SESSION_KEY] = city_b.pk
    session.save()
    assert client.get("/me/counts/").json()["orm"] == ["Citra"]
