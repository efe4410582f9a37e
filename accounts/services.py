"""Every write of the accounts app: memberships, invitations, the first APEKSI admin.

Services are keyword-only and atomic; the ones that touch a city enter its context themselves
(``cities.tenancy.city_context``), so views, commands and tests call them the same way.
Errors a user can cause raise ``AccountError`` with a translated message to show as is.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.models import INVITATION_VALID_FOR, Invitation, Membership, User, hash_token
from cities.models import City
from cities.tenancy import city_context, require_city_id, user_context

#: Erased accounts get ``<id>@`` this as their email: unique (the column must be), reserved by RFC 2606
#: so it can never be anybody's address, and leaving the person's own address free to sign up again.
ERASED_EMAIL_DOMAIN = "erased.invalid"


class AccountError(Exception):
    """A refusal to show the user: ``str(error)`` is the translated message."""


def member_register(*, user: User, city: City, role: str, organisation: str = "") -> Membership:
    """Give ``user`` the city ``role`` in ``city`` (idempotent: returns the existing membership).

    Raises ``AccountError`` for an inactive city or a role that is not a city role.
    """
    if role not in Membership.Role.values:
        raise AccountError(_("This role does not exist."))
    if not city.is_active:
        raise AccountError(_("This city does not use the portal yet."))
    with city_context(city):
        membership, _created = Membership.objects.get_or_create(
            user=user, city=city, role=role, defaults={"organisation": organisation}
        )
    return membership


@transaction.atomic
def member_sign_up(*, user: User, city: City, role: str) -> Membership:
    """The membership of a person signing up (``accounts.forms.SignupForm``): ``member_register``, then
    ``accounts.signals.member_signed_up`` in the same transaction and city context (jobseekers creates
    the profile of a job seeker). Raises ``AccountError`` as ``member_register`` does."""
    from accounts.signals import member_signed_up

    membership = member_register(user=user, city=city, role=role)
    with city_context(city):
        member_signed_up.send(sender=Membership, membership=membership, user=user)
    return membership


def membership_remove(*, actor: User, membership: Membership) -> None:
    """Remove a membership (in its city's context). A city must keep at least one city admin."""
    with city_context(membership.city_id):
        if membership.role == Membership.Role.CITY_ADMIN:
            others = Membership.objects.filter(city_id=membership.city_id, role=Membership.Role.CITY_ADMIN).exclude(
                pk=membership.pk
            )
            if not others.exists():
                raise AccountError(_("A city needs at least one city admin. Invite another one first."))
        membership.delete()


def _invitation_url(invitation: Invitation, token: str) -> str:
    city = City.objects.get(pk=invitation.city_id)
    path = reverse("accounts:invitation-accept", kwargs={"city_slug": city.slug, "token": token})
    return f"{settings.PORTAL_BASE_URL}{path}"


def invitation_send(
    *, actor: User, city: City, email: str, name: str, role: str, organisation: str = ""
) -> tuple[Invitation, str]:
    """Create an invitation in ``city`` and email its link (after commit); returns it and the token.

    A pending invitation for the same address and role is revoked first, so only the newest link
    works. Raises ``AccountError`` for an inactive city or an address that already has the role.
    """
    if not city.is_active:
        raise AccountError(_("This city does not use the portal yet."))
    email = User.objects.normalize_email(email).lower()
    token = Invitation.new_token()
    now = timezone.now()
    with city_context(city):
        existing = User.objects.filter(email__iexact=email).first()
        if existing and Membership.objects.filter(user=existing, city=city, role=role).exists():
            raise AccountError(_("This person already has this role in the city."))
        Invitation.objects.filter(email=email, role=role, accepted_at=None, revoked_at=None).update(
            revoked_at=now, revoked_by=actor
        )
        invitation = Invitation(
            email=email,
            name=name,
            role=role,
            organisation=organisation,
            token_hash=hash_token(token),
            invited_by=actor,
            created_at=now,
            expires_at=now + INVITATION_VALID_FOR,
        )
        invitation.full_clean()
        invitation.save()
        url = _invitation_url(invitation, token)
        context = {"invitation": invitation, "city": city, "url": url, "actor": actor}
        language = existing.language if existing else translation.get_language()

        def notify() -> None:
            with translation.override(language):
                subject = render_to_string("emails/invitation_subject.txt", context).strip()
                body = render_to_string("emails/invitation.txt", context)
            send_mail(subject, body, None, [email])

        transaction.on_commit(notify)
    return invitation, token


def invitation_revoke(*, actor: User, invitation: Invitation) -> None:
    """Revoke a pending invitation of the current city; ``AccountError`` when it is no longer pending."""
    if invitation.status != "pending":
        raise AccountError(_("Only an invitation that is still waiting for an answer can be revoked."))
    invitation.revoked_at = timezone.now()
    invitation.revoked_by = actor
    invitation.save(update_fields=["revoked_at", "revoked_by"])


def invitation_find(*, token: str) -> Invitation | None:
    """The invitation of the current city with this token, in any status; ``None`` when unknown."""
    if not token or len(token) > 100:
        return None
    return Invitation.objects.filter(token_hash=hash_token(token)).first()


def invitation_check(invitation: Invitation | None) -> None:
    """Raise ``AccountError`` with the reason when ``invitation`` cannot be used."""
    if invitation is None:
        raise AccountError(_("This invitation link is not valid. Check that you copied the whole link."))
    reasons = {
        "accepted": _("This invitation has already been used. Sign in with the account that accepted it."),
        "revoked": _("This invitation was withdrawn by the city. Ask the city admin for a new one."),
        "expired": _("This invitation has expired. Ask the city admin to send a new one."),
    }
    if invitation.status in reasons:
        raise AccountError(reasons[invitation.status])


@transaction.atomic
def invitation_accept(*, invitation: Invitation, user: User) -> Membership:
    """Use ``invitation`` (current city) for ``user``: the membership is created, the invitation closed.

    Single use: the row is locked and re-checked, so two simultaneous accepts cannot both succeed.
    Raises ``AccountError`` when the invitation is unusable or addressed to another email.
    """
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    invitation_check(invitation)
    if user.email.lower() != invitation.email.lower():
        raise AccountError(_("This invitation is for another email address. Sign out, then open the link again."))
    membership = member_register(
        user=user,
        city=City.objects.get(pk=invitation.city_id),
        role=invitation.role,
        organisation=invitation.organisation,
    )
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    return membership


@transaction.atomic
def user_create_from_invitation(*, invitation: Invitation, name: str, password: str, language: str) -> User:
    """Create the invited person's account (email counts as verified: the link reached it) and accept."""
    from allauth.account.models import EmailAddress

    invitation_check(invitation)
    if User.objects.filter(email__iexact=invitation.email).exists():
        raise AccountError(_("An account with this email address exists. Sign in to accept the invitation."))
    user = User.objects.create_user(email=invitation.email, password=password, name=name, language=language)
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    invitation_accept(invitation=invitation, user=user)
    return user


@transaction.atomic
def apeksi_admin_create(*, email: str, name: str, password: str) -> User:
    """Create (or promote) the APEKSI administrator: a superuser with the cross-city admin role.

    Used by ``manage.py create_apeksi_admin`` at deployment. The email counts as verified. Raises
    ``ValidationError`` for a weak password or a malformed address.
    """
    from allauth.account.models import EmailAddress
    from django.contrib.auth import password_validation

    UserModel = get_user_model()
    email = UserModel.objects.normalize_email(email).lower()
    user = UserModel.objects.filter(email__iexact=email).first()
    password_validation.validate_password(password, user or UserModel(email=email, name=name))
    if user is None:
        user = UserModel.objects.create_superuser(email=email, password=password, name=name)
    else:
        user.is_superuser = user.is_staff = True
        user.name = name or user.name
        user.set_password(password)
    user.cross_city_role = User.CrossCityRole.APEKSI_ADMIN
    user.full_clean(exclude=["password"])
    user.save()
    EmailAddress.objects.update_or_create(user=user, email=email, defaults={"verified": True, "primary": True})
    return user


def cross_city_role_set(*, user: User, role: str) -> User:
    """Give ``user`` a cross-city (APEKSI) role, or none with ``""``; ``ValidationError`` otherwise."""
    if role not in User.CrossCityRole.values:
        raise ValidationError(_("This role does not exist."))
    user.cross_city_role = role
    user.save(update_fields=["cross_city_role"])
    return user


def user_sessions_end(*, user: User) -> int:
    """Delete every unexpired session signed in as ``user``; returns how many.

    Sessions live in the database (``SESSION_ENGINE``) with no index by user, so each unexpired
    session is decoded once and matched on the user id Django keeps in it (``SESSION_KEY``). A
    session of a user whose password hash changed is refused by Django anyway; deleting it also
    removes what the session held (the active city, an import waiting for its commit).
    """
    from django.contrib.auth import SESSION_KEY
    from django.contrib.sessions.models import Session

    wanted = str(user.pk)
    ended = [
        session.session_key
        for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator(chunk_size=2000)
        if str(session.get_decoded().get(SESSION_KEY)) == wanted
    ]
    Session.objects.filter(session_key__in=ended).delete()
    return len(ended)


def _close_login(user: User) -> None:
    """Make ``user`` unable to sign in and erase the identifiers the account holds (see ``account_erase``)."""
    from allauth.account.models import EmailAddress
    from allauth.mfa.models import Authenticator
    from django.apps import apps

    from accounts import audit

    EmailAddress.objects.filter(user=user).delete()  # their confirmations go with them (cascade)
    Authenticator.objects.filter(user=user).delete()  # TOTP and recovery codes
    if apps.is_installed("allauth.socialaccount"):  # not installed today; a social login is an identifier too
        from allauth.socialaccount.models import SocialAccount

        SocialAccount.objects.filter(user=user).delete()
    user_sessions_end(user=user)
    user.email = f"{user.pk}@{ERASED_EMAIL_DOMAIN}"
    user.name = ""
    user.phone = ""
    user.set_unusable_password()
    user.is_active = False
    user.last_login = None
    user.display_preferences = {}
    user.save()
    audit.forget_actor_email(user)


@transaction.atomic
def account_erase(*, actor: User | None, user: User, role: str) -> bool:
    """The account side of carrying out a deletion request (UU 27/2022 art. 8), in the current city.

    ``user``'s ``role`` membership here is removed. When the account then belongs to nothing else —
    no membership in any city, no cross-city role, not a superuser or admin user — the login is closed
    and its identifiers erased: inactive, unusable password, name and phone blank, email replaced by
    ``<id>@erased.invalid`` (so the address may sign up again, as a new person), allauth's email
    addresses and MFA authenticators (TOTP, recovery codes) deleted, every session ended, the email
    removed from this city's audit entries the person wrote; then ``accounts.signals.account_closed``
    is sent (api revokes the tokens, notifications cancels what was not sent). Returns ``True`` when
    the login was closed, ``False`` when it was kept because another city or role still uses it (that
    city's data is not this city's to erase; only the membership here goes).

    Must run inside the city's context (``NoCityContextError`` otherwise); one transaction with the
    caller's. The removed membership's audit entries keep the event but no longer name the user.
    """
    from accounts import audit
    from accounts.signals import account_closed

    city_id = require_city_id()
    user = User.objects.select_for_update().get(pk=user.pk)
    here = list(Membership.objects.filter(user_id=user.pk, city_id=city_id, role=role))
    removed = [membership.pk for membership in here]
    with user_context(user.pk):
        elsewhere = Membership.objects.filter(user_id=user.pk).exclude(pk__in=removed).exists()
    keep = elsewhere or user.is_superuser or user.is_staff or bool(user.cross_city_role)
    if not keep:
        _close_login(user)
    for membership in here:
        membership.delete()
    audit.redact(audit.entries_about(Membership, removed), fields=["user"], object_repr=audit.REDACTED)
    if not keep:
        account_closed.send(sender=User, user=user, actor=actor)
    return not keep
