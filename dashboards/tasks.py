"""Celery jobs of the dashboards (thin: the work is in ``dashboards.rollups``).

* ``refresh_city_rollups`` (a ``CityTask``): recompute one city's rollups inside its context;
* ``refresh_all_rollups`` (beat, ``CELERY_BEAT_SCHEDULE["dashboards-refresh-rollups"]``, and the
  APEKSI administrator's "refresh all"): one ``refresh_city_rollups`` per active city, so each city
  is computed in its own context, one after another on each worker; never a query across cities.
"""

from __future__ import annotations

from celery import shared_task

from cities.models import City
from cities.tasks import CityTask
from dashboards import rollups


@shared_task(base=CityTask, name="dashboards.tasks.refresh_city_rollups")
def refresh_city_rollups(*, city_id: int, full: bool = False) -> int:
    """Recompute the city's rollups (incremental unless ``full``); returns how many months were rewritten."""
    return rollups.refresh_city(city_id, full=full).months


@shared_task(name="dashboards.tasks.refresh_all_rollups")
def refresh_all_rollups(full: bool = False) -> int:
    """Queue ``refresh_city_rollups`` for every active city; returns how many were queued."""
    city_ids = list(City.objects.filter(is_active=True).order_by("pk").values_list("pk", flat=True))
    for city_id in city_ids:
        refresh_city_rollups.delay(city_id=city_id, full=full)
    return len(city_ids)
