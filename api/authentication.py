"""DRF authentication: ``Authorization: Bearer <token>`` (verified by ``api.middleware``) and sessions."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication, SessionAuthentication

from api.middleware import bearer_credentials


class BearerTokenAuthentication(BaseAuthentication):
    """``(user, ApiToken)`` for a valid bearer token; 401 for an invalid, revoked or expired one.

    The token was already verified (and its city entered) by ``api.middleware.ApiTokenMiddleware``;
    this class only reads the result, so the city context and the authenticated user always agree.
    Without an ``Authorization: Bearer`` header it returns ``None`` (session authentication next).
    """

    keyword = "Bearer"

    def authenticate(self, request):
        django_request = request._request
        if bearer_credentials(django_request) is None:
            return None
        token = getattr(django_request, "api_token", None)
        if token is None:
            raise exceptions.AuthenticationFailed(_("The API token is invalid, expired or revoked."))
        return token.user, token

    def authenticate_header(self, request) -> str:
        return f'{self.keyword} realm="api"'


class PortalSessionAuthentication(SessionAuthentication):
    """The browser's session (CSRF checked on unsafe methods), for the portal's own pages and the docs."""
