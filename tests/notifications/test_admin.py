"""The outbox in the Django admin: read-only, filtered, inside the chosen city, no message text."""

from __future__ import annotations

import pytest
from django.urls import reverse

from accounts.models import User
from cities.middleware import ADMIN_CITY_SESSION_KEY
from cities.tenancy import city_context
from notifications.models import Notification
from notifications.services import notify
from tests.factories import UserFactory, give_totp
from tests.notifications.conftest import REFERRAL

pytestmark = pytest.mark.django_db

SECRET_TITLE = "Juru ketik rahasia"


@pytest.fixture
def superuser_client(client, city_a):
    user = UserFactory(is_superuser=True, is_staff=True, cross_city_role=User.CrossCityRole.APEKSI_ADMIN)
    give_totp(user)
    client.force_login(user)
    session = client.session
    session[ADMIN_CITY_SESSION_KEY] = city_a.pk
    session.save()
    return client


@pytest.fixture
def rows(city_a, city_b):
    person = UserFactory(language="en")
    context = {**REFERRAL, "vacancy_title": SECRET_TITLE}
    with city_context(city_a):
        email, inbox = notify(
            recipient=person,
            kind="referral_proposed",
            context=context,
            idempotency_key="a",
            channels=["email", "inbox"],
        )
        (offer,) = notify(recipient=person, kind="offer_made", context=context, idempotency_key="b", channels=["sms"])
        Notification.objects.filter(pk=offer.pk).update(status="failed", last_error="gateway answered 400")
    with city_context(city_b):
        (other,) = notify(
            recipient=person, kind="offer_made", context=REFERRAL, idempotency_key="c", channels=["email"]
        )
    return {"email": email, "inbox": inbox, "offer": offer, "other": other}


def _listed(page: str, rows_by_name: dict) -> set[str]:
    return {name for name, row in rows_by_name.items() if f"/{row.pk}/change/" in page}


def test_the_list_filters_by_status_channel_and_kind_in_the_chosen_city(superuser_client, rows):
    url = reverse("admin:notifications_notification_changelist")
    page = superuser_client.get(url).content.decode()
    assert _listed(page, rows) == {"email", "inbox", "offer"}  # not city B's row
    assert SECRET_TITLE not in page  # no subject or body in the list

    assert _listed(superuser_client.get(url, {"status__exact": "failed"}).content.decode(), rows) == {"offer"}
    assert _listed(superuser_client.get(url, {"channel__exact": "inbox"}).content.decode(), rows) == {"inbox"}
    by_kind = superuser_client.get(url, {"kind": "referral_proposed"}).content.decode()
    assert _listed(by_kind, rows) == {"email", "inbox"}


def test_a_row_is_read_only_and_shows_no_message_text(superuser_client, rows):
    response = superuser_client.get(reverse("admin:notifications_notification_change", args=[rows["offer"].pk]))
    page = response.content.decode()
    assert response.status_code == 200
    assert "gateway answered 400" in page  # why it failed
    assert SECRET_TITLE not in page and "Good news" not in page  # neither subject, body, short text nor context
    assert 'type="submit" value="Save"' not in page and 'name="_save"' not in page
    assert superuser_client.get(reverse("admin:notifications_notification_add")).status_code == 403
    delete = reverse("admin:notifications_notification_delete", args=[rows["offer"].pk])
    assert superuser_client.post(delete, {"post": "yes"}).status_code == 403
    with city_context(rows["offer"].city_id):
        assert Notification.objects.filter(pk=rows["offer"].pk).exists()


def test_another_citys_row_is_not_found(superuser_client, rows):
    response = superuser_client.get(reverse("admin:notifications_notification_change", args=[rows["other"].pk]))
    assert response.status_code == 302  # the admin's "no such object" redirect to the index
    assert SECRET_TITLE not in superuser_client.get(response["Location"]).content.decode()
