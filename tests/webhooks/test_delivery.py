"""Delivery through the outbox: signed bodies to a local receiver, retries with backoff, no redirects,
pause after repeated failures (admins told), never doubled, never lost, and the events the services send."""

from __future__ import annotations

import datetime
import json
import threading

import pytest
from django.db import connection, transaction
from django.utils import timezone

from accounts.models import Membership
from cities.tenancy import city_context
from notifications.models import Notification
from tests.webhooks.conftest import member
from webhooks import security, services
from webhooks.models import Event, WebhookAttempt, WebhookDelivery, WebhookEndpoint

pytestmark = pytest.mark.django_db


def _emit(city, key="1", event=Event.PLACEMENT_MADE):
    with city_context(city):
        return services.emit(event, key=key, data={"placement": {"id": int(key)}})


def _relay(city, now=None):
    with city_context(city):
        return services.relay_pending(now=now)


def test_a_delivery_is_signed_and_carries_event_and_delivery_headers(
    city_a, endpoint_and_secret, receiver, published, django_capture_on_commit_callbacks
):
    _endpoint, secret = endpoint_and_secret
    with django_capture_on_commit_callbacks(execute=True):
        (delivery,) = _emit(city_a)
        assert published == []  # not before commit
    assert published == [(city_a.pk, None)]  # the relay is published after commit

    result = _relay(city_a)

    assert result.sent == 1
    (request,) = receiver.requests
    assert request.path == "/hooks/ijc"
    assert security.verify(secret, request.body, request.headers["X-IJC-Signature"])
    assert request.headers["X-IJC-Event"] == "placement.made"
    assert request.headers["X-IJC-Delivery"] == str(delivery.pk)
    assert request.headers["Content-Type"] == "application/json"
    body = json.loads(request.body)
    assert set(body) == {"id", "event", "occurred_at", "city", "data"}
    assert body["event"] == "placement.made" and body["data"] == {"placement": {"id": 1}}
    assert body["city"] == {"id": city_a.pk, "code": city_a.code, "slug": city_a.slug, "name": city_a.name}
    with city_context(city_a):
        delivery.refresh_from_db()
        attempt = WebhookAttempt.objects.get()
    assert delivery.status == "sent" and delivery.sent_at is not None and delivery.attempts == 1
    assert attempt.response_status == 200 and attempt.outcome == "delivered" and attempt.number == 1
    assert attempt.duration_ms < 2000


def test_an_endpoint_gets_only_the_events_it_subscribed_to(city_a, endpoint_and_secret, published):
    assert _emit(city_a, event=Event.FOLLOWUP_RECORDED) == []
    assert published == []


def test_a_5xx_is_retried_with_backoff_and_the_same_delivery_id(city_a, endpoint_and_secret, receiver, published):
    receiver.statuses = [503]
    (delivery,) = _emit(city_a)
    start = timezone.now()

    first = _relay(city_a, now=start)

    assert first.retried == 1 and first.next_due is not None
    with city_context(city_a):
        delivery.refresh_from_db()
    assert delivery.status == "pending" and delivery.attempts == 1
    # Base 60 s, "equal jitter": between 30 and 60 s after the failure.
    wait = (delivery.next_attempt_at - start).total_seconds()
    assert 30 <= wait <= 60
    assert _relay(city_a, now=start + datetime.timedelta(seconds=10)).sent == 0  # not due yet

    second = _relay(city_a, now=delivery.next_attempt_at)

    assert second.sent == 1
    first_request, second_request = receiver.requests
    assert first_request.headers["X-IJC-Delivery"] == second_request.headers["X-IJC-Delivery"] == str(delivery.pk)
    assert first_request.body == second_request.body
    with city_context(city_a):
        log = list(WebhookAttempt.objects.order_by("number").values_list("number", "response_status", "outcome"))
    assert log == [(1, 503, "retry"), (2, 200, "delivered")]


def test_the_backoff_doubles_up_to_its_cap(settings):
    settings.WEBHOOKS_BACKOFF_BASE_SECONDS = 10
    settings.WEBHOOKS_BACKOFF_MAX_SECONDS = 100
    for attempts, full in [(1, 10), (2, 20), (3, 40), (4, 80), (5, 100), (9, 100)]:
        delays = {services.backoff_delay(attempts) for _ in range(30)}
        assert all(full / 2 <= delay <= full for delay in delays)


def test_a_4xx_fails_at_once_and_a_redirect_is_not_followed(city_a, endpoint_and_secret, receiver, published):
    receiver.statuses = [410]
    receiver.default = 302
    receiver.location = "http://127.0.0.1:9/elsewhere"
    first, second = _emit(city_a, key="1")[0], _emit(city_a, key="2")[0]

    result = _relay(city_a)

    assert result.failed == 2 and result.retried == 0
    assert len(receiver.requests) == 2  # nothing sent to the redirect's target
    with city_context(city_a):
        errors = dict(WebhookDelivery.objects.values_list("pk", "last_error"))
    assert "410" in errors[first.pk]
    assert "redirects are not followed" in errors[second.pk]


def test_a_timeout_is_a_transient_failure(city_a, endpoint_and_secret, receiver, published, settings):
    settings.WEBHOOKS_TIMEOUT = 0.3
    receiver.delay = 1.0
    _emit(city_a)
    result = _relay(city_a)
    assert result.retried == 1
    with city_context(city_a):
        attempt = WebhookAttempt.objects.get()
    assert attempt.response_status is None and "No answer within 0.3 s" in attempt.error


def test_after_a_transient_failure_the_endpoints_other_deliveries_wait(
    city_a, endpoint_and_secret, receiver, published
):
    receiver.default = 503
    for key in ("1", "2", "3"):
        _emit(city_a, key=key)
    result = _relay(city_a)
    assert len(receiver.requests) == 1  # a down endpoint gets one request per run, not one per event
    assert result.retried == 1 and result.held == 2
    with city_context(city_a):
        assert set(WebhookDelivery.objects.values_list("status", flat=True)) == {"pending"}
        assert WebhookDelivery.objects.filter(attempts=0).count() == 2


def test_repeated_failures_pause_the_endpoint_and_tell_the_city_admins(
    city_a, city_b, city_admin, endpoint_and_secret, receiver, published, settings
):
    settings.WEBHOOKS_PAUSE_AFTER_FAILURES = 3
    other_admin = member(city_a, Membership.Role.CITY_ADMIN)
    member(city_b, Membership.Role.CITY_ADMIN)  # another city's admin hears nothing
    member(city_a, Membership.Role.STAFF)
    receiver.default = 500
    endpoint, _secret = endpoint_and_secret
    _emit(city_a)
    now = timezone.now()
    for _ in range(3):
        result = _relay(city_a, now=now)
        now += datetime.timedelta(hours=7)  # past any backoff

    assert result.paused == [endpoint.pk]
    with city_context(city_a):
        endpoint.refresh_from_db()
        told = Notification.objects.filter(kind="webhook_paused")
        recipients = set(told.values_list("recipient_id", flat=True))
        body = told.first().body
    assert endpoint.status == "paused" and endpoint.paused_reason == "failures" and endpoint.paused_at
    assert endpoint.consecutive_failures == 3
    assert recipients == {city_admin.pk, other_admin.pk}
    assert endpoint.url in body and "500" in body
    # Paused: nothing more is sent; the event waits.
    assert _relay(city_a, now=now).sent == 0
    assert len(receiver.requests) == 3

    receiver.default = 200
    with city_context(city_a):
        services.endpoint_resume(actor=city_admin, endpoint=endpoint)
    assert _relay(city_a).sent == 1
    with city_context(city_a):
        endpoint.refresh_from_db()
    assert endpoint.status == "active" and endpoint.consecutive_failures == 0


def test_a_success_resets_the_failure_count(city_a, endpoint_and_secret, receiver, published):
    endpoint, _secret = endpoint_and_secret
    receiver.statuses = [503]
    (delivery,) = _emit(city_a)
    _relay(city_a)
    with city_context(city_a):
        endpoint.refresh_from_db()
        assert endpoint.consecutive_failures == 1
        delivery.refresh_from_db()
    _relay(city_a, now=delivery.next_attempt_at)
    with city_context(city_a):
        endpoint.refresh_from_db()
    assert endpoint.consecutive_failures == 0 and endpoint.last_success_at is not None


def test_the_same_event_emitted_twice_is_queued_once(city_a, endpoint_and_secret, published):
    first = _emit(city_a, key="7")
    again = _emit(city_a, key="7")
    assert [row.pk for row in first] == [row.pk for row in again]
    with city_context(city_a):
        assert WebhookDelivery.objects.count() == 1


def test_a_rolled_back_change_leaves_no_delivery(city_a, endpoint_and_secret, receiver, published):
    with pytest.raises(RuntimeError), transaction.atomic():
        _emit(city_a)
        raise RuntimeError("the change failed")
    with city_context(city_a):
        assert WebhookDelivery.objects.count() == 0
    assert published == []
    assert _relay(city_a).sent == 0 and receiver.requests == []


def test_the_sweep_finds_cities_with_due_deliveries(city_a, city_b, endpoint_and_secret, published):
    city_a.is_active = city_b.is_active = True
    city_a.save()
    city_b.save()
    _emit(city_a)
    published.clear()
    assert services.sweep_cities() == [city_a.pk]
    assert published == [(city_a.pk, None)]


@pytest.mark.django_db(transaction=True)
def test_two_relays_at_once_send_each_delivery_once(city_a, city_admin, receiver, published):
    receiver.delay = 0.3  # the first relay holds its rows while the second runs
    with city_context(city_a):
        services.endpoint_create(actor=city_admin, url=receiver.url, events=[Event.PLACEMENT_MADE])
    for key in ("1", "2", "3"):
        _emit(city_a, key=key)
    results = []

    def run():
        try:
            results.append(_relay(city_a))
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sum(result.sent for result in results) == 3
    delivered = [request.headers["X-IJC-Delivery"] for request in receiver.requests]
    assert len(delivered) == len(set(delivered)) == 3
    # And a third run later finds nothing left to send.
    assert _relay(city_a).sent == 0 and len(receiver.requests) == 3
    with city_context(city_a):
        assert WebhookAttempt.objects.count() == 3
        assert WebhookEndpoint.objects.get().consecutive_failures == 0
