"""Writes of the notifications app: ``notify`` (the public API other apps call), the relay, retries,
preferences and the inbox's "read" marks.

``notify`` is the only way to send anything to a person. Call it inside the transaction that makes
the change the message is about; nothing is sent unless that transaction commits::

    from notifications.services import notify

    notify(
        recipient=referral.job_seeker.user,
        kind="referral_proposed",
        context={"vacancy_title": vacancy.title, "employer_name": employer.name, "url": url},
        idempotency_key=f"referral-proposed:{referral.pk}:{user.pk}",
    )

Delivery is at least once, and exactly once unless a worker dies between the provider accepting a
message and the relay's transaction committing (docs/notifications.md, "Delivery guarantee").
"""

from __future__ import annotations

import dataclasses
import datetime
import json
import logging
import zoneinfo
from dataclasses import dataclass, field
from functools import partial

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation

from cities.models import City
from cities.tenancy import CityContextError, city_context, current_city_id, require_city_id
from notifications import channels as channel_module
from notifications import outbox, whatsapp
from notifications.kinds import DIGEST_INTRO, DIGEST_SUBJECT, get_kind, prepare_context, render
from notifications.models import LIMITED_CHANNELS, QUIET_CHANNELS, Channel, Notification, NotificationPreference
from notifications.person_messages import person_message_send

logger = logging.getLogger(__name__)

MAX_ATTEMPTS_DEFAULT = 6


def _setting(name: str, default):
    return getattr(settings, name, default)


# --- Preferences ------------------------------------------------------------------------------------
def preference_for(user) -> NotificationPreference:
    """The user's saved preferences, or the defaults (unsaved) when they never changed them."""
    if user is None:
        return NotificationPreference()
    try:
        return NotificationPreference.objects.get(user_id=user.pk)
    except NotificationPreference.DoesNotExist:
        return NotificationPreference(user_id=user.pk)


def channels_for(preference: NotificationPreference, kind_code: str) -> tuple[str, ...]:
    """The channels ``preference`` wants for ``kind_code`` (its default when it never chose)."""
    kind = get_kind(kind_code)
    chosen = preference.channels.get(kind_code)
    if chosen is None:
        return kind.default_channels
    return tuple(channel for channel in kind.allowed_channels if channel in chosen)


def opted_in(kind_code: str, user_ids) -> set[int]:
    """Those of ``user_ids`` who want ``kind_code`` on at least one channel (their choice, else the
    kind's default); one query. For an opt-in kind (no default channel) only people who ticked a
    channel for it on the settings page. ``ValueError`` for an unknown kind."""
    kind = get_kind(kind_code)
    user_ids = set(user_ids)
    if not user_ids:
        return set()
    chosen = dict(
        NotificationPreference.objects.filter(user_id__in=user_ids).values_list("user_id", f"channels__{kind.code}")
    )
    return {
        user_id
        for user_id in user_ids
        if (kind.default_channels if chosen.get(user_id) is None else set(chosen[user_id]) & set(kind.allowed_channels))
    }


@transaction.atomic
def preference_save(*, actor, user, channels: dict[str, list[str]], **fields) -> NotificationPreference:
    """Save ``user``'s preferences (only ``actor == user`` may); ``fields`` are the model's other fields.

    ``channels`` maps kind → channels; unknown kinds or channels raise ``ValueError``.
    """
    if actor.pk != user.pk:
        raise PermissionError("Only the person can change their own notification preferences.")
    for code, wanted in channels.items():
        kind = get_kind(code)
        unknown = set(wanted) - set(kind.allowed_channels)
        if unknown:
            raise ValueError(f"{code} cannot go by {', '.join(sorted(unknown))}.")
    preference = preference_for(user)
    preference.channels = {code: list(wanted) for code, wanted in channels.items()}
    for name, value in fields.items():
        setattr(preference, name, value)
    preference.full_clean()
    preference.save()
    return preference


# --- notify: the public API -------------------------------------------------------------------------
def notify(
    *,
    recipient,
    kind: str,
    context: dict,
    idempotency_key: str,
    city_id: int | None = None,
    channels: tuple[str, ...] | list[str] | None = None,
    address: str = "",
) -> list[Notification]:
    """Write the outbox rows of one event for one person, in the caller's transaction.

    - ``recipient``: an ``accounts.User`` (or ``None`` with ``address`` for someone without an
      account yet, email only: an invitation).
    - ``kind``: a key of ``notifications.kinds.KINDS``; ``context``: JSON-serialisable values for
      its placeholders (``*_at`` values as ISO 8601 datetimes).
    - ``idempotency_key`` (≤ 180 characters): the same key in the same city never writes a second
      row for a channel: retrying the caller is safe. Make it name the event and the person, e.g.
      ``"interview-changed:<interview pk>:<version>:<user pk>"``.
    - ``city_id``: defaults to the active city; if given inside another city's context,
      ``CityContextError``. Without an active context, ``notify`` enters ``city_context(city_id)``.
    - ``channels``: forces channels (e.g. ``["email"]`` for an invitation); by default the person's
      preferences for the kind (``NotificationPreference.channels``), else the kind's default.

    Inbox rows are delivered at once (they are visible when the caller commits); the others are
    sent by the relay task, published after commit. Returns the rows (existing ones when the key was
    used before). Raises ``ValueError`` for an unknown kind, a missing placeholder, context that is
    not JSON, or no recipient and no address.
    """
    active = current_city_id()
    if city_id is not None and active is not None and city_id != active:
        raise CityContextError(f"notify(city_id={city_id}) inside the context of city {active}.")
    if active is None:
        if city_id is None:
            raise CityContextError("notify needs a city: call it inside city_context or pass city_id.")
        with city_context(city_id):
            return _notify(recipient, kind, context, idempotency_key, channels, address)
    return _notify(recipient, kind, context, idempotency_key, channels, address)


def notify_address(
    *,
    address: str,
    channel: str,
    kind: str,
    context: dict,
    idempotency_key: str,
    language: str = "",
    city_id: int | None = None,
) -> list[Notification]:
    """One message to someone who has no account, on one ``channel``: ``address`` is an email address
    for ``email``, an E.164 mobile number for ``sms`` or ``whatsapp`` (a person registered at the desk
    with only a phone). Otherwise as ``notify`` (the caller's transaction, idempotency, ``city_id``);
    the message is in ``language`` (the person's, as recorded on their profile), else the portal's
    (``LANGUAGE_CODE``). ``ValueError`` for the inbox or an empty address."""
    if channel not in (Channel.EMAIL, Channel.SMS, Channel.WHATSAPP):
        raise ValueError(f"A message to an address goes by email, SMS or WhatsApp, not {channel!r}.")
    if not address:
        raise ValueError("notify_address needs an address.")
    active = current_city_id()
    if city_id is not None and active is not None and city_id != active:
        raise CityContextError(f"notify_address(city_id={city_id}) inside the context of city {active}.")
    arguments = (None, kind, context, idempotency_key, (channel,), address, (channel,), language)
    if active is None:
        if city_id is None:
            raise CityContextError("notify_address needs a city: call it inside city_context or pass city_id.")
        with city_context(city_id):
            return _notify(*arguments)
    return _notify(*arguments)


def _notify(
    recipient,
    kind_code,
    context,
    idempotency_key,
    forced_channels,
    address,
    address_channels=(Channel.EMAIL,),
    language="",
) -> list[Notification]:
    city_id = require_city_id()
    kind = get_kind(kind_code)
    if recipient is None and not address:
        raise ValueError("notify needs a recipient or an address.")
    if not idempotency_key or len(idempotency_key) > 180:
        raise ValueError("idempotency_key must be 1 to 180 characters.")
    prepared = prepare_context(kind, context)
    try:
        json.dumps(prepared)
    except TypeError as error:
        raise ValueError(f"The context of a notification must be JSON: {error}") from error
    preference = preference_for(recipient)
    if forced_channels is not None:
        wanted = tuple(channel for channel in kind.allowed_channels if channel in forced_channels)
    else:
        wanted = channels_for(preference, kind_code)
    if recipient is None:
        wanted = tuple(channel for channel in wanted if channel in address_channels)
    if not wanted:
        return []
    language = language or preference.language or getattr(recipient, "language", "") or settings.LANGUAGE_CODE
    city_tz = City.objects.filter(pk=city_id).values_list("timezone", flat=True).first() or "Asia/Jakarta"
    subject, body, short = render(kind, prepared, language=language, timezone_name=city_tz)
    now = timezone.now()
    rows = []
    for channel in wanted:
        delivered = channel == Channel.INBOX
        rows.append(
            Notification(
                recipient=recipient,
                address=address,
                kind=kind_code,
                channel=channel,
                language=language,
                easy_read=preference.easy_read,
                context=prepared,
                subject=subject,
                body=body,
                short_body=short,
                status=Notification.Status.SENT if delivered else Notification.Status.PENDING,
                sent_at=now if delivered else None,
                next_attempt_at=now,
                idempotency_key=idempotency_key,
                created_at=now,
            )
        )
    Notification.objects.bulk_create(rows, ignore_conflicts=True)
    saved = list(Notification.objects.filter(idempotency_key=idempotency_key, channel__in=wanted).order_by("id"))
    if any(row.status == Notification.Status.PENDING for row in saved):
        transaction.on_commit(partial(publish_relay, city_id), robust=True)
    return saved


# The relay's Celery name (``notifications.tasks.relay``), published by name: tasks call services,
# services never import tasks.
RELAY_TASK = "notifications.relay"


def publish_relay(city_id: int, countdown: float | None = None) -> bool:
    """Ask a worker to relay ``city_id``'s pending rows; ``False`` (logged) when the broker is unreachable.

    Never raises: a broker outage must not break the caller, whose rows are already committed. The
    beat sweep (``notifications.tasks.sweep``) publishes again later.
    """
    return outbox.publish(RELAY_TASK, city_id, countdown=countdown)


# --- The relay ----------------------------------------------------------------------------------------
@dataclass
class RelayResult:
    sent: int = 0
    retried: int = 0
    failed: int = 0
    deferred: int = 0  # quiet hours or daily limit (held for the digest)
    next_due: datetime.datetime | None = None  # the earliest retry or deferral, to schedule the next run
    more: bool = False  # the batch was full: run again
    errors: list[str] = field(default_factory=list)

    def _due(self, moment: datetime.datetime) -> None:
        if self.next_due is None or moment < self.next_due:
            self.next_due = moment


def backoff_delay(attempts: int) -> float:
    """Seconds to wait after the ``attempts``-th failed try (``notifications.outbox.backoff_delay``:
    exponential from ``NOTIFICATIONS_BACKOFF_BASE_SECONDS`` up to ``NOTIFICATIONS_BACKOFF_MAX_SECONDS``,
    with "equal jitter")."""
    return outbox.backoff_delay(attempts)


def _quiet_until(preference: NotificationPreference, now: datetime.datetime, tz) -> datetime.datetime | None:
    """The end of the quiet hours when ``now`` falls inside them, else ``None``."""
    if not preference.quiet_hours or preference.quiet_start == preference.quiet_end:
        return None
    local = now.astimezone(tz)
    start, end, t = preference.quiet_start, preference.quiet_end, local.timetz().replace(tzinfo=None)
    inside = (start <= t < end) if start < end else (t >= start or t < end)
    if not inside:
        return None
    end_day = local.date() if t < end else local.date() + datetime.timedelta(days=1)
    return datetime.datetime.combine(end_day, end, tzinfo=tz)


def _digest_time(preference: NotificationPreference, now: datetime.datetime, tz) -> datetime.datetime:
    """Tomorrow morning in the city's time zone: the end of the quiet hours, or 07:00."""
    morning = preference.quiet_end if preference.quiet_hours else datetime.time(7, 0)
    tomorrow = now.astimezone(tz).date() + datetime.timedelta(days=1)
    return datetime.datetime.combine(tomorrow, morning, tzinfo=tz)


def _sent_today(row: Notification, now: datetime.datetime, tz) -> int:
    day_start = datetime.datetime.combine(now.astimezone(tz).date(), datetime.time(0), tzinfo=tz)
    return Notification.objects.filter(
        recipient_id=row.recipient_id, channel=row.channel, status=Notification.Status.SENT, sent_at__gte=day_start
    ).count()


def _address(row: Notification) -> str:
    if row.channel == Channel.EMAIL:
        return row.recipient.email if row.recipient_id else row.address
    if row.channel in (Channel.SMS, Channel.WHATSAPP):
        phone = getattr(row.recipient, "phone", None) if row.recipient_id else None
        return str(phone) if phone else row.address
    return ""


def _message(
    row: Notification, *, subject: str | None = None, text: str | None = None
) -> channel_module.OutgoingMessage:
    if text is None:
        # SMS and WhatsApp always get the short wording; email and inbox the person's chosen format.
        text = row.short_body if row.channel in (Channel.SMS, Channel.WHATSAPP) else row.text
    return channel_module.OutgoingMessage(
        channel=row.channel,
        to=_address(row),
        subject=subject or row.subject,
        text=text,
        language=row.language,
        idempotency_key=f"{row.city_id}:{row.channel}:{row.idempotency_key}",
    )


def _deliver(rows: list[Notification], message, now, result: RelayResult) -> None:
    """Send one message standing for ``rows`` (one row, or a digest) and record the outcome on each."""
    max_attempts = _setting("NOTIFICATIONS_MAX_ATTEMPTS", MAX_ATTEMPTS_DEFAULT)
    for row in rows:
        row.attempts += 1
    cloud = message.channel == Channel.WHATSAPP and whatsapp.enabled()
    try:
        if cloud:
            whatsapp.send(message, rows, now=now)
        else:
            channel_module.send(message)
    except channel_module.ChannelError as error:
        permanent = isinstance(error, channel_module.PermanentChannelError)
        for row in rows:
            row.last_error = f"{type(error).__name__}: {error}"[:2000]
            if permanent or row.attempts >= max_attempts:
                row.status = Notification.Status.FAILED
                result.failed += 1
            else:
                row.status = Notification.Status.PENDING
                row.next_attempt_at = now + datetime.timedelta(seconds=backoff_delay(row.attempts))
                result.retried += 1
                result._due(row.next_attempt_at)
        result.errors.append(str(error))
    else:
        for row in rows:
            row.status = Notification.Status.SENT
            row.sent_at = now
        result.sent += len(rows)
    fallbacks = []
    for row in rows:
        # WhatsApp failed for good (not opted in, not on WhatsApp, refused): SMS instead, once per key.
        if cloud and row.status == Notification.Status.FAILED and (sms := whatsapp.sms_fallback(row, now)):
            row.last_error = f"{row.last_error} (sent by SMS instead)"[:2000]
            fallbacks.append(sms)
        row.save(update_fields=["status", "attempts", "last_error", "next_attempt_at", "sent_at"])
    if fallbacks:  # a WhatsApp summary that failed becomes one SMS summary, not one SMS per message
        _deliver(fallbacks, _digest_message(fallbacks) if len(fallbacks) > 1 else _message(fallbacks[0]), now, result)


def relay_pending(*, limit: int | None = None, now: datetime.datetime | None = None) -> RelayResult:
    """Send the active city's due rows; the body of the relay task (call it inside a city context).

    Claims up to ``limit`` rows (``NOTIFICATIONS_RELAY_BATCH``, 50) with ``SELECT ... FOR UPDATE
    SKIP LOCKED``: a row locked by another relay is skipped, so two workers never send one row. The
    claim, the sending and the outcome are one transaction; see the module docstring for the
    guarantee. Quiet hours hold SMS/WhatsApp until they end; past the person's daily limit a row
    waits for tomorrow's digest (one message for all of them).
    """
    city_id = require_city_id()
    limit = limit or _setting("NOTIFICATIONS_RELAY_BATCH", 50)
    now = now or timezone.now()
    tz = zoneinfo.ZoneInfo(City.objects.filter(pk=city_id).values_list("timezone", flat=True).first() or "Asia/Jakarta")
    result = RelayResult()
    with transaction.atomic():
        rows = outbox.claim_due(Notification.objects.select_related("recipient"), now=now, limit=limit)
        result.more = len(rows) == limit
        if not rows:
            return result
        preferences: dict[int | None, NotificationPreference] = {}
        digests: dict[tuple[int | None, str], list[Notification]] = {}
        for row in rows:
            if row.recipient_id not in preferences:
                preferences[row.recipient_id] = preference_for(row.recipient)
            preference = preferences[row.recipient_id]
            if row.channel in QUIET_CHANNELS and (until := _quiet_until(preference, now, tz)) is not None:
                _defer(row, until, result)
                continue
            if row.in_digest:
                digests.setdefault((row.recipient_id, row.channel), []).append(row)
                continue
            if (
                row.recipient_id
                and row.channel in LIMITED_CHANNELS
                and _sent_today(row, now, tz) >= preference.daily_limit
            ):
                row.in_digest = True
                _defer(row, _digest_time(preference, now, tz), result, fields=["in_digest"])
                continue
            _deliver([row], _message(row), now, result)
        for group in digests.values():
            _deliver(group, _digest_message(group), now, result)
    return result


def _defer(row: Notification, until: datetime.datetime, result: RelayResult, fields=()) -> None:
    row.status = Notification.Status.PENDING
    row.next_attempt_at = until
    row.save(update_fields=["status", "next_attempt_at", *fields])
    result.deferred += 1
    result._due(until)


def _digest_message(rows: list[Notification]):
    first = rows[0]
    with translation.override(first.language):
        subject = str(DIGEST_SUBJECT) % {"count": len(rows)}
        if first.channel in (Channel.SMS, Channel.WHATSAPP):
            text = "\n".join(row.short_body for row in rows)
        else:
            parts = [str(DIGEST_INTRO)] + [f"{row.subject}\n{row.text}" for row in rows]
            text = "\n\n---\n\n".join(parts)
    message = _message(first, subject=subject, text=text)
    return dataclasses.replace(message, idempotency_key=f"digest:{message.idempotency_key}")


def sweep_cities(*, now: datetime.datetime | None = None) -> list[int]:
    """For each active city with due pending rows, publish its relay; returns those cities' ids.

    The beat job: it catches rows whose relay was never published (broker down at commit), whose
    worker died, and retries and deferrals whose time has come. One ``EXISTS`` per active city.
    """
    now = now or timezone.now()
    due = []
    for city_id in City.objects.filter(is_active=True).order_by("pk").values_list("pk", flat=True):
        with city_context(city_id):
            if Notification.objects.filter(status=Notification.Status.PENDING, next_attempt_at__lte=now).exists():
                due.append(city_id)
    for city_id in due:
        publish_relay(city_id)
    return due


def cancel(*, idempotency_key: str, city_id: int | None = None) -> int:
    """Cancel the not-yet-sent rows of an event (all channels), e.g. an interview called off before
    its reminder went out; returns how many. Sent rows stay sent. Call it in the caller's transaction,
    like ``notify``; a row being sent right now (locked by a relay) is skipped, not waited for."""
    active = current_city_id()
    if city_id is not None and active is not None and city_id != active:
        raise CityContextError(f"cancel(city_id={city_id}) inside the context of city {active}.")
    if active is None:
        if city_id is None:
            raise CityContextError("cancel needs a city: call it inside city_context or pass city_id.")
        with city_context(city_id):
            return cancel(idempotency_key=idempotency_key)
    pending = Notification.objects.select_for_update(skip_locked=True).filter(
        idempotency_key=idempotency_key, status=Notification.Status.PENDING
    )
    return Notification.objects.filter(pk__in=list(pending.values_list("pk", flat=True))).update(
        status=Notification.Status.CANCELLED
    )


def on_account_closed(sender, *, user, **kwargs) -> int:
    """``accounts.signals.account_closed`` receiver: the closed account's messages of the current city
    that were not sent (waiting, or failed and so retryable) are cancelled, since their address is
    erased; returns how many. A row being sent right now is skipped, as in ``cancel``."""
    open_rows = Notification.objects.select_for_update(skip_locked=True).filter(
        recipient_id=user.pk, status__in=[Notification.Status.PENDING, Notification.Status.FAILED]
    )
    return Notification.objects.filter(pk__in=list(open_rows.values_list("pk", flat=True))).update(
        status=Notification.Status.CANCELLED
    )


# --- City admins: failed rows ----------------------------------------------------------------------
@transaction.atomic
def notification_retry(*, actor, notification: Notification) -> Notification:
    """Put a failed row of the current city back in the queue (a city admin's action).

    The row becomes ``pending`` now with its attempts reset, and records who retried it and when
    (``retried_by``, ``retried_at``, ``retries``, shown on the failed list); the retry is also an
    ``update`` entry in the city's audit trail (``accounts.AuditLogEntry``: actor, time, the status
    change; never the message). Raises ``ValueError`` when the row is not ``failed``.
    """
    from accounts.models import AuditLogEntry

    if notification.status != Notification.Status.FAILED:
        raise ValueError("Only a failed notification can be retried.")
    now = timezone.now()
    previous_error = notification.last_error
    notification.status = Notification.Status.PENDING
    notification.attempts = 0
    notification.next_attempt_at = now
    notification.retried_at = now
    notification.retried_by = actor
    notification.retries += 1
    notification.save(update_fields=["status", "attempts", "next_attempt_at", "retried_at", "retried_by", "retries"])
    AuditLogEntry.objects.log_create(
        notification,
        force_log=True,
        action=AuditLogEntry.Action.UPDATE,
        actor=actor,
        timestamp=now,
        changes={"status": [Notification.Status.FAILED, Notification.Status.PENDING]},
        additional_data={"retry": notification.retries, "last_error": previous_error[:500]},
    )
    logger.info("User %s retried notification %s", actor.pk, notification.pk)
    transaction.on_commit(partial(publish_relay, notification.city_id), robust=True)
    return notification


# --- Inbox ------------------------------------------------------------------------------------------
def inbox_mark_read(*, actor, notification_ids: list[int] | None = None) -> int:
    """Mark the actor's inbox messages of the current city as read (all unread when ``None``); returns how many."""
    rows = Notification.objects.filter(recipient_id=actor.pk, channel=Channel.INBOX, read_at=None)
    if notification_ids is not None:
        rows = rows.filter(pk__in=notification_ids)
    return rows.update(read_at=timezone.now())


def unread_count(user) -> int:
    """Unread inbox messages of ``user`` in the current city."""
    return Notification.objects.filter(recipient_id=user.pk, channel=Channel.INBOX, read_at=None).count()


__all__ = [
    "cancel",
    "notification_retry",
    "notify",
    "notify_address",
    "opted_in",
    "person_message_send",
    "preference_for",
    "preference_save",
    "publish_relay",
    "relay_pending",
    "sweep_cities",
]
