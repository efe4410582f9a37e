"""Users and their memberships of cities.

``User`` has a single ``name`` field (many Indonesian names have no surname) and logs in by email.
``Membership`` ties a user to a city with a role; APEKSI analysts hold a membership with no city.
Invitations, the role → permission table, MFA and the audit trail come with the accounts issue.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


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

    email = models.EmailField(_("email address"), unique=True)
    name = models.CharField(_("name"), max_length=255, help_text=_("Your name as you want it written."))
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


class Membership(models.Model):
    """A user's role in one city (or, for APEKSI analysts, across cities with ``city`` empty).

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
        APEKSI = "apeksi", _("APEKSI analyst")

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    city = models.ForeignKey("cities.City", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["city", "user", "role"], name="membership_unique_per_city"),
            models.UniqueConstraint(
                fields=["user", "role"], condition=models.Q(city__isnull=True), name="membership_unique_cross_city"
            ),
            models.CheckConstraint(
                condition=models.Q(role="apeksi", city__isnull=True)
                | (~models.Q(role="apeksi") & models.Q(city__isnull=False)),
                name="membership_city_matches_role",
            ),
        ]
        indexes = [models.Index(fields=["city", "role"], name="membership_city_role_idx")]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.city or 'APEKSI'}"
