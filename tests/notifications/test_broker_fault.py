"""A real broker fault: our own Redis server is stopped while the event commits, then started again.

The notification must stay pending while the broker is down (the caller is not broken), and be
sent exactly once by a real Celery worker after the beat sweep runs with the broker back.

Isolated from the other worker tests (tests/cities, tests/placements) in either order: the worker
runs through ``tests.celery_worker.isolated_worker`` (queue selection, logging and pools restored),
the app's broker is put back after the test, and the warning is captured on its own logger.
"""

from __future__ import annotations

import logging
import shutil
import socket
import subprocess
import time

import pytest
from django.core import mail

from cities.tenancy import city_context
from ijc_portal.celery import app
from notifications import services, tasks
from notifications.models import Notification
from tests.celery_worker import isolated_worker, reset_connections
from tests.factories import UserFactory
from tests.notifications.conftest import REFERRAL

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(shutil.which("redis-server") is None, reason="needs a redis-server binary"),
]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class RedisServer:
    """A throw-away redis-server on a fixed port that the test stops and starts."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                shutil.which("redis-server"),
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=10)
            self.process = None


def _use_broker(url: str) -> None:
    app.conf.broker_url = url
    app.conf.broker_write_url = None
    app.conf.broker_read_url = None
    reset_connections(app)


@pytest.fixture
def private_broker():
    port = _free_port()
    server = RedisServer(port)
    original = (app.conf.broker_url, app.conf.broker_write_url, app.conf.broker_read_url)
    _use_broker(f"redis://127.0.0.1:{port}/0")
    try:
        yield server
    finally:
        server.stop()
        _use_broker(original[0])
        app.conf.broker_write_url, app.conf.broker_read_url = original[1], original[2]


def _wait_for(predicate, timeout=30.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return predicate()


def test_broker_down_at_commit_then_back_sends_exactly_once(city_a, private_broker, caplog):
    user = UserFactory()
    # 1. The broker is down: the event commits, publishing the relay fails, the caller goes on.
    started = time.monotonic()
    with caplog.at_level(logging.WARNING, logger="notifications.outbox"), city_context(city_a):
        services.notify(
            recipient=user,
            kind="referral_proposed",
            context=REFERRAL,
            idempotency_key="referral:9",
            channels=["email"],
        )
    publish_seconds = time.monotonic() - started
    warnings = [
        r.getMessage() for r in caplog.records if r.name == "notifications.outbox" and r.levelno == logging.WARNING
    ]
    assert len(warnings) == 1 and warnings[0].startswith("Could not publish notifications.relay for city")
    assert publish_seconds < 15  # no endless reconnect loop in the caller
    with city_context(city_a):
        assert Notification.objects.get().status == "pending"
    assert mail.outbox == []

    # 2. The broker comes back; a real worker runs; the beat sweep publishes the relay.
    private_broker.start()
    # The broker is ours alone, so the default queue is too.
    queue = app.conf.task_default_queue
    with isolated_worker(app, pool="solo", perform_ping_check=False, queues=[queue], shutdown_timeout=10):
        assert tasks.sweep.apply().get() == [city_a.pk]  # the beat job, run here; it publishes to Redis
        assert _wait_for(lambda: len(mail.outbox) == 1)
        # 3. Sweeping again finds nothing due and sends nothing more.
        assert tasks.sweep.apply().get() == []
        tasks.relay.apply_async(kwargs={"city_id": city_a.pk})  # even an extra relay finds nothing
        time.sleep(2)
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [user.email]
    with city_context(city_a):
        row = Notification.objects.get()
    assert (row.status, row.attempts) == ("sent", 1)
