"""A city id posted to the admin's city chooser that is not a number (or no active city): a message,
never a 500, and the city chosen before is kept. The admin's date drill-down and membership form,
and the session keep-alive's ``next``, with values no page offers: never a 500 either."""

from __future__ import annotations

import pytest
from django.urls import reverse

from accounts.models import User
from tests.factories import UserFactory, give_totp

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("junk", ["abc", "²", "1 OR 1=1", "-1", "99999999999999999999"])
def test_a_junk_city_id_on_the_admin_city_chooser_keeps_the_city(client, city_a, junk):
    admin = UserFactory(is_superuser=True, is_staff=True, cross_city_role=User.CrossCityRole.APEKSI_ADMIN)
    give_totp(admin)
    client.force_login(admin)
    url = reverse("admin:choose-city")
    assert client.post(url, {"city": city_a.pk}).status_code == 302
    response = client.post(url, {"city": junk}, follow=True)
    assert response.redirect_chain == [(url, 302)]
    assert response.context["messages"] and client.session["admin_city_id"] == city_a.pk


@pytest.fixture
def admin_in_city_a(client, city_a):
    admin = UserFactory(is_superuser=True, is_staff=True, cross_city_role=User.CrossCityRole.APEKSI_ADMIN)
    give_totp(admin)
    client.force_login(admin)
    assert client.post(reverse("admin:choose-city"), {"city": city_a.pk}).status_code == 302
    client.raise_request_exception = False
    return admin


@pytest.mark.parametrize("year", [str(10**30), "9999"])
def test_a_year_beyond_the_calendar_in_the_admins_date_drill_down_is_an_invalid_lookup(client, admin_in_city_a, year):
    url = reverse("admin:notifications_notification_changelist")
    response = client.get(url, {"created_at__year": year})
    assert response.status_code == 302
    assert response["Location"].endswith("?e=1")


def test_a_membership_cannot_be_moved_to_another_city_in_the_admin(client, city_a, city_b, admin_in_city_a):
    from accounts.models import Membership
    from cities.tenancy import city_context
    from tests import personas

    staff = personas.staff_officer(city_a)
    with city_context(city_a):
        membership = Membership.objects.get(user=staff)
    url = reverse("admin:accounts_membership_change", kwargs={"object_id": membership.pk})
    response = client.post(url, {"user": staff.pk, "city": city_b.pk, "role": membership.role, "organisation": ""})
    assert response.status_code == 200
    assert "city" in response.context["adminform"].form.errors
    with city_context(city_a):
        assert Membership.objects.get(pk=membership.pk).city_id == city_a.pk


@pytest.mark.parametrize("junk", ["abc", "2026-13-45", "-1", "a\x00b", "no-such-choice"])
def test_a_next_that_is_no_path_sends_the_keepalive_home(client, city_a, junk):
    client.force_login(UserFactory())  # anyone signed in
    client.raise_request_exception = False
    response = client.post(reverse("session-keepalive"), {"next": junk})
    assert response.status_code == 302
    assert response["Location"] == reverse("home")
