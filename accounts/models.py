"""Users, their roles in cities, invitations and the audit trail.

- ``User`` has a single ``name`` field (many Indonesian names have no surname), logs in by email,
  and may hold a **cross-city role** (``cross_city_role``: APEKSI analyst or APEKSI admin) that
  belongs to no city — APEKSI sees aggregates only (DOMAIN.md, ARCHITECTURE.md §3).
- ``Membership`` ties a user to one city with a role (job seeker, employer member, staff, city
  admin, partner). Row-level security: see migration 0002.
- ``Invitation`` is how staff, city admins and partners join a city (single use, expiring,
  revocable; the token is stored only as its SHA-256).
- ``AuditLogEntry`` is django-auditlog's log entry made city-owned: every row carries ``city_id``
  under forced row-level security (a trail of who read a person's data is personal data itself).

The role → permission table is ``accounts.permissions``.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from auditlog.models import AbstractLogEntry, LogEntryManager
from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _
from phonenumber_field.modelfields import PhoneNumberField

from cities.models import CityOwnedModel, CityScopedManager


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra_fields) -> User:
        if not email:
            raise ValueError("Users must have an email address.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.full_clean(exclude=["password"])
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra_fields) -> User:
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email: str, password: str | None = None, **extra_fields) -> User:
        extra_fields.update(is_staff=True, is_superuser=True)
        return self._create_user(email, password, **extra_fields)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who logs in: job seeker, employer member, city staff, partner or APEKSI analyst."""

    class CrossCityRole(models.TextChoices):
        NONE = "", _("None")
        APEKSI_ANALYST = "apeksi_analyst", _("APEKSI analyst")
        APEKSI_ADMIN = "apeksi_admin", _("APEKSI administrator")

    email = models.EmailField(_("email address"), unique=True)
    name = models.CharField(_("name"), max_length=255, help_text=_("Your name as you want it written."))
    phone = PhoneNumberField(
        _("mobile number"),
        blank=True,
        region="ID",
        help_text=_("Optional, for text-message notifications. For example 0812 3456 7890."),
    )
    cross_city_role = models.CharField(
        _("cross-city role"), max_length=20, choices=CrossCityRole.choices, default="", blank=True
    )
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES, default="id")
    # Text size and contrast chosen on /tampilan/ (ijc_portal.display): {"text_size": ..., "contrast": ...}.
    display_preferences = models.JSONField(_("display preferences"), default=dict, blank=True)
    is_staff = models.BooleanField(
        _("Django admin access"), default=False, help_text=_("Only superusers use the Django admin.")
    )
    is_active = models.BooleanField(_("active"), default=True)
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)

    objects = UserManager()

    EMAIL_FIELD = "email"
    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = ["name"]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [models.UniqueConstraint(Lower("email"), name="user_email_ci_unique")]

    def __str__(self) -> str:
        return self.name or self.email

    def get_full_name(self) -> str:
        return self.name

    def get_short_name(self) -> str:
        return self.name

    @property
    def is_apeksi(self) -> bool:
        return bool(self.cross_city_role)


class Membership(models.Model):
    """A user's role in one city. Cross-city (APEKSI) roles are on ``User.cross_city_role``.

    Row-level security (migration 0002): a row is visible inside its city's context, or to its own
    user inside ``cities.tenancy.user_context`` — which is how the middleware finds a user's cities
    before any city is chosen.
    """

    class Role(models.TextChoices):
        JOB_SEEKER = "job_seeker", _("Job seeker")
        EMPLOYER = "employer", _("Employer member")
        STAFF = "staff", _("City staff (ULD/IJC officer)")
        CITY_ADMIN = "city_admin", _("City admin")
        PARTNER = "partner", _("Service-provider partner (OPDis/CSO)")

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    city = models.ForeignKey("cities.City", on_delete=models.PROTECT, related_name="+")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    organisation = models.CharField(
        _("organisation"), max_length=200, blank=True, help_text=_("For partners: the OPDis or CSO they work for.")
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["city", "user", "role"], name="membership_unique_per_city"),
        ]
        indexes = [models.Index(fields=["city", "role"], name="membership_city_role_idx")]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.city}"


INVITATION_VALID_FOR = timedelta(days=7)


def hash_token(token: str) -> str:
    """The SHA-256 hex digest under which an invitation token is stored (64 characters)."""
    return hashlib.sha256(token.encode()).hexdigest()


class Invitation(CityOwnedModel):
    """An invitation for one email address to join a city as staff, city admin or partner.

    The token (43 URL-safe characters, 256 bits) is sent by email and stored only as its SHA-256.
    An invitation is usable while it is neither accepted, revoked nor past ``expires_at``
    (``INVITATION_VALID_FOR`` after it is sent). Services: ``accounts.services``.
    """

    class Role(models.TextChoices):
        STAFF = Membership.Role.STAFF.value, Membership.Role.STAFF.label
        CITY_ADMIN = Membership.Role.CITY_ADMIN.value, Membership.Role.CITY_ADMIN.label
        PARTNER = Membership.Role.PARTNER.value, Membership.Role.PARTNER.label

    email = models.EmailField(_("email address"))
    name = models.CharField(_("name"), max_length=255)
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    organisation = models.CharField(
        _("organisation"), max_length=200, blank=True, help_text=_("For partners: the OPDis or CSO they work for.")
    )
    token_hash = models.CharField(max_length=64, editable=False)
    invited_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("sent"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires"))
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    revoked_by = models.ForeignKey(User, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    accepted_by = models.ForeignKey(User, on_delete=models.PROTECT, null=True, blank=True, related_name="+")

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["city", "token_hash"], name="invitation_token_unique_per_city"),
            models.CheckConstraint(
                condition=~(models.Q(accepted_at__isnull=False) & models.Q(revoked_at__isnull=False)),
                name="invitation_not_accepted_and_revoked",
            ),
        ]
        indexes = [models.Index(fields=["city", "email"], name="invitation_city_email_idx")]

    def __str__(self) -> str:
        return f"{self.email} · {self.get_role_display()}"

    @staticmethod
    def new_token() -> str:
        return secrets.token_urlsafe(32)

    @property
    def status(self) -> str:
        """``accepted``, ``revoked``, ``expired`` or ``pending``."""
        if self.accepted_at:
            return "accepted"
        if self.revoked_at:
            return "revoked"
        if self.expires_at <= timezone.now():
            return "expired"
        return "pending"

    def get_status_display(self) -> str:
        return {
            "accepted": _("Accepted"),
            "revoked": _("Revoked"),
            "expired": _("Expired"),
            "pending": _("Waiting for an answer"),
        }[self.status]


class AuditLogEntryManager(CityScopedManager, LogEntryManager):
    """django-auditlog's manager, scoped to the current city like every tenant manager."""


class AuditLogEntry(CityOwnedModel, AbstractLogEntry):
    """One audit event: create, update, delete (written by django-auditlog) or access (``accounts.audit``).

    ``actor`` and ``remote_addr`` come from the request (``AuditlogMiddleware``); ``city`` from the
    city context. For an access event ``additional_data`` is ``{"fields": [<group>, ...]}``.
    """

    # auditlog indexes these one by one; ours lead with city_id instead (ARCHITECTURE.md §3 "Keys").
    content_type = models.ForeignKey(
        "contenttypes.ContentType", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    object_pk = models.CharField(max_length=255)
    object_id = models.BigIntegerField(blank=True, null=True)
    action = models.PositiveSmallIntegerField(choices=AbstractLogEntry.Action.choices)
    cid = models.CharField(max_length=255, blank=True, null=True)  # noqa: DJ001 - as auditlog defines it
    timestamp = models.DateTimeField(default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, blank=True, null=True, related_name="+", db_index=False
    )

    all_cities = models.Manager()  # escape hatch: see CityOwnedModel
    objects = AuditLogEntryManager()

    # Names of the sensitive field groups an access entry can name (accounts.audit.SENSITIVE_GROUPS).
    GROUP_LABELS = {
        "functioning": _("functioning (WG-SS answers)"),
        "disability": _("disability"),
        "needs": _("accommodation needs"),
        "documents": _("documents"),
        "identity": _("identity"),
    }

    # What an entry records, as the trail pages say it (django-auditlog's labels have no Indonesian).
    ACTION_LABELS = {
        AbstractLogEntry.Action.CREATE: _("created"),
        AbstractLogEntry.Action.UPDATE: _("changed"),
        AbstractLogEntry.Action.DELETE: _("deleted"),
        AbstractLogEntry.Action.ACCESS: _("viewed"),
    }
    # Names of fields without a verbose name of their own (Django then uses the name with spaces):
    # ``changed_fields`` translates them through the catalogue, which holds them by this list.
    PLAIN_FIELD_NAMES = (
        gettext_noop("city"),
        gettext_noop("user"),
        gettext_noop("created at"),
        gettext_noop("updated at"),
        gettext_noop("work arrangements"),
        gettext_noop("assistive devices"),
        gettext_noop("communication needs"),
    )

    @property
    def action_label(self) -> str:
        """The entry's action in the active language: created, changed, deleted or viewed."""
        return str(self.ACTION_LABELS.get(self.action, self.get_action_display()))

    @property
    def changed_fields(self) -> list[str]:
        """The names (verbose, translated) of the fields an entry changed, never their values.

        The trail page shows only these. django-auditlog's ``changes_display_dict`` also formats the
        values, and fails on a multiple-choice array field whose choices are lazy translations (ragam,
        work arrangements, assistive devices, communication needs): it joins the lazy labels as str.
        """
        from django.core.exceptions import FieldDoesNotExist

        model = self.content_type.model_class()
        names = []
        for name in self.changes_dict:
            try:
                field = model._meta.get_field(name)
            except (FieldDoesNotExist, AttributeError):  # a field or model removed since: its stored name
                names.append(name)
                continue
            if hasattr(field, "verbose_name"):  # reverse relations, which auditlog lists too, have none
                label = field.verbose_name
                # A plain ``str`` is Django's default name (``PLAIN_FIELD_NAMES``); a lazy one is translated.
                names.append(gettext(label) if isinstance(label, str) else str(label))
        return names

    @property
    def groups_display(self) -> str:
        """The field groups of an access entry, translated and comma-separated ("" for other entries)."""
        groups = (self.additional_data or {}).get("fields", [])
        return ", ".join(str(self.GROUP_LABELS.get(group, group)) for group in groups)

    class Meta(AbstractLogEntry.Meta):
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit trail")
        default_manager_name = "objects"
        base_manager_name = "all_cities"
        indexes = [
            models.Index(fields=["city", "content_type", "object_pk", "-timestamp"], name="audit_object_idx"),
            models.Index(fields=["city", "-timestamp"], name="audit_city_time_idx"),
            models.Index(fields=["city", "actor", "-timestamp"], name="audit_city_actor_idx"),
        ]


#: How long a form draft is kept after it was last saved (``accounts.drafts``).
FORM_DRAFT_KEPT_FOR = timedelta(days=30)


class FormDraft(CityOwnedModel):
    """What someone typed into a long form and has not saved yet (``accounts.drafts``).

    One row per user, form and object (``object_id`` 0 for a form that creates one): the submitted
    fields as ``{name: [values]}`` (a ``QueryDict``'s lists; no passwords, tokens or files). Kept
    ``FORM_DRAFT_KEPT_FOR`` after ``saved_at``; deleted when the form is saved or the person
    discards it.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    form_key = models.CharField(max_length=200)
    object_id = models.BigIntegerField(default=0)
    data = models.JSONField(default=dict)
    saved_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("form draft")
        verbose_name_plural = _("form drafts")
        constraints = [
            models.UniqueConstraint(fields=["city", "user", "form_key", "object_id"], name="formdraft_one_per_form"),
        ]
        indexes = [models.Index(fields=["city", "saved_at"], name="formdraft_city_saved_idx")]

    def __str__(self) -> str:
        return f"{self.form_key} #{self.object_id}"

    @property
    def expires_at(self):
        return self.saved_at + FORM_DRAFT_KEPT_FOR
