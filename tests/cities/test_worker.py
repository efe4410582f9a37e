"""A real Celery worker (not eager), consuming from the real broker, writes under RLS."""

from __future__ import annotations

import uuid

import pytest

from cities.tenancy import city_context
from ijc_portal.celery import app
from jobseekers.models import JobSeeker
from tests.celery_worker import isolated_worker
from tests.cities.tasks import record_job_seeker

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_real_worker_writes_a_row_for_the_city_it_was_given(city_a, city_b, settings):
    with city_context(city_a):
        JobSeeker.objects.create(name="already here")
    queue = f"test-{uuid.uuid4().hex}"  # our own queue: another run on this broker cannot take the job
    with isolated_worker(app, pool="solo", perform_ping_check=False, queues=[queue], shutdown_timeout=10):
        # Published on a connection of its own, not the app's producer pool: a worker that an earlier
        # test of this process stopped may still be closing that pool as this one starts.
        with app.connection_for_write() as connection:
            result = record_job_seeker.apply_async(
                kwargs={"city_id": city_b.pk, "name": "from the worker"}, queue=queue, connection=connection
            )
        outcome = result.get(timeout=30)
    # The worker saw only city B's rows, as the runtime role (RLS applied, not bypassed).
    assert outcome == {"visible": 1, "role": settings.DATABASES["default"]["USER"]}
    with city_context(city_b):
        assert list(JobSeeker.objects.values_list("name", flat=True)) == ["from the worker"]
    with city_context(city_a):
        assert list(JobSeeker.objects.values_list("name", flat=True)) == ["already here"]
