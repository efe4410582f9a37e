"""Admin for users, memberships, invitations and the audit trail (superusers only; see ijc_portal.admin)."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.views.main import ChangeList
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from accounts.models import Invitation, Membership, User
from cities.models import City


class DateDrillDownChangeList(ChangeList):
    """Django's date drill-down (``date_hierarchy``) turns a year too large for a date
    (``?created_at__year=10000000000``, or 9999 whose next year does not exist) into an
    ``OverflowError`` or a ``ValueError`` outside its own check: both are the invalid lookup that its
    other bad values are, which the admin answers by showing the list again with ``?e=1``."""

    def get_filters(self, request):
        try:
            return super().get_filters(request)
        except (OverflowError, ValueError) as error:
            raise IncorrectLookupParameters(error) from error


class CityOwnedAdmin(admin.ModelAdmin):
    """Admin for a tenant model: rows of the chosen city only (``/admin/kota/``); nothing without one."""

    def get_changelist(self, request, **kwargs):
        return DateDrillDownChangeList

    def get_queryset(self, request):
        if getattr(request, "city", None) is None:
            return self.model.all_cities.none()
        return super().get_queryset(request)

    def has_add_permission(self, request, *args) -> bool:
        return getattr(request, "city", None) is not None and super().has_add_permission(request, *args)


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    ordering = ["email"]
    list_display = ["email", "name", "cross_city_role", "is_superuser", "is_active", "date_joined"]
    list_filter = ["cross_city_role", "is_superuser", "is_active"]
    search_fields = ["email", "name"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Person"), {"fields": ["name", "phone", "language"]}),
        (_("Access"), {"fields": ["is_active", "cross_city_role", "is_superuser", "is_staff"]}),
        (_("Dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["email", "name", "password1", "password2"]})]
    filter_horizontal = []


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    """Memberships are visible in their city's context only (row-level security)."""

    list_display = ["user", "role", "city", "organisation", "created_at"]
    list_filter = ["role"]
    search_fields = ["user__email", "user__name"]
    raw_id_fields = ["user"]

    def get_queryset(self, request):
        if getattr(request, "city", None) is None:
            return Membership.objects.none()
        return super().get_queryset(request).filter(city_id=request.city.pk)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        # Row-level security refuses a membership written into another city than the one chosen, so
        # only that city is offered (another is "not one of the available choices").
        if db_field.name == "city" and getattr(request, "city", None) is not None:
            kwargs["queryset"] = City.objects.filter(pk=request.city.pk)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(Invitation)
class InvitationAdmin(CityOwnedAdmin):
    list_display = ["email", "role", "created_at", "expires_at", "accepted_at", "revoked_at"]
    readonly_fields = ["invited_by", "accepted_at", "accepted_by", "revoked_at", "revoked_by"]
    search_fields = ["email", "name"]

    def has_add_permission(self, request, *args) -> bool:
        return False  # invitations are sent from /kelola/undangan/ so the email goes out


class AuditLogEntryAdmin(CityOwnedAdmin):
    """The trail is read-only: nobody edits or deletes history. The changed values are not shown
    (they may be health data); the staff trail pages show which fields changed, not their values."""

    fields = ["timestamp", "action", "content_type", "object_pk", "object_repr", "actor", "remote_addr"]
    readonly_fields = fields

    list_display = ["timestamp", "action", "content_type", "object_repr", "actor", "remote_addr"]
    list_filter = ["action", "content_type"]
    search_fields = ["object_repr", "actor__email"]
    list_select_related = ["actor", "content_type"]

    def has_add_permission(self, request, *args) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
