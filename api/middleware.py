"""Bearer tokens on ``/api/``: verified before the city is chosen, so the token's city is the request's.

Placed after Django's ``AuthenticationMiddleware`` and before ``cities.middleware.CityContextMiddleware``.
On an ``/api/`` path with ``Authorization: Bearer <token>``:

- a valid token: ``request.user`` becomes the token's user (the session's user, if any, is
  ignored), ``request.api_token`` the ``ApiToken`` and ``request.api_token_city`` its city, which
  ``CityContextMiddleware`` then enters (the city is the one the token was created in);
- an invalid, revoked or expired token: ``request.api_token_invalid = True`` and the user is
  anonymous; ``api.authentication.BearerTokenAuthentication`` answers 401.

Only this middleware sets these attributes; nothing a client sends can set them directly.

Every audit entry written while a token serves the request has the correlation id ``api-token:<id>``
(``AUDITLOG_CID_GETTER`` is ``audit_correlation_id``), so a breach report can tell what a token read
(``manage.py breach_report --token``) from what its user read in the browser.
"""

from __future__ import annotations

from contextvars import ContextVar

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest, HttpResponse

API_PATH_PREFIX = "/api/"
_token_id: ContextVar[int | None] = ContextVar("api_token_id", default=None)


def token_correlation_id(token_id: int) -> str:
    """The correlation id of the audit entries written while the token ``token_id`` served a request."""
    return f"api-token:{token_id}"


def audit_correlation_id() -> str | None:
    """The audit entries' correlation id (``cid``): ``api-token:<id>`` while a verified token serves the
    request, else none. Never taken from a client header."""
    token_id = _token_id.get()
    return token_correlation_id(token_id) if token_id is not None else None


def bearer_credentials(request: HttpRequest) -> str | None:
    """The token of an ``Authorization: Bearer <token>`` header, ``""`` for a malformed one, else ``None``."""
    header = request.META.get("HTTP_AUTHORIZATION", "")
    scheme, _sep, value = header.partition(" ")
    if scheme.lower() != "bearer":
        return None
    return value.strip()


class ApiTokenMiddleware:
    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path_info.startswith(API_PATH_PREFIX):
            raw = bearer_credentials(request)
            if raw is not None:
                from api.tokens import token_authenticate

                token = token_authenticate(raw) if raw else None
                if token is None:
                    request.user = AnonymousUser()
                    request.api_token_invalid = True
                else:
                    request.user = token.user
                    request.api_token = token
                    request.api_token_city = token.city
                    marker = _token_id.set(token.pk)
                    try:
                        return self.get_response(request)
                    finally:
                        _token_id.reset(marker)
        return self.get_response(request)
