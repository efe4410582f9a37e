"""Encrypt the MFA secrets allauth stored in clear before ``accounts.adapters.MFAAdapter.encrypt``.

TOTP authenticators keep ``data["secret"]``; recovery codes keep ``data["seed"]`` and, when imported
from an older allauth, ``data["migrated_codes"]``. Each value that is not yet a Fernet token
(``cities.crypto.looks_encrypted``) is encrypted with the MFA key ring; values that already are are
left alone, so the migration can run again. Reversing decrypts them back to clear text.
"""

from django.db import migrations

from accounts.adapters import decrypt_mfa_secret, encrypt_mfa_secret
from cities.crypto import looks_encrypted


def _convert(data: dict, *, encrypt: bool) -> bool:
    changed = False

    def one(value):
        nonlocal changed
        if not isinstance(value, str) or looks_encrypted(value) == encrypt:
            return value
        changed = True
        return encrypt_mfa_secret(value) if encrypt else decrypt_mfa_secret(value)

    for key in ("secret", "seed"):
        if key in data:
            data[key] = one(data[key])
    if isinstance(data.get("migrated_codes"), list):
        data["migrated_codes"] = [one(code) for code in data["migrated_codes"]]
    return changed


def _run(apps, *, encrypt: bool) -> None:
    Authenticator = apps.get_model("mfa", "Authenticator")
    for authenticator in Authenticator.objects.filter(type__in=["totp", "recovery_codes"]).iterator():
        data = dict(authenticator.data or {})
        if _convert(data, encrypt=encrypt):
            authenticator.data = data
            authenticator.save(update_fields=["data"])


def encrypt_secrets(apps, schema_editor):
    _run(apps, encrypt=True)


def decrypt_secrets(apps, schema_editor):
    _run(apps, encrypt=False)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0005_drop_unused_auditlog_table"),
        ("mfa", "0003_authenticator_type_uniq"),
    ]

    operations = [migrations.RunPython(encrypt_secrets, decrypt_secrets)]
