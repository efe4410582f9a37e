"""``CityTask``: the base of every Celery task that touches tenant data.

A city task takes its city as an explicit ``city_id`` keyword argument and runs its body inside
``city_context(city_id)``; it never infers the city from the caller. Publish after commit::

    @app.task(base=CityTask)
    def match_vacancy(*, city_id: int, vacancy_id: int) -> None: ...

    match_vacancy.delay_on_commit(city_id=vacancy.city_id, vacancy_id=vacancy.pk)

Calling it without a valid ``city_id`` raises ``MissingCityError`` before any query runs. The body
runs on the city's own clock (its IANA time zone is the current one), like a request in that city.
"""

from __future__ import annotations

import zoneinfo

from celery import Task
from django.utils import timezone

from cities.tenancy import city_context


class MissingCityError(ValueError):
    """A city task was called without a positive integer ``city_id`` keyword argument."""


class CityTask(Task):
    abstract = True

    def __call__(self, *args, **kwargs):
        city_id = kwargs.get("city_id")
        if isinstance(city_id, bool) or not isinstance(city_id, int) or city_id <= 0:
            raise MissingCityError(
                f"Task {self.name} needs city_id=<positive int> as a keyword argument, got {city_id!r}."
            )
        from cities.models import City

        with city_context(city_id):
            zone = City.objects.filter(pk=city_id).values_list("timezone", flat=True).first()
            with timezone.override(zoneinfo.ZoneInfo(zone) if zone else None):
                return super().__call__(*args, **kwargs)
