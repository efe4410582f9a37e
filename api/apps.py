from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    """REST API v1 (docs/api.md): the framework (auth, errors, pagination, throttling, schema) and tokens."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "api"
    verbose_name = _("API")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from api import schema  # noqa: F401  (registers the bearer-token scheme with drf-spectacular)
        from api.models import ApiToken

        # Creation and revocation of a token are in the audit trail (who, when, from where); the hash
        # is left out and last use is written with a queryset update, so it makes no entries.
        auditlog.register(ApiToken, exclude_fields=["key_hash", "last_used_at"])

        from accounts.signals import account_closed
        from api.tokens import on_account_closed

        account_closed.connect(on_account_closed, dispatch_uid="api.revoke_tokens_on_account_closed")
