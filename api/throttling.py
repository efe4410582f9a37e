"""Throttling per token (or per signed-in user for sessions) and per address for the anonymous.

Counters live in the cache (Redis, ``settings.CACHES``); the cache's key function adds the current
city, and a token belongs to one city, so a token's counter is its own. Rates are
``REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]`` (``API_THROTTLE_USER`` / ``API_THROTTLE_ANON`` in the
environment).
"""

from __future__ import annotations

from rest_framework.throttling import AnonRateThrottle, SimpleRateThrottle

from api.models import ApiToken


class TokenOrUserRateThrottle(SimpleRateThrottle):
    """Rate ``user``: keyed by the token (``token:<id>``) or, for a session, by the user (``user:<id>``)."""

    scope = "user"

    def get_cache_key(self, request, view):
        if not request.user or not request.user.is_authenticated:
            return None  # the anonymous are counted by AnonymousRateThrottle
        token = request.auth if isinstance(request.auth, ApiToken) else None
        ident = f"token:{token.pk}" if token else f"user:{request.user.pk}"
        return self.cache_format % {"scope": self.scope, "ident": ident}


class AnonymousRateThrottle(AnonRateThrottle):
    """Rate ``anon``: keyed by the client address (``REMOTE_ADDR`` or the trusted proxy's entry)."""

    def get_ident(self, request):
        from accounts.middleware import client_ip

        return client_ip(request._request) or "unknown"
