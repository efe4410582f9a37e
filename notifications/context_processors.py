"""``unread_notifications``: a callable the header calls (so pages that don't show it pay no query)."""

from __future__ import annotations

from django.http import HttpRequest

from cities.tenancy import current_city_id


def inbox(request: HttpRequest) -> dict:
    user = getattr(request, "user", None)
    city = getattr(request, "city", None)
    if user is None or not user.is_authenticated or city is None:
        return {}

    def unread_notifications() -> int | None:
        # The template renders inside the request's city context; outside it there is no inbox to count.
        if current_city_id() != city.pk:
            return None
        from notifications.services import unread_count

        return unread_count(user)

    return {"unread_notifications": unread_notifications}
