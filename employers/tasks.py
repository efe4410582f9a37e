"""Scheduled work of the employers app (thin: the rules are in ``employers.services``).

``expire_vacancies_everywhere`` runs from Celery beat (``CELERY_BEAT_SCHEDULE`` in settings) and
queues one ``expire_vacancies`` per active city; each runs inside its city's context
(``cities.tasks.CityTask``), so a city's failure never touches another city.
"""

from __future__ import annotations

from celery import shared_task

from cities.models import City
from cities.tasks import CityTask
from employers.services import vacancies_expire


@shared_task(base=CityTask, name="employers.tasks.expire_vacancies")
def expire_vacancies(*, city_id: int) -> int:
    """Expire the city's published vacancies past their deadline (the city's own date); returns the count."""
    return vacancies_expire()


@shared_task(name="employers.tasks.expire_vacancies_everywhere")
def expire_vacancies_everywhere() -> int:
    """Queue ``expire_vacancies`` for every active city; returns how many were queued."""
    city_ids = list(City.objects.filter(is_active=True).order_by("pk").values_list("pk", flat=True))
    for city_id in city_ids:
        expire_vacancies.delay(city_id=city_id)
    return len(city_ids)
