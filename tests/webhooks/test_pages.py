"""The city admin's webhook pages: register (secret shown once), SSRF refusal on the form, edit,
rotate, pause/resume, delete, the paginated delivery log, and another city's endpoint → 404."""

from __future__ import annotations

import datetime
import socket

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Membership
from cities.tenancy import city_context
from tests.webhooks.conftest import member
from webhooks import security, services
from webhooks.models import Event, WebhookAttempt, WebhookDelivery, WebhookEndpoint

pytestmark = pytest.mark.django_db


def test_registering_shows_the_secret_once_and_stores_it_encrypted(client, city_a, city_admin, receiver):
    client.force_login(city_admin)
    response = client.post(
        reverse("webhooks:create"),
        {"url": receiver.url, "events": ["vacancy.published", "followup.recorded"], "description": "SIAPkerja"},
    )
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    page = response.content.decode()
    secret = page.split('id="webhook-secret" type="text" readonly value="')[1].split('"')[0]
    assert secret.startswith("whsec_")
    with city_context(city_a):
        endpoint = WebhookEndpoint.objects.get()
    assert endpoint.events == ["vacancy.published", "followup.recorded"]
    assert endpoint.created_by == city_admin
    assert secret not in endpoint.secret_encrypted
    assert security.decrypt_secret(endpoint.secret_encrypted) == secret
    detail = client.get(reverse("webhooks:endpoint", kwargs={"pk": endpoint.pk})).content.decode()
    assert secret not in detail and endpoint.secret_hint in detail
    assert receiver.url in client.get(reverse("webhooks:list")).content.decode()


def test_a_private_address_is_refused_with_a_clear_error_and_the_input_kept(
    client, city_a, city_admin, monkeypatch, settings
):
    settings.WEBHOOKS_ALLOW_LOOPBACK = False
    monkeypatch.setattr(
        socket,
        "getaddrinfo",
        lambda host, port, *a, **k: [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("10.0.0.8", port))],
    )
    client.force_login(city_admin)
    response = client.post(
        reverse("webhooks:create"), {"url": "https://intranet.example.org/hook", "events": ["placement.made"]}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "is not a public Internet address" in page
    assert 'value="https://intranet.example.org/hook"' in page
    assert "There is a problem with this form" in page
    with city_context(city_a):
        assert not WebhookEndpoint.objects.exists()


def test_an_http_url_and_no_event_are_refused(client, city_a, city_admin, settings):
    settings.WEBHOOKS_ALLOW_LOOPBACK = False
    client.force_login(city_admin)
    page = client.post(reverse("webhooks:create"), {"url": "http://127.0.0.1/x"}).content.decode()
    assert "Choose at least one event." in page
    assert "There are 2 problems with this form" in page


def test_edit_rotate_pause_resume_and_delete(client, city_a, city_admin, endpoint_and_secret):
    endpoint, secret = endpoint_and_secret
    client.force_login(city_admin)
    kwargs = {"pk": endpoint.pk}

    response = client.post(reverse("webhooks:edit", kwargs=kwargs), {"events": ["followup.recorded"]})
    assert response.status_code == 302
    rotated = client.post(reverse("webhooks:rotate", kwargs=kwargs))
    new_secret = rotated.content.decode().split('readonly value="')[1].split('"')[0]
    assert new_secret != secret and "no-store" in rotated["Cache-Control"]
    with city_context(city_a):
        endpoint.refresh_from_db()
    assert endpoint.events == ["followup.recorded"]
    assert security.decrypt_secret(endpoint.secret_encrypted) == new_secret

    client.post(reverse("webhooks:pause", kwargs=kwargs))
    with city_context(city_a):
        endpoint.refresh_from_db()
    assert (endpoint.status, endpoint.paused_reason) == ("paused", "admin")
    client.post(reverse("webhooks:resume", kwargs=kwargs))
    with city_context(city_a):
        endpoint.refresh_from_db()
    assert endpoint.status == "active" and endpoint.paused_at is None

    assert client.get(reverse("webhooks:delete", kwargs=kwargs)).status_code == 200
    assert client.post(reverse("webhooks:delete", kwargs=kwargs)).status_code == 302
    with city_context(city_a):
        assert not WebhookEndpoint.objects.exists()


def test_the_delivery_log_shows_each_attempt_25_a_page(client, city_a, city_admin, endpoint_and_secret):
    endpoint, _secret = endpoint_and_secret
    now = timezone.now()
    with city_context(city_a):
        delivery = WebhookDelivery.objects.create(
            endpoint=endpoint,
            event="placement.made",
            event_id="00000000-0000-5000-8000-000000000001",
            occurred_at=now,
            payload={},
            status="failed",
            attempts=30,
        )
        WebhookAttempt.objects.bulk_create(
            [
                WebhookAttempt(
                    endpoint=endpoint,
                    delivery=delivery,
                    number=n,
                    started_at=now - datetime.timedelta(minutes=30 - n),
                    duration_ms=120 + n,
                    response_status=503,
                    outcome="retry",
                    error=f"The endpoint answered 503 ({n}).",
                )
                for n in range(1, 31)
            ]
        )
    client.force_login(city_admin)
    url = reverse("webhooks:endpoint", kwargs={"pk": endpoint.pk})
    first = client.get(url).content.decode()
    assert "Placement made" in first and "150 ms" in first and "(30)." in first and "(5)." not in first
    assert "page 1 of 2" in first
    second = client.get(url, {"page": 2}).content.decode()
    assert "(5)." in second and "(30)." not in second


@pytest.mark.parametrize(
    ("name", "method"),
    [
        ("webhooks:endpoint", "get"),
        ("webhooks:edit", "get"),
        ("webhooks:edit", "post"),
        ("webhooks:rotate", "post"),
        ("webhooks:pause", "post"),
        ("webhooks:resume", "post"),
        ("webhooks:delete", "get"),
        ("webhooks:delete", "post"),
    ],
)
def test_another_citys_endpoint_is_a_404(client, city_a, city_b, endpoint_and_secret, name, method):
    endpoint, _secret = endpoint_and_secret
    admin_b = member(city_b, Membership.Role.CITY_ADMIN, mfa=True)
    client.force_login(admin_b)
    response = getattr(client, method)(reverse(name, kwargs={"pk": endpoint.pk}), {"events": ["placement.made"]})
    assert response.status_code == 404
    with city_context(city_a):
        endpoint.refresh_from_db()
    assert endpoint.status == "active" and endpoint.events == ["vacancy.published", "placement.made"]
    assert endpoint.url not in client.get(reverse("webhooks:list")).content.decode()


def test_staff_may_not_manage_webhooks(client, city_a):
    staff = member(city_a, Membership.Role.STAFF, mfa=True)
    client.force_login(staff)
    assert client.get(reverse("webhooks:list")).status_code == 403


def test_a_failed_delivery_can_be_sent_again(client, city_a, city_admin, endpoint_and_secret, receiver, published):
    endpoint, _secret = endpoint_and_secret
    receiver.statuses = [410]
    with city_context(city_a):
        (delivery,) = services.emit(Event.PLACEMENT_MADE, key="9", data={"placement": {"id": 9}})
        services.relay_pending()
        delivery.refresh_from_db()
    assert delivery.status == "failed"
    client.force_login(city_admin)
    page = client.get(reverse("webhooks:endpoint", kwargs={"pk": endpoint.pk})).content.decode()
    assert "Failed deliveries" in page and "The endpoint refused the delivery (410)." in page
    response = client.post(reverse("webhooks:retry", kwargs={"pk": endpoint.pk, "delivery_pk": delivery.pk}))
    assert response.status_code == 302
    with city_context(city_a):
        delivery.refresh_from_db()
        assert (delivery.status, delivery.attempts) == ("pending", 0)
        assert services.relay_pending().sent == 1
    assert [r.headers["X-IJC-Delivery"] for r in receiver.requests] == [str(delivery.pk)] * 2
    again = client.post(reverse("webhooks:retry", kwargs={"pk": endpoint.pk, "delivery_pk": delivery.pk}))
    assert again.status_code == 302  # delivered now: refused with a message, nothing changes
    with city_context(city_a):
        delivery.refresh_from_db()
    assert delivery.status == "sent"


def test_another_citys_delivery_cannot_be_sent_again(client, city_a, city_b, endpoint_and_secret, published):
    endpoint, _secret = endpoint_and_secret
    with city_context(city_a):
        (delivery,) = services.emit(Event.PLACEMENT_MADE, key="9", data={})
        WebhookDelivery.objects.filter(pk=delivery.pk).update(status="failed")
    client.force_login(member(city_b, Membership.Role.CITY_ADMIN, mfa=True))
    url = reverse("webhooks:retry", kwargs={"pk": endpoint.pk, "delivery_pk": delivery.pk})
    assert client.post(url).status_code == 404
    with city_context(city_a):
        assert WebhookDelivery.objects.get(pk=delivery.pk).status == "failed"
