"""MFA secrets at rest: allauth's TOTP secrets and recovery-code seeds are Fernet tokens under a key
derived from ``MFA_ENCRYPTION_KEY`` (or ``SECRET_KEY``), rotation keeps them readable, and migration
0006 encrypts rows written in clear before the adapter existed."""

from __future__ import annotations

import importlib

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP
from allauth.mfa.utils import decrypt, encrypt
from django.apps import apps as global_apps
from django.test import Client
from django.urls import reverse

from accounts.adapters import decrypt_mfa_secret, encrypt_mfa_secret
from cities.crypto import FERNET_TOKEN_PREFIX
from tests.factories import UserFactory, give_totp, totp_code

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery"  # tests.factories.UserFactory's password
migration = importlib.import_module("accounts.migrations.0006_encrypt_mfa_secrets")


@pytest.fixture(autouse=True)
def _empty_cache():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


def _verified(email="sari@example.test"):
    from allauth.account.models import EmailAddress

    user = UserFactory(email=email)
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user


def test_the_stored_totp_secret_and_recovery_seed_are_not_the_clear_values():
    user = _verified()
    secret = give_totp(user)
    stored = Authenticator.objects.get(user=user, type="totp").data["secret"]
    assert stored != secret and secret not in stored
    assert stored.startswith(FERNET_TOKEN_PREFIX)
    assert TOTP(Authenticator.objects.get(user=user, type="totp")).validate_code(totp_code(secret))

    codes = RecoveryCodes.activate(user)
    seed = Authenticator.objects.get(user=user, type="recovery_codes").data["seed"]
    assert seed.startswith(FERNET_TOKEN_PREFIX)
    assert len(decrypt(seed)) == 80  # allauth's seed: 40 random bytes in hex
    assert len(codes.generate_codes()) == 10


def test_signing_in_with_a_totp_code_works_with_the_encrypted_secret():
    user = _verified()
    secret = give_totp(user)
    browser = Client()
    response = browser.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert response["Location"] == reverse("mfa_authenticate")
    accepted = browser.post(reverse("mfa_authenticate"), {"code": totp_code(secret)})
    assert accepted.status_code == 302
    assert browser.session["_auth_user_id"] == str(user.pk)


def test_a_clear_or_tampered_value_is_refused_not_used(settings):
    with pytest.raises(ValueError):
        decrypt("JBSWY3DPEHPK3PXP")  # a clear base32 secret: not a working authenticator
    token = encrypt("JBSWY3DPEHPK3PXP")
    with pytest.raises(ValueError):
        decrypt(token[:-4] + ("AAAA" if not token.endswith("AAAA") else "BBBB"))


def test_the_key_is_separate_from_the_webhooks_key_from_the_same_secret_key():
    from webhooks import security

    with pytest.raises(ValueError):
        security.decrypt_secret(encrypt_mfa_secret("x"))
    with pytest.raises(ValueError):
        decrypt_mfa_secret(security.encrypt_secret("x"))


def test_rotating_secret_key_keeps_secrets_readable_through_the_fallbacks(settings):
    settings.MFA_ENCRYPTION_KEY = ""
    settings.SECRET_KEY = "old-secret-key-for-this-test"
    token = encrypt("JBSWY3DPEHPK3PXP")
    settings.SECRET_KEY = "new-secret-key-for-this-test"
    settings.SECRET_KEY_FALLBACKS = []
    with pytest.raises(ValueError):
        decrypt(token)
    settings.SECRET_KEY_FALLBACKS = ["old-secret-key-for-this-test"]
    assert decrypt(token) == "JBSWY3DPEHPK3PXP"
    assert decrypt(encrypt("ABC")) == "ABC"  # new values use the new key: readable without the fallback
    fresh = encrypt("ABC")
    settings.SECRET_KEY_FALLBACKS = []
    assert decrypt(fresh) == "ABC"


def test_a_dedicated_key_encrypts_and_its_fallbacks_and_the_secret_key_still_decrypt(settings):
    settings.MFA_ENCRYPTION_KEY = ""
    settings.SECRET_KEY_FALLBACKS = []
    before = encrypt("FROM-SECRET-KEY")  # written before a dedicated key was configured
    settings.MFA_ENCRYPTION_KEY = "dedicated-mfa-key-one"
    first = encrypt("FROM-KEY-ONE")
    assert decrypt(before) == "FROM-SECRET-KEY"
    settings.MFA_ENCRYPTION_KEY = "dedicated-mfa-key-two"
    with pytest.raises(ValueError):
        decrypt(first)
    settings.MFA_ENCRYPTION_KEY_FALLBACKS = ["dedicated-mfa-key-one"]
    assert decrypt(first) == "FROM-KEY-ONE"
    # The dedicated key, not SECRET_KEY, encrypts: changing SECRET_KEY alone leaves new values readable.
    second = encrypt("FROM-KEY-TWO")
    settings.SECRET_KEY = "a-changed-secret-key"
    assert decrypt(second) == "FROM-KEY-TWO"


def test_the_migration_encrypts_clear_rows_once_and_reverses():
    user = _verified()
    other = _verified("tono@example.test")
    clear_totp = Authenticator.objects.create(user=user, type="totp", data={"secret": "JBSWY3DPEHPK3PXP"})
    clear_codes = Authenticator.objects.create(
        user=user,
        type="recovery_codes",
        data={"seed": "ab" * 40, "used_mask": 0, "migrated_codes": ["12345678", "87654321"]},
    )
    already = give_totp(other)
    already_token = Authenticator.objects.get(user=other, type="totp").data["secret"]

    migration.encrypt_secrets(global_apps, None)
    clear_totp.refresh_from_db()
    clear_codes.refresh_from_db()
    token = clear_totp.data["secret"]
    assert token.startswith(FERNET_TOKEN_PREFIX) and decrypt(token) == "JBSWY3DPEHPK3PXP"
    assert decrypt(clear_codes.data["seed"]) == "ab" * 40
    assert [decrypt(code) for code in clear_codes.data["migrated_codes"]] == ["12345678", "87654321"]
    assert clear_codes.data["used_mask"] == 0
    assert Authenticator.objects.get(user=other, type="totp").data["secret"] == already_token  # untouched
    assert decrypt(already_token) == already

    migration.encrypt_secrets(global_apps, None)  # idempotent: no second layer
    clear_totp.refresh_from_db()
    assert clear_totp.data["secret"] == token

    migration.decrypt_secrets(global_apps, None)
    clear_totp.refresh_from_db()
    clear_codes.refresh_from_db()
    assert clear_totp.data["secret"] == "JBSWY3DPEHPK3PXP"
    assert clear_codes.data["migrated_codes"] == ["12345678", "87654321"]
