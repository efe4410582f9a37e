"""Request metadata for the audit trail, taken only from sources the client cannot write."""

from __future__ import annotations

import ipaddress

from auditlog.middleware import AuditlogMiddleware
from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str | None:
    """The client's IP address: ``REMOTE_ADDR``, or behind ``TRUSTED_PROXY_COUNT`` proxies the entry
    of ``X-Forwarded-For`` that the outermost trusted proxy wrote (counted from the right; the
    entries to its left are written by the client and never trusted). ``None`` when malformed.

    The same count is given to allauth (``ALLAUTH_TRUSTED_PROXY_COUNT``) for its login rate limits.
    """
    count = settings.TRUSTED_PROXY_COUNT
    candidate = request.META.get("REMOTE_ADDR")
    forwarded = request.headers.get("X-Forwarded-For")
    if count > 0 and forwarded:
        hops = [hop.strip() for hop in forwarded.split(",")]
        candidate = hops[-count] if len(hops) >= count else None
    try:
        return str(ipaddress.ip_address(candidate)) if candidate else None
    except ValueError:
        return None


class AuditMiddleware(AuditlogMiddleware):
    """django-auditlog's middleware (actor and IP on every entry) without trusting client headers:
    the IP comes from ``client_ip`` and the port is not recorded (any client can set
    ``X-Forwarded-Port``)."""

    @staticmethod
    def _get_remote_addr(request):
        return client_ip(request)

    @staticmethod
    def _get_remote_port(request):
        return None
