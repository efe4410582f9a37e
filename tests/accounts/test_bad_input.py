"""A city id posted to the admin's city chooser that is not a number (or no active city): a message,
never a 500, and the city chosen before is kept."""

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
