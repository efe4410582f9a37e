"""Template context every page needs: display preferences and the session warning (docs/ui.md)."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest

from ijc_portal.display import display_preferences_for, display_preferences_link

# Warn this many seconds before a signed-in session expires (WCAG 2.2.1 asks for at least 20 s).
SESSION_WARNING_SECONDS = 120


def ui(request: HttpRequest) -> dict:
    """``display`` (text size, contrast), ``display_preferences_link`` (a callable: the header's link, with
    ``next``), ``session_expiry_seconds`` and ``has_several_cities`` (signed in
    only; the latter a callable evaluated on use) and the contact address."""
    context = {
        "display": display_preferences_for(request),
        "display_preferences_link": lambda: display_preferences_link(request),
        "accessibility_contact_email": settings.ACCESSIBILITY_CONTACT_EMAIL,
        "session_expiry_seconds": None,
        "session_warning_seconds": SESSION_WARNING_SECONDS,
    }
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated and hasattr(request, "session"):
        context["session_expiry_seconds"] = request.session.get_expiry_age()

        def has_several_cities() -> bool:  # called by the template only where it is shown
            from cities.middleware import user_city_ids

            return len(user_city_ids(user)) > 1

        context["has_several_cities"] = has_several_cities
    return context
