"""Queue re-matching after a change commits: placements reacts to the lower apps' explicit signals.

The employers and jobseekers apps sit below placements and cannot import it. Their services send
``employers.signals.vacancy_status_changed`` and ``jobseekers.signals.profile_changed`` inside
their transaction; the receivers here, connected in ``PlacementsConfig.ready()``, only *queue* a
``CityTask`` with ``transaction.on_commit`` (no matching work in the request). Within one
transaction each (task, city, id) is queued once, so a registration that records several consents
queues one re-rank. A rolled-back change queues nothing.
"""

from __future__ import annotations

import logging

from django.db import transaction

logger = logging.getLogger(__name__)


def _queue(task, *, city_id: int, key: str, object_id: int) -> None:
    """Publish ``task`` for the object after the current transaction commits, once per transaction.

    Duplicates are found in the connection's own on-commit list, so a rolled-back transaction (which
    drops its callbacks) leaves nothing behind and the next change queues again.
    """
    mark = (task.name, city_id, object_id)
    connection = transaction.get_connection()
    if any(getattr(entry[1], "placements_mark", None) == mark for entry in connection.run_on_commit):
        return

    def publish() -> None:
        _send(task, {"city_id": city_id, key: object_id})

    publish.placements_mark = mark
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


def vacancy_status_changed(sender, vacancy, previous: str = "", **kwargs) -> None:
    """A vacancy that is (or was) published is re-matched: a published one gets its suggestions,
    one that left ``published`` loses them (``services.vacancy_suggestions_refresh``)."""
    from employers.models import Vacancy
    from placements.tasks import match_vacancy

    if Vacancy.Status.PUBLISHED in (vacancy.status, previous):
        _queue(match_vacancy, city_id=vacancy.city_id, key="vacancy_id", object_id=vacancy.pk)


def profile_changed(sender, job_seeker, **kwargs) -> None:
    """The person's suggestions are re-ranked (or removed, when they left matching), and the change
    is noted for the workers' feature stores in this transaction (``placements.matching.store``)."""
    from placements.matching.store import note_change
    from placements.tasks import match_job_seeker

    note_change(city_id=job_seeker.city_id, job_seeker_id=job_seeker.pk)

    _queue(match_job_seeker, city_id=job_seeker.city_id, key="job_seeker_id", object_id=job_seeker.pk)


def connect() -> None:
    from employers.signals import vacancy_status_changed as vacancy_signal
    from jobseekers.signals import profile_changed as profile_signal

    vacancy_signal.connect(vacancy_status_changed, dispatch_uid="placements.rematch.vacancy")
    profile_signal.connect(profile_changed, dispatch_uid="placements.rematch.job_seeker")
