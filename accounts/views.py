"""Account pages of our own (allauth serves login, sign-up, email, password and MFA pages).

- ``/akun/profil/`` profile (name, mobile number, language); ``/akun/kota/`` choose the active city;
- ``/kota/<city>/undangan/<token>/`` accept an invitation (the token is the key: 256 bits);
- ``/kelola/anggota/`` and ``/kelola/undangan/``: a city admin's members and invitations;
- ``/apeksi/undangan/``: the APEKSI admin invites a city's first city admin;
- ``/kelola/jejak-audit/<model>/<pk>/``: the audit trail of one record of the current city.
"""

from __future__ import annotations

from allauth.account.internal.flows.login import record_authentication
from django.apps import apps
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts import audit, services
from accounts.forms import (
    AcceptInvitationForm,
    ChooseCityForm,
    CityAdminInvitationForm,
    InvitationForm,
    ProfileForm,
)
from accounts.models import Invitation, Membership
from accounts.permissions import has_permission, permission_required
from cities.middleware import ACTIVE_CITY_SESSION_KEY, user_city_ids
from cities.models import City
from cities.redirects import safe_next_url

# Models whose trail may be opened (``<model>`` URL part: app_label.model_name), and the permission
# each needs besides ``audit.view_trail`` — the one that shows the record itself.
TRAIL_MODELS = {
    "jobseekers.jobseeker": "jobseekers.view_list",
    "accounts.invitation": "accounts.manage_invitations",
    "accounts.membership": "accounts.view_members",
}
# Roles listed by name on /kelola/anggota/; job seekers and employer members are only counted there
# (being registered at a disability job center is itself sensitive).
LISTED_ROLES = (Membership.Role.STAFF, Membership.Role.CITY_ADMIN, Membership.Role.PARTNER)


@login_required
@require_http_methods(["GET", "POST"])
def profile(request: HttpRequest) -> HttpResponse:
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        translation.activate(user.language)
        response = redirect("accounts:profile")
        response.set_cookie("django_language", user.language, samesite="Lax", max_age=365 * 24 * 3600)
        messages.success(request, _("Your profile is saved."))
        return response
    context = {"form": form, "can_manage_api_tokens": has_permission(request, "api.manage_tokens")}
    return TemplateResponse(request, "accounts/profile.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def choose_city(request: HttpRequest) -> HttpResponse:
    """Pick the active city among the user's memberships; kept in the session for the middleware."""
    city_ids = user_city_ids(request.user)
    cities = list(City.objects.filter(pk__in=city_ids).order_by("name"))
    form = ChooseCityForm(
        request.POST or None, cities=cities, initial={"city": request.session.get(ACTIVE_CITY_SESSION_KEY)}
    )
    next_url = safe_next_url(
        request, request.POST.get("next") or request.GET.get("next"), reverse("dashboards:role-home")
    )
    if request.method == "POST" and form.is_valid():
        request.session[ACTIVE_CITY_SESSION_KEY] = form.cleaned_data["city"]
        chosen = next(city for city in cities if city.pk == form.cleaned_data["city"])
        messages.success(request, _("You are now working in %(city)s.") % {"city": chosen.name})
        return redirect(next_url)
    return TemplateResponse(request, "accounts/choose_city.html", {"form": form, "cities": cities, "next": next_url})


@require_http_methods(["GET", "POST"])
def invitation_accept(request: HttpRequest, city_slug: str, token: str) -> HttpResponse:
    """Runs in the invitation's city (from the URL). Unusable links get a 410 page saying why."""
    invitation = services.invitation_find(token=token)
    context = {"invitation": invitation, "city": request.city}
    try:
        services.invitation_check(invitation)
    except services.AccountError as error:
        context["problem"] = str(error)
        return TemplateResponse(
            request, "accounts/invitation_problem.html", context, status=404 if invitation is None else 410
        )

    user = request.user
    if user.is_authenticated:
        if user.email.lower() != invitation.email.lower():
            context["problem"] = _("This invitation is for another email address. Sign out, then open the link again.")
            return TemplateResponse(request, "accounts/invitation_problem.html", context, status=403)
        if request.method == "POST":
            try:
                services.invitation_accept(invitation=invitation, user=user)
            except services.AccountError as error:
                context["problem"] = str(error)
                return TemplateResponse(request, "accounts/invitation_problem.html", context, status=410)
            request.session[ACTIVE_CITY_SESSION_KEY] = invitation.city_id
            messages.success(request, _("Welcome to %(city)s. Your new role is ready.") % {"city": request.city.name})
            return redirect("dashboards:role-home")
        return TemplateResponse(request, "accounts/invitation_accept.html", context)

    from accounts.models import User

    if User.objects.filter(email__iexact=invitation.email).exists():
        context["login_url"] = f"{reverse('account_login')}?next={request.path}"
        return TemplateResponse(request, "accounts/invitation_sign_in.html", context)
    form = AcceptInvitationForm(request.POST or None, email=invitation.email, initial={"name": invitation.name})
    if request.method == "POST" and form.is_valid():
        try:
            user = services.user_create_from_invitation(
                invitation=invitation,
                name=form.cleaned_data["name"],
                password=form.cleaned_data["password1"],
                language=translation.get_language(),
            )
        except services.AccountError as error:
            context["problem"] = str(error)
            return TemplateResponse(request, "accounts/invitation_problem.html", context, status=410)
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        # Tell allauth a password was just given, so setting up TOTP does not ask for it again.
        record_authentication(request, user, method="password", email=user.email)
        request.session[ACTIVE_CITY_SESSION_KEY] = invitation.city_id
        messages.success(request, _("Your account is ready. Next, set up an authenticator app to protect it."))
        return redirect("dashboards:role-home")
    context["form"] = form
    return TemplateResponse(request, "accounts/invitation_sign_up.html", context)


@permission_required("accounts.view_members")
def member_list(request: HttpRequest) -> HttpResponse:
    in_city = Membership.objects.filter(city_id=request.city.pk)
    memberships = in_city.filter(role__in=LISTED_ROLES).select_related("user").order_by("role", "user__name")
    page = Paginator(memberships, 50).get_page(request.GET.get("page"))
    counts = {
        "job_seekers": in_city.filter(role=Membership.Role.JOB_SEEKER).count(),
        "employers": in_city.filter(role=Membership.Role.EMPLOYER).count(),
    }
    return TemplateResponse(request, "accounts/member_list.html", {"page_obj": page, "counts": counts})


@require_POST
@permission_required("accounts.manage_members")
def member_remove(request: HttpRequest, pk: int) -> HttpResponse:
    membership = get_object_or_404(Membership, pk=pk, city_id=request.city.pk)
    if membership.role in (Membership.Role.JOB_SEEKER, Membership.Role.EMPLOYER):
        raise Http404  # job seekers and employer members leave through their own account pages
    try:
        services.membership_remove(actor=request.user, membership=membership)
    except services.AccountError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("%(name)s no longer has this role.") % {"name": membership.user.name})
    return redirect("accounts:member-list")


@permission_required("accounts.manage_invitations")
@require_http_methods(["GET", "POST"])
def invitation_list(request: HttpRequest) -> HttpResponse:
    form = InvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            invitation, _token = services.invitation_send(actor=request.user, city=request.city, **form.cleaned_data)
        except services.AccountError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The invitation was sent to %(email)s.") % {"email": invitation.email})
            return redirect("accounts:invitation-list")
    invitations = Invitation.objects.select_related("invited_by").order_by("-created_at")
    page = Paginator(invitations, 50).get_page(request.GET.get("page"))
    return TemplateResponse(request, "accounts/invitation_list.html", {"form": form, "page_obj": page})


@require_POST
@permission_required("accounts.manage_invitations")
def invitation_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    invitation = get_object_or_404(Invitation.objects, pk=pk)
    try:
        services.invitation_revoke(actor=request.user, invitation=invitation)
    except services.AccountError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The invitation to %(email)s was revoked.") % {"email": invitation.email})
    return redirect("accounts:invitation-list")


@permission_required("apeksi.invite_city_admin")
@require_http_methods(["GET", "POST"])
def city_admin_invite(request: HttpRequest) -> HttpResponse:
    """APEKSI admin: invite the first city admin of a city (the service enters that city's context)."""
    form = CityAdminInvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.invitation_send(
                actor=request.user,
                city=data["city"],
                email=data["email"],
                name=data["name"],
                role=Invitation.Role.CITY_ADMIN,
            )
        except services.AccountError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _("The invitation to be city admin of %(city)s was sent to %(email)s.")
                % {"city": data["city"].name, "email": data["email"]},
            )
            return redirect("accounts:city-admin-invite")
    return TemplateResponse(request, "accounts/city_admin_invite.html", {"form": form})


@permission_required("audit.view_trail")
def audit_trail(request: HttpRequest, model: str, pk: int) -> HttpResponse:
    """Every audit entry of one record of the current city; another city's record is a 404."""
    if model not in TRAIL_MODELS:
        raise Http404
    if not has_permission(request, TRAIL_MODELS[model]):
        raise PermissionDenied
    model_class = apps.get_model(model)
    manager = model_class._default_manager
    obj = get_object_or_404(manager.filter(city_id=request.city.pk), pk=pk)
    entries = Paginator(audit.trail(obj), 50).get_page(request.GET.get("page"))
    return TemplateResponse(
        request,
        "accounts/audit_trail.html",
        {"object": obj, "model_name": model_class._meta.verbose_name, "page_obj": entries},
    )
