"""django-allauth hooks: what a new account gets, and who may turn off their authenticator."""

from __future__ import annotations

from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa.adapter import DefaultMFAAdapter
from django.conf import settings
from django.utils import translation


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
