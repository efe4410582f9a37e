"""A real Celery worker (not eager) matches a vacancy after commit, for that city only; the nightly beat
claims each city once."""

from __future__ import annotations

import time
import uuid

import pytest

from cities.tenancy import city_context
from employers import services as employer_services
from ijc_portal.celery import app
from placements import tasks
from placements.models import CityMatchRun, MatchSuggestion
from tests.celery_worker import isolated_worker
from tests.employers.conftest import vacancy_fields
from tests.placements.conftest import seeker


def _fresh_broker_connections(settings) -> None:
    """Other tests in this process may have pointed the app at another broker or closed its pools."""
    app.conf.broker_url = settings.CELERY_BROKER_URL
    app.conf.broker_write_url = None
    app.conf.broker_read_url = None
    if app._pool is not None:
        app._pool.force_close_all()
    app._pool = None
    app.amqp._producer_pool = None


def _wait(condition, city, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with city_context(city):
            if condition():
                return
        time.sleep(0.2)
    raise AssertionError("the worker did not write in time")


@pytest.mark.django_db(transaction=True)
def test_a_real_worker_matches_a_vacancy_after_commit_for_its_city_only(
    settings, city_a, city_b, vacancy, employer_user, staff
):
    queue = f"test-placements-{uuid.uuid4().hex}"
    settings.PLACEMENTS_QUEUE = queue
    _fresh_broker_connections(settings)
    with city_context(city_a):
        near = seeker("Ani", occupations=["2411"]).pk
        seeker("Opted out", occupations=["2411"], matching=False)
    with city_context(city_b):
        seeker("Beta person", occupations=["2411"])
    with isolated_worker(app, pool="solo", perform_ping_check=False, queues=[queue], shutdown_timeout=10):
        with city_context(city_a):
            MatchSuggestion.objects.all().delete()
        with city_context(city_a):  # the publication commits at the end of this block; then the task is published
            new = employer_services.vacancy_save(
                actor=employer_user,
                employer=vacancy.employer,
                **vacancy_fields(title="Akuntan", occupation=vacancy.occupation),
            )
            employer_services.vacancy_submit(actor=employer_user, vacancy=new)
            employer_services.vacancy_publish(actor=staff, vacancy=new)
            time.sleep(1)
            assert not MatchSuggestion.objects.filter(vacancy=new).exists()  # nothing runs before the commit
        _wait(lambda: MatchSuggestion.objects.filter(vacancy=new).exists(), city_a)
        with city_context(city_a):
            found = list(MatchSuggestion.objects.filter(vacancy=new).values_list("job_seeker_id", flat=True))
    assert found == [near]
    with city_context(city_b):
        assert not MatchSuggestion.objects.exists()


@pytest.mark.django_db
def test_a_double_beat_queues_each_city_once(city_a, city_b, monkeypatch):
    queued: list[dict] = []
    monkeypatch.setattr(tasks.rematch_city, "delay_on_commit", lambda **kwargs: queued.append(kwargs), raising=False)
    first = tasks.rematch_all_cities()
    second = tasks.rematch_all_cities()
    assert first >= 2 and second == 0
    assert sorted(k["city_id"] for k in queued if k["city_id"] in (city_a.pk, city_b.pk)) == sorted(
        [city_a.pk, city_b.pk]
    )
    assert len(queued) == first
    with city_context(city_a):
        assert CityMatchRun.objects.count() == 1


@pytest.mark.django_db
def test_the_city_task_runs_once_even_when_redelivered(city_a, vacancy):
    with city_context(city_a):
        seeker("Ani", occupations=["2411"])
        run = CityMatchRun.objects.create(run_on="2026-02-01")
    assert tasks.rematch_city(city_id=city_a.pk, run_id=run.pk) == 1
    assert tasks.rematch_city(city_id=city_a.pk, run_id=run.pk) == 0  # a redelivered message does nothing
    with city_context(city_a):
        assert CityMatchRun.objects.get(pk=run.pk).finished_at is not None
        assert MatchSuggestion.objects.count() == 1
