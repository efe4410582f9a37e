"""Telling a person registered at the desk, by the channel they chose (``JobSeeker.contact_channel``).

Many people an Inclusive Job Center serves have no portal account and no email. ``person_message_send``
takes what placements knows about the person as primitives (notifications never imports
jobseekers) and tells them in plain language:

- ``sms`` / ``whatsapp``: an outbox row to their phone number (the text backend and the relay, with
  retries and the failed list as for every message);
- ``email``: an outbox row to their address (the email channel);
- ``phone``: a call for staff to make, with the script to read (the "Calls to make" list);
- ``visit``, or no phone and no email: a letter to print (the "Letters to print" list).

If the person also has a portal account, the message is in their inbox too.
"""

from __future__ import annotations

import datetime
import logging
import zoneinfo
from dataclasses import dataclass, field
from functools import partial

from django.db import transaction
from django.utils import timezone

from cities.tenancy import require_city_id
from notifications import outbox
from notifications.models import Channel, Notification

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


def zone_abbreviation(timezone_name: str, moment: datetime.datetime | None = None) -> str:
    """The zone as people say it: WIB, WITA or WIT (Keppres 41/1987); the IANA name when the tz
    database has no letters for it."""
    tz = zoneinfo.ZoneInfo(timezone_name)
    name = (moment or timezone.now()).astimezone(tz).tzname() or timezone_name
    return timezone_name if name.startswith(("+", "-")) else name


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

    Call it inside the transaction of the change the message is about, in the active city.

    - ``actor``: the staff member (or system user) whose action causes the message.
    - ``kind``: ``referral_confirmed_for_person``, ``interview_scheduled``,
      ``interview_accommodations_confirmed``, ``referral_request_sent_on`` or
      ``referral_request_declined``.
    - ``job_seeker_id``, ``name``, ``phone`` (E.164), ``email``, ``user`` (their ``accounts.User`` or
      ``None``): who they are; ``language``: the message's language (``id`` by default).
    - ``channel``: ``JobSeeker.contact_channel``: ``sms``, ``whatsapp``, ``phone``, ``email``,
      ``visit`` or ``""`` (see ``resolve_way``).
    - ``context``: ``person_name``, ``vacancy_title``, ``employer_name``, ``interview_at`` (ISO 8601
      datetime, shown in the city's time with WIB/WITA/WIT), ``interview_place``, ``accommodations``
      (list of labels), ``reason``: the values the kind names.
    - ``dedupe_key`` (≤ 160 characters): the same key in the same city never tells the person twice,
      whatever channel; the second call returns ``created=False``.

    Returns a ``PersonMessageResult``. ``ValueError`` for an unknown kind or channel, a missing value,
    or a bad key; ``CityContextError`` without an active city.
    """
    city_id = require_city_id()
    if not dedupe_key or len(dedupe_key) > 160:
        raise ValueError("dedupe_key must be 1 to 160 characters.")
    way = resolve_way(channel, phone=phone, email=email)
    key = f"person:{dedupe_key}"
    existing = list(Notification.objects.filter(idempotency_key=key).order_by("id"))
    if existing:
        return PersonMessageResult(way=way, created=False, notifications=existing)
    subject = f"{kind}: {context.get('vacancy_title', '')}"[:200]
    text = subject
    rows = []
    now = timezone.now()
    if way in (SMS, WHATSAPP, EMAIL):
        rows.append(
            Notification(
                address=phone if way in (SMS, WHATSAPP) else email,
                kind=kind,
                channel=way,
                language=language,
                context=dict(context),
                subject=subject,
                body=text,
                short_body=text[:320],
                idempotency_key=key,
                next_attempt_at=now,
                created_at=now,
            )
        )
    if user is not None:
        rows.append(
            Notification(
                recipient=user,
                kind=kind,
                channel=Channel.INBOX,
                language=language,
                context=dict(context),
                subject=subject,
                body=text,
                short_body=text[:320],
                status=Notification.Status.SENT,
                sent_at=now,
                idempotency_key=key,
                next_attempt_at=now,
                created_at=now,
            )
        )
    Notification.objects.bulk_create(rows, ignore_conflicts=True)
    saved = list(Notification.objects.filter(idempotency_key=key).order_by("id"))
    if any(row.status == Notification.Status.PENDING for row in saved):
        transaction.on_commit(partial(outbox.publish, RELAY_TASK, city_id), robust=True)
    return PersonMessageResult(way=way, created=True, notifications=saved)
