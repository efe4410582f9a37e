"""Who may do what: one table of role → permissions, declared on views, never written inside them.

Roles are the five city roles of ``Membership.Role`` (held in one city) and the two cross-city
roles of ``User.CrossCityRole`` (APEKSI, no city). A permission is a dotted string,
``<area>.<action>``. A **city permission** is checked against the user's roles in the request's
city (``request.city``, set by ``cities.middleware``); a **cross-city permission** (prefix
``apeksi.``) against the user's cross-city role and never gives a city context.

On a view, ``PermissionRequiredMixin`` (class-based), ``permission_required`` (function-based) or
``HasPortalPermission`` (DRF) apply the same rule, in this order:

1. anonymous → redirect to the login page (``?next=`` back);
2. a city permission and no city chosen while the user belongs to several → redirect to the
   city chooser;
3. the permission missing from every role the user holds there → 403;
4. a user holding a role in ``MFA_REQUIRED_ROLES`` without a confirmed TOTP authenticator →
   redirect to the TOTP set-up page (before any page that could show personal data);
5. an object of another city is a 404 by construction: views fetch through the city-scoped manager.

Source of the roles: DOMAIN.md "Users (roles)"; APEKSI sees aggregates only.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

JOB_SEEKER = "job_seeker"
EMPLOYER = "employer"
STAFF = "staff"
CITY_ADMIN = "city_admin"
PARTNER = "partner"
APEKSI_ANALYST = "apeksi_analyst"
APEKSI_ADMIN = "apeksi_admin"

CITY_ROLES = (JOB_SEEKER, EMPLOYER, STAFF, CITY_ADMIN, PARTNER)
CROSS_CITY_ROLES = (APEKSI_ANALYST, APEKSI_ADMIN)
ALL_ROLES = CITY_ROLES + CROSS_CITY_ROLES

# Roles that must confirm a TOTP authenticator before any page behind a permission (UU PDP 27/2022 art. 35).
MFA_REQUIRED_ROLES = frozenset({STAFF, CITY_ADMIN, PARTNER, APEKSI_ANALYST, APEKSI_ADMIN})

# The one table. Each app adds its permissions here (and its URLs to the permission matrix test).
PERMISSIONS: dict[str, frozenset[str]] = {
    JOB_SEEKER: frozenset(
        {
            "home.job_seeker",
            "notifications.view_inbox",
            "jobseekers.view_own_access_log",
            "jobseekers.edit_own_profile",
            "vacancies.express_interest",
            "placements.view_own",
            "ak1.view_own",
        }
    ),
    EMPLOYER: frozenset(
        {
            "home.employer",
            "notifications.view_inbox",
            "employers.manage_own",
            "assessments.view_own",
            "placements.view_candidates",
            "api.manage_tokens",
        }
    ),
    STAFF: frozenset(
        {
            "home.staff",
            "notifications.view_inbox",
            "notifications.contact_people",
            "employers.view_list",
            "employers.verify",
            "employers.log_services",
            "vacancies.review",
            "vacancies.view_interest",
            "assessments.conduct",
            "assessments.manage",
            "jobseekers.view_list",
            "jobseekers.view_functioning",
            "jobseekers.manage_case",
            "jobseekers.view_sensitive",
            "jobseekers.register_assisted",
            "jobseekers.act_for",
            "jobseekers.handle_requests",
            "jobseekers.import",
            "jobseekers.export",
            "ak1.manage",
            "audit.view_trail",
            "placements.match",
            "placements.view_worklist",
            "dashboards.view_city_dashboard",
            "dashboards.refresh_city",
            "api.manage_tokens",
        }
    ),
    CITY_ADMIN: frozenset(
        {
            "home.city_admin",
            "cities.change_city_profile",
            "cities.change_letterhead",
            "notifications.view_inbox",
            "notifications.manage_failed",
            "webhooks.manage_endpoints",
            "placements.configure_followups",
            "ak1.configure",
            "dashboards.view_city_dashboard",
            "dashboards.refresh_city",
            "accounts.view_members",
            "accounts.manage_members",
            "accounts.manage_invitations",
            "audit.view_trail",
            "api.manage_tokens",
        }
    ),
    PARTNER: frozenset(
        {
            "home.partner",
            "notifications.view_inbox",
            "jobseekers.register_assisted",
            "jobseekers.act_for",  # only the people of their organisation (jobseekers.selectors.job_seeker_for_actor)
            "jobseekers.view_partner_caseload",
            "assessments.conduct",
            "api.manage_tokens",
        }
    ),
    APEKSI_ANALYST: frozenset({"apeksi.home", "apeksi.view_city_profiles", "apeksi.view_dashboard"}),
    APEKSI_ADMIN: frozenset(
        {
            "apeksi.home",
            "apeksi.view_city_profiles",
            "apeksi.view_dashboard",
            "apeksi.refresh_rollups",
            "apeksi.invite_city_admin",
            "apeksi.publish_checklist",
        }
    ),
}

# Where each role lands after login (URL names); the first role in this order wins.
HOME_ORDER = (APEKSI_ADMIN, APEKSI_ANALYST, CITY_ADMIN, STAFF, PARTNER, EMPLOYER, JOB_SEEKER)
HOME_URL_NAMES = {
    JOB_SEEKER: "dashboards:home-job-seeker",
    EMPLOYER: "dashboards:home-employer",
    STAFF: "dashboards:home-staff",
    CITY_ADMIN: "dashboards:home-city-admin",
    PARTNER: "dashboards:home-partner",
    APEKSI_ANALYST: "dashboards:home-apeksi",
    APEKSI_ADMIN: "dashboards:home-apeksi",
}


def is_cross_city(permission: str) -> bool:
    return permission.startswith("apeksi.")


def _known(permission: str) -> None:
    if not any(permission in granted for granted in PERMISSIONS.values()):
        raise ValueError(f"Unknown permission {permission!r}: add it to accounts.permissions.PERMISSIONS.")


def city_roles(request: HttpRequest) -> frozenset[str]:
    """The user's roles in ``request.city`` (empty without a city or a user); cached on the request."""
    cached = getattr(request, "_portal_city_roles", None)
    if cached is not None:
        return cached
    roles: frozenset[str] = frozenset()
    user = getattr(request, "user", None)
    city = getattr(request, "city", None)
    if city is not None and user is not None and user.is_authenticated:
        from accounts.models import Membership

        roles = frozenset(Membership.objects.filter(user_id=user.pk, city_id=city.pk).values_list("role", flat=True))
    request._portal_city_roles = roles
    return roles


def cross_city_roles(user) -> frozenset[str]:
    if user is None or not user.is_authenticated or not user.cross_city_role:
        return frozenset()
    return frozenset({user.cross_city_role})


def roles_for(request: HttpRequest) -> frozenset[str]:
    """Every role the request's user holds here: city roles in ``request.city`` plus cross-city roles."""
    return city_roles(request) | cross_city_roles(getattr(request, "user", None))


def has_permission(request: HttpRequest, permission: str) -> bool:
    """True when one of the user's roles here grants ``permission``; ``ValueError`` for an unknown one."""
    _known(permission)
    roles = cross_city_roles(getattr(request, "user", None)) if is_cross_city(permission) else city_roles(request)
    return any(permission in PERMISSIONS[role] for role in roles)


def needs_mfa_setup(request: HttpRequest) -> bool:
    """True when the user must confirm a TOTP authenticator first; cached on the request.

    Required for superusers, cross-city (APEKSI) roles and anyone holding a role in
    ``MFA_REQUIRED_ROLES`` in any city (a staff member who is also a job seeker elsewhere included).
    """
    cached = getattr(request, "_portal_needs_mfa", None)
    if cached is not None:
        return cached
    user = request.user
    required = user.is_superuser or bool(user.cross_city_role) or bool(city_roles(request) & MFA_REQUIRED_ROLES)
    if not required:
        from accounts.models import Membership
        from cities.tenancy import user_context

        with user_context(user.pk):
            required = Membership.objects.filter(
                user_id=user.pk, role__in=sorted(MFA_REQUIRED_ROLES & set(CITY_ROLES))
            ).exists()
    result = required and not has_totp(user)
    request._portal_needs_mfa = result
    return result


def has_totp(user) -> bool:
    """True when ``user`` has a confirmed TOTP authenticator (allauth.mfa)."""
    from allauth.mfa.models import Authenticator

    return Authenticator.objects.filter(user_id=user.pk, type=Authenticator.Type.TOTP).exists()


def check(request: HttpRequest, permission: str) -> HttpResponse | None:
    """Apply the rule in the module docstring: ``None`` to go on, or the redirect; raises 403."""
    _known(permission)
    user = request.user
    if not user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not is_cross_city(permission) and getattr(request, "city", None) is None:
        from cities.middleware import user_city_ids

        if len(user_city_ids(user)) > 1:
            messages.info(request, _("Choose the city you are working in."))
            return redirect(f"{reverse('accounts:choose-city')}?{urlencode({'next': request.get_full_path()})}")
        raise PermissionDenied
    if not has_permission(request, permission):
        raise PermissionDenied
    if needs_mfa_setup(request):
        messages.warning(
            request,
            _("Your role gives access to personal data. Set up an authenticator app before you continue."),
        )
        return redirect(f"{reverse('mfa_activate_totp')}?{urlencode({'next': request.get_full_path()})}")
    return None


class PermissionRequiredMixin:
    """Class-based views: set ``permission_required = "<area>.<action>"`` (one of ``PERMISSIONS``)."""

    permission_required: str = ""

    def dispatch(self, request, *args, **kwargs):
        if not self.permission_required:
            raise ValueError(f"{type(self).__name__} must set permission_required.")
        response = check(request, self.permission_required)
        if response is not None:
            return response
        return super().dispatch(request, *args, **kwargs)


def permission_required(permission: str) -> Callable:
    """Function-based views: ``@permission_required("accounts.manage_invitations")``."""
    _known(permission)

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            response = check(request, permission)
            if response is not None:
                return response
            return view(request, *args, **kwargs)

        wrapped.permission_required = permission
        return wrapped

    return decorator


try:  # DRF is installed in every environment; the guard keeps this module importable on its own.
    from rest_framework.permissions import BasePermission
except ImportError:  # pragma: no cover
    BasePermission = object


class HasPortalPermission(BasePermission):
    """DRF: the view's ``permission_required`` must be granted here (403 otherwise, 401/403 anonymous).

    The API has no redirects: a missing city or TOTP set-up is a 403 with a message.
    """

    message = "You do not have permission to do this here."

    def has_permission(self, request, view) -> bool:
        permission = getattr(view, "permission_required", "")
        if not permission or not request.user or not request.user.is_authenticated:
            return False
        django_request = getattr(request, "_request", request)
        if not has_permission(django_request, permission):
            return False
        return not needs_mfa_setup(django_request)
