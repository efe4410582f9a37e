"""Create, verify and revoke API tokens (the only code that sees a token's secret).

Format: ``ijc_<city id>_<secret>``, the secret being ``secrets.token_urlsafe(32)`` (256 bits,
43 characters). The city id in the token only says *where to look*: the token is found by the
SHA-256 of the whole string inside that city's context (row-level security), so changing the
city part finds nothing. The city a token request runs in is therefore the city the token was
created in, never a value the client chooses (docs/tenancy.md).
"""

from __future__ import annotations

import datetime
import hashlib
import re
import secrets

from django.db import transaction
from django.utils import timezone

from api.models import ApiToken
from cities.models import City
from cities.tenancy import city_context, require_city_id

TOKEN_RE = re.compile(r"^ijc_(?P<city>[1-9][0-9]{0,9})_(?P<secret>[A-Za-z0-9_-]{43})$")
# last_used_at is written at most this often per token (one UPDATE a minute, not one per request).
LAST_USED_GRANULARITY = datetime.timedelta(minutes=1)


def hash_token(raw: str) -> str:
    """The stored form: SHA-256 hex digest (64 characters) of the whole token string."""
    return hashlib.sha256(raw.encode()).hexdigest()


@transaction.atomic
def token_create(*, user, name: str, scope: str, expires_at: datetime.datetime | None = None) -> tuple[ApiToken, str]:
    """A new token for ``user`` in the current city: ``(token, raw)``; ``raw`` is shown once, never stored.

    Call inside ``city_context``; the caller checks the permission and the MFA rule (``api.views``).
    """
    city_id = require_city_id()
    secret = secrets.token_urlsafe(32)
    raw = f"ijc_{city_id}_{secret}"
    token = ApiToken.objects.create(
        user=user,
        name=name,
        scope=scope,
        prefix=f"ijc_{city_id}_{secret[:8]}",
        key_hash=hash_token(raw),
        expires_at=expires_at,
    )
    return token, raw


def token_revoke(*, token: ApiToken) -> ApiToken:
    """Revoke ``token`` from now on (idempotent: a revoked token keeps its first revocation time)."""
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token


def on_account_closed(sender, *, user, **kwargs) -> int:
    """``accounts.signals.account_closed`` receiver: every token ``user`` still holds in the current city
    is revoked (each revocation an audit entry, as from the page); returns how many. Tokens of other
    cities fail too: ``token_authenticate`` refuses an inactive user."""
    tokens = list(ApiToken.objects.filter(user_id=user.pk, revoked_at__isnull=True))
    for token in tokens:
        token_revoke(token=token)
    return len(tokens)


def token_authenticate(raw: str) -> ApiToken | None:
    """The active token for ``raw`` (with its ``user`` and ``city`` loaded), or ``None``.

    ``None`` for a malformed string, an unknown or inactive city, an unknown hash, a revoked or
    expired token, or an inactive user. Looks the hash up inside the city the token names and
    records the use (at most once per ``LAST_USED_GRANULARITY``) in that short transaction, so a
    request that later fails still shows the use.
    """
    match = TOKEN_RE.match(raw or "")
    if match is None:
        return None
    city = City.objects.filter(pk=int(match["city"]), is_active=True).first()
    if city is None:
        return None
    now = timezone.now()
    with city_context(city):
        token = ApiToken.objects.select_related("user").filter(key_hash=hash_token(raw)).first()
        if token is None or not token.is_active(now) or not token.user.is_active:
            return None
        if token.last_used_at is None or now - token.last_used_at >= LAST_USED_GRANULARITY:
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
            token.last_used_at = now
    token.city = city
    return token
