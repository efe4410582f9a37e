"""Signatures, secrets and the SSRF guard (at registration and at delivery)."""

from __future__ import annotations

import socket

import pytest
from django.core.exceptions import ValidationError

from cities.tenancy import city_context
from webhooks import security, services
from webhooks.models import Event, WebhookDelivery


def test_a_signature_verifies_over_the_timestamp_and_the_exact_body():
    secret = security.new_secret()
    body = b'{"id":"1","event":"placement.made"}'
    header = security.sign(secret, body, timestamp=1_700_000_000)
    assert header.startswith("t=1700000000,v1=")
    assert security.verify(secret, body, header, now=1_700_000_100)
    assert not security.verify(secret, body + b" ", header, now=1_700_000_100)  # body changed
    assert not security.verify(security.new_secret(), body, header, now=1_700_000_100)  # another secret
    assert not security.verify(secret, body, header, now=1_700_000_000 + 301)  # too old: a replay
    assert not security.verify(secret, body, "t=abc,v1=00", now=1_700_000_000)


def test_secrets_have_256_bits_and_are_stored_encrypted(settings):
    secret = security.new_secret()
    assert secret.startswith("whsec_") and len(secret) == len("whsec_") + 43
    token = security.encrypt_secret(secret)
    assert secret not in token and secret[6:] not in token
    assert security.decrypt_secret(token) == secret
    old_key = settings.SECRET_KEY
    settings.SECRET_KEY, settings.SECRET_KEY_FALLBACKS = "a-new-key", [old_key]
    assert security.decrypt_secret(token) == secret  # still readable after a key rotation
    settings.SECRET_KEY_FALLBACKS = []
    with pytest.raises(ValueError, match="cannot be decrypted"):
        security.decrypt_secret(token)


def _resolving_to(monkeypatch, *addresses):
    def fake_getaddrinfo(host, port, *args, **kwargs):
        family = socket.AF_INET
        return [(family, socket.SOCK_STREAM, 6, "", (address, port)) for address in addresses]

    monkeypatch.setattr(socket, "getaddrinfo", fake_getaddrinfo)


@pytest.mark.parametrize(
    "address",
    [
        "10.0.0.5",  # RFC 1918
        "192.168.1.1",
        "172.16.0.1",
        "127.0.0.1",  # loopback (not allowed outside tests)
        "169.254.169.254",  # link-local: cloud metadata
        "100.64.0.1",  # carrier-grade NAT
        "0.0.0.0",  # unspecified
        "224.0.0.1",  # multicast
        "::1",
        "fe80::1",
        "fd00::1",
        "::ffff:10.0.0.1",  # IPv4-mapped private
    ],
)
def test_private_loopback_and_link_local_addresses_are_refused(monkeypatch, settings, address):
    settings.WEBHOOKS_ALLOW_LOOPBACK = False
    settings.DEBUG = False
    _resolving_to(monkeypatch, address)
    with pytest.raises(security.UnsafeDestination, match="not a public Internet address"):
        security.resolve_public("https://hooks.example.org/ijc")


def test_one_private_record_among_public_ones_is_refused(monkeypatch, settings):
    settings.WEBHOOKS_ALLOW_LOOPBACK = False
    _resolving_to(monkeypatch, "93.184.216.34", "10.1.2.3")
    with pytest.raises(security.UnsafeDestination):
        security.resolve_public("https://hooks.example.org/ijc")


def test_only_https_to_a_public_address_passes(monkeypatch, settings):
    settings.WEBHOOKS_ALLOW_LOOPBACK = False
    _resolving_to(monkeypatch, "93.184.216.34")
    assert security.resolve_public("https://hooks.example.org:8443/x") == (
        "https",
        "hooks.example.org",
        8443,
        "93.184.216.34",
    )
    with pytest.raises(security.UnsafeDestination, match="https://"):
        security.resolve_public("http://hooks.example.org/x")
    with pytest.raises(security.UnsafeDestination, match="user name or password"):
        security.resolve_public("https://user:pw@hooks.example.org/x")


def test_loopback_http_only_when_the_test_setting_allows_it(settings):
    settings.DEBUG = False
    settings.WEBHOOKS_ALLOW_LOOPBACK = False
    with pytest.raises(security.UnsafeDestination):
        security.resolve_public("http://127.0.0.1:9/x")
    settings.WEBHOOKS_ALLOW_LOOPBACK = True
    assert security.resolve_public("http://127.0.0.1:9/x")[3] == "127.0.0.1"


@pytest.mark.parametrize("url", ["http://127.0.0.1:9/x", "https://127.0.0.1:9/x", "http://[::1]:9/x"])
def test_debug_alone_never_allows_loopback(settings, url):
    """DEBUG is on in every development set-up, and sometimes left on where it should not be: only
    WEBHOOKS_ALLOW_LOOPBACK itself lets a webhook reach this machine."""
    settings.DEBUG = True
    settings.WEBHOOKS_ALLOW_LOOPBACK = False
    with pytest.raises(security.UnsafeDestination):
        security.resolve_public(url)
    with pytest.raises(ValidationError):
        security.validate_webhook_url(url)


def test_production_never_allows_loopback(settings):
    """Even a WEBHOOKS_ALLOW_LOOPBACK left true in production settings (the settings module already forces
    it off there) does not let a webhook reach this machine."""
    settings.PRODUCTION = True
    settings.WEBHOOKS_ALLOW_LOOPBACK = True
    with pytest.raises(security.UnsafeDestination):
        security.resolve_public("http://127.0.0.1:9/x")


def test_production_settings_ignore_webhooks_allow_loopback():
    from tests.test_settings import PRODUCTION_ENV, run_manage

    code = "from django.conf import settings; print('loopback', settings.WEBHOOKS_ALLOW_LOOPBACK)"
    result = run_manage("shell", "-c", code, env={**PRODUCTION_ENV, "WEBHOOKS_ALLOW_LOOPBACK": "true"})
    assert result.returncode == 0, result.stderr
    assert "loopback False" in result.stdout


@pytest.mark.django_db
def test_registration_refuses_a_private_address(monkeypatch, settings, city_a, city_admin):
    settings.WEBHOOKS_ALLOW_LOOPBACK = False
    _resolving_to(monkeypatch, "169.254.169.254")
    with city_context(city_a), pytest.raises(ValidationError):
        services.endpoint_create(actor=city_admin, url="https://metadata.example/", events=[Event.PLACEMENT_MADE])


@pytest.mark.django_db
def test_delivery_checks_the_address_again_and_never_connects_to_a_private_one(
    monkeypatch, settings, city_a, city_admin, published
):
    """DNS changed after registration (rebinding): the relay refuses, logs it, and connects nowhere."""
    settings.WEBHOOKS_ALLOW_LOOPBACK = False
    _resolving_to(monkeypatch, "93.184.216.34")
    with city_context(city_a):
        services.endpoint_create(actor=city_admin, url="https://hooks.example.org/ijc", events=[Event.PLACEMENT_MADE])
        services.emit(Event.PLACEMENT_MADE, key="1", data={"placement": {"id": 1}})
    _resolving_to(monkeypatch, "10.0.0.7")
    connections = []
    monkeypatch.setattr(socket, "create_connection", lambda *args, **kwargs: connections.append(args))
    with city_context(city_a):
        result = services.relay_pending()
        delivery = WebhookDelivery.objects.get()
        attempt = delivery.attempt_log.get()
    assert result.failed == 1
    assert connections == []
    assert delivery.status == "failed"
    assert attempt.response_status is None and "not a public Internet address" in attempt.error
