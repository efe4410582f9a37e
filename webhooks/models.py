"""Webhook endpoints a city admin registers, the delivery outbox, and the log of every attempt.

All three are tenant tables (``CityOwnedModel``, forced row-level security). A ``WebhookDelivery``
is one event for one endpoint, written by ``webhooks.services.emit`` in the transaction of the
change (the outbox pattern of notifications, see docs/notifications.md and docs/webhooks.md);
``(city, endpoint, event_id)`` is unique, so an event is never queued twice for an endpoint. Each
try writes a ``WebhookAttempt`` row (the delivery log the city admin reads).
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cities.models import CityOwnedModel


class Event(models.TextChoices):
    """The events a city can subscribe an endpoint to (docs/webhooks.md)."""

    VACANCY_PUBLISHED = "vacancy.published", _("Vacancy published")
    PLACEMENT_MADE = "placement.made", _("Placement made")
    FOLLOWUP_RECORDED = "followup.recorded", _("Follow-up recorded")


class WebhookEndpoint(CityOwnedModel):
    """An HTTPS URL of a city's partner system that receives signed event deliveries.

    ``secret_encrypted`` holds the signing secret (256 random bits, shown once to the admin when it
    is created or rotated) encrypted with a key derived from ``SECRET_KEY`` (``webhooks.security``):
    the portal must read it to sign, so it cannot be a one-way hash; a database dump alone does not
    reveal it. ``secret_hint`` is its last four characters, to tell secrets apart on the page.

    ``status`` is ``active`` or ``paused``; the relay sends nothing to a paused endpoint, and its
    deliveries wait (they are sent on resume). ``consecutive_failures`` counts failed attempts since
    the last success; at ``WEBHOOKS_PAUSE_AFTER_FAILURES`` (10) the endpoint is paused and the city
    admins are told (``paused_reason = failures``).
    """

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        PAUSED = "paused", _("Paused")

    class PausedReason(models.TextChoices):
        ADMIN = "admin", _("Paused by an admin")
        FAILURES = "failures", _("Paused after repeated failures")

    url = models.URLField(_("URL"), max_length=500)
    description = models.CharField(_("description"), max_length=200, blank=True)
    events = ArrayField(models.CharField(max_length=40, choices=Event.choices), verbose_name=_("events"))
    secret_encrypted = models.TextField(editable=False)
    secret_hint = models.CharField(max_length=8, editable=False)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE)
    paused_reason = models.CharField(_("reason for the pause"), max_length=10, choices=PausedReason.choices, blank=True)
    paused_at = models.DateTimeField(_("paused"), null=True, blank=True)
    consecutive_failures = models.PositiveIntegerField(_("failures in a row"), default=0)
    last_success_at = models.DateTimeField(_("last success"), null=True, blank=True)
    last_failure_at = models.DateTimeField(_("last failure"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("created by")
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    secret_rotated_at = models.DateTimeField(_("secret last changed"), default=timezone.now)

    class Meta:
        ordering = ["url", "id"]
        verbose_name = _("webhook endpoint")
        verbose_name_plural = _("webhook endpoints")
        constraints = [
            models.UniqueConstraint(fields=["city", "url"], name="webhook_endpoint_url_per_city"),
            models.CheckConstraint(condition=Q(status__in=["active", "paused"]), name="webhook_endpoint_status_known"),
            models.CheckConstraint(
                condition=Q(status="active") | Q(paused_at__isnull=False), name="webhook_endpoint_paused_has_time"
            ),
        ]
        indexes = [models.Index(fields=["city", "status"], name="webhook_endpoint_status_idx")]

    def __str__(self) -> str:
        return self.url

    @property
    def is_active(self) -> bool:
        return self.status == self.Status.ACTIVE

    def event_labels(self) -> list[str]:
        labels = dict(Event.choices)
        return [str(labels.get(code, code)) for code in self.events]


class WebhookDelivery(CityOwnedModel):
    """One event for one endpoint: the outbox row (``notifications.outbox`` claims and retries it).

    ``payload`` is the JSON body sent, ``{"id", "event", "occurred_at", "city", "data"}``, fixed
    when the event happens; every attempt sends the same body (a new timestamp and signature each
    time). ``id`` (a UUID) is the ``X-IJC-Delivery`` header, the same across retries: receivers
    deduplicate on it. Status as in notifications: ``pending`` → ``sending`` (inside the relay's
    transaction only) → ``sent``, or back to ``pending`` later, or ``failed``.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting to be sent")
        SENDING = "sending", _("Being sent")
        SENT = "sent", _("Delivered")
        FAILED = "failed", _("Failed")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    endpoint = models.ForeignKey(WebhookEndpoint, on_delete=models.CASCADE, related_name="deliveries")
    event = models.CharField(_("event"), max_length=40, choices=Event.choices)
    event_id = models.UUIDField(_("event id"))
    occurred_at = models.DateTimeField(_("happened"))
    payload = models.JSONField(_("body"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), default=timezone.now)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    sent_at = models.DateTimeField(_("delivered"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        constraints = [
            models.UniqueConstraint(fields=["city", "endpoint", "event_id"], name="webhook_delivery_once_per_event"),
            models.CheckConstraint(
                condition=Q(status__in=["pending", "sending", "sent", "failed"]), name="webhook_delivery_status_known"
            ),
            models.CheckConstraint(
                condition=~Q(status="sent") | Q(sent_at__isnull=False), name="webhook_delivery_sent_has_time"
            ),
        ]
        indexes = [
            models.Index(fields=["city", "status", "next_attempt_at"], name="webhook_delivery_due_idx"),
            models.Index(fields=["city", "endpoint", "created_at"], name="webhook_delivery_endpoint_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.event} → {self.endpoint_id} ({self.status})"


class WebhookAttempt(CityOwnedModel):
    """One try of a delivery: when, how long, the HTTP status (``None`` when no answer came) and the
    error in words. The city admin's delivery log; kept with the endpoint (deleted with it)."""

    class Outcome(models.TextChoices):
        DELIVERED = "delivered", _("Delivered")
        RETRY = "retry", _("Failed, will try again")
        FAILED = "failed", _("Failed, no more tries")

    endpoint = models.ForeignKey(WebhookEndpoint, on_delete=models.CASCADE, related_name="attempts")
    delivery = models.ForeignKey(WebhookDelivery, on_delete=models.CASCADE, related_name="attempt_log")
    number = models.PositiveSmallIntegerField(_("attempt"))
    started_at = models.DateTimeField(_("time"))
    duration_ms = models.PositiveIntegerField(_("duration (ms)"))
    response_status = models.PositiveSmallIntegerField(_("response status"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices)
    error = models.TextField(_("error"), blank=True)

    class Meta:
        ordering = ["-started_at", "-id"]
        verbose_name = _("webhook attempt")
        verbose_name_plural = _("webhook attempts")
        indexes = [models.Index(fields=["city", "endpoint", "started_at"], name="webhook_attempt_endpoint_idx")]

    def __str__(self) -> str:
        return f"{self.delivery_id} #{self.number}: {self.response_status or self.error}"
