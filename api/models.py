"""Per-user API tokens: bound to the user and to the city they were created in (a tenant table)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cities.models import CityOwnedModel


class ApiToken(CityOwnedModel):
    """A bearer token ``ijc_<city id>_<secret>`` for ``user`` in this city.

    Only the SHA-256 hex digest of the whole token is stored (``key_hash``); the secret is 256
    random bits (``secrets.token_urlsafe(32)``), shown once at creation. ``prefix`` (the city part
    and the first 8 characters of the secret) identifies a token on the list without revealing it.
    ``scope``: ``read`` allows safe methods (GET/HEAD/OPTIONS) only, ``write`` everything the
    user's roles allow. ``last_used_at`` is written at most once a minute (``api.tokens``).
    A token is usable while not revoked and not past ``expires_at``.
    """

    class Scope(models.TextChoices):
        READ = "read", _("Read only")
        WRITE = "write", _("Read and write")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("user"),
        db_index=False,  # api_token_city_user_idx leads with city
    )
    name = models.CharField(_("name"), max_length=100)
    scope = models.CharField(_("scope"), max_length=5, choices=Scope.choices, default=Scope.READ)
    prefix = models.CharField(_("prefix"), max_length=40)
    key_hash = models.CharField(_("key hash"), max_length=64)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["city", "key_hash"], name="api_token_hash_per_city")]
        indexes = [models.Index(fields=["city", "user", "-created_at"], name="api_token_city_user_idx")]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    def is_active(self, now=None) -> bool:
        now = now or timezone.now()
        return self.revoked_at is None and (self.expires_at is None or self.expires_at > now)
