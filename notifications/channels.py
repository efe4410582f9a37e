"""Channels: one small interface, ``send(message) -> None``, raising ``TransientChannelError`` (try again
later) or ``PermanentChannelError`` (never retry: no address, refused by the provider).

- ``email``: Django's mail API. The backend comes from ``EMAIL_URL`` (SMTP in production, console in
  development, locmem in tests) or, when ``EMAIL_PROVIDER`` names one, an anymail provider's HTTP API
  (``anymail.backends.<provider>``; its settings from ``ANYMAIL_*`` variables). SMTP and anymail
  errors map to the same two outcomes: refused or invalid addresses and other 4xx answers are
  permanent; 429, 5xx, timeouts and network errors transient.
- ``inbox``: nothing leaves the portal; the row itself is the message, shown on the inbox page.
- ``sms`` / ``whatsapp``: a pluggable text backend chosen by ``NOTIFICATIONS_TEXT_BACKEND``:
  ``console`` (prints), ``file`` (appends JSON lines to ``NOTIFICATIONS_TEXT_FILE``), ``locmem``
  (``notifications.channels.text_outbox``, for tests) or ``http`` (``HttpGatewayBackend``).

Every message carries its idempotency key (``X-IJC-Notification`` header / ``idempotency_key``
field) so a provider that deduplicates can drop the rare repeat after a crash between sending and
recording (see docs/notifications.md, "Delivery guarantee").
"""

from __future__ import annotations

import json
import smtplib
import sys
import urllib.error
import urllib.request
from dataclasses import asdict, dataclass
from functools import cache

from anymail.exceptions import AnymailAPIError, AnymailError, AnymailInvalidAddress, AnymailRecipientsRefused
from django.conf import settings
from django.core.mail import EmailMessage
from django.utils.module_loading import import_string


class ChannelError(Exception):
    """Base of delivery errors; ``str(error)`` is recorded in ``Notification.last_error``."""


class TransientChannelError(ChannelError):
    """Try again later (timeout, connection refused, provider 5xx or 429)."""


class PermanentChannelError(ChannelError):
    """Retrying cannot help (no address, malformed address, provider 4xx)."""


@dataclass(frozen=True)
class OutgoingMessage:
    channel: str
    to: str  # email address or E.164 phone number; empty for the inbox
    subject: str
    text: str  # plain text, always complete on its own
    language: str
    idempotency_key: str


# --- Email ------------------------------------------------------------------------------------------
def send_email(message: OutgoingMessage) -> None:
    if not message.to:
        raise PermanentChannelError("The recipient has no email address.")
    email = EmailMessage(
        subject=message.subject,
        body=message.text,
        to=[message.to],
        headers={"X-IJC-Notification": message.idempotency_key, "Content-Language": message.language},
    )
    email.metadata = {"notification": message.idempotency_key}  # anymail providers keep it; SMTP ignores it
    try:
        email.send()
    except (AnymailRecipientsRefused, AnymailInvalidAddress) as error:
        raise PermanentChannelError(f"The email provider refused the address: {error}") from error
    except AnymailAPIError as error:
        status = error.status_code
        if status is None or status == 408 or status == 429 or status >= 500:  # None: no answer (network)
            raise TransientChannelError(f"The email provider could not take the message now: {error}") from error
        raise PermanentChannelError(f"The email provider refused the message: {error}") from error
    except AnymailError as error:  # unsupported feature, serialisation: retrying the same message cannot help
        raise PermanentChannelError(f"The email provider could not send the message: {error}") from error
    except smtplib.SMTPRecipientsRefused as error:
        raise PermanentChannelError(f"The mail server refused the address: {error}") from error
    # After anymail's: its HTTP errors are OSErrors too (requests' exceptions).
    except (smtplib.SMTPException, OSError) as error:  # includes timeouts and refused connections
        raise TransientChannelError(f"The mail server could not be reached: {error}") from error


def send_inbox(message: OutgoingMessage) -> None:
    """The inbox row is the message: nothing to transmit."""


# --- SMS / WhatsApp ---------------------------------------------------------------------------------
class ConsoleTextBackend:
    """Development: prints each message to standard output."""

    def send(self, message: OutgoingMessage) -> None:
        sys.stdout.write(f"[{message.channel} to {message.to}] {message.text}\n")


class FileTextBackend:
    """Development: appends each message as one JSON line to ``NOTIFICATIONS_TEXT_FILE``."""

    def send(self, message: OutgoingMessage) -> None:
        with open(settings.NOTIFICATIONS_TEXT_FILE, "a", encoding="utf-8") as handle:
            handle.write(json.dumps(asdict(message), ensure_ascii=False) + "\n")


text_outbox: list[OutgoingMessage] = []


class LocmemTextBackend:
    """Tests: keeps messages in ``notifications.channels.text_outbox``."""

    def send(self, message: OutgoingMessage) -> None:
        text_outbox.append(message)


class HttpGatewayBackend:
    """An SMS/WhatsApp HTTP gateway: ``POST`` JSON to ``NOTIFICATIONS_GATEWAY_URL``.

    Request body: ``{"channel": "sms"|"whatsapp", "to": "+62...", "text": "...", "idempotency_key": "..."}``
    with ``Authorization: Bearer <NOTIFICATIONS_GATEWAY_TOKEN>`` and a timeout of
    ``NOTIFICATIONS_GATEWAY_TIMEOUT`` seconds. A 2xx answer is a delivery; 408, 429 and 5xx,
    timeouts and network errors are transient; any other 4xx is permanent. Most Indonesian gateways
    (and the WhatsApp Business API through a provider) take a body of this shape, or a thin adapter does.
    """

    def send(self, message: OutgoingMessage) -> None:
        url = settings.NOTIFICATIONS_GATEWAY_URL
        if not url:
            raise PermanentChannelError("NOTIFICATIONS_GATEWAY_URL is not set.")
        payload = json.dumps(
            {
                "channel": message.channel,
                "to": message.to,
                "text": message.text,
                "idempotency_key": message.idempotency_key,
            }
        ).encode()
        request = urllib.request.Request(url, data=payload, method="POST")  # noqa: S310 - URL from settings
        request.add_header("Content-Type", "application/json")
        request.add_header("Idempotency-Key", message.idempotency_key)
        if settings.NOTIFICATIONS_GATEWAY_TOKEN:
            request.add_header("Authorization", f"Bearer {settings.NOTIFICATIONS_GATEWAY_TOKEN}")
        try:
            with urllib.request.urlopen(request, timeout=settings.NOTIFICATIONS_GATEWAY_TIMEOUT) as response:  # noqa: S310
                response.read(1024)
        except urllib.error.HTTPError as error:
            if error.code in (408, 429) or error.code >= 500:
                raise TransientChannelError(f"The gateway answered {error.code}.") from error
            raise PermanentChannelError(f"The gateway refused the message ({error.code}).") from error
        except (urllib.error.URLError, TimeoutError, ConnectionError) as error:
            raise TransientChannelError(f"The gateway could not be reached: {error}") from error


TEXT_BACKENDS = {
    "console": "notifications.channels.ConsoleTextBackend",
    "file": "notifications.channels.FileTextBackend",
    "locmem": "notifications.channels.LocmemTextBackend",
    "http": "notifications.channels.HttpGatewayBackend",
}


@cache
def _text_backend(name: str):
    return import_string(TEXT_BACKENDS.get(name, name))()


def send_text(message: OutgoingMessage) -> None:
    if not message.to:
        raise PermanentChannelError(f"The recipient has no mobile number for {message.channel}.")
    _text_backend(settings.NOTIFICATIONS_TEXT_BACKEND).send(message)


SENDERS = {"email": send_email, "inbox": send_inbox, "sms": send_text, "whatsapp": send_text}


def send(message: OutgoingMessage) -> None:
    """Deliver ``message`` on its channel; raises a ``ChannelError`` subclass when it could not."""
    SENDERS[message.channel](message)
