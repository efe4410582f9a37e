"""django-allauth hooks: what a new account gets, who may turn off their authenticator, and how MFA
secrets are encrypted at rest."""

from __future__ import annotations

from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa.adapter import DefaultMFAAdapter
from cryptography.fernet import MultiFernet
from django.conf import settings
from django.utils import translation

from cities.crypto import InvalidToken, key_ring

#: HKDF context label of the MFA key ring: the same key material gives webhooks an unrelated key.
MFA_KEY_CONTEXT = b"ijc-portal mfa secrets"


def mfa_key_materials() -> list[str]:
    """The MFA key materials, the encrypting one first.

    ``MFA_ENCRYPTION_KEY`` then ``MFA_ENCRYPTION_KEY_FALLBACKS`` when a dedicated key is set; then
    ``SECRET_KEY`` and ``SECRET_KEY_FALLBACKS`` — the default when no dedicated key is set, and
    decrypt-only after one is (so values written before it was introduced stay readable).
    """
    dedicated = [getattr(settings, "MFA_ENCRYPTION_KEY", ""), *getattr(settings, "MFA_ENCRYPTION_KEY_FALLBACKS", [])]
    derived = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
    return [material for material in [*dedicated, *derived] if material]


def mfa_fernet() -> MultiFernet:
    """The MFA key ring (``cities.crypto.key_ring`` with context ``MFA_KEY_CONTEXT``)."""
    return key_ring(mfa_key_materials(), MFA_KEY_CONTEXT)


def encrypt_mfa_secret(text: str) -> str:
    """A Fernet token (text) for ``text``, under the first MFA key material."""
    return mfa_fernet().encrypt(text.encode()).decode()


def decrypt_mfa_secret(token: str) -> str:
    """The clear text of ``token``; ``ValueError`` when no MFA key material decrypts it (a clear value,
    a tampered token, or a key that was rotated out without being kept as a fallback)."""
    try:
        return mfa_fernet().decrypt(token.encode()).decode()
    except (InvalidToken, AttributeError) as error:
        raise ValueError("An MFA secret cannot be decrypted with the MFA keys or their fallbacks.") from error


class AccountAdapter(DefaultAccountAdapter):
    def save_user(self, request, user, form, commit=True):
        """Fill ``name``, ``phone`` and ``language`` (the page's language) from the sign-up form."""
        user = super().save_user(request, user, form, commit=False)
        data = form.cleaned_data
        user.name = data.get("name", "")
        user.phone = data.get("phone") or ""
        language = translation.get_language() or settings.LANGUAGE_CODE
        user.language = language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
        if commit:
            user.save()
        return user

    def get_login_redirect_url(self, request):
        return super().get_login_redirect_url(request)


class MFAAdapter(DefaultMFAAdapter):
    def encrypt(self, text: str) -> str:
        """allauth stores TOTP secrets, recovery-code seeds and migrated codes through this: Fernet
        tokens, never the clear value (``encrypt_mfa_secret``)."""
        return encrypt_mfa_secret(text)

    def decrypt(self, encrypted_text: str) -> str:
        """Counterpart of ``encrypt``; ``ValueError`` on a value no MFA key decrypts (no clear-text
        fallback: a row written in clear by hand must not become a working authenticator)."""
        return decrypt_mfa_secret(encrypted_text)

    def get_totp_label(self, user) -> str:
        return user.email

    def can_delete_authenticator(self, authenticator) -> bool:
        """A user whose role requires MFA cannot switch their last TOTP off (they may replace it)."""
        from accounts.models import Membership
        from accounts.permissions import CITY_ROLES, MFA_REQUIRED_ROLES
        from cities.tenancy import user_context

        user = authenticator.user
        if user.is_superuser or user.cross_city_role:
            return False
        with user_context(user.pk):
            holds = Membership.objects.filter(
                user_id=user.pk, role__in=sorted(MFA_REQUIRED_ROLES & set(CITY_ROLES))
            ).exists()
        return not holds
