"""Writes of the webhooks app: endpoints (register, edit, rotate the secret, pause, resume, delete),
``emit`` (the outbox write, called in the transaction of the change) and the relay that delivers.

The relay reuses notifications' outbox machinery (``notifications.outbox``: ``SKIP LOCKED`` claims,
exponential backoff with jitter, never-raising publish, rescheduling after commit), so the
guarantees are the same as for notifications (docs/notifications.md, "Delivery guarantee"):

- **never lost**: ``emit`` writes the delivery rows in the caller's transaction; a rollback leaves
  none, a commit leaves them for the relay, and the beat sweep finds them if no relay was published;
- **never doubled**: ``(city, endpoint, event_id)`` is unique (an event emitted twice is queued once),
  and a row is claimed by one relay only; the one window left (a worker dying after the endpoint
  answered and before the relay committed) repeats the same ``X-IJC-Delivery`` id, so receivers
  deduplicate on it.
"""

from __future__ import annotations

import datetime
import json
import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Membership, User
from cities.models import City
from cities.tenancy import require_city_id
from notifications import outbox
from notifications.services import notify
from webhooks import security, transport
from webhooks.models import Event, WebhookAttempt, WebhookDelivery, WebhookEndpoint

logger = logging.getLogger(__name__)

# Event ids are UUIDv5 of "<city>:<event>:<key>" in this namespace: the same change gives the same id.
EVENT_NAMESPACE = uuid.UUID("0b6a2f4e-6f53-4f5e-9d1f-5b0f3c1f2a11")


def _setting(name: str, default):
    return getattr(settings, name, default)


class WebhookError(ValueError):
    """A request the rules refuse; ``str()`` is a translated sentence for the page."""


# --- Endpoints ----------------------------------------------------------------------------------------
def _clean_events(events) -> list[str]:
    chosen = [code for code in Event.values if code in set(events)]
    unknown = set(events) - set(Event.values)
    if unknown or not chosen:
        raise WebhookError(_("Choose at least one event."))
    return chosen


@transaction.atomic
def endpoint_create(*, actor: User, url: str, events, description: str = "") -> tuple[WebhookEndpoint, str]:
    """Register ``url`` for ``events`` in the current city; returns ``(endpoint, secret)``.

    The clear ``secret`` is returned once, to be shown to the admin; only its encryption is stored.
    Raises ``ValidationError`` for a URL that is not https or does not resolve to public addresses
    (``webhooks.security``), or one already registered in this city; ``WebhookError`` for no event.
    """
    security.validate_webhook_url(url)
    events = _clean_events(events)
    if WebhookEndpoint.objects.filter(url=url).exists():
        raise ValidationError(_("This URL is already registered."), code="duplicate")
    secret = security.new_secret()
    endpoint = WebhookEndpoint(
        url=url,
        events=events,
        description=description,
        secret_encrypted=security.encrypt_secret(secret),
        secret_hint=secret[-4:],
        created_by=actor,
    )
    endpoint.full_clean(exclude=["url"])
    endpoint.save()
    logger.info("User %s registered webhook endpoint %s", actor.pk, endpoint.pk)
    return endpoint, secret


@transaction.atomic
def endpoint_update(*, actor: User, endpoint: WebhookEndpoint, events, description: str) -> WebhookEndpoint:
    """Change the events and the description (the URL is fixed: register a new endpoint instead)."""
    endpoint.events = _clean_events(events)
    endpoint.description = description
    endpoint.full_clean(exclude=["url"])
    endpoint.save(update_fields=["events", "description"])
    return endpoint


@transaction.atomic
def endpoint_rotate_secret(*, actor: User, endpoint: WebhookEndpoint) -> str:
    """Give the endpoint a new secret at once and return it (shown once). Deliveries signed from now
    on use it; the old one stops working immediately (the receiver must be updated)."""
    secret = security.new_secret()
    endpoint.secret_encrypted = security.encrypt_secret(secret)
    endpoint.secret_hint = secret[-4:]
    endpoint.secret_rotated_at = timezone.now()
    endpoint.save(update_fields=["secret_encrypted", "secret_hint", "secret_rotated_at"])
    logger.info("User %s rotated the secret of webhook endpoint %s", actor.pk, endpoint.pk)
    return secret


@transaction.atomic
def endpoint_pause(*, actor: User, endpoint: WebhookEndpoint) -> WebhookEndpoint:
    """Stop delivering to the endpoint; events keep being queued and wait for ``endpoint_resume``."""
    if endpoint.status == WebhookEndpoint.Status.PAUSED:
        raise WebhookError(_("This endpoint is already paused."))
    endpoint.status = WebhookEndpoint.Status.PAUSED
    endpoint.paused_reason = WebhookEndpoint.PausedReason.ADMIN
    endpoint.paused_at = timezone.now()
    endpoint.save(update_fields=["status", "paused_reason", "paused_at"])
    return endpoint


@transaction.atomic
def endpoint_resume(*, actor: User, endpoint: WebhookEndpoint) -> WebhookEndpoint:
    """Deliver again: the failure count starts from zero and the waiting deliveries are due now."""
    if endpoint.status == WebhookEndpoint.Status.ACTIVE:
        raise WebhookError(_("This endpoint is already active."))
    security.validate_webhook_url(endpoint.url)
    endpoint.status = WebhookEndpoint.Status.ACTIVE
    endpoint.paused_reason = ""
    endpoint.paused_at = None
    endpoint.consecutive_failures = 0
    endpoint.save(update_fields=["status", "paused_reason", "paused_at", "consecutive_failures"])
    waiting = WebhookDelivery.objects.filter(endpoint=endpoint, status=WebhookDelivery.Status.PENDING)
    if waiting.update(next_attempt_at=timezone.now()):
        transaction.on_commit(partial(publish_relay, endpoint.city_id), robust=True)
    return endpoint


@transaction.atomic
def endpoint_delete(*, actor: User, endpoint: WebhookEndpoint) -> None:
    """Delete the endpoint with its queued deliveries and its log."""
    logger.info("User %s deleted webhook endpoint %s (%s)", actor.pk, endpoint.pk, endpoint.url)
    WebhookAttempt.objects.filter(endpoint=endpoint).delete()
    WebhookDelivery.objects.filter(endpoint=endpoint).delete()
    endpoint.delete()


@transaction.atomic
def delivery_retry(*, actor: User, delivery: WebhookDelivery) -> WebhookDelivery:
    """Queue a failed delivery again (same id and body; attempts start from zero). ``WebhookError``
    unless it failed. It is sent when its endpoint is active (a paused one keeps it waiting)."""
    delivery = WebhookDelivery.objects.select_for_update().get(pk=delivery.pk)
    if delivery.status != WebhookDelivery.Status.FAILED:
        raise WebhookError(_("Only a failed delivery can be sent again."))
    delivery.status = WebhookDelivery.Status.PENDING
    delivery.attempts = 0
    delivery.next_attempt_at = timezone.now()
    delivery.save(update_fields=["status", "attempts", "next_attempt_at"])
    logger.info("User %s queued webhook delivery %s again", actor.pk, delivery.pk)
    transaction.on_commit(partial(publish_relay, delivery.city_id), robust=True)
    return delivery


# --- emit: the outbox write ---------------------------------------------------------------------------
def event_id_for(city_id: int, event: str, key: str) -> uuid.UUID:
    """The event's id: UUIDv5 of ``"<city>:<event>:<key>"`` (the same change always gives the same id)."""
    return uuid.uuid5(EVENT_NAMESPACE, f"{city_id}:{event}:{key}")


def emit(
    event: str, *, key: str, data: dict | Callable[[], dict], occurred_at: datetime.datetime | None = None
) -> list[WebhookDelivery]:
    """Queue ``event`` for every endpoint of the current city subscribed to it, in the caller's transaction.

    - ``event``: a value of ``webhooks.models.Event`` (``ValueError`` otherwise);
    - ``key``: what makes this occurrence unique for its event (e.g. the placement's id, or the
      vacancy's id and publication time): emitting the same ``(event, key)`` again queues nothing new;
    - ``data``: JSON values only (``ValueError`` otherwise), no sensitive personal data; or a
      function returning them, called only when some endpoint is subscribed (no work otherwise);
    - ``occurred_at``: defaults to now.

    Writes one ``WebhookDelivery`` per endpoint (paused endpoints too: they wait for the resume) with
    the body ``{"id", "event", "occurred_at", "city": {"id", "code", "slug", "name"}, "data"}`` and
    publishes the relay after commit. Returns the rows of this event (existing ones included).
    Raises ``NoCityContextError`` outside a city context.
    """
    if event not in Event.values:
        raise ValueError(f"Unknown webhook event {event!r}.")
    city_id = require_city_id()
    endpoint_ids = list(WebhookEndpoint.objects.filter(events__contains=[event]).values_list("pk", flat=True))
    if not endpoint_ids:
        return []
    occurred_at = occurred_at or timezone.now()
    event_id = event_id_for(city_id, event, key)
    city = City.objects.get(pk=city_id)
    payload = {
        "id": str(event_id),
        "event": event,
        "occurred_at": occurred_at.isoformat(),
        "city": {"id": city.pk, "code": city.code, "slug": city.slug, "name": city.name},
        "data": data() if callable(data) else data,
    }
    try:
        json.dumps(payload)
    except TypeError as error:
        raise ValueError(f"Webhook data must be JSON: {error}") from error
    WebhookDelivery.objects.bulk_create(
        [
            WebhookDelivery(endpoint_id=pk, event=event, event_id=event_id, occurred_at=occurred_at, payload=payload)
            for pk in endpoint_ids
        ],
        ignore_conflicts=True,
    )
    rows = list(WebhookDelivery.objects.filter(event_id=event_id, endpoint_id__in=endpoint_ids))
    if any(row.status == WebhookDelivery.Status.PENDING for row in rows):
        transaction.on_commit(partial(publish_relay, city_id), robust=True)
    return rows


# The relay's Celery name (``webhooks.tasks.relay``), published by name: tasks call services,
# services never import tasks.
RELAY_TASK = "webhooks.relay"


def publish_relay(city_id: int, countdown: float | None = None) -> bool:
    """Queue ``webhooks.relay`` for the city; never raises (``False`` when the broker is down)."""
    return outbox.publish(RELAY_TASK, city_id, countdown=countdown)


# --- The relay ----------------------------------------------------------------------------------------
@dataclass
class RelayResult:
    sent: int = 0
    retried: int = 0
    failed: int = 0
    held: int = 0  # rows of an endpoint that failed or was paused in this run, put back for later
    paused: list[int] = field(default_factory=list)
    next_due: datetime.datetime | None = None
    more: bool = False

    def due(self, moment: datetime.datetime) -> None:
        if self.next_due is None or moment < self.next_due:
            self.next_due = moment


def body_bytes(payload: dict) -> bytes:
    """The exact bytes sent (and signed): compact JSON, UTF-8, keys in the stored order."""
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()


def signed_headers(endpoint: WebhookEndpoint, delivery: WebhookDelivery, body: bytes, *, timestamp=None) -> dict:
    """The headers of one attempt: signature, event, delivery id (the same on every retry), attempt number."""
    secret = security.decrypt_secret(endpoint.secret_encrypted)
    return {
        security.SIGNATURE_HEADER: security.sign(secret, body, timestamp=timestamp),
        "X-IJC-Event": delivery.event,
        "X-IJC-Delivery": str(delivery.pk),
        "X-IJC-Attempt": str(delivery.attempts),
    }


def relay_pending(*, limit: int | None = None, now: datetime.datetime | None = None) -> RelayResult:
    """Deliver the active city's due rows to their active endpoints (the body of ``webhooks.relay``).

    Claims up to ``limit`` (``WEBHOOKS_RELAY_BATCH``, 50) due rows with ``SKIP LOCKED``, locks each
    endpoint while its rows are sent (two relays never count one endpoint's failures at once), sends
    each row (``webhooks.transport.post``: checked address, ``WEBHOOKS_TIMEOUT`` s, no redirects) and
    records the attempt, all in one transaction. After a transient failure the endpoint's other rows in
    the batch are held until that row's retry time (a down endpoint gets one request per run, not fifty).
    A failure is retried after ``backoff_delay`` (``WEBHOOKS_BACKOFF_BASE_SECONDS`` 60 s doubling up to
    ``WEBHOOKS_BACKOFF_MAX_SECONDS`` 6 h) up to ``WEBHOOKS_MAX_ATTEMPTS`` (12) tries; a permanent one
    (a 3xx/4xx answer other than 408/429, an address no longer public) fails at once. After
    ``WEBHOOKS_PAUSE_AFTER_FAILURES`` (10) failed attempts in a row the endpoint is paused and the
    city admins are notified (kind ``webhook_paused``).
    """
    city_id = require_city_id()
    limit = limit or _setting("WEBHOOKS_RELAY_BATCH", 50)
    now = now or timezone.now()
    result = RelayResult()
    with transaction.atomic():
        rows = outbox.claim_due(
            WebhookDelivery.objects.filter(endpoint__status=WebhookEndpoint.Status.ACTIVE), now=now, limit=limit
        )
        result.more = len(rows) == limit
        by_endpoint: dict[int, list[WebhookDelivery]] = {}
        for row in rows:
            by_endpoint.setdefault(row.endpoint_id, []).append(row)
        for endpoint_id, group in by_endpoint.items():
            endpoint = WebhookEndpoint.objects.select_for_update().get(pk=endpoint_id)
            _relay_endpoint(endpoint, group, now, result)
    if result.paused:
        logger.warning("Webhook endpoints paused after repeated failures in city %s: %s", city_id, result.paused)
    return result


def _hold(rows: list[WebhookDelivery], until: datetime.datetime, result: RelayResult) -> None:
    for row in rows:
        row.status = WebhookDelivery.Status.PENDING
        row.next_attempt_at = max(row.next_attempt_at, until)
        row.save(update_fields=["status", "next_attempt_at"])
        result.held += 1
        result.due(row.next_attempt_at)


def _relay_endpoint(endpoint: WebhookEndpoint, rows: list[WebhookDelivery], now, result: RelayResult) -> None:
    for index, row in enumerate(rows):
        if not endpoint.is_active:  # paused by the failures of this run
            _hold(rows[index:], now, result)
            return
        row.endpoint = endpoint
        transient_failure = _deliver(endpoint, row, now, result)
        if transient_failure:
            _hold(rows[index + 1 :], row.next_attempt_at, result)
            return


def _deliver(endpoint: WebhookEndpoint, row: WebhookDelivery, now, result: RelayResult) -> bool:
    """One attempt; records it; returns ``True`` after a transient failure (the endpoint seems down)."""
    row.attempts += 1
    body = body_bytes(row.payload)
    started_at = timezone.now()
    status_code = None
    try:
        response = transport.post(endpoint.url, body, signed_headers(endpoint, row, body))
    except transport.DeliveryError as error:
        status_code, duration, message, transient = error.status, error.duration_ms, str(error), error.transient
    except ValueError as error:  # the secret cannot be decrypted (SECRET_KEY changed without a fallback)
        status_code, duration, message, transient = None, 0, str(error), False
    else:
        row.status = WebhookDelivery.Status.SENT
        row.sent_at = timezone.now()
        row.last_error = ""
        row.save(update_fields=["status", "attempts", "sent_at", "last_error"])
        WebhookAttempt.objects.create(
            endpoint=endpoint,
            delivery=row,
            number=row.attempts,
            started_at=started_at,
            duration_ms=response.duration_ms,
            response_status=response.status,
            outcome=WebhookAttempt.Outcome.DELIVERED,
        )
        endpoint.consecutive_failures = 0
        endpoint.last_success_at = row.sent_at
        endpoint.save(update_fields=["consecutive_failures", "last_success_at"])
        result.sent += 1
        return False
    max_attempts = _setting("WEBHOOKS_MAX_ATTEMPTS", 12)
    row.last_error = message[:2000]
    if transient and row.attempts < max_attempts:
        row.status = WebhookDelivery.Status.PENDING
        row.next_attempt_at = now + datetime.timedelta(seconds=backoff_delay(row.attempts))
        outcome = WebhookAttempt.Outcome.RETRY
        result.retried += 1
        result.due(row.next_attempt_at)
    else:
        row.status = WebhookDelivery.Status.FAILED
        outcome = WebhookAttempt.Outcome.FAILED
        result.failed += 1
    row.save(update_fields=["status", "attempts", "next_attempt_at", "last_error"])
    WebhookAttempt.objects.create(
        endpoint=endpoint,
        delivery=row,
        number=row.attempts,
        started_at=started_at,
        duration_ms=duration,
        response_status=status_code,
        outcome=outcome,
        error=message[:2000],
    )
    endpoint.consecutive_failures += 1
    endpoint.last_failure_at = timezone.now()
    fields = ["consecutive_failures", "last_failure_at"]
    if endpoint.consecutive_failures >= _setting("WEBHOOKS_PAUSE_AFTER_FAILURES", 10):
        endpoint.status = WebhookEndpoint.Status.PAUSED
        endpoint.paused_reason = WebhookEndpoint.PausedReason.FAILURES
        endpoint.paused_at = endpoint.last_failure_at
        fields += ["status", "paused_reason", "paused_at"]
        result.paused.append(endpoint.pk)
        _notify_admins_paused(endpoint, message)
    endpoint.save(update_fields=fields)
    return outcome == WebhookAttempt.Outcome.RETRY


def backoff_delay(attempts: int) -> float:
    """Seconds before the next try after ``attempts`` failures (``notifications.outbox.backoff_delay``
    with ``WEBHOOKS_BACKOFF_BASE_SECONDS`` and ``WEBHOOKS_BACKOFF_MAX_SECONDS``)."""
    return outbox.backoff_delay(
        attempts,
        base=_setting("WEBHOOKS_BACKOFF_BASE_SECONDS", 60),
        cap=_setting("WEBHOOKS_BACKOFF_MAX_SECONDS", 6 * 3600),
    )


def endpoint_page_url(endpoint: WebhookEndpoint) -> str:
    return settings.PORTAL_BASE_URL.rstrip("/") + reverse("webhooks:endpoint", kwargs={"pk": endpoint.pk})


def _notify_admins_paused(endpoint: WebhookEndpoint, last_error: str) -> None:
    """Tell every city admin of the endpoint's city (``webhook_paused``), in the relay's transaction."""
    admins = User.objects.filter(
        pk__in=Membership.objects.filter(city_id=endpoint.city_id, role=Membership.Role.CITY_ADMIN).values("user_id"),
        is_active=True,
    ).order_by("pk")
    context = {
        "endpoint_url": endpoint.url,
        "failures": endpoint.consecutive_failures,
        "paused_at": endpoint.paused_at.isoformat(),
        "last_error": last_error or "-",
        "url": endpoint_page_url(endpoint),
    }
    stamp = int(endpoint.paused_at.timestamp())
    for admin in admins:
        notify(
            recipient=admin,
            kind="webhook_paused",
            context=context,
            idempotency_key=f"webhook-paused:{endpoint.pk}:{stamp}:{admin.pk}",
        )


def sweep_cities(*, now: datetime.datetime | None = None) -> list[int]:
    """Beat: publish a relay for every active city with due rows for an active endpoint; returns their ids."""
    from cities.tenancy import city_context

    now = now or timezone.now()
    due = []
    for city_id in City.objects.filter(is_active=True).order_by("pk").values_list("pk", flat=True):
        with city_context(city_id):
            if WebhookDelivery.objects.filter(
                status=WebhookDelivery.Status.PENDING,
                next_attempt_at__lte=now,
                endpoint__status=WebhookEndpoint.Status.ACTIVE,
            ).exists():
                due.append(city_id)
    for city_id in due:
        publish_relay(city_id)
    return due
