"""Ids posted to "mark as read" that are not numbers: a message, never a 500, and nothing marked.

Before, anything that was not digits counted as "mark all" (a typo marked every message read), and
``"²"`` (``str.isdigit`` is true, ``int`` raises) was a server error.
"""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from accounts.models import Membership
from cities.tenancy import city_context
from notifications.models import Notification
from tests.notifications.test_pages import _inbox_message, _member

pytestmark = pytest.mark.django_db

MESSAGE = "Choose a message from your inbox."


def test_the_message_is_translated():
    with translation.override("id"):
        assert gettext(MESSAGE) != MESSAGE


@pytest.mark.parametrize("junk", ["abc", "²", "1 OR 1=1", "-1", "0", "99999999999999999999"])
def test_a_junk_id_marks_nothing_and_says_so(client, city_a, junk):
    me = _member(city_a, Membership.Role.JOB_SEEKER)
    _inbox_message(city_a, me, "a")
    client.force_login(me)
    response = client.post(reverse("notifications:inbox-mark-read"), {"notification": junk}, follow=True)
    assert response.redirect_chain == [(reverse("notifications:inbox"), 302)]
    assert MESSAGE in response.content.decode()
    with city_context(city_a):
        assert Notification.objects.filter(read_at=None).count() == 1
