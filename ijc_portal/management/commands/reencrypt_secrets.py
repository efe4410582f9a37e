"""``manage.py reencrypt_secrets``: re-encrypt the stored secrets under the current keys.

Webhook signing secrets (``webhooks.WebhookEndpoint.secret_encrypted``, key from ``SECRET_KEY``) and
the MFA secrets allauth stores (TOTP secrets, recovery-code seeds and migrated codes, key from
``MFA_ENCRYPTION_KEY`` or ``SECRET_KEY``) are Fernet tokens. After a key rotation the old key stays in
the fallbacks so they can still be read; this command decrypts each with the key ring (current key
or a fallback) and encrypts it again under the current key, so the old key can then be dropped from
``SECRET_KEY_FALLBACKS`` / ``MFA_ENCRYPTION_KEY_FALLBACKS``. Idempotent; the clear values never
leave the process. docs/operations.md, "Rotating secrets and keys".

A value no key decrypts stops the command before anything is written (``CommandError`` naming the
row, not the value): restore the missing fallback key first.
"""

from __future__ import annotations

from allauth.mfa.models import Authenticator
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from accounts.adapters import decrypt_mfa_secret, encrypt_mfa_secret
from cities.crypto import looks_encrypted
from cities.models import City
from cities.tenancy import city_context
from webhooks.models import WebhookEndpoint
from webhooks.security import decrypt_secret, encrypt_secret

MFA_TYPES = ("totp", "recovery_codes")


def _mfa_data(data: dict) -> dict:
    """``data`` with every encrypted MFA value encrypted again under the current MFA key."""

    def again(value):
        if isinstance(value, str) and looks_encrypted(value):
            return encrypt_mfa_secret(decrypt_mfa_secret(value))
        return value

    data = dict(data or {})
    for key in ("secret", "seed"):
        if key in data:
            data[key] = again(data[key])
    if isinstance(data.get("migrated_codes"), list):
        data["migrated_codes"] = [again(code) for code in data["migrated_codes"]]
    return data


class Command(BaseCommand):
    help = "Re-encrypt webhook secrets and MFA secrets under the current SECRET_KEY / MFA_ENCRYPTION_KEY."

    def handle(self, *args, **options):
        with transaction.atomic():  # all or nothing
            authenticators = 0
            for authenticator in Authenticator.objects.filter(type__in=MFA_TYPES).order_by("pk"):
                try:
                    data = _mfa_data(authenticator.data)
                except ValueError as error:
                    raise CommandError(f"MFA authenticator {authenticator.pk}: {error}") from error
                Authenticator.objects.filter(pk=authenticator.pk).update(data=data)
                authenticators += 1
            endpoints = 0
            for city in City.objects.order_by("pk"):
                with city_context(city):
                    for endpoint in WebhookEndpoint.objects.order_by("pk"):
                        try:
                            token = encrypt_secret(decrypt_secret(endpoint.secret_encrypted))
                        except ValueError as error:
                            raise CommandError(f"Webhook endpoint {endpoint.pk} of {city.slug}: {error}") from error
                        # update(): no audit entry and no signal (the secret is not audited either).
                        WebhookEndpoint.objects.filter(pk=endpoint.pk).update(secret_encrypted=token)
                        endpoints += 1
        self.stdout.write(
            f"Re-encrypted {authenticators} MFA authenticators and {endpoints} webhook secrets under the current keys."
        )
