"""The outbox machinery shared by every per-city outbox table: notifications' ``Notification`` and
webhooks' ``WebhookDelivery`` (apps above notifications import this module; it imports nothing of theirs).

An outbox row is written in the transaction of the change it is about, with a ``status``
(``pending`` → ``sending`` only inside the claiming transaction → ``sent`` / ``failed``),
``attempts`` and ``next_attempt_at``. A relay task, published after commit, then:

1. ``claim_due``: locks up to ``limit`` due pending rows with ``SELECT … FOR UPDATE SKIP LOCKED``
   (a second relay skips them: a row is never sent twice) and marks them ``sending``;
2. sends each and records the outcome in the same transaction, retrying transient failures after
   ``backoff_delay(attempts)``;
3. ``reschedule``: publishes itself again after commit when the batch was full, or for the earliest
   retry; a beat sweep catches whatever was never published (broker down at commit).

``publish`` never raises: a broker outage must not break a caller whose rows are committed.
"""

from __future__ import annotations

import datetime
import logging
import random

from celery import current_app
from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

logger = logging.getLogger(__name__)
_random = random.SystemRandom()

PENDING = "pending"
SENDING = "sending"


def backoff_delay(attempts: int, *, base: float | None = None, cap: float | None = None) -> float:
    """Seconds to wait after the ``attempts``-th failed try: exponential with "equal jitter".

    ``base * 2**(attempts-1)`` capped at ``cap`` (defaults: ``NOTIFICATIONS_BACKOFF_BASE_SECONDS``,
    60, and ``NOTIFICATIONS_BACKOFF_MAX_SECONDS``, 6 h), of which the second half is random: two
    failing rows do not retry in lock-step (AWS Architecture Blog, "Exponential Backoff And Jitter", 2015).
    """
    base = getattr(settings, "NOTIFICATIONS_BACKOFF_BASE_SECONDS", 60) if base is None else base
    cap = getattr(settings, "NOTIFICATIONS_BACKOFF_MAX_SECONDS", 6 * 3600) if cap is None else cap
    delay = min(cap, base * 2 ** max(attempts - 1, 0))
    return delay / 2 + _random.uniform(0, delay / 2)


def claim_due(queryset: QuerySet, *, now: datetime.datetime, limit: int) -> list:
    """Lock and return up to ``limit`` due rows of ``queryset`` (an outbox model's city-scoped
    queryset, possibly filtered further), oldest due first, and mark them ``sending``.

    Call inside ``transaction.atomic()``; the locks and the ``sending`` mark last until it ends, so
    record each row's outcome (``sent`` / ``pending`` later / ``failed``) before leaving it. Rows
    locked by another relay are skipped (``SKIP LOCKED``), not waited for. The returned instances
    still say ``pending`` in memory: the caller sets their final status.
    """
    rows = list(
        queryset.select_for_update(skip_locked=True, of=("self",))
        .filter(status=PENDING, next_attempt_at__lte=now)
        .order_by("next_attempt_at", "id")[:limit]
    )
    if rows:
        queryset.model._default_manager.filter(pk__in=[row.pk for row in rows]).update(status=SENDING)
    return rows


def publish(task_name: str, city_id: int, countdown: float | None = None) -> bool:
    """Queue the ``CityTask`` named ``task_name`` for ``city_id``; ``False`` (logged) when the broker is
    unreachable.

    The task is addressed by its registered name (``signature``), so a service module never imports
    the tasks module that calls it back; each app's ``AppConfig.ready()`` imports its tasks, so the
    name resolves to the task itself in every process (web, worker, beat) and publishing behaves as
    ``task.apply_async`` would. Never raises (``retry=False``: no reconnect loop): the caller's rows
    are committed, and the beat sweep publishes again later.
    """
    try:
        current_app.signature(task_name).apply_async(kwargs={"city_id": city_id}, countdown=countdown, retry=False)
    except Exception as error:  # kombu raises OperationalError and friends; any failure is the same to us
        logger.warning("Could not publish %s for city %s: %s", task_name, city_id, error)
        return False
    return True


def reschedule(publisher, city_id: int, *, more: bool, next_due: datetime.datetime | None) -> None:
    """After the relay's transaction commits, call ``publisher(city_id)`` again when its batch was full,
    or ``publisher(city_id, countdown=…)`` for the earliest retry (capped at 300 s: a long ETA on Redis
    outlives the visibility timeout; the beat sweep covers later rows)."""
    if more:
        transaction.on_commit(lambda: publisher(city_id), robust=True)
    elif next_due is not None:
        countdown = min(300.0, max(1.0, (next_due - timezone.now()).total_seconds()))
        transaction.on_commit(lambda: publisher(city_id, countdown=countdown), robust=True)
