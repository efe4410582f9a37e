"""Admin for the notification outbox: superusers only, inside a chosen city (``ijc_portal.admin``).

Read-only: the outbox is written by ``notifications.services.notify`` and the relay, never by hand
(a failed row is retried by the city admin on ``/kelola/pemberitahuan-gagal/``, which is audited).
The list filters by status, channel and kind. No message text is shown — subject, body, short text
and context name people, vacancies and sometimes a data request or a withdrawn consent (personal
data, UU 27/2022) — only the delivery facts needed to find out why something was not delivered.
"""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from accounts.admin import CityOwnedAdmin
from notifications.kinds import KINDS
from notifications.models import Notification


class KindFilter(admin.SimpleListFilter):
    title = _("kind")
    parameter_name = "kind"

    def lookups(self, request, model_admin):
        return [(code, kind.label) for code, kind in KINDS.items()]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(kind=self.value())
        return queryset


@admin.register(Notification)
class NotificationAdmin(CityOwnedAdmin):
    # An allow-list: a field added to the model later stays out until someone decides it may be shown.
    fields = [
        "kind",
        "channel",
        "status",
        "recipient",
        "language",
        "easy_read",
        "attempts",
        "next_attempt_at",
        "last_error",
        "in_digest",
        "idempotency_key",
        "created_at",
        "sent_at",
        "read_at",
        "retried_at",
        "retried_by",
        "retries",
    ]
    readonly_fields = fields
    list_display = ["created_at", "kind", "channel", "status", "attempts", "recipient", "sent_at"]
    list_filter = ["status", "channel", KindFilter]
    list_select_related = ["recipient"]
    search_fields = ["idempotency_key"]
    date_hierarchy = "created_at"
    ordering = ["-created_at", "-id"]
    show_full_result_count = False  # the outbox grows large: no second COUNT(*) per page

    def has_add_permission(self, request, *args) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
