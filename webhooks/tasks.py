"""Thin Celery tasks: the per-city webhook relay and the beat sweep (``CELERY_BEAT_SCHEDULE["webhooks-sweep"]``)."""

from __future__ import annotations

from celery import shared_task

from cities.tasks import CityTask
from notifications import outbox
from webhooks import services


@shared_task(base=CityTask, name="webhooks.relay")
def relay(*, city_id: int) -> dict:
    """Deliver ``city_id``'s due webhooks; publishes itself again (after commit) for retries and full batches."""
    result = services.relay_pending()
    outbox.reschedule(services.publish_relay, city_id, more=result.more, next_due=result.next_due)
    return {"sent": result.sent, "retried": result.retried, "failed": result.failed, "paused": result.paused}


@shared_task(name="webhooks.sweep")
def sweep() -> list[int]:
    """Beat: publish a relay for every active city with due deliveries (the outbox's safety net)."""
    return services.sweep_cities()
