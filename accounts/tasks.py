"""Accounts' background work: form drafts (``accounts.drafts``) past ``FORM_DRAFT_KEPT_FOR`` are
deleted, city by city (``drafts_delete_expired_everywhere`` runs daily from Celery beat). A page
never shows an expired draft anyway; this only keeps the table small."""

from __future__ import annotations

from celery import shared_task

from accounts import drafts
from cities.models import City
from cities.tasks import CityTask


@shared_task(base=CityTask, name="accounts.tasks.drafts_delete_expired")
def drafts_delete_expired(*, city_id: int) -> int:
    return drafts.drafts_delete_expired()


@shared_task(name="accounts.tasks.drafts_delete_expired_everywhere")
def drafts_delete_expired_everywhere() -> int:
    city_ids = list(City.objects.filter(is_active=True).order_by("pk").values_list("pk", flat=True))
    for city_id in city_ids:
        drafts_delete_expired.delay(city_id=city_id)
    return len(city_ids)
