"""``manage.py reencrypt_secrets``: after a SECRET_KEY rotation, webhook and MFA secrets written under the
old key are re-encrypted under the new one, so the old key can leave ``SECRET_KEY_FALLBACKS``."""

from __future__ import annotations

import io

import pytest
from allauth.mfa.models import Authenticator
from django.core.management import CommandError, call_command

from accounts.adapters import decrypt_mfa_secret
from cities.tenancy import city_context
from tests.factories import UserFactory, give_totp
from webhooks.models import WebhookEndpoint
from webhooks.security import decrypt_secret, encrypt_secret

pytestmark = pytest.mark.django_db

OLD, NEW = "old-secret-key-for-the-rotation-test", "new-secret-key-for-the-rotation-test"


def test_secrets_written_under_the_old_key_are_readable_without_it_afterwards(settings, city_a):
    settings.SECRET_KEY, settings.SECRET_KEY_FALLBACKS, settings.MFA_ENCRYPTION_KEY = OLD, [], ""
    user = UserFactory()
    totp = give_totp(user)
    with city_context(city_a):
        endpoint = WebhookEndpoint.objects.create(
            url="https://hooks.example.org/ijc",
            events=[],
            secret_encrypted=encrypt_secret("whsec_abc"),
            created_by=user,
        )
    settings.SECRET_KEY, settings.SECRET_KEY_FALLBACKS = NEW, [OLD]
    out = io.StringIO()
    call_command("reencrypt_secrets", stdout=out)
    assert "1 MFA authenticators and 1 webhook secrets" in out.getvalue()
    settings.SECRET_KEY_FALLBACKS = []
    assert decrypt_mfa_secret(Authenticator.objects.get(user=user).data["secret"]) == totp
    with city_context(city_a):
        assert decrypt_secret(WebhookEndpoint.objects.get(pk=endpoint.pk).secret_encrypted) == "whsec_abc"


def test_a_value_no_key_reads_stops_it_before_anything_is_written(settings, city_a):
    settings.SECRET_KEY, settings.SECRET_KEY_FALLBACKS, settings.MFA_ENCRYPTION_KEY = OLD, [], ""
    user = UserFactory()
    give_totp(user)
    before = Authenticator.objects.get(user=user).data
    settings.SECRET_KEY = NEW  # the old key was dropped too early
    with pytest.raises(CommandError, match="MFA authenticator"):
        call_command("reencrypt_secrets", stdout=io.StringIO())
    assert Authenticator.objects.get(user=user).data == before
