"""Thin Celery tasks: the per-city relay and the beat sweep (``CELERY_BEAT_SCHEDULE["notifications-sweep"]``)."""

from __future__ import annotations

from celery import shared_task

from cities.tasks import CityTask
from notifications import outbox, services


@shared_task(base=CityTask, name="notifications.relay")
def relay(*, city_id: int) -> dict:
    """Send ``city_id``'s due notifications; publishes itself again (after commit) for retries and full batches."""
    result = services.relay_pending()
    outbox.reschedule(services.publish_relay, city_id, more=result.more, next_due=result.next_due)
    return {"sent": result.sent, "retried": result.retried, "failed": result.failed, "deferred": result.deferred}


@shared_task(name="notifications.sweep")
def sweep() -> list[int]:
    """Beat: publish a relay for every active city with due pending rows (the outbox's safety net)."""
    return services.sweep_cities()
