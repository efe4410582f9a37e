"""Attacks on webhooks (fresh-eyes review): SSRF address tricks, another city's endpoints and
deliveries, replayed or cross-endpoint signatures, and what a payload may carry."""

from __future__ import annotations

import json
import socket

import pytest
from django.urls import reverse

from accounts.models import Membership
from cities.tenancy import city_context
from employers import services as employer_services
from tests.employers.conftest import ORG, vacancy_fields
from tests.placements.conftest import occupation
from tests.webhooks.conftest import member
from webhooks import security, services
from webhooks.models import Event, WebhookDelivery, WebhookEndpoint


@pytest.fixture
def no_loopback(settings):
    settings.WEBHOOKS_ALLOW_LOOPBACK = False
    settings.DEBUG = False


# --- SSRF: address forms that reach the machine or the cloud's metadata -------------------------------------
@pytest.mark.parametrize(
    "url",
    [
        "https://2130706433/",  # decimal 127.0.0.1
        "https://0177.0.0.1/",  # octal
        "https://0x7f.0.0.1/",  # hexadecimal
        "https://127.1/",  # short form
        "https://0/",  # 0.0.0.0
        "https://localhost/",
        "https://[::1]/",
        "https://[::ffff:127.0.0.1]/",  # IPv4-mapped loopback
        "https://[::ffff:a9fe:a9fe]/",  # IPv4-mapped metadata
        "https://169.254.169.254/latest/meta-data/",  # cloud metadata
        "https://[fd00:ec2::254]/",  # AWS metadata over IPv6
        "https://[64:ff9b::a9fe:a9fe]/",  # NAT64 of 169.254.169.254
        "https://[2002:a9fe:a9fe::1]/",  # 6to4 of 169.254.169.254
        "https://[2002:7f00:1::1]/",  # 6to4 of 127.0.0.1
        "https://[2002:0a00:0001::1]/",  # 6to4 of 10.0.0.1
        "https://[fe80::1%25eth0]/",  # link-local with a zone
    ],
)
def test_literal_and_encoded_internal_addresses_are_refused(no_loopback, url):
    with pytest.raises(security.UnsafeDestination):
        security.resolve_public(url)


@pytest.mark.parametrize(
    "url",
    [
        "http://hooks.example.org/",  # plain http to a public host
        "ftp://hooks.example.org/",
        "file:///etc/passwd",
        "gopher://hooks.example.org/",
        "https://user@hooks.example.org/",
        "https://hooks.example.org:99999/",  # a port out of range
        "//hooks.example.org/",  # no scheme
    ],
)
def test_other_schemes_credentials_and_bad_ports_are_refused(no_loopback, monkeypatch, url):
    monkeypatch.setattr(
        socket,
        "getaddrinfo",
        lambda host, port, *a, **k: [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("93.184.216.34", 443))],
    )
    with pytest.raises(security.UnsafeDestination):
        security.resolve_public(url)


def test_a_name_resolving_to_a_private_address_is_refused_on_the_form(
    no_loopback, monkeypatch, client, city_a, city_admin
):
    monkeypatch.setattr(
        socket,
        "getaddrinfo",
        lambda host, port, *a, **k: [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("10.0.0.8", port))],
    )
    client.force_login(city_admin)
    url = "https://internal.example.org/hook"
    response = client.post(reverse("webhooks:create"), {"url": url, "events": [Event.PLACEMENT_MADE]})
    assert response.status_code == 200 and "not a public Internet address" in response.content.decode()
    assert url in response.content.decode()  # the input is kept
    with city_context(city_a):
        assert not WebhookEndpoint.objects.exists()


# --- Another city's endpoints and deliveries ----------------------------------------------------------------
@pytest.fixture
def endpoint_a(city_a, city_admin, receiver):
    with city_context(city_a):
        endpoint, secret = services.endpoint_create(actor=city_admin, url=receiver.url, events=Event.values)
    return endpoint, secret


@pytest.mark.django_db
def test_other_city_admin_cannot_rotate_pause_or_delete_city_a_endpoint(client, city_a, city_b, endpoint_a):
    endpoint, _secret = endpoint_a
    with city_context(city_a):
        before = WebhookEndpoint.objects.get(pk=endpoint.pk)
    client.force_login(member(city_b, Membership.Role.CITY_ADMIN, mfa=True))
    for name in ("rotate", "pause", "delete"):
        response = client.post(reverse(f"webhooks:{name}", kwargs={"pk": endpoint.pk}))
        assert response.status_code == 404, name
        assert "whsec_" not in response.content.decode()
    with city_context(city_a):
        after = WebhookEndpoint.objects.get(pk=endpoint.pk)
    assert (after.secret_encrypted, after.status) == (before.secret_encrypted, before.status)


@pytest.mark.django_db
def test_other_city_admin_cannot_resend_a_city_a_delivery(client, city_a, city_b, endpoint_a, published):
    endpoint, _secret = endpoint_a
    with city_context(city_a):
        services.emit(Event.PLACEMENT_MADE, key="9", data={"placement": {"id": 9}})
        delivery = WebhookDelivery.objects.get()
        WebhookDelivery.objects.filter(pk=delivery.pk).update(status=WebhookDelivery.Status.FAILED)
    client.force_login(member(city_b, Membership.Role.CITY_ADMIN, mfa=True))
    url = reverse("webhooks:retry", kwargs={"pk": endpoint.pk, "delivery_pk": delivery.pk})
    assert client.post(url).status_code == 404
    with city_context(city_a):
        assert WebhookDelivery.objects.get(pk=delivery.pk).status == WebhookDelivery.Status.FAILED


@pytest.mark.django_db
def test_a_delivery_cannot_be_resent_through_another_endpoints_url(client, city_a, city_admin, endpoint_a, published):
    """The delivery id belongs to endpoint 1; retrying it under endpoint 2's URL is a 404."""
    endpoint, _secret = endpoint_a
    with city_context(city_a):
        other = WebhookEndpoint.objects.create(
            url="https://hooks.example.org/other",
            events=[Event.PLACEMENT_MADE],
            secret_encrypted="x",
            secret_hint="abcd",
            created_by=city_admin,
        )
        services.emit(Event.VACANCY_PUBLISHED, key="1", data={"vacancy": {"id": 1}})
        delivery = WebhookDelivery.objects.get(endpoint=endpoint)
        WebhookDelivery.objects.filter(pk=delivery.pk).update(status=WebhookDelivery.Status.FAILED)
    client.force_login(city_admin)
    response = client.post(reverse("webhooks:retry", kwargs={"pk": other.pk, "delivery_pk": delivery.pk}))
    assert response.status_code == 404


@pytest.mark.django_db
def test_an_event_in_city_a_is_never_queued_for_city_b_endpoints(city_a, city_b, endpoint_a, published):
    with city_context(city_b):
        admin_b = member(city_b, Membership.Role.CITY_ADMIN, mfa=True)
        services.endpoint_create(actor=admin_b, url="http://127.0.0.1:9/b", events=Event.values)
    with city_context(city_a):
        services.emit(Event.PLACEMENT_MADE, key="5", data={"placement": {"id": 5}})
        assert WebhookDelivery.objects.count() == 1
    with city_context(city_b):
        assert WebhookDelivery.objects.count() == 0


@pytest.mark.django_db
def test_a_staff_member_cannot_manage_endpoints(client, city_a, endpoint_a):
    endpoint, _secret = endpoint_a
    client.force_login(member(city_a, Membership.Role.STAFF, mfa=True))
    assert client.get(reverse("webhooks:list")).status_code == 403
    assert client.post(reverse("webhooks:rotate", kwargs={"pk": endpoint.pk})).status_code == 403


# --- Signatures: replay and cross-endpoint -----------------------------------------------------------------
@pytest.mark.django_db
def test_a_signature_of_one_endpoint_does_not_verify_for_another(city_a, city_admin, endpoint_a, published):
    endpoint, secret = endpoint_a
    with city_context(city_a):
        _other, other_secret = services.endpoint_create(
            actor=city_admin, url="http://127.0.0.1:9/other", events=Event.values
        )
        services.emit(Event.PLACEMENT_MADE, key="3", data={"placement": {"id": 3}})
        delivery = WebhookDelivery.objects.get(endpoint=endpoint)
        body = services.body_bytes(delivery.payload)
        headers = services.signed_headers(endpoint, delivery, body, timestamp=1_800_000_000)
    header = headers["X-IJC-Signature"]
    assert security.verify(secret, body, header, now=1_800_000_010)
    assert other_secret != secret
    assert not security.verify(other_secret, body, header, now=1_800_000_010)
    assert not security.verify(secret, body, header, now=1_800_000_000 + 3600)  # replayed an hour later
    assert not security.verify(secret, body, header, now=1_800_000_000 - 3600)  # a timestamp from the future
    assert not security.verify(secret, body, header.replace("t=1800000000", "t=1800003600"), now=1_800_003_600)
    tampered = body.replace(b'"id": 3', b'"id": 4').replace(b'"id":3', b'"id":4')
    assert tampered != body and not security.verify(secret, tampered, header, now=1_800_000_010)


# --- Payload: what a partner system receives ---------------------------------------------------------------
@pytest.mark.django_db
def test_a_published_vacancy_payload_carries_no_contact_person(city_a, endpoint_a, published):
    staff = member(city_a, Membership.Role.STAFF, mfa=True)
    employer_user = member(city_a, Membership.Role.EMPLOYER)
    with city_context(city_a):
        org = employer_services.employer_register(actor=employer_user, **ORG)
        employer_services.employer_verify(actor=staff, employer=org)
        vacancy = employer_services.vacancy_save(
            actor=employer_user, employer=org, **vacancy_fields(occupation=occupation("2411"))
        )
        employer_services.vacancy_submit(actor=employer_user, vacancy=vacancy)
        employer_services.vacancy_publish(actor=staff, vacancy=vacancy)
        (delivery,) = WebhookDelivery.objects.filter(event=Event.VACANCY_PUBLISHED)
    text = json.dumps(delivery.payload)
    for field in ("contact_name", "contact_email", "contact_phone"):
        if ORG.get(field):
            assert ORG[field] not in text, field
    assert employer_user.email not in text and staff.email not in text


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "https://[::1",
        "https://exa mple.org/",
        "https://%31%32%37.0.0.1/",
        "https://" + "a" * 300 + ".org/",
        "https://\u0000/",
    ],
)
def test_malformed_urls_on_the_form_are_errors_not_500(no_loopback, client, city_a, city_admin, url):
    client.force_login(city_admin)
    response = client.post(reverse("webhooks:create"), {"url": url, "events": [Event.PLACEMENT_MADE]})
    assert response.status_code == 200  # the form again, with its error
    with city_context(city_a):
        assert not WebhookEndpoint.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("page", ["x", "-1", "0", "9" * 30, "\x00"])
def test_delivery_log_pages_with_junk_are_not_500(client, city_admin, endpoint_a, page):
    endpoint, _secret = endpoint_a
    client.force_login(city_admin)
    response = client.get(reverse("webhooks:endpoint", kwargs={"pk": endpoint.pk}), {"page": page})
    assert response.status_code in (200, 404)
