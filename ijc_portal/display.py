"""The reader's display preference: text size and contrast (WCAG 2.2 SC 1.4.4 Resize Text, 1.4.6 Contrast).

Remembered per user (``User.display_preferences``) when signed in, and per browser (the
``ijc_display`` cookie) always, so the choice survives signing out and works for anonymous
visitors. The cookie holds only the two choices (``"large.high"``), no personal data; it is
described in the privacy notice.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote, unquote, urlsplit

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _

COOKIE_NAME = "ijc_display"
COOKIE_MAX_AGE = 365 * 24 * 60 * 60  # one year, in seconds

TEXT_SIZES = [
    ("normal", _("Normal")),
    ("large", _("Large")),
    ("larger", _("Very large")),
]
CONTRASTS = [
    ("standard", _("Standard")),
    ("high", _("High contrast (light text on black)")),
]
_TEXT_SIZE_VALUES = {value for value, _label in TEXT_SIZES}
_CONTRAST_VALUES = {value for value, _label in CONTRASTS}


@dataclass(frozen=True)
class DisplayPreferences:
    text_size: str = "normal"
    contrast: str = "standard"

    @classmethod
    def from_values(cls, text_size: object, contrast: object) -> DisplayPreferences:
        """Build from untrusted values; anything unknown falls back to the default."""
        return cls(
            text_size=text_size if text_size in _TEXT_SIZE_VALUES else "normal",
            contrast=contrast if contrast in _CONTRAST_VALUES else "standard",
        )

    @classmethod
    def from_cookie(cls, raw: str | None) -> DisplayPreferences:
        text_size, _dot, contrast = (raw or "").partition(".")
        return cls.from_values(text_size, contrast)

    def as_cookie(self) -> str:
        return f"{self.text_size}.{self.contrast}"

    def as_dict(self) -> dict[str, str]:
        return {"text_size": self.text_size, "contrast": self.contrast}

    @property
    def is_default(self) -> bool:
        return self == DisplayPreferences()


def display_preferences_for(request: HttpRequest) -> DisplayPreferences:
    """The signed-in user's saved choice, else this browser's cookie, else the defaults."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated and user.display_preferences:
        saved = user.display_preferences
        return DisplayPreferences.from_values(saved.get("text_size"), saved.get("contrast"))
    return DisplayPreferences.from_cookie(request.COOKIES.get(COOKIE_NAME))


def display_preferences_save(*, request: HttpRequest, response: HttpResponse, preferences: DisplayPreferences) -> None:
    """Remember ``preferences`` on the user (when signed in) and in this browser's cookie."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        user.display_preferences = preferences.as_dict()
        user.save(update_fields=["display_preferences"])
    response.set_cookie(
        COOKIE_NAME,
        preferences.as_cookie(),
        max_age=COOKIE_MAX_AGE,
        httponly=True,
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
    )


def display_return_url(request: HttpRequest, candidate: str | None) -> str | None:
    """``candidate`` when it is a page of this site other than the display preferences page, else None.

    The preferences form sends the person back there. Refusing the preferences page itself keeps its
    link from nesting ``?next=/tampilan/?next=…``; refusing other hosts prevents open redirects."""
    if not candidate or not url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return None
    path = unquote(urlsplit(candidate).path)
    if not path.startswith("/") or path.rstrip("/") == reverse("display-preferences").rstrip("/"):
        return None
    return candidate


def display_preferences_link(request: HttpRequest) -> str:
    """The header's "Text size and contrast" link: ``next`` is the current page, or on the preferences
    page the page the person came from (never the preferences page itself)."""
    url = reverse("display-preferences")
    if request.path == url:
        back = display_return_url(request, request.GET.get("next"))
    else:
        back = display_return_url(request, request.get_full_path())
    return f"{url}?next={quote(back, safe='/')}" if back else url
