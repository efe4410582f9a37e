"""The outbox: written in the caller's transaction, claimed once, retried with backoff, failed with the error."""

from __future__ import annotations

import datetime
import threading
import time

import pytest
from django.core import mail
from django.db import connection, transaction
from django.utils import timezone

from cities.tenancy import CityContextError, city_context
from notifications import channels, services
from notifications.models import Notification
from notifications.services import notify, relay_pending
from tests.factories import UserFactory
from tests.notifications.conftest import REFERRAL


def _notify(user, key="referral:1", **kwargs):
    return notify(
        recipient=user, kind="referral_proposed", context=REFERRAL, idempotency_key=key, channels=["email"], **kwargs
    )


@pytest.mark.django_db(transaction=True)
def test_rolling_back_the_causing_transaction_leaves_no_notification(city_a, published):
    user = UserFactory()

    class Boom(Exception):
        pass

    with pytest.raises(Boom), city_context(city_a):
        _notify(user)
        raise Boom

    with city_context(city_a):
        assert Notification.objects.count() == 0
    assert published == []  # nothing was published for a transaction that never committed


@pytest.mark.django_db(transaction=True)
def test_a_committed_notification_is_pending_and_its_relay_is_published_after_commit(city_a, published):
    user = UserFactory()
    with city_context(city_a):
        _notify(user)
        assert published == []  # not before commit
    assert published == [(city_a.pk, None)]
    with city_context(city_a):
        row = Notification.objects.get()
    assert (row.status, row.channel, row.recipient_id, row.attempts) == ("pending", "email", user.pk, 0)


def test_the_same_idempotency_key_writes_one_row_per_channel(city_a, published):
    user = UserFactory()
    with city_context(city_a):
        first = notify(
            recipient=user,
            kind="referral_proposed",
            context=REFERRAL,
            idempotency_key="referral:1:u",
            channels=["email", "inbox"],
        )
        again = notify(
            recipient=user,
            kind="referral_proposed",
            context=REFERRAL,
            idempotency_key="referral:1:u",
            channels=["email", "inbox"],
        )
        assert [row.pk for row in first] == [row.pk for row in again]
        assert Notification.objects.count() == 2
        # The inbox row is delivered at once; the email waits for the relay.
        assert dict(Notification.objects.values_list("channel", "status")) == {"email": "pending", "inbox": "sent"}


def test_notify_checks_its_arguments(city_a, city_b):
    user = UserFactory()
    with pytest.raises(CityContextError):
        _notify(user)  # no city
    with city_context(city_a):
        with pytest.raises(CityContextError):
            _notify(user, city_id=city_b.pk)
        with pytest.raises(ValueError, match="url"):
            notify(
                recipient=user,
                kind="referral_proposed",
                context={"vacancy_title": "x", "employer_name": "y"},
                idempotency_key="k",
            )
        with pytest.raises(ValueError, match="Unknown notification kind"):
            notify(recipient=user, kind="nope", context={}, idempotency_key="k")
        with pytest.raises(ValueError, match="JSON"):
            notify(
                recipient=user,
                kind="referral_proposed",
                context={**REFERRAL, "when": datetime.date.today()},
                idempotency_key="k",
            )


def test_notify_enters_the_city_given_by_id(city_a):
    user = UserFactory()
    rows = _notify(user, city_id=city_a.pk)
    assert rows[0].city_id == city_a.pk


def test_the_relay_run_twice_sends_exactly_one_email(city_a, published):
    user = UserFactory()
    with city_context(city_a):
        _notify(user)
        first = relay_pending()
        second = relay_pending()
        row = Notification.objects.get()
    assert (first.sent, second.sent) == (1, 0)
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [user.email]
    assert mail.outbox[0].extra_headers["X-IJC-Notification"].endswith("referral:1")
    assert (row.status, row.attempts) == ("sent", 1)
    assert row.sent_at is not None


def test_the_relay_sees_only_its_own_city(city_a, city_b, published):
    user = UserFactory()
    with city_context(city_a):
        _notify(user)
    with city_context(city_b):
        assert relay_pending().sent == 0
    assert mail.outbox == []


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_relays_send_exactly_one_email(city_a, published, monkeypatch):
    user = UserFactory()
    with city_context(city_a):
        for n in range(5):
            _notify(user, key=f"referral:{n}")
    user_limit = services.preference_for(user)
    user_limit.daily_limit = 50
    user_limit.save()

    sent: list[str] = []
    lock = threading.Lock()
    real_send = channels.send_email

    def slow_send(message):
        time.sleep(0.05)  # keep the claim open while the other relay runs
        with lock:
            sent.append(message.idempotency_key)
        real_send(message)

    monkeypatch.setitem(channels.SENDERS, "email", slow_send)
    barrier = threading.Barrier(2)
    results = []

    def worker():
        try:
            barrier.wait()
            with city_context(city_a):
                results.append(relay_pending())
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(sent) == sorted(set(sent)) and len(sent) == 5
    assert sum(result.sent for result in results) == 5
    assert len(mail.outbox) == 5
    with city_context(city_a):
        assert set(Notification.objects.values_list("status", flat=True)) == {"sent"}


def test_a_transient_failure_then_success_gives_one_delivery_with_backoff(city_a, published, monkeypatch, settings):
    settings.NOTIFICATIONS_BACKOFF_BASE_SECONDS = 60
    user = UserFactory()
    failures = iter([channels.TransientChannelError("421 try later"), None])
    real_send = channels.send_email

    def flaky(message):
        error = next(failures)
        if error:
            raise error
        real_send(message)

    monkeypatch.setitem(channels.SENDERS, "email", flaky)
    with city_context(city_a):
        _notify(user)
        start = timezone.now()
        first = relay_pending(now=start)
        row = Notification.objects.get()
        assert (first.sent, first.retried) == (0, 1)
        assert (row.status, row.attempts) == ("pending", 1)
        assert "421 try later" in row.last_error
        wait = (row.next_attempt_at - start).total_seconds()
        assert 30 <= wait <= 60  # base 60 s, "equal jitter": between half and all of it
        assert first.next_due == row.next_attempt_at
        assert relay_pending(now=start).sent == 0  # not due yet
        later = relay_pending(now=row.next_attempt_at)
        row.refresh_from_db()
    assert later.sent == 1
    assert (row.status, row.attempts) == ("sent", 2)
    assert len(mail.outbox) == 1


def test_backoff_grows_exponentially_with_jitter_and_a_cap(settings):
    settings.NOTIFICATIONS_BACKOFF_BASE_SECONDS = 10
    settings.NOTIFICATIONS_BACKOFF_MAX_SECONDS = 100
    for attempts, full in [(1, 10), (2, 20), (3, 40), (4, 80), (5, 100), (9, 100)]:
        delays = {services.backoff_delay(attempts) for _ in range(50)}
        assert all(full / 2 <= delay <= full for delay in delays)
        assert len(delays) > 1  # jittered


def test_repeated_transient_failures_end_failed_with_the_error_after_max_attempts(
    city_a, published, monkeypatch, settings
):
    settings.NOTIFICATIONS_MAX_ATTEMPTS = 3

    def down(message):
        raise channels.TransientChannelError("Connection refused")

    monkeypatch.setitem(channels.SENDERS, "email", down)
    user = UserFactory()
    with city_context(city_a):
        _notify(user)
        now = timezone.now()
        for _ in range(3):
            relay_pending(now=now)
            now += datetime.timedelta(days=1)
        row = Notification.objects.get()
        assert relay_pending(now=now).sent == 0
    assert (row.status, row.attempts) == ("failed", 3)
    assert row.last_error == "TransientChannelError: Connection refused"


def test_a_permanent_failure_ends_failed_at_once(city_a, published):
    user = UserFactory(email="")
    with city_context(city_a):
        _notify(user)
        result = relay_pending()
        row = Notification.objects.get()
    assert result.failed == 1
    assert (row.status, row.attempts) == ("failed", 1)
    assert "no email address" in row.last_error


@pytest.mark.django_db(transaction=True)
def test_a_city_admin_retry_puts_a_failed_row_back_and_publishes(city_a, published):
    user = UserFactory()
    with city_context(city_a):
        (row,) = _notify(user)
        Notification.objects.filter(pk=row.pk).update(status="failed", attempts=6, last_error="x")
    published.clear()
    with city_context(city_a):
        row.refresh_from_db()
        services.notification_retry(actor=user, notification=row)
        with pytest.raises(ValueError):
            services.notification_retry(actor=user, notification=row)
    assert published == [(city_a.pk, None)]
    with city_context(city_a):
        assert relay_pending().sent == 1


def test_the_sweep_publishes_a_relay_only_for_active_cities_with_due_rows(city_a, city_b, published):
    user = UserFactory()
    with city_context(city_a):
        _notify(user)
    with transaction.atomic():
        assert services.sweep_cities() == [city_a.pk]
    assert published == [(city_a.pk, None)]


def test_cancel_stops_pending_rows_of_an_event_but_not_sent_ones(city_a, published):
    user = UserFactory()
    with city_context(city_a):
        notify(
            recipient=user,
            kind="referral_proposed",
            context=REFERRAL,
            idempotency_key="referral:7",
            channels=["email", "inbox"],
        )
        assert services.cancel(idempotency_key="referral:7") == 1  # the email; the inbox row was delivered
        assert relay_pending().sent == 0
        assert dict(Notification.objects.values_list("channel", "status")) == {"email": "cancelled", "inbox": "sent"}
    assert mail.outbox == []


@pytest.mark.django_db(transaction=True)
def test_the_relay_task_runs_in_its_city_and_schedules_the_next_retry(city_a, published, monkeypatch):
    from notifications import tasks

    def down(message):
        raise channels.TransientChannelError("timeout")

    monkeypatch.setitem(channels.SENDERS, "email", down)
    user = UserFactory()
    with city_context(city_a):
        _notify(user)
    published.clear()

    outcome = tasks.relay(city_id=city_a.pk)  # CityTask: enters city A's context itself

    assert outcome == {"sent": 0, "retried": 1, "failed": 0, "deferred": 0}
    ((city_id, countdown),) = published  # published again after commit, for the retry
    assert city_id == city_a.pk and 1 <= countdown <= 60


def test_the_relay_costs_a_constant_number_of_queries_per_row(city_a, published, django_assert_max_num_queries):
    users = [UserFactory() for _ in range(10)]
    with city_context(city_a):
        for n, user in enumerate(users):
            _notify(user, key=f"k:{n}")
        # City time zone, savepoint, claim, mark sending, release; then per row: preference, day count, save.
        with django_assert_max_num_queries(5 + 3 * len(users)):
            assert relay_pending().sent == 10


def test_the_inbox_header_count_is_one_query(client, city_a, django_assert_num_queries):
    from accounts.models import Membership
    from accounts.services import member_register
    from notifications.services import unread_count

    user = UserFactory()
    member_register(user=user, city=city_a, role=Membership.Role.JOB_SEEKER)
    with city_context(city_a), django_assert_num_queries(1):
        assert unread_count(user) == 0
