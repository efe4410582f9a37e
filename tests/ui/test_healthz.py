"""/healthz: JSON health of the database, the broker, the worker heartbeat and beat (ijc_portal.health)."""

from __future__ import annotations

import socket
import time
import uuid

import pytest
from django.db import OperationalError, connections

from ijc_portal import health

pytestmark = pytest.mark.django_db

# The whole answer within the check budget (1.5 s) plus the request's own work.
ANSWER_WITHIN = 2.5


@pytest.fixture(autouse=True)
def own_marks(monkeypatch):
    """Marks under keys of this test's own: another run on the same Redis cannot make them fresh or stale."""
    suffix = uuid.uuid4().hex
    monkeypatch.setattr(health, "WORKER_KEY", f"ijc:test:health:worker:{suffix}")
    monkeypatch.setattr(health, "BEAT_KEY", f"ijc:test:health:beat:{suffix}")
    client = health.redis_client()  # bound to the real REDIS_URL, whatever a test points it at
    yield
    client.delete(health.WORKER_KEY, health.BEAT_KEY)
    client.close()


@pytest.fixture
def fresh():
    health.record_worker_heartbeat()
    health.record_beat_run()


def get(client):
    started = time.monotonic()
    response = client.get("/healthz")
    return response, time.monotonic() - started


def test_all_fine_is_200(client, fresh):
    response, _ = get(client)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert body["status"] == "ok"
    assert set(body["checks"]) == {"database", "broker", "worker", "beat"}
    assert all(check["ok"] for check in body["checks"].values())
    assert body["checks"]["worker"]["age"] < 5
    assert "failing" not in body
    assert "no-cache" in response["Cache-Control"]


def test_database_down_is_503_naming_database(client, fresh, monkeypatch):
    def refuse(*args, **kwargs):
        raise OperationalError("connection to server failed")

    monkeypatch.setattr(type(connections["default"]), "cursor", refuse)
    response, _ = get(client)
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "fail"
    assert body["failing"] == ["database"]
    assert body["checks"]["database"] == {"ok": False, "error": "OperationalError"}


def test_a_hanging_database_is_a_timeout_within_the_bound(client, fresh, monkeypatch):
    def hang(*args, **kwargs):
        time.sleep(5)

    monkeypatch.setattr(type(connections["default"]), "cursor", hang)
    response, elapsed = get(client)
    assert elapsed < ANSWER_WITHIN
    assert response.status_code == 503
    assert response.json()["checks"]["database"] == {"ok": False, "error": "timeout"}


def test_redis_unreachable_is_503_naming_broker_within_the_bound(client, settings):
    settings.REDIS_URL = "redis://:not-a-real-password@127.0.0.1:1/0"  # nothing listens on port 1
    response, elapsed = get(client)
    assert elapsed < ANSWER_WITHIN
    assert response.status_code == 503
    body = response.json()
    assert "broker" in body["failing"]
    assert body["checks"]["broker"]["ok"] is False
    assert body["checks"]["database"]["ok"] is True
    assert "not-a-real-password" not in response.content.decode()


def test_a_hanging_redis_is_503_within_the_bound(client, settings):
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)  # accepts connections into the backlog, never answers
    try:
        settings.REDIS_URL = f"redis://127.0.0.1:{listener.getsockname()[1]}/0"
        response, elapsed = get(client)
    finally:
        listener.close()
    assert elapsed < ANSWER_WITHIN
    assert response.status_code == 503
    assert "broker" in response.json()["failing"]


def test_a_stale_worker_heartbeat_is_503_naming_worker(client, settings):
    health.record_worker_heartbeat(time.time() - settings.HEALTH_WORKER_STALE_SECONDS - 5)
    health.record_beat_run()
    response, _ = get(client)
    assert response.status_code == 503
    body = response.json()
    assert body["failing"] == ["worker"]
    assert body["checks"]["worker"]["ok"] is False
    assert body["checks"]["worker"]["error"] == "stale"
    assert body["checks"]["worker"]["age"] > settings.HEALTH_WORKER_STALE_SECONDS


def test_no_heartbeat_ever_is_503_naming_worker_and_beat(client):
    response, _ = get(client)
    assert response.status_code == 503
    body = response.json()
    assert body["failing"] == ["worker", "beat"]
    assert body["checks"]["beat"]["error"] == "never recorded"


def test_a_stale_beat_is_503_naming_beat(client, settings):
    health.record_worker_heartbeat()
    health.record_beat_run(time.time() - settings.HEALTH_BEAT_STALE_SECONDS - 5)
    response, _ = get(client)
    assert response.status_code == 503
    assert response.json()["failing"] == ["beat"]


def test_the_body_holds_no_secret(client, settings, fresh, monkeypatch):
    monkeypatch.setattr(type(connections["default"]), "cursor", lambda *a, **k: 1 / 0)
    text = client.get("/healthz").content.decode()
    assert settings.SECRET_KEY not in text
    assert "redis://" not in text and "unix://" not in text and "postgres" not in text
    password = settings.DATABASES["default"].get("PASSWORD")
    if password:
        assert password not in text


def test_signed_in_members_get_it_outside_any_city(client, city_a, fresh):
    from accounts.models import Membership
    from cities.tenancy import city_context
    from tests.factories import UserFactory

    user = UserFactory()
    with city_context(city_a):
        Membership.objects.create(user=user, city=city_a, role=Membership.Role.JOB_SEEKER)
    client.force_login(user)
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.wsgi_request.city is None


def test_it_is_not_redirected_in_production_behind_https(client, settings, fresh):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    assert client.get("/healthz").status_code == 200


def test_the_worker_bootstep_writes_the_heartbeat():
    class Timer:
        def call_repeatedly(self, interval, fun):
            self.interval, self.fun = interval, fun
            return self

        def cancel(self):
            self.cancelled = True

    class Consumer:
        timer = Timer()

    step = health.WorkerHeartbeat(Consumer())
    step.start(Consumer)
    assert health.check_worker()["ok"] is True
    assert Consumer.timer.interval == health.WORKER_HEARTBEAT_INTERVAL
    step.stop(Consumer)
    assert Consumer.timer.cancelled


def test_beat_records_its_run_when_it_sends_the_tick(settings):
    from ijc_portal.celery import app

    assert any(entry["task"] == health.BEAT_TICK_TASK for entry in settings.CELERY_BEAT_SCHEDULE.values())
    assert health.check_beat()["ok"] is False
    queue = f"test-{uuid.uuid4().hex}"  # nobody consumes it: the message is dropped below
    with app.producer_or_acquire() as producer:
        app.send_task(health.BEAT_TICK_TASK, producer=producer, queue=queue, expires=1)
    assert health.check_beat()["ok"] is True
    client = health.redis_client()
    client.delete(queue)
    client.close()


def test_a_real_worker_writes_its_heartbeat_as_it_starts():
    from ijc_portal.celery import app
    from tests.celery_worker import isolated_worker

    assert health.check_worker()["ok"] is False
    queue = f"test-{uuid.uuid4().hex}"
    with isolated_worker(app, pool="solo", perform_ping_check=False, queues=[queue], shutdown_timeout=10):
        deadline = time.monotonic() + 20
        while not health.check_worker()["ok"] and time.monotonic() < deadline:
            time.sleep(0.2)
        assert health.check_worker()["ok"] is True
