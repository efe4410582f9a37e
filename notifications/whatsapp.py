"""WhatsApp through the WhatsApp Business Platform Cloud API (Meta's Graph API), with SMS as the fallback.

On when ``WHATSAPP_PHONE_NUMBER_ID`` and ``WHATSAPP_TOKEN`` are set (``enabled``); otherwise the
``whatsapp`` channel goes through the text backend as before (``notifications.channels``).

Sending (``send``, called by the relay for a ``whatsapp`` row): ``POST
<WHATSAPP_API_URL>/<WHATSAPP_PHONE_NUMBER_ID>/messages`` with ``Authorization: Bearer
<WHATSAPP_TOKEN>``.

- Never without the person's opt-in: no ``WhatsAppOptIn`` for the number in the city (or one
  withdrawn) is ``NotOptedIn``.
- Inside the 24-hour customer-service window (the person wrote to the portal's number less than 24
  hours ago, ``WhatsAppOptIn.last_inbound_at``) a text message with the easy-read wording; outside
  it the kind's approved template (``notifications.whatsapp_templates``) in the message's language
  with the placeholders' values as body parameters. No template for the kind: ``NoTemplate``.
- The answer's message id (``wamid``) is written to ``WhatsAppMessage`` with the city and the
  notification, in the relay's transaction: the webhook finds the notification by it.
- Errors: 408, 429, 5xx, timeouts, network errors and Meta's throttling codes are transient (retried);
  anything else, e.g. 131026 (the number is not on WhatsApp) or a missing template, is permanent, and
  a permanent failure (or the last retry) makes the relay send the message by SMS instead
  (``sms_fallback``): one SMS row with the same idempotency key, so never two.

The webhook (``notifications.views_whatsapp``) calls ``verify_signature`` and ``handle_event``:
statuses move a notification to delivered / read (never backwards, so repeats and reordering are
harmless) or failed (then the SMS fallback); inbound messages refresh the 24-hour window.
"""

from __future__ import annotations

import datetime
import hashlib
import hmac
import json
import logging
import urllib.error
import urllib.request
from functools import partial

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from cities.models import City
from cities.tenancy import city_context, require_city_id
from notifications import outbox
from notifications.channels import OutgoingMessage, PermanentChannelError, TransientChannelError
from notifications.kinds import display_values, get_kind
from notifications.models import Channel, Notification, WhatsAppMessage, WhatsAppOptIn
from notifications.whatsapp_templates import parameter_text, template_for, template_language

logger = logging.getLogger(__name__)

WINDOW = datetime.timedelta(hours=24)
RELAY_TASK = "notifications.relay"
# Meta error codes worth retrying: rate limits, throttling, temporary unavailability.
TRANSIENT_CODES = frozenset({1, 2, 4, 17, 341, 80007, 130429, 131000, 131016, 131048, 131056, 133004})
STATUS_RANK = {"": 0, "delivered": 1, "read": 2}


class NotOptedIn(PermanentChannelError):
    """The person has not agreed to WhatsApp messages at this number."""


class NoTemplate(PermanentChannelError):
    """Outside the 24-hour window and no approved template for this message."""


def enabled() -> bool:
    return bool(settings.WHATSAPP_PHONE_NUMBER_ID and settings.WHATSAPP_TOKEN)


# --- Opt-in -----------------------------------------------------------------------------------------
def opt_in_record(*, phone: str, method: str, actor=None, given_at=None) -> WhatsAppOptIn:
    """Record (or renew) the active city's opt-in for ``phone`` (E.164): ``method`` is a
    ``WhatsAppOptIn.Method``; ``actor`` the staff member who recorded it, if any."""
    if method not in WhatsAppOptIn.Method.values:
        raise ValueError(f"Unknown opt-in method {method!r}.")
    if not phone:
        raise ValueError("An opt-in needs a phone number.")
    opt_in, _ = WhatsAppOptIn.objects.update_or_create(
        phone=phone,
        defaults={
            "method": method,
            "given_at": given_at or timezone.now(),
            "recorded_by": actor,
            "withdrawn_at": None,
        },
    )
    return opt_in


def opt_in_withdraw(*, phone: str) -> int:
    """The person no longer wants WhatsApp at ``phone`` in the active city; returns how many rows changed."""
    return WhatsAppOptIn.objects.filter(phone=phone, withdrawn_at=None).update(withdrawn_at=timezone.now())


def opt_in_erase(*, phone: str) -> int:
    """Delete the active city's opt-in record of ``phone`` when the person's data is erased (UU 27/2022
    art. 8; ``jobseekers.services.rights.jobseeker_anonymise``); returns how many rows went."""
    return WhatsAppOptIn.objects.filter(phone=phone).delete()[0] if phone else 0


def active_opt_in(phone: str) -> WhatsAppOptIn | None:
    return WhatsAppOptIn.objects.filter(phone=phone, withdrawn_at=None).first() if phone else None


def in_window(opt_in: WhatsAppOptIn, now: datetime.datetime) -> bool:
    return opt_in.last_inbound_at is not None and now - opt_in.last_inbound_at < WINDOW


# --- Sending ----------------------------------------------------------------------------------------
def _template_payload(row: Notification) -> dict:
    template = template_for(row.kind)
    if template is None:
        raise NoTemplate(f"No WhatsApp template for {row.kind} outside the 24-hour window.")
    city_tz = City.objects.filter(pk=row.city_id).values_list("timezone", flat=True).first() or "Asia/Jakarta"
    values = display_values(get_kind(row.kind), row.context, language=row.language, timezone_name=city_tz)
    return {
        "type": "template",
        "template": {
            "name": template.name,
            "language": {"code": template_language(row.language)},
            "components": [
                {
                    "type": "body",
                    "parameters": [
                        {"type": "text", "text": parameter_text(values.get(name, ""))} for name in template.parameters
                    ],
                }
            ],
        },
    }


def send(message: OutgoingMessage, rows: list[Notification], *, now: datetime.datetime) -> str:
    """Send ``message`` (standing for ``rows``: one row, or a digest) by the Cloud API; returns the
    ``wamid`` and records it for each row. Raises a ``ChannelError`` (see the module docstring)."""
    opt_in = active_opt_in(message.to)
    if opt_in is None:
        raise NotOptedIn("The person has not agreed to WhatsApp messages at this number.")
    if in_window(opt_in, now):
        content = {"type": "text", "text": {"preview_url": False, "body": message.text}}
    elif len(rows) == 1:
        content = _template_payload(rows[0])
    else:
        raise NoTemplate("A summary of several messages needs the 24-hour window.")
    payload = {"messaging_product": "whatsapp", "recipient_type": "individual", "to": message.to.lstrip("+")}
    wamid = _post(payload | content)
    city_id = require_city_id()
    WhatsAppMessage.objects.bulk_create(
        [WhatsAppMessage(wamid=wamid, portal_city_id=city_id, notification_id=row.pk) for row in rows[:1]],
        ignore_conflicts=True,
    )
    return wamid


def _post(payload: dict) -> str:
    url = f"{settings.WHATSAPP_API_URL.rstrip('/')}/{settings.WHATSAPP_PHONE_NUMBER_ID}/messages"
    request = urllib.request.Request(url, data=json.dumps(payload).encode(), method="POST")  # noqa: S310
    request.add_header("Content-Type", "application/json")
    request.add_header("Authorization", f"Bearer {settings.WHATSAPP_TOKEN}")
    try:
        with urllib.request.urlopen(request, timeout=settings.WHATSAPP_TIMEOUT) as response:  # noqa: S310
            answer = json.loads(response.read(65536) or b"{}")
    except urllib.error.HTTPError as error:
        code, detail = _error_of(error)
        if error.code in (408, 429) or error.code >= 500 or code in TRANSIENT_CODES:
            raise TransientChannelError(f"WhatsApp answered {error.code} ({code}): {detail}") from error
        raise PermanentChannelError(f"WhatsApp refused the message {error.code} ({code}): {detail}") from error
    except (urllib.error.URLError, TimeoutError, ConnectionError) as error:
        raise TransientChannelError(f"WhatsApp could not be reached: {error}") from error
    except ValueError as error:  # not JSON: the message may or may not be accepted; never resend blindly
        raise PermanentChannelError(f"WhatsApp's answer was not JSON: {error}") from error
    try:
        return str(answer["messages"][0]["id"])
    except (KeyError, IndexError, TypeError) as error:
        raise PermanentChannelError("WhatsApp's answer had no message id.") from error


def _error_of(error: urllib.error.HTTPError) -> tuple[int | None, str]:
    try:
        body = json.loads(error.read(65536) or b"{}").get("error", {})
        return body.get("code"), str(body.get("message", ""))[:300]
    except (ValueError, AttributeError, OSError):
        return None, ""


# --- SMS fallback -----------------------------------------------------------------------------------
def sms_fallback(row: Notification, now: datetime.datetime) -> Notification | None:
    """Write the SMS row standing in for the failed WhatsApp ``row`` (same idempotency key: written
    once, whoever asks); returns it when it is waiting and nobody else holds it, else ``None``."""
    Notification.objects.bulk_create(
        [
            Notification(
                recipient_id=row.recipient_id,
                address=row.address,
                kind=row.kind,
                channel=Channel.SMS,
                language=row.language,
                easy_read=row.easy_read,
                context=row.context,
                subject=row.subject,
                body=row.body,
                short_body=row.short_body,
                status=Notification.Status.PENDING,
                next_attempt_at=now,
                idempotency_key=row.idempotency_key,
                created_at=now,
            )
        ],
        ignore_conflicts=True,
    )
    return (
        Notification.objects.select_for_update(skip_locked=True, of=("self",))
        .select_related("recipient")
        .filter(idempotency_key=row.idempotency_key, channel=Channel.SMS, status=Notification.Status.PENDING)
        .first()
    )


# --- Webhook ----------------------------------------------------------------------------------------
def verify_signature(body: bytes, header: str) -> bool:
    """``header`` (``X-Hub-Signature-256``) is ``sha256=`` and the HMAC-SHA256 of the raw ``body`` with
    ``WHATSAPP_APP_SECRET``; compared in constant time. ``False`` when no secret is set."""
    secret = settings.WHATSAPP_APP_SECRET
    if not secret or not header.startswith("sha256="):
        return False
    expected = hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, header.removeprefix("sha256="))


def verify_subscription(mode: str, token: str) -> bool:
    expected = settings.WHATSAPP_VERIFY_TOKEN
    return mode == "subscribe" and bool(expected) and hmac.compare_digest(expected.encode(), token.encode())


def _moment(value) -> datetime.datetime:
    try:
        return datetime.datetime.fromtimestamp(int(value), tz=datetime.UTC)
    except (TypeError, ValueError, OverflowError):
        return timezone.now()


def handle_event(event: dict) -> dict:
    """Apply a webhook ``event`` (Meta's ``whatsapp_business_account`` object); returns counts."""
    counts = {"statuses": 0, "inbound": 0}
    for entry in _dicts(event.get("entry")):
        for change in _dicts(entry.get("changes")):
            value = change.get("value") if isinstance(change.get("value"), dict) else {}
            for status in _dicts(value.get("statuses")):
                counts["statuses"] += apply_status(status)
            for message in _dicts(value.get("messages")):
                if str(message.get("from", "")).isdigit():
                    counts["inbound"] += record_inbound(str(message["from"]), _moment(message.get("timestamp")))
    return counts


def _dicts(value) -> list[dict]:
    """The dicts of a list in a webhook body (anything else is ignored, never an error)."""
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []


def apply_status(status: dict) -> bool:
    """Update the notification of ``status["id"]`` in its own city; ``False`` for an unknown id."""
    ref = WhatsAppMessage.objects.filter(wamid=str(status.get("id", ""))).first()
    if ref is None:
        return False
    value, moment = status.get("status"), _moment(status.get("timestamp"))
    with city_context(ref.portal_city_id):
        row = (
            Notification.objects.select_for_update(of=("self",))
            .filter(pk=ref.notification_id, channel=Channel.WHATSAPP)
            .select_related("recipient")
            .first()
        )
        if row is None:
            return False
        if value in ("delivered", "read"):
            if STATUS_RANK.get(row.delivery_status, 3) < STATUS_RANK[value]:
                row.delivery_status = value
                row.delivered_at = row.delivered_at or moment
                if value == "read":
                    row.read_at = row.read_at or moment
                row.save(update_fields=["delivery_status", "delivered_at", "read_at"])
        elif value == "failed" and row.delivery_status == "":
            errors = status.get("errors") or [{}]
            first = errors[0] if isinstance(errors[0], dict) else {}
            row.delivery_status = "failed"
            row.status = Notification.Status.FAILED
            row.last_error = f"WhatsApp could not deliver it ({first.get('code')}): {first.get('title', '')}"[:2000]
            row.save(update_fields=["delivery_status", "status", "last_error"])
            if sms_fallback(row, timezone.now()) is not None:
                transaction.on_commit(partial(outbox.publish, RELAY_TASK, ref.portal_city_id), robust=True)
    return True


def record_inbound(wa_id: str, moment: datetime.datetime) -> int:
    """The person at ``wa_id`` wrote to the portal's number: their 24-hour window opens again in every
    city where they opted in (each city's rows in its own context). Returns how many rows changed."""
    phone = "+" + wa_id.lstrip("+")
    changed = 0
    for city_id in City.objects.filter(is_active=True).order_by("pk").values_list("pk", flat=True):
        with city_context(city_id):
            changed += WhatsAppOptIn.objects.filter(
                Q(last_inbound_at=None) | Q(last_inbound_at__lt=moment), phone=phone, withdrawn_at=None
            ).update(last_inbound_at=moment)
    return changed
