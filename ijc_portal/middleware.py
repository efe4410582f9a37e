"""Requests refused before any view runs."""

from __future__ import annotations

from django.core.exceptions import BadRequest
from django.http import HttpRequest, HttpResponse


class NulInQueryMiddleware:
    """A query string with a NUL character (``?q=%00``) is a 400 Bad Request.

    No page asks for one, and PostgreSQL refuses NUL in text, so a filter or search built from such a
    value would fail with a server error. Form fields sent by POST refuse it themselves (Django's
    ``ProhibitNullCharactersValidator``, with its translated message)."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if any("\x00" in key or any("\x00" in value for value in values) for key, values in request.GET.lists()):
            raise BadRequest("NUL character in the query string")
        return self.get_response(request)
