"""One HTTP POST to a webhook endpoint, safely: checked address, pinned connection, short timeout,
no redirects, a bounded read of the answer. Uses the standard library (``http.client``): the
project pins no HTTP client, and this needs control over where the socket connects.

``post`` returns ``Response(status, duration_ms)`` or raises ``DeliveryError`` (``transient``
says whether a retry may help). 2xx is a success; 408, 429 and 5xx, timeouts and network
errors are transient; 3xx (redirects are not followed) and other 4xx are permanent; an address
that is no longer public is permanent (``UnsafeDestination``) for this delivery.
"""

from __future__ import annotations

import http.client
import socket
import ssl
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings

from webhooks.security import UnsafeDestination, resolve_public

USER_AGENT = "IJC-Portal-Webhooks/1"


@dataclass(frozen=True)
class Response:
    status: int
    duration_ms: int


class DeliveryError(Exception):
    """A failed attempt: ``status`` is the HTTP status when one came back, else ``None``."""

    def __init__(self, message: str, *, transient: bool, status: int | None = None, duration_ms: int = 0):
        super().__init__(message)
        self.transient = transient
        self.status = status
        self.duration_ms = duration_ms


class _PinnedHTTPConnection(http.client.HTTPConnection):
    """Connects to ``address`` (already checked) while sending ``Host: <host>``."""

    def __init__(self, host: str, port: int, address: str, timeout: float):
        super().__init__(host, port, timeout=timeout)
        self._address = address

    def connect(self) -> None:
        self.sock = socket.create_connection((self._address, self.port), self.timeout)


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    """TLS to ``address`` (already checked), verifying the certificate for ``host`` (SNI and name check)."""

    def __init__(self, host: str, port: int, address: str, timeout: float, context: ssl.SSLContext):
        super().__init__(host, port, timeout=timeout, context=context)
        self._address = address
        self._tls = context

    def connect(self) -> None:
        raw = socket.create_connection((self._address, self.port), self.timeout)
        self.sock = self._tls.wrap_socket(raw, server_hostname=self.host)


def _ssl_context() -> ssl.SSLContext:
    context = ssl.create_default_context()
    cafile = getattr(settings, "WEBHOOKS_CA_FILE", "")
    if cafile:
        context.load_verify_locations(cafile)
    return context


def post(url: str, body: bytes, headers: dict[str, str], *, timeout: float | None = None) -> Response:
    """POST ``body`` to ``url`` with ``headers``; ``timeout`` seconds per connect/read (default
    ``WEBHOOKS_TIMEOUT``, 5 s). Raises ``DeliveryError``; never follows a redirect."""
    timeout = timeout if timeout is not None else getattr(settings, "WEBHOOKS_TIMEOUT", 5.0)
    started = time.monotonic()

    def elapsed() -> int:
        return int((time.monotonic() - started) * 1000)

    try:
        scheme, host, port, address = resolve_public(url)
    except UnsafeDestination as error:
        raise DeliveryError(str(error), transient=False, duration_ms=elapsed()) from error
    parts = urlsplit(url)
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    if scheme == "https":
        connection = _PinnedHTTPSConnection(host, port, address, timeout, _ssl_context())
    else:
        connection = _PinnedHTTPConnection(host, port, address, timeout)
    try:
        connection.request(
            "POST",
            target,
            body=body,
            headers={
                **headers,
                "Content-Type": "application/json",
                "User-Agent": USER_AGENT,
                "Content-Length": str(len(body)),
            },
        )
        response = connection.getresponse()
        response.read(4096)  # a bounded read: we only need the status
        status = response.status
    except TimeoutError as error:
        raise DeliveryError(f"No answer within {timeout:g} s.", transient=True, duration_ms=elapsed()) from error
    except ssl.SSLError as error:
        raise DeliveryError(f"TLS failed: {error}", transient=True, duration_ms=elapsed()) from error
    except (OSError, http.client.HTTPException) as error:
        raise DeliveryError(f"Connection failed: {error}", transient=True, duration_ms=elapsed()) from error
    finally:
        connection.close()
    duration = elapsed()
    if 200 <= status < 300:
        return Response(status=status, duration_ms=duration)
    if status in (408, 429) or status >= 500:
        raise DeliveryError(f"The endpoint answered {status}.", transient=True, status=status, duration_ms=duration)
    if 300 <= status < 400:
        message = f"The endpoint answered {status} (a redirect; redirects are not followed)."
    else:
        message = f"The endpoint refused the delivery ({status})."
    raise DeliveryError(message, transient=False, status=status, duration_ms=duration)
