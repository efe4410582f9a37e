"""Ids posted to APEKSI's checklist versions page that are not numbers (or no version): a clear,
translated message, never a 500, and nothing published."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from accounts.models import User
from assessments.models import ChecklistPublication
from tests.factories import UserFactory, give_totp

pytestmark = pytest.mark.django_db

MESSAGE = "Choose a checklist version from the list."


@pytest.fixture
def apeksi_admin():
    admin = UserFactory(cross_city_role=User.CrossCityRole.APEKSI_ADMIN)
    give_totp(admin)
    return admin


def test_the_message_is_translated():
    with translation.override("id"):
        assert gettext(MESSAGE) != MESSAGE


@pytest.mark.parametrize("junk", ["abc", "1 OR 1=1", "²", "99999999999999999999", "-1", ""])
def test_a_junk_version_id_is_a_message_not_a_500(client, checklist, apeksi_admin, junk):
    client.force_login(apeksi_admin)
    response = client.post(reverse("assessments:checklist-versions"), {"version": junk}, follow=True)
    assert response.redirect_chain == [(reverse("assessments:checklist-versions"), 302)]
    assert MESSAGE in response.content.decode()
    assert not ChecklistPublication.objects.exists()
