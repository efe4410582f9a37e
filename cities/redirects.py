"""Redirect targets taken from user input (a ``next`` parameter), kept on this site.

Low in the layers so every app's views can use it: the account pages, the display preference
and the admin's city chooser.
"""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme


def safe_next_url(request: HttpRequest, candidate: str | None, default: str) -> str:
    """``candidate`` when it is a local URL on this site, else ``default`` (no open redirects)."""
    # A local URL is a path ("/..."): a bare word such as "abc" would be taken by ``redirect`` for the
    # name of a view to reverse, which fails.
    if (
        candidate
        and (candidate.startswith("/") or "://" in candidate)
        and url_has_allowed_host_and_scheme(
            candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
    ):
        return candidate
    return default
