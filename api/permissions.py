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
    an action missing from the dict is denied. A method the route does not map (GET on a POST-only
    action) passes here so the view answers 405 ``method_not_allowed``.
    """

    def has_permission(self, request, view) -> bool:
        action_map = getattr(view, "action_map", None) or {}
        if action_map and request.method.lower() not in action_map:
            return True  # a method this route does not have: the view answers 405, showing nothing
        required = getattr(view, "permission_required", "")
        if isinstance(required, dict):
            required = required.get(getattr(view, "action", None) or request.method.lower(), "")
        if not required:
            return False
        if not super().has_permission(request, _PermissionView(required)):
            return False
        scope = TokenScope()
        if not scope.has_permission(request, view):
            self.message = scope.message  # DRF reports the failing permission's message
            return False
        return True


class _PermissionView:
    def __init__(self, permission_required: str) -> None:
        self.permission_required = permission_required
