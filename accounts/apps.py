from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from auditlog.registry import auditlog
        from django.contrib.auth.signals import user_logged_in

        from accounts import drafts, selectors
        from accounts.models import Invitation, Membership
        from cities import providers

        providers.member_city_ids.register(selectors.member_city_ids)
        auditlog.register(Membership)
        auditlog.register(Invitation, exclude_fields=["token_hash"])
        # A POST kept after a session expired belongs to that session's user only (a shared computer).
        user_logged_in.connect(drafts.on_sign_in, dispatch_uid="accounts.drafts.on_sign_in")
