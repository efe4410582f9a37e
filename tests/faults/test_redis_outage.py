"""Redis stopped: pages keep working (the cache answers as an empty one, ``ijc_portal.cache``), the
outbox rows of what happened meanwhile wait in PostgreSQL, and when Redis is back a real worker
delivers each exactly once: an email notification and a webhook.

Redis here is a private server (``servers.PrivateRedis``) that is the cache and the broker; the shared
Redis is never stopped. The worker runs in this process (``tests.celery_worker.isolated_worker``).
"""

from __future__ import annotations

import logging
import time

import pytest
from django.core import mail
from django.core.cache import cache

from accounts.models import Membership
from cities.tenancy import city_context
from ijc_portal.celery import app
from notifications import services as notifications
from notifications import tasks as notification_tasks
from notifications.models import Notification
from tests.celery_worker import isolated_worker, reset_connections
from tests.factories import UserFactory
from tests.faults.servers import PrivateRedis, wait_for
from tests.notifications.conftest import REFERRAL
from tests.webhooks.conftest import member
from webhooks import services as webhooks
from webhooks import tasks as webhook_tasks
from webhooks.models import Event, WebhookDelivery

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def private_redis(settings):
    """A private Redis as the cache and the broker; the app's broker put back afterwards."""
    server = PrivateRedis()
    server.start()
    original = (app.conf.broker_url, app.conf.broker_write_url, app.conf.broker_read_url)
    settings.CACHES = {
        "default": {
            "BACKEND": "ijc_portal.cache.TolerantRedisCache",
            "LOCATION": server.url,
            "OPTIONS": {"socket_connect_timeout": 1.0, "socket_timeout": 1.0},
            "KEY_FUNCTION": "cities.tenancy.make_cache_key",
        }
    }
    app.conf.broker_url, app.conf.broker_write_url, app.conf.broker_read_url = server.url, None, None
    reset_connections(app)
    try:
        yield server
    finally:
        server.stop()
        app.conf.broker_url, app.conf.broker_write_url, app.conf.broker_read_url = original
        reset_connections(app)


def test_redis_down_pages_work_and_the_outbox_delivers_once_when_it_is_back(
    city_a, private_redis, receiver, client, settings, caplog
):
    started = time.monotonic()
    settings.WEBHOOKS_ALLOW_LOOPBACK = True
    settings.WEBHOOKS_TIMEOUT = 2
    admin = member(city_a, Membership.Role.CITY_ADMIN, mfa=True)
    with city_context(city_a):
        webhooks.endpoint_create(actor=admin, url=receiver.url, events=[Event.PLACEMENT_MADE])
    person = UserFactory()
    cache.set("probe", 1)
    assert cache.get("probe") == 1  # the cache is on the private Redis

    private_redis.stop()
    down_at = time.monotonic()
    with caplog.at_level(logging.WARNING):
        # Pages: public ones, and the sign-in form whose rate limit counts in the cache.
        assert client.get("/kota/").status_code == 200
        assert client.get(f"/kota/{city_a.slug}/").status_code == 200
        response = client.post("/akun/login/", {"login": person.email, "password": "wrong password 1"})
        assert response.status_code == 200 and "form" in response.content.decode()
        assert cache.get("probe") is None  # a miss, not an error
        # Events while Redis is down: committed to the outboxes, their relays not published.
        with city_context(city_a):
            notifications.notify(
                recipient=person,
                kind="referral_proposed",
                context=REFERRAL,
                idempotency_key="referral:outage",
                channels=["email"],
            )
            webhooks.emit(Event.PLACEMENT_MADE, key="7", data={"placement": {"id": 7}})
    assert time.monotonic() - down_at < 5  # no reconnect loop in the request path
    assert any("cache unavailable" in r.getMessage() for r in caplog.records)
    assert any(r.name == "notifications.outbox" and "Could not publish" in r.getMessage() for r in caplog.records)
    with city_context(city_a):
        assert Notification.objects.get(channel="email").status == "pending"
        assert WebhookDelivery.objects.get().status == "pending"
    assert mail.outbox == [] and receiver.requests == []

    # Redis is back: a real worker, and the beat sweeps that catch what was never published.
    private_redis.start()
    queue = app.conf.task_default_queue
    with isolated_worker(app, pool="solo", perform_ping_check=False, queues=[queue], shutdown_timeout=10):
        assert city_a.pk in notification_tasks.sweep.apply().get()
        assert city_a.pk in webhook_tasks.sweep.apply().get()
        assert wait_for(lambda: len(mail.outbox) == 1 and len(receiver.requests) == 1, timeout=20)
        # Sweeping again, and an extra relay, find nothing left to send.
        assert notification_tasks.sweep.apply().get() == [] and webhook_tasks.sweep.apply().get() == []
        notification_tasks.relay.apply_async(kwargs={"city_id": city_a.pk})
        webhook_tasks.relay.apply_async(kwargs={"city_id": city_a.pk})
        time.sleep(1.5)
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [person.email]
    assert len(receiver.requests) == 1
    with city_context(city_a):
        assert Notification.objects.get(channel="email").status == "sent"
        delivery = WebhookDelivery.objects.get()
        assert (delivery.status, delivery.attempts) == ("sent", 1)
    assert cache.get("probe") is None and cache.set("probe", 2) is None and cache.get("probe") == 2
    assert time.monotonic() - started < 30
