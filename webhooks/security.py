"""Webhook security: where the portal may send (SSRF guard), the endpoint secrets, and signatures.

**Destinations** (``check_url`` / ``resolve_public``): only ``https://`` URLs whose host resolves
to public addresses only. Private (RFC 1918, fc00::/7), loopback, link-local (169.254/16, which
holds cloud metadata services, and fe80::/10), multicast, reserved, unspecified, carrier-grade NAT
(100.64/10) and other non-global addresses are refused — at registration *and* again at every
delivery, since DNS can change. The delivery connects to the address it checked (no second lookup:
no DNS rebinding between check and connect) and never follows redirects. For tests and local
development, ``http://`` to a loopback address is allowed only when ``WEBHOOKS_ALLOW_LOOPBACK`` is
true, never because ``DEBUG`` is on, and never with production settings (``IJC_ENV=production``
forces the setting off, and this module checks ``PRODUCTION`` again).

**Secrets**: 32 random bytes (256 bits, ``secrets.token_urlsafe``), prefixed ``whsec_``. Stored
encrypted with Fernet (AES-128-CBC + HMAC-SHA256, ``cryptography``), key derived from
``SECRET_KEY`` by HKDF-SHA256; ``SECRET_KEY_FALLBACKS`` still decrypt after a key rotation.

**Signature** (``sign``): ``X-IJC-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret,
"<t>.<body>")>``, the scheme of Stripe and Svix; receivers recompute it over the raw body and reject
timestamps older than a few minutes (replay). ``verify`` is the receiver's side, for tests and docs.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import secrets
import socket
import time
from urllib.parse import urlsplit

from cryptography.fernet import InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from cities.crypto import key_ring

SIGNATURE_HEADER = "X-IJC-Signature"
SECRET_PREFIX = "whsec_"  # noqa: S105 - a prefix, not a secret


class UnsafeDestination(ValueError):
    """The URL may not receive webhooks (scheme, host or resolved address); ``str()`` says why."""


# --- Destinations -----------------------------------------------------------------------------------
def _loopback_allowed() -> bool:
    """Only the explicit setting, and never in production: DEBUG alone is not a reason to reach this machine."""
    return bool(getattr(settings, "WEBHOOKS_ALLOW_LOOPBACK", False)) and not getattr(settings, "PRODUCTION", False)


def _is_public(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    if isinstance(address, ipaddress.IPv6Address):
        # An IPv4 address carried inside IPv6 (mapped ::ffff:a.b.c.d, 6to4 2002:AABB:CCDD::/48, Teredo's
        # client) must be public too: 6to4 of 169.254.169.254 is "global" to ipaddress, yet a 6to4
        # relay would hand the packet to that IPv4 address.
        embedded = [address.ipv4_mapped, address.sixtofour, *(address.teredo or ())]
        if any(inner is not None and not _is_public(inner) for inner in embedded):
            return False
        if address.ipv4_mapped is not None:
            return True  # the mapped IPv4 address was checked above
    return address.is_global and not (
        address.is_private
        or address.is_loopback
        or address.is_link_local
        or address.is_multicast
        or address.is_reserved
        or address.is_unspecified
    )


def _resolve(host: str, port: int) -> list[str]:
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as error:
        raise UnsafeDestination(_("The host name %(host)s cannot be found.") % {"host": host}) from error
    return sorted({info[4][0] for info in infos})


def resolve_public(url: str) -> tuple[str, str, int, str]:
    """Check ``url`` and resolve its host: ``(scheme, host, port, address to connect to)``.

    Raises ``UnsafeDestination`` for another scheme than https (http only to loopback when allowed),
    credentials in the URL, a host that does not resolve, or any resolved address that is not public.
    Every address must be public (not just the first), so a name with one private record is refused.
    """
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").rstrip(".")
    if not host:
        raise UnsafeDestination(_("Enter a full URL, starting with https://."))
    if parts.username or parts.password:
        raise UnsafeDestination(_("The URL may not contain a user name or password."))
    try:
        port = parts.port or (443 if scheme == "https" else 80)
    except ValueError as error:
        raise UnsafeDestination(_("The port of the URL is not valid.")) from error
    addresses = _resolve(host, port)
    if not addresses:
        raise UnsafeDestination(_("The host name %(host)s cannot be found.") % {"host": host})
    parsed = [ipaddress.ip_address(address.split("%")[0]) for address in addresses]
    if _loopback_allowed() and all(address.is_loopback for address in parsed) and scheme in ("http", "https"):
        return scheme, host, port, addresses[0]
    if scheme != "https":
        raise UnsafeDestination(_("The URL must start with https://."))
    for address in parsed:
        if not _is_public(address):
            raise UnsafeDestination(
                _("The address %(address)s of %(host)s is not a public Internet address.")
                % {"address": address, "host": host}
            )
    return scheme, host, port, addresses[0]


def validate_webhook_url(url: str) -> None:
    """Form/model validator: ``ValidationError`` with the reason when ``resolve_public`` refuses ``url``."""
    try:
        resolve_public(url)
    except UnsafeDestination as error:
        raise ValidationError(str(error), code="unsafe_destination") from error


# --- Secrets ----------------------------------------------------------------------------------------
def new_secret() -> str:
    """A new endpoint secret: ``whsec_`` + 43 URL-safe characters (32 random bytes, 256 bits)."""
    return SECRET_PREFIX + secrets.token_urlsafe(32)


def _fernet() -> MultiFernet:
    keys = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
    return key_ring(keys, b"ijc-portal webhook secrets")


def encrypt_secret(secret: str) -> str:
    return _fernet().encrypt(secret.encode()).decode()


def decrypt_secret(token: str) -> str:
    """The clear secret; ``ValueError`` when no current or fallback ``SECRET_KEY`` can decrypt it."""
    try:
        return _fernet().decrypt(token.encode()).decode()
    except InvalidToken as error:
        raise ValueError("The webhook secret cannot be decrypted with SECRET_KEY or its fallbacks.") from error


# --- Signatures -------------------------------------------------------------------------------------
def signature(secret: str, timestamp: int, body: bytes) -> str:
    """Hex HMAC-SHA256 of ``b"<timestamp>." + body`` with ``secret`` (the whole ``whsec_…`` string)."""
    return hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()


def sign(secret: str, body: bytes, *, timestamp: int | None = None) -> str:
    """The ``X-IJC-Signature`` header value: ``t=<unix seconds>,v1=<hex>``."""
    timestamp = int(time.time()) if timestamp is None else timestamp
    return f"t={timestamp},v1={signature(secret, timestamp, body)}"


def verify(secret: str, body: bytes, header: str, *, tolerance: int = 300, now: int | None = None) -> bool:
    """A receiver's check: ``True`` when ``header`` signs ``body`` with ``secret`` and its timestamp is
    within ``tolerance`` seconds of ``now``. Compares in constant time."""
    fields: dict[str, list[str]] = {}
    for part in header.split(","):
        name, _sep, value = part.strip().partition("=")
        fields.setdefault(name, []).append(value)
    try:
        timestamp = int(fields.get("t", [""])[0])
    except ValueError:
        return False
    now = int(time.time()) if now is None else now
    if abs(now - timestamp) > tolerance:
        return False
    expected = signature(secret, timestamp, body)
    return any(hmac.compare_digest(expected, candidate) for candidate in fields.get("v1", []))
