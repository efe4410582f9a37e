"""Telling a person registered at the desk, by the channel they chose (``JobSeeker.contact_channel``).

Many people an Inclusive Job Center serves have no portal account and no email. ``person_message_send``
takes what placements knows about the person as primitives (notifications never imports
jobseekers) and tells them in plain language:

- ``sms`` / ``whatsapp``: an outbox row to their phone number (the text backend and the relay, with
  retries and the failed list as for every message);
- ``email``: an outbox row to their address (the email channel);
- ``phone``: a call for staff to make, with the script to read (the "Calls to make" list);
  ``call_log`` records each call (reached, not reached, wrong number), audited;
- ``visit``, or no phone and no email: a letter to print (the "Letters to print" list);
  ``letter_mark_printed`` records its printing, audited.

If the person also has a portal account, the message is in their inbox too. Every message is a
``PersonMessage`` row, unique per city and dedupe key: the same key never tells the person twice.
"""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass, field
from functools import partial

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from cities.models import City
from cities.phones import normalise_phone
from cities.tenancy import require_city_id
from notifications import outbox
from notifications.models import CallLog, Channel, Notification, PersonMessage
from notifications.person_texts import render_person_message

logger = logging.getLogger(__name__)

# The relay's Celery name (``notifications.tasks.relay``), published by name.
RELAY_TASK = "notifications.relay"

# The person's contact channel (``jobseekers.choices`` ContactChannel values) and the way it is done here.
SMS, WHATSAPP, EMAIL, PHONE, VISIT = "sms", "whatsapp", "email", "phone", "visit"
LETTER = "letter"  # the way for "visit" and for a person with no phone and no email
CONTACT_CHANNELS = (SMS, WHATSAPP, PHONE, EMAIL, VISIT, "")


@dataclass
class PersonMessageResult:
    """What ``person_message_send`` did: ``way`` is ``sms``, ``whatsapp``, ``email``, ``phone`` (a call
    to make) or ``letter``; ``created`` is ``False`` when the dedupe key was used before (nothing new)."""

    way: str
    created: bool
    message: PersonMessage
    notifications: list[Notification] = field(default_factory=list)


def resolve_way(channel: str, *, phone: str, email: str) -> str:
    """The way a message reaches the person: their chosen ``channel`` when it has what it needs (a phone
    number for ``sms``, ``whatsapp`` and ``phone``, an address for ``email``), else SMS when there is a
    phone, email when there is an address, else a letter (``visit`` is always a letter)."""
    if channel not in CONTACT_CHANNELS:
        raise ValueError(f"Unknown contact channel {channel!r}.")
    if channel == VISIT:
        return LETTER
    if channel in (SMS, WHATSAPP, PHONE) and phone:
        return channel
    if channel == EMAIL and email:
        return EMAIL
    if phone:
        return SMS
    if email:
        return EMAIL
    return LETTER


@transaction.atomic
def person_message_send(
    *,
    actor,
    kind: str,
    job_seeker_id: int,
    channel: str,
    name: str,
    phone: str,
    email: str,
    user=None,
    language: str = "id",
    context: dict,
    dedupe_key: str,
) -> PersonMessageResult:
    """Tell one person (a job seeker, perhaps without an account) about ``kind`` by their channel.

    Call it inside the transaction of the change the message is about, in the active city: if that
    transaction rolls back, nothing is sent, listed or printed.

    - ``actor``: the staff member (or system user) whose action causes the message.
    - ``kind``: ``referral_confirmed_for_person``, ``interview_scheduled``,
      ``interview_accommodations_confirmed``, ``referral_request_sent_on`` or
      ``referral_request_declined`` (``notifications.person_texts.PERSON_KINDS``).
    - ``job_seeker_id``, ``name``, ``phone`` (E.164), ``email``, ``user`` (their ``accounts.User`` or
      ``None``): who they are; ``language``: the message's language (``id`` by default).
    - ``channel``: ``JobSeeker.contact_channel``: ``sms``, ``whatsapp``, ``phone``, ``email``,
      ``visit`` or ``""`` (see ``resolve_way``: SMS/WhatsApp/email go through the outbox and the
      relay; ``phone`` becomes a call to make; ``visit`` or no contact a letter to print).
    - ``context``: ``person_name``, ``vacancy_title``, ``employer_name`` (always), ``interview_at``
      (ISO 8601 datetime, shown on the city's clock with WIB/WITA/WIT; needed for
      ``interview_scheduled``), ``interview_place``, ``accommodations`` (list of labels), ``reason``.
    - ``dedupe_key`` (≤ 160 characters): the same key in the same city never tells the person twice,
      whatever the channel; the second call writes nothing and returns ``created=False``.

    Returns a ``PersonMessageResult`` (the way, the ``PersonMessage``, its outbox rows). Raises
    ``ValueError`` for an unknown kind or channel, a missing value or a bad key (before anything is
    written); ``CityContextError`` without an active city.
    """
    city_id = require_city_id()
    if not dedupe_key or len(dedupe_key) > 160:
        raise ValueError("dedupe_key must be 1 to 160 characters.")
    phone, email = _e164(phone), str(email or "").strip()
    way = resolve_way(channel or "", phone=phone, email=email)
    key = f"person:{dedupe_key}"
    existing = PersonMessage.objects.filter(dedupe_key=dedupe_key).first()
    if existing is not None:
        return PersonMessageResult(way=existing.way, created=False, message=existing, notifications=_rows(key))
    city = City.objects.only("name", "timezone").get(pk=city_id)
    subject, body, short = render_person_message(
        kind, context, name=name, language=language, city_name=city.name, timezone_name=city.timezone
    )
    now = timezone.now()
    message = PersonMessage(
        dedupe_key=dedupe_key,
        kind=kind,
        job_seeker_id=job_seeker_id,
        way=way,
        name=name[:200],
        phone=phone if way in (SMS, WHATSAPP, PHONE) else "",
        language=language,
        subject=subject,
        body=body,
        script=short,
        created_at=now,
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    try:
        with transaction.atomic():  # a concurrent call with the same key: the database keeps one
            message.save()
    except IntegrityError:
        existing = PersonMessage.objects.get(dedupe_key=dedupe_key)
        return PersonMessageResult(way=existing.way, created=False, message=existing, notifications=_rows(key))
    rows = []
    common = {
        "kind": kind,
        "language": language,
        "context": _json_context(context),
        "subject": subject,
        "body": body,
        "short_body": short,
        "idempotency_key": key,
        "next_attempt_at": now,
        "created_at": now,
    }
    if way in (SMS, WHATSAPP, EMAIL):
        rows.append(Notification(address=phone if way in (SMS, WHATSAPP) else email, channel=way, **common))
    if user is not None:
        rows.append(
            Notification(recipient=user, channel=Channel.INBOX, status=Notification.Status.SENT, sent_at=now, **common)
        )
    Notification.objects.bulk_create(rows, ignore_conflicts=True)
    saved = _rows(key)
    if any(row.status == Notification.Status.PENDING for row in saved):
        transaction.on_commit(partial(outbox.publish, RELAY_TASK, city_id), robust=True)
    logger.info("Person message %s (%s) for job seeker %s", message.pk, way, job_seeker_id)
    return PersonMessageResult(way=way, created=True, message=message, notifications=saved)


def _e164(phone) -> str:
    """``phone`` in E.164 for the text gateway (``+6281234567890``); a number that cannot be parsed
    counts as no number (the person is then told by email or a letter)."""
    try:
        return normalise_phone(str(phone or "").strip())
    except ValidationError:
        logger.warning("A person's phone number could not be read; they are told another way.")
        return ""


def _rows(key: str) -> list[Notification]:
    return list(Notification.objects.filter(idempotency_key=key).order_by("id"))


def _json_context(context: dict) -> dict:
    """The context as stored on the outbox row: JSON values only (lists stay lists)."""
    return {
        name: value if isinstance(value, (str, int, float, bool, list, type(None))) else str(value)
        for name, value in context.items()
    }


# --- Calls to make and letters to print --------------------------------------------------------------
def _audit(actor, message: PersonMessage, changes: dict, extra: dict) -> None:
    from accounts.models import AuditLogEntry

    AuditLogEntry.objects.log_create(
        message,
        force_log=True,
        action=AuditLogEntry.Action.UPDATE,
        actor=actor,
        timestamp=timezone.now(),
        changes=changes,
        additional_data=extra,
    )


@transaction.atomic
def call_log(
    *, actor, message: PersonMessage, outcome: str, note: str = "", called_at: datetime.datetime | None = None
) -> CallLog:
    """Record a call made for ``message`` (way ``phone``) by ``actor`` at ``called_at`` (default now).

    ``outcome`` is a ``CallLog.Outcome``: ``not_reached`` keeps the call in the list; ``reached`` and
    ``wrong_number`` close it (``done_at``/``done_by``). Each call is an ``update`` entry in the
    city's audit trail (outcome, who, when; the note stays on the call). ``ValueError`` for a message
    that is not a call, a closed call, an unknown outcome or a time in the future.
    """
    message = PersonMessage.objects.select_for_update().get(pk=message.pk)
    if message.way != PersonMessage.Way.PHONE:
        raise ValueError("Only a call to make can have calls logged.")
    if message.done_at is not None:
        raise ValueError("This call is already done.")
    if outcome not in CallLog.Outcome.values:
        raise ValueError(f"Unknown call outcome {outcome!r}.")
    now = timezone.now()
    called_at = called_at or now
    if called_at > now + datetime.timedelta(minutes=5):
        raise ValueError("A call cannot be logged in the future.")
    log = CallLog(message=message, outcome=outcome, note=note.strip()[:1000], called_at=called_at, called_by=actor)
    log.full_clean(exclude=["message", "called_by"])
    log.save()
    changes = {"call": ["", outcome]}
    if outcome != CallLog.Outcome.NOT_REACHED:
        message.done_at, message.done_by = now, actor
        message.save(update_fields=["done_at", "done_by"])
        changes["done_at"] = ["", now.isoformat()]
    _audit(actor, message, changes, {"call_log": log.pk, "called_at": called_at.isoformat()})
    return log


@transaction.atomic
def letter_mark_printed(*, actor, message: PersonMessage) -> PersonMessage:
    """Mark the letter ``message`` (way ``letter``) printed by ``actor`` now: it leaves the "Letters to
    print" list; audited. Marking it again changes nothing. ``ValueError`` when it is not a letter."""
    message = PersonMessage.objects.select_for_update().get(pk=message.pk)
    if message.way != PersonMessage.Way.LETTER:
        raise ValueError("Only a letter can be marked printed.")
    if message.done_at is not None:
        return message
    message.done_at, message.done_by = timezone.now(), actor
    message.save(update_fields=["done_at", "done_by"])
    _audit(actor, message, {"done_at": ["", message.done_at.isoformat()]}, {"letter": "printed"})
    return message


@transaction.atomic
def person_messages_erase(*, actor, job_seeker_id: int) -> int:
    """Delete what the current city keeps of its messages to one person when their data is erased
    (UU 27/2022 art. 8; ``jobseekers.services.rights.jobseeker_anonymise``): the ``PersonMessage``
    rows (name, number, text; their ``CallLog`` rows with them) and the outbox rows sent to their
    number or address (no account). Their inbox rows go with their account
    (``accounts.signals.account_closed``). Returns how many messages were deleted; the audit entries
    of logged calls and printed letters stay, without the text."""
    messages = PersonMessage.objects.filter(job_seeker_id=job_seeker_id)
    keys = [f"person:{key}" for key in messages.values_list("dedupe_key", flat=True)]
    Notification.objects.filter(idempotency_key__in=keys, recipient=None).delete()
    CallLog.objects.filter(message__job_seeker_id=job_seeker_id).delete()
    count = messages.count()
    messages.delete()
    logger.info("Messages to job seeker %s erased by %s: %s", job_seeker_id, getattr(actor, "pk", None), count)
    return count
