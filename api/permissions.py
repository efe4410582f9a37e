"""DRF permissions: the portal's permission table plus the token's scope."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import SAFE_METHODS, BasePermission

from accounts.permissions import HasPortalPermission
from api.models import ApiToken


class TokenScope(BasePermission):
    """A ``read`` token may only use safe methods (GET, HEAD, OPTIONS); session requests are not limited."""

    message = _("This API token is read-only: create a token with the write scope to change data.")

    def has_permission(self, request, view) -> bool:
        token = request.auth
        if isinstance(token, ApiToken) and request.method not in SAFE_METHODS:
            return token.scope == ApiToken.Scope.WRITE
        return True


class PortalPermission(HasPortalPermission):
    """``HasPortalPermission`` (the view's ``permission_required`` in the request's city) and ``TokenScope``.

    A view may give ``permission_required`` per action as a dict ``{"list": "...", "create": "..."}``;
    an action missing from the dict is denied.
    """

    def has_permission(self, request, view) -> bool:
        required = getattr(view, "permission_required", "")
        if isinstance(required, dict):
            required = required.get(getattr(view, "action", None) or request.method.lower(), "")
        if not required:
            return False
        proxy = _PermissionView(required)
        return super().has_permission(request, proxy) and TokenScope().has_permission(request, view)


class _PermissionView:
    def __init__(self, permission_required: str) -> None:
        self.permission_required = permission_required
