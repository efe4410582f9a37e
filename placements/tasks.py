"""Celery jobs of the placements app (thin: the work is in ``placements.services``).

* ``match_vacancy``: a vacancy was published or changed (queued after commit by ``placements.rematch``);
* ``match_job_seeker``: a person's profile, needs or consent changed;
* ``rematch_all_cities`` (beat, nightly): claims one ``CityMatchRun`` per active city and date and
  queues one ``rematch_city`` for each claim; a second beat the same day claims nothing and queues
  nothing (the unique ``(city, run_on)`` key);
* ``followups_due_everywhere`` (beat, daily): notify officers of due follow-ups, per city.

Every city task takes ``city_id`` and runs in that city's context (``cities.tasks.CityTask``).
"""

from __future__ import annotations

from celery import shared_task
from django.utils import timezone

from cities.calendar import city_today
from cities.models import City
from cities.tasks import CityTask
from cities.tenancy import city_context
from placements import services
from placements.models import CityMatchRun


@shared_task(base=CityTask, name="placements.tasks.match_vacancy")
def match_vacancy(*, city_id: int, vacancy_id: int) -> int:
    """Replace the vacancy's suggestions; returns how many were written."""
    return services.vacancy_suggestions_refresh(vacancy_id=vacancy_id)


@shared_task(base=CityTask, name="placements.tasks.match_job_seeker")
def match_job_seeker(*, city_id: int, job_seeker_id: int) -> int:
    """Replace the person's suggestions (none when they opted out); returns how many were written."""
    return services.job_seeker_suggestions_refresh(job_seeker_id=job_seeker_id)


@shared_task(base=CityTask, name="placements.tasks.rematch_city")
def rematch_city(*, city_id: int, run_id: int) -> int:
    """The nightly re-match of one city (claimed by ``rematch_all_cities``); returns the suggestions written."""
    run = CityMatchRun.objects.get(pk=run_id)
    if run.finished_at:
        return 0  # a redelivered message: the city was already done
    vacancies, suggestions = services.city_suggestions_refresh()
    CityMatchRun.objects.filter(pk=run.pk).update(
        finished_at=timezone.now(), vacancies=vacancies, suggestions=suggestions
    )
    return suggestions


@shared_task(name="placements.tasks.rematch_all_cities")
def rematch_all_cities() -> int:
    """Claim and queue tonight's re-match of every active city; returns how many were queued."""
    queued = 0
    for city_id in City.objects.filter(is_active=True).order_by("pk").values_list("pk", flat=True):
        with city_context(city_id):
            run = services.city_match_run_claim(run_on=city_today(city_id))
            if run is not None:
                rematch_city.delay_on_commit(city_id=city_id, run_id=run.pk)
                queued += 1
    return queued


@shared_task(base=CityTask, name="placements.tasks.followups_due")
def followups_due(*, city_id: int) -> int:
    return services.followups_notify_due(today=city_today(city_id))


@shared_task(name="placements.tasks.followups_due_everywhere")
def followups_due_everywhere() -> int:
    city_ids = list(City.objects.filter(is_active=True).order_by("pk").values_list("pk", flat=True))
    for city_id in city_ids:
        followups_due.delay(city_id=city_id)
    return len(city_ids)
