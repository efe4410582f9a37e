"""Thin Celery tasks: the per-city relay and the beat sweep (``CELERY_BEAT_SCHEDULE["notifications-sweep"]``)."""

from __future__ import annotations

from celery import shared_task
from django.db import transaction
from django.utils import timezone

from cities.tasks import CityTask
from notifications import services


@shared_task(base=CityTask, name="notifications.relay")
def relay(*, city_id: int) -> dict:
    """Send ``city_id``'s due notifications; publishes itself again (after commit) for retries and full batches."""
    result = services.relay_pending()
    if result.more:
        transaction.on_commit(lambda: services.publish_relay(city_id), robust=True)
    elif result.next_due is not None:
        # Capped: a long ETA on Redis outlives the visibility timeout; the beat sweep covers later rows.
        countdown = min(300.0, max(1.0, (result.next_due - timezone.now()).total_seconds()))
        transaction.on_commit(lambda: services.publish_relay(city_id, countdown=countdown), robust=True)
    return {"sent": result.sent, "retried": result.retried, "failed": result.failed, "deferred": result.deferred}


@shared_task(name="notifications.sweep")
def sweep() -> list[int]:
    """Beat: publish a relay for every active city with due pending rows (the outbox's safety net)."""
    return services.sweep_cities()
