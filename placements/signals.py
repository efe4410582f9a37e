"""Queue re-matching after a change commits (placements reacts to the lower apps' saves).

The employers and job-seekers apps sit below placements and cannot import it, so placements
listens to their models' ``post_save`` / ``post_delete`` and only *queues* a ``CityTask`` after
commit (no work in the signal). Within one transaction each (task, id) is queued once.
"""

from __future__ import annotations

import logging

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import Signal

logger = logging.getLogger(__name__)

# --- Signals placements sends (for the apps above it: webhooks, api) ------------------------------
# Sent explicitly by the services below, inside their transaction (never from post_save). A receiver
# runs in that transaction (it may write outbox rows) and queues Celery work with on_commit.

# Sent with ``placement`` (``placements.models.Placement``, just saved, follow-ups scheduled) and
# ``actor`` (the ``accounts.User`` who recorded it), by ``placements.services.placement_record``.
placement_made = Signal()
# Sent with ``followup`` (``placements.models.FollowUp``, ``done_at`` set; its placement closed as
# retained/left when this follow-up closed it) and ``actor``, by ``placements.services.followup_record``.
followup_recorded = Signal()
_pending: set[tuple[str, int, int]] = set()


def _queue(task, *, city_id: int, key: str, object_id: int) -> None:
    mark = (key, city_id, object_id)
    if mark in _pending:
        return
    _pending.add(mark)

    def publish() -> None:
        _pending.discard(mark)
        _send(task, {"city_id": city_id, key: object_id})

    transaction.on_commit(publish)


def _send(task, kwargs: dict) -> None:
    """Publish on a connection of its own; never raise: the change is committed, and a lost message
    is caught up by the nightly re-match (logged as a warning)."""
    from django.conf import settings

    queue = getattr(settings, "PLACEMENTS_QUEUE", None)
    try:
        with task.app.connection_for_write() as connection:
            task.apply_async(kwargs=kwargs, queue=queue, connection=connection, retry=False)
    except Exception:  # broker down or unreachable
        logger.warning("placements: could not queue %s %s", task.name, kwargs, exc_info=True)


def vacancy_changed(sender, instance, **kwargs) -> None:
    from placements.tasks import match_vacancy

    _queue(match_vacancy, city_id=instance.city_id, key="vacancy_id", object_id=instance.pk)


def job_seeker_changed(sender, instance, **kwargs) -> None:
    from placements.tasks import match_job_seeker

    _queue(match_job_seeker, city_id=instance.city_id, key="job_seeker_id", object_id=instance.pk)


def profile_part_changed(sender, instance, **kwargs) -> None:
    from placements.tasks import match_job_seeker

    _queue(match_job_seeker, city_id=instance.city_id, key="job_seeker_id", object_id=instance.job_seeker_id)


def connect() -> None:
    from employers.models import Vacancy, VacancyAccommodation
    from jobseekers import models as js

    post_save.connect(vacancy_changed, sender=Vacancy, dispatch_uid="placements.vacancy_changed")

    def vacancy_part_changed(sender, instance, **kwargs) -> None:
        from placements.tasks import match_vacancy

        _queue(match_vacancy, city_id=instance.city_id, key="vacancy_id", object_id=instance.vacancy_id)

    for signal in (post_save, post_delete):
        signal.connect(
            vacancy_part_changed, sender=VacancyAccommodation, weak=False, dispatch_uid=f"placements.vacacc.{signal}"
        )
    post_save.connect(job_seeker_changed, sender=js.JobSeeker, dispatch_uid="placements.job_seeker_changed")
    for model in (
        js.JobSeekerSkill,
        js.JobSeekerOccupation,
        js.JobSeekerAccommodation,
        js.Education,
        js.Experience,
        js.FunctioningAnswer,
    ):
        for signal in (post_save, post_delete):
            signal.connect(profile_part_changed, sender=model, dispatch_uid=f"placements.{model.__name__}.{id(signal)}")
