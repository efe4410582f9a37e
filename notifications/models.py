"""The notification outbox (tenant table) and each user's notification preferences.

A ``Notification`` is one message to one recipient over one channel. ``notifications.services.notify``
writes it in the caller's transaction (the outbox pattern): if the change that caused it rolls back,
so does the message. The relay task (``notifications.tasks.relay``) sends pending rows after commit;
the beat sweep picks up whatever the relay missed (broker down, worker died). See docs/notifications.md.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cities.models import CityOwnedModel


class Channel(models.TextChoices):
    EMAIL = "email", _("Email")
    INBOX = "inbox", _("Portal inbox")
    SMS = "sms", _("SMS")
    WHATSAPP = "whatsapp", _("WhatsApp")


# Channels that wait for the end of the recipient's quiet hours (no 3 a.m. WhatsApp). Email and the
# inbox are read when the person chooses, so they are not held back.
QUIET_CHANNELS = frozenset({Channel.SMS, Channel.WHATSAPP})
# Channels under the per-day limit (the inbox is never limited: it does not interrupt anyone).
LIMITED_CHANNELS = frozenset({Channel.EMAIL, Channel.SMS, Channel.WHATSAPP})


class Notification(CityOwnedModel):
    """One message to one person over one channel: the outbox row.

    ``status`` moves ``pending`` → ``sending`` (inside the relay's claiming transaction only) →
    ``sent``; or back to ``pending`` with a later ``next_attempt_at`` after a transient error; or to
    ``failed`` (permanent error, or ``NOTIFICATIONS_MAX_ATTEMPTS`` reached) with ``last_error``.
    A city admin may retry a failed row; nobody may un-send a sent one. ``cancelled`` rows are never sent.

    ``idempotency_key`` is unique per city and channel: calling ``notify`` twice for the same event
    writes one row per channel, so a retried caller never doubles a message.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting to be sent")
        SENDING = "sending", _("Being sent")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")
        CANCELLED = "cancelled", _("Cancelled")

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recipient"),
    )
    # The address used when there is no account yet (an invitation); otherwise taken from the account at sending time.
    address = models.CharField(_("address"), max_length=254, blank=True)
    kind = models.CharField(_("kind"), max_length=40)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES, default="id")
    easy_read = models.BooleanField(_("easy read"), default=False)
    context = models.JSONField(_("details"), default=dict, blank=True)
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("message"))
    short_body = models.CharField(_("short message"), max_length=320)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), default=timezone.now)
    last_error = models.TextField(_("last error"), blank=True)
    in_digest = models.BooleanField(_("held for the daily digest"), default=False)
    idempotency_key = models.CharField(_("idempotency key"), max_length=200)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)
    # The last time a city admin put the row back in the queue from the failed list, and who
    # (each retry is also an entry in the city's audit trail, ``accounts.AuditLogEntry``).
    retried_at = models.DateTimeField(_("retried"), null=True, blank=True)
    retried_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("retried by"),
        db_index=False,  # never searched by; tenant indexes lead with city_id
    )
    retries = models.PositiveSmallIntegerField(_("retries by an admin"), default=0)
    # What WhatsApp reported after accepting the message (its webhook): "delivered", "read", "failed".
    delivery_status = models.CharField(_("delivery status"), max_length=10, blank=True)
    delivered_at = models.DateTimeField(_("delivered"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        constraints = [
            models.UniqueConstraint(
                fields=["city", "channel", "idempotency_key"], name="notification_idempotency_per_city"
            ),
            models.CheckConstraint(
                condition=Q(recipient__isnull=False) | ~Q(address=""), name="notification_has_recipient_or_address"
            ),
            models.CheckConstraint(
                condition=Q(status__in=["pending", "sending", "sent", "failed", "cancelled"]),
                name="notification_status_known",
            ),
            models.CheckConstraint(
                condition=Q(status="sent", sent_at__isnull=False) | ~Q(status="sent"),
                name="notification_sent_has_time",
            ),
            models.CheckConstraint(
                condition=Q(channel="inbox", recipient__isnull=False) | ~Q(channel="inbox"),
                name="notification_inbox_has_recipient",
            ),
        ]
        indexes = [
            models.Index(fields=["city", "status", "next_attempt_at"], name="notification_due_idx"),
            models.Index(fields=["city", "recipient", "channel", "read_at"], name="notification_inbox_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} → {self.recipient_id or self.address} ({self.channel}, {self.status})"

    @property
    def text(self) -> str:
        """What the person reads: the easy-read wording when they asked for it, the full text otherwise."""
        return self.short_body if self.easy_read else self.body


class NotificationPreference(models.Model):
    """How one person wants to hear from the portal, in every city they belong to.

    Not a tenant table: it belongs to the person (like ``accounts.User``), holds nothing about any
    city's records, and is read and written only for ``request.user``. ``channels`` maps a kind
    (``notifications.kinds``) to the list of channels wanted; a kind absent from it gets its default.
    Quiet hours are in the city's time zone (``cities.City.timezone``, Asia/Jakarta by default).
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, primary_key=True, related_name="notification_preference"
    )
    channels = models.JSONField(_("channels per kind"), default=dict, blank=True)
    language = models.CharField(
        _("language of messages"),
        max_length=8,
        choices=settings.LANGUAGES,
        blank=True,
        help_text=_("Leave empty to use the language of your account."),
    )
    easy_read = models.BooleanField(
        _("Easy read"), default=False, help_text=_("Short messages in simple words, one idea per sentence.")
    )
    quiet_hours = models.BooleanField(_("Quiet hours for SMS and WhatsApp"), default=True)
    quiet_start = models.TimeField(_("Quiet from"), default=datetime.time(21, 0))
    quiet_end = models.TimeField(_("Quiet until"), default=datetime.time(7, 0))
    daily_limit = models.PositiveSmallIntegerField(
        _("Most messages per day on each channel"),
        default=5,
        validators=[MinValueValidator(1), MaxValueValidator(50)],
        help_text=_("Messages beyond this number wait for one summary message the next morning."),
    )

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")
        constraints = [
            models.CheckConstraint(
                condition=Q(daily_limit__gte=1, daily_limit__lte=50), name="notification_daily_limit_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user_id}"


class PersonMessage(CityOwnedModel):
    """One message to a person registered at the desk (``notifications.person_messages``), once per
    ``dedupe_key`` in the city whatever the channel.

    ``way`` is how it reaches them: ``sms``, ``whatsapp`` or ``email`` (an outbox ``Notification``
    carries it), ``phone`` (a call staff make, reading ``script``: the "Calls to make" list) or
    ``letter`` (printed and handed over or posted: the "Letters to print" list). ``done_at`` /
    ``done_by``: the call that reached the person or found the number wrong, or the letter's printing;
    an open call or letter has none. Calls made are ``CallLog`` rows.
    """

    class Way(models.TextChoices):
        SMS = "sms", _("SMS")
        WHATSAPP = "whatsapp", _("WhatsApp")
        EMAIL = "email", _("Email")
        PHONE = "phone", _("Phone call")
        LETTER = "letter", _("Letter")

    dedupe_key = models.CharField(_("key"), max_length=180)
    kind = models.CharField(_("kind"), max_length=40)
    job_seeker_id = models.PositiveBigIntegerField(_("job seeker"))
    way = models.CharField(_("way"), max_length=10, choices=Way.choices)
    name = models.CharField(_("name"), max_length=200)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES, default="id")
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("message"))
    script = models.TextField(_("short message"))
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", db_index=False
    )
    done_at = models.DateTimeField(_("done"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", db_index=False
    )

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("message to a person")
        verbose_name_plural = _("messages to people")
        constraints = [
            models.UniqueConstraint(fields=["city", "dedupe_key"], name="personmessage_once_per_key"),
            models.CheckConstraint(
                condition=Q(way__in=["sms", "whatsapp", "email", "phone", "letter"]), name="personmessage_way_known"
            ),
        ]
        indexes = [models.Index(fields=["city", "way", "done_at"], name="personmessage_open_idx")]

    def __str__(self) -> str:
        # No name: this is the audit trail's object_repr, which outlives an erased person's data.
        return f"{self.kind} ({self.way}) for job seeker {self.job_seeker_id}"


class CallLog(CityOwnedModel):
    """One call made for a ``PersonMessage`` of way ``phone``: its outcome, a note, who and when.
    "Not reached" leaves the call in the list; "reached" and "wrong number" close it."""

    class Outcome(models.TextChoices):
        REACHED = "reached", _("Reached: the message was given")
        NOT_REACHED = "not_reached", _("Not reached: call again")
        WRONG_NUMBER = "wrong_number", _("Wrong number")

    message = models.ForeignKey(
        PersonMessage, on_delete=models.CASCADE, related_name="call_logs", verbose_name=_("call"), db_index=False
    )
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices)
    note = models.TextField(_("note"), max_length=1000, blank=True)
    called_at = models.DateTimeField(_("called at"))
    called_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", db_index=False
    )

    class Meta:
        ordering = ["called_at", "id"]
        verbose_name = _("call")
        verbose_name_plural = _("calls")
        constraints = [
            models.CheckConstraint(
                condition=Q(outcome__in=["reached", "not_reached", "wrong_number"]), name="calllog_outcome_known"
            ),
        ]
        indexes = [models.Index(fields=["city", "message"], name="calllog_message_idx")]

    def __str__(self) -> str:
        return f"{self.message_id}: {self.outcome}"


class WhatsAppOptIn(CityOwnedModel):
    """A person's recorded agreement to get messages on WhatsApp at ``phone`` (E.164), in one city.

    Without a row that is not withdrawn, the WhatsApp Cloud API is never used for that number: the
    message goes by SMS (``notifications.whatsapp``). ``method`` and ``given_at`` say how and when the
    person agreed (WhatsApp's Business Messaging Policy asks for it); ``last_inbound_at`` is the time
    of their last message to the portal's WhatsApp number, which opens the 24-hour window in which
    free text may be sent instead of an approved template.
    """

    class Method(models.TextChoices):
        PORTAL = "portal", _("On the portal, by the person")
        DESK = "desk", _("At the job center desk, told to staff")
        PAPER = "paper", _("On a signed paper form")
        WHATSAPP = "whatsapp", _("By a WhatsApp message to the job center")

    phone = models.CharField(_("phone"), max_length=30)
    method = models.CharField(_("how it was given"), max_length=10, choices=Method.choices)
    given_at = models.DateTimeField(_("given"), default=timezone.now)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", db_index=False
    )
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    last_inbound_at = models.DateTimeField(_("last message from the person"), null=True, blank=True)

    class Meta:
        verbose_name = _("WhatsApp opt-in")
        verbose_name_plural = _("WhatsApp opt-ins")
        constraints = [
            models.UniqueConstraint(fields=["city", "phone"], name="whatsappoptin_once_per_phone"),
            models.CheckConstraint(
                condition=Q(method__in=["portal", "desk", "paper", "whatsapp"]), name="whatsappoptin_method_known"
            ),
        ]

    def __str__(self) -> str:
        return f"WhatsApp opt-in {self.pk} ({self.method})"


class WhatsAppMessage(models.Model):
    """The global lookup from a WhatsApp message id (``wamid``) to the city and notification it was
    sent for (NOT a tenant row; no RLS). The webhook has no city in its URL: it finds the row here,
    then updates the notification inside that city's context only. Holds no personal data.
    ``portal_city`` is named so on purpose: this table has no ``city_id`` column."""

    wamid = models.CharField(_("WhatsApp message id"), max_length=200, unique=True)
    portal_city = models.ForeignKey("cities.City", on_delete=models.CASCADE, related_name="+", db_index=False)
    notification_id = models.PositiveBigIntegerField(_("notification"))
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("WhatsApp message")
        verbose_name_plural = _("WhatsApp messages")

    def __str__(self) -> str:
        return self.wamid
