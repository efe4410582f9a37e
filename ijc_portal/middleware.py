"""Requests refused before any view runs."""

from __future__ import annotations

from django.core.exceptions import BadRequest
from django.http import HttpRequest, HttpResponse
from django.urls import reverse


class NulInAdminQueryMiddleware:
    """A query string with a NUL character (``?q=%00``) sent to the Django admin is a 400 Bad Request.

    The admin's list filters, search and date drill-down put query values straight into the query,
    and PostgreSQL refuses NUL in text, so such a value would fail with a server error. Our own pages
    and the API read their query through forms, filter sets and serializers, which refuse NUL with a
    translated message (Django's ``ProhibitNullCharactersValidator``), so they are left to do that."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response
        self.admin_prefix = None

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if self.admin_prefix is None:
            self.admin_prefix = reverse("admin:index")
        if request.path.startswith(self.admin_prefix) and any(
            "\x00" in key or any("\x00" in value for value in values) for key, values in request.GET.lists()
        ):
            raise BadRequest("NUL character in the query string")
        return self.get_response(request)
