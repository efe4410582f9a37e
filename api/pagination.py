"""Page-number pagination: ``?page=2&page_size=100`` (at most ``MAX_PAGE_SIZE``)."""

from __future__ import annotations

from rest_framework.pagination import PageNumberPagination


class PortalPagination(PageNumberPagination):
    """``{"count": int, "next": url|null, "previous": url|null, "results": [...]}``; 50 a page, at most 200.

    A page past the last is a 404 (``not_found``).
    """

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
