"""Inbox, preferences and the city admin's failed-notification list."""

from __future__ import annotations

import pytest
from django.urls import reverse

from accounts.models import Membership
from accounts.services import member_register
from cities.tenancy import city_context
from notifications.models import Notification, NotificationPreference
from notifications.services import notify
from tests.factories import UserFactory, give_totp
from tests.notifications.conftest import REFERRAL

pytestmark = pytest.mark.django_db


def _member(city, role, mfa=False):
    user = UserFactory(language="en")  # messages are written in the recipient's language
    member_register(user=user, city=city, role=role)
    if mfa:
        give_totp(user)
    return user


def _inbox_message(city, user, key):
    with city_context(city):
        (row,) = notify(
            recipient=user, kind="referral_proposed", context=REFERRAL, idempotency_key=key, channels=["inbox"]
        )
    return row


def test_the_inbox_lists_only_my_messages_with_the_unread_count_in_the_header(client, city_a):
    me = _member(city_a, Membership.Role.JOB_SEEKER)
    other = _member(city_a, Membership.Role.JOB_SEEKER)
    _inbox_message(city_a, me, "a")
    _inbox_message(city_a, me, "b")
    _inbox_message(city_a, other, "c")
    client.force_login(me)

    page = client.get(reverse("notifications:inbox")).content.decode()

    assert page.count('class="message-list__title"') == 2
    assert "2 unread" in page
    assert "Unread:" in page  # in words, not only a colour


def test_marking_one_then_all_as_read(client, city_a):
    me = _member(city_a, Membership.Role.JOB_SEEKER)
    first = _inbox_message(city_a, me, "a")
    _inbox_message(city_a, me, "b")
    client.force_login(me)
    client.post(reverse("notifications:inbox-mark-read"), {"notification": first.pk})
    assert "1 unread" in client.get(reverse("notifications:inbox")).content.decode()
    client.post(reverse("notifications:inbox-mark-read"))
    page = client.get(reverse("notifications:inbox")).content.decode()
    assert "Unread:" not in page and " unread)" not in page
    with city_context(city_a):
        assert not Notification.objects.filter(read_at=None).exists()


def test_nobody_can_mark_someone_elses_message(client, city_a):
    me = _member(city_a, Membership.Role.JOB_SEEKER)
    theirs = _inbox_message(city_a, _member(city_a, Membership.Role.JOB_SEEKER), "x")
    client.force_login(me)
    client.post(reverse("notifications:inbox-mark-read"), {"notification": theirs.pk})
    with city_context(city_a):
        assert Notification.objects.get(pk=theirs.pk).read_at is None


def test_preferences_are_saved_and_an_invalid_form_keeps_what_was_typed(client, city_a):
    me = _member(city_a, Membership.Role.JOB_SEEKER)
    client.force_login(me)
    url = reverse("notifications:preferences")
    assert client.get(url).status_code == 200
    data = {
        "kind_vacancy_match": ["inbox", "whatsapp"],
        "kind_referral_proposed": ["email"],
        "language": "en",
        "easy_read": "on",
        "quiet_hours": "on",
        "quiet_start": "22:00",
        "quiet_end": "06:30",
        "daily_limit": "99",
    }
    bad = client.post(url, data)
    assert bad.status_code == 200
    assert 'value="22:00"' in bad.content.decode()
    assert NotificationPreference.objects.filter(user=me).count() == 0

    response = client.post(url, {**data, "daily_limit": "3"})

    assert response.status_code == 302
    preference = NotificationPreference.objects.get(user=me)
    assert preference.channels["vacancy_match"] == ["inbox", "whatsapp"]
    assert preference.channels["referral_proposed"] == ["email"]
    assert preference.channels["interview_scheduled"] == []  # unticked: none of that kind
    assert (preference.language, preference.easy_read, preference.daily_limit) == ("en", True, 3)
    assert str(preference.quiet_end) == "06:30:00"


def test_a_city_admin_sees_failed_notifications_and_retries_one(client, city_a, city_b):
    admin = _member(city_a, Membership.Role.CITY_ADMIN, mfa=True)
    person = UserFactory()
    with city_context(city_a):
        (row,) = notify(
            recipient=person, kind="referral_proposed", context=REFERRAL, idempotency_key="f", channels=["email"]
        )
        Notification.objects.filter(pk=row.pk).update(status="failed", attempts=6, last_error="SMTP 550 no such user")
    client.force_login(admin)

    page = client.get(reverse("notifications:failed-list")).content.decode()
    assert "SMTP 550 no such user" in page

    client.post(reverse("notifications:failed-retry", kwargs={"pk": row.pk}))
    with city_context(city_a):
        row.refresh_from_db()
    assert (row.status, row.attempts) == ("pending", 0)


def test_another_citys_admin_gets_a_404_on_retry(client, city_a, city_b):
    person = UserFactory()
    with city_context(city_a):
        (row,) = notify(
            recipient=person, kind="referral_proposed", context=REFERRAL, idempotency_key="f", channels=["email"]
        )
        Notification.objects.filter(pk=row.pk).update(status="failed")
    client.force_login(_member(city_b, Membership.Role.CITY_ADMIN, mfa=True))
    client.raise_request_exception = False
    assert client.post(reverse("notifications:failed-retry", kwargs={"pk": row.pk})).status_code == 404


def test_a_member_of_two_cities_sees_only_the_active_citys_inbox(client, city_a, city_b):
    from cities.middleware import ACTIVE_CITY_SESSION_KEY

    me = _member(city_a, Membership.Role.JOB_SEEKER)
    member_register(user=me, city=city_b, role=Membership.Role.JOB_SEEKER)
    _inbox_message(city_a, me, "a")
    with city_context(city_b):
        notify(recipient=me, kind="offer_made", context=REFERRAL, idempotency_key="b", channels=["inbox"])
    client.force_login(me)
    session = client.session
    session[ACTIVE_CITY_SESSION_KEY] = city_b.pk
    session.save()

    page = client.get(reverse("notifications:inbox")).content.decode()

    assert "Job offer: Juru ketik" in page
    assert "Referral proposed" not in page
    assert "1 unread" in page


def test_a_retry_is_audited_and_shown_on_the_failed_list(client, city_a):
    from django.utils import timezone

    from accounts.audit import trail
    from accounts.models import AuditLogEntry

    admin = _member(city_a, Membership.Role.CITY_ADMIN, mfa=True)
    admin.name = "Rina Admin"
    admin.save(update_fields=["name"])
    person = UserFactory()
    with city_context(city_a):
        (row,) = notify(
            recipient=person, kind="referral_proposed", context=REFERRAL, idempotency_key="f", channels=["email"]
        )
        Notification.objects.filter(pk=row.pk).update(status="failed", attempts=6, last_error="SMTP 550")
    client.force_login(admin)
    assert "Rina Admin" not in client.get(reverse("notifications:failed-list")).content.decode()

    client.post(reverse("notifications:failed-retry", kwargs={"pk": row.pk}))

    with city_context(city_a):
        row.refresh_from_db()
        (entry,) = trail(row)
        # It fails again: the list shows who retried it, when, and how often.
        Notification.objects.filter(pk=row.pk).update(status="failed", last_error="SMTP 550 again")
    assert (row.retried_by_id, row.retries) == (admin.pk, 1)
    assert timezone.now() - row.retried_at < timezone.timedelta(minutes=1)
    assert (entry.actor_id, entry.action) == (admin.pk, AuditLogEntry.Action.UPDATE)
    assert entry.changes_dict["status"] == ["failed", "pending"]
    assert "Juru ketik" not in str(entry.changes) + str(entry.additional_data)  # never the message
    page = client.get(reverse("notifications:failed-list")).content.decode()
    assert "Once, last by Rina Admin on" in page

    client.post(reverse("notifications:failed-retry", kwargs={"pk": row.pk}))
    with city_context(city_a):
        assert trail(row).count() == 2
        Notification.objects.filter(pk=row.pk).update(status="failed")
    assert "2 times, last by Rina Admin on" in client.get(reverse("notifications:failed-list")).content.decode()


def test_retrying_a_row_that_is_not_failed_changes_nothing_and_audits_nothing(client, city_a):
    from accounts.audit import trail

    admin = _member(city_a, Membership.Role.CITY_ADMIN, mfa=True)
    with city_context(city_a):
        (row,) = notify(
            recipient=UserFactory(), kind="referral_proposed", context=REFERRAL, idempotency_key="f", channels=["email"]
        )
    client.force_login(admin)
    response = client.post(reverse("notifications:failed-retry", kwargs={"pk": row.pk}), follow=True)
    assert "Only a failed notification can be retried." in response.content.decode()
    with city_context(city_a):
        row.refresh_from_db()
        assert (row.retries, row.retried_by_id) == (0, None)
        assert not trail(row).exists()
