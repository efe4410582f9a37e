"""A Celery worker killed with SIGKILL in the middle of a task: the task is delivered again and its
result is complete and not doubled.

A real worker (``celery -A ijc_portal worker``, prefork, one process) runs in a session of its own on
a private Redis broker, against the test database. To kill it *mid-task*, the test holds a lock on
the table the task writes next (``LOCK TABLE``, as the owner): the task has started and waits; the
test sees it wait (``pg_locks``), kills, then releases the lock.

1. The matching job (``placements.tasks.match_vacancy``): only the pool process is killed. The main
   process sees it lost (``task_reject_on_worker_lost``) and the message, not yet acknowledged
   (``task_acks_late``), goes back to the queue at once; the vacancy ends with exactly its suggestions.
2. The notification relay: the whole worker is killed (its process group, as when a machine dies).
   Nobody can give the message back; Redis does after the visibility timeout
   (``CELERY_VISIBILITY_TIMEOUT``, 4 s here), and a new worker sends the email once. No beat sweep
   runs here, so the redelivery alone sends it.
"""

from __future__ import annotations

import signal
import time
from email import message_from_bytes
from urllib.parse import quote

import psutil
import psycopg2
import pytest
from django.conf import settings
from django.db import connection

from cities.tenancy import city_context
from employers import services as employer_services
from ijc_portal.celery import app
from notifications import services as notifications
from notifications import tasks as notification_tasks
from notifications.models import Notification
from placements import tasks as placement_tasks
from placements.models import MatchSuggestion
from tests.celery_worker import reset_connections
from tests.employers.conftest import vacancy_fields
from tests.factories import UserFactory
from tests.faults.servers import PortalProcess, PrivateRedis, SmtpSink, portal_env, wait_for
from tests.notifications.conftest import REFERRAL
from tests.placements.conftest import seeker

# About 30 s (two worker start-ups and a visibility timeout): `make faults` runs it, `make test` skips it.
pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.faults]

VISIBILITY_TIMEOUT = 4


@pytest.fixture
def broker():
    server = PrivateRedis()
    server.start()
    original = (app.conf.broker_url, app.conf.broker_write_url, app.conf.broker_read_url)
    app.conf.broker_url, app.conf.broker_write_url, app.conf.broker_read_url = server.url, None, None
    reset_connections(app)
    try:
        yield server
    finally:
        server.stop()
        app.conf.broker_url, app.conf.broker_write_url, app.conf.broker_read_url = original
        reset_connections(app)


@pytest.fixture
def smtp():
    sink = SmtpSink()
    yield sink
    sink.close()


def _database_url() -> str:
    db = connection.settings_dict
    password = f":{quote(db['PASSWORD'], safe='')}" if db.get("PASSWORD") else ""
    host = db.get("HOST") or "localhost"
    if host.startswith("/"):
        return f"postgres://{db['USER']}{password}@{quote(host, safe='')}/{db['NAME']}"
    return f"postgres://{db['USER']}{password}@{host}:{db.get('PORT') or 5432}/{db['NAME']}"


def _start_worker(broker: PrivateRedis, smtp: SmtpSink, log) -> PortalProcess:
    env = portal_env(
        DATABASE_URL=_database_url(),
        REDIS_URL=broker.url,
        EMAIL_URL=f"smtp://127.0.0.1:{smtp.port}",
        CELERY_VISIBILITY_TIMEOUT=str(VISIBILITY_TIMEOUT),
    )
    args = ["-m", "celery", "-A", "ijc_portal", "worker", "--pool=prefork", "--concurrency=1"]
    args += ["--without-gossip", "--without-mingle", "--loglevel=WARNING"]
    return PortalProcess(args, env, log)


class TableLock:
    """``LOCK TABLE`` held by the owner in a connection of its own until ``release``."""

    def __init__(self, table: str) -> None:
        owner = {**settings.DATABASE_OWNER, "NAME": connection.settings_dict["NAME"]}
        self.table = table
        self.conn = psycopg2.connect(
            dbname=owner["NAME"],
            user=owner["USER"],
            password=owner.get("PASSWORD") or None,
            host=owner.get("HOST") or None,
            port=owner.get("PORT") or None,
        )
        with self.conn.cursor() as cursor:
            cursor.execute(f"LOCK TABLE {table} IN ACCESS EXCLUSIVE MODE")

    def waiting(self) -> int:
        """How many other sessions wait for this table (the worker's task, stuck mid-way)."""
        with self.conn.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM pg_locks WHERE relation = %s::regclass AND NOT granted", [self.table])
            return cursor.fetchone()[0]

    def release(self) -> None:
        if not self.conn.closed:
            self.conn.rollback()
            self.conn.close()


def _pool_processes(worker: PortalProcess) -> list[psutil.Process]:
    try:
        return psutil.Process(worker.pid).children()
    except psutil.NoSuchProcess:
        return []


def _sent_to(smtp: SmtpSink, address: str) -> list:
    messages = [message_from_bytes(raw) for raw in list(smtp.messages)]
    return [m for m in messages if m["To"] == address]


def test_a_worker_killed_mid_task_gets_the_task_done_once(
    city_a, vacancy, employer_user, staff, broker, smtp, tmp_path, monkeypatch
):
    started = time.monotonic()
    with city_context(city_a):
        person = seeker("Ani", occupations=["2411"]).pk
    worker = _start_worker(broker, smtp, tmp_path / "worker-1.log")
    second = None
    lock = None
    try:
        assert wait_for(lambda: len(_pool_processes(worker)) == 1, timeout=30), worker.output()

        # 1. The matching job; its pool process is killed while the task waits to write. The vacancy is
        # published (its own match job runs), its suggestions removed, then the job is sent again.
        with city_context(city_a):
            new = employer_services.vacancy_save(
                actor=employer_user,
                employer=vacancy.employer,
                **vacancy_fields(title="Akuntan", occupation=vacancy.occupation),
            )
            employer_services.vacancy_submit(actor=employer_user, vacancy=new)
            employer_services.vacancy_publish(actor=staff, vacancy=new)

        def matched():
            with city_context(city_a):
                return list(MatchSuggestion.objects.filter(vacancy=new).values_list("job_seeker_id", flat=True))

        assert wait_for(lambda: matched() == [person], timeout=30), worker.output()
        with city_context(city_a):
            MatchSuggestion.objects.filter(vacancy=new).delete()
        lock = TableLock("placements_matchsuggestion")
        placement_tasks.match_vacancy.apply_async(kwargs={"city_id": city_a.pk, "vacancy_id": new.pk})
        assert wait_for(lambda: lock.waiting() == 1, timeout=30), worker.output()
        (pool,) = _pool_processes(worker)
        pool.send_signal(signal.SIGKILL)
        assert wait_for(lambda: not pool.is_running() or pool.status() == psutil.STATUS_ZOMBIE, timeout=10)
        lock.release()
        assert wait_for(lambda: matched() == [person], timeout=30), worker.output()
        assert worker.alive() and "WorkerLostError" in worker.output()

        # 2. The notification relay; the whole worker is killed while the relay waits to claim.
        recipient = UserFactory()
        monkeypatch.setattr(notifications, "publish_relay", lambda city_id, countdown=None: True)
        with city_context(city_a):  # the outbox row, its relay held back until the table is locked
            notifications.notify(
                recipient=recipient,
                kind="referral_proposed",
                context=REFERRAL,
                idempotency_key="referral:killed",
                channels=["email"],
            )
        lock = TableLock("notifications_notification")
        notification_tasks.relay.apply_async(kwargs={"city_id": city_a.pk})
        assert wait_for(lambda: lock.waiting() >= 1, timeout=30), worker.output()
        worker.kill_group(signal.SIGKILL)
        worker.process.wait(timeout=10)
        lock.release()
        second = _start_worker(broker, smtp, tmp_path / "worker-2.log")
        assert wait_for(lambda: len(_sent_to(smtp, recipient.email)) == 1, timeout=40), second.output()
        time.sleep(1.5)  # nothing more arrives
        assert len(_sent_to(smtp, recipient.email)) == 1
        with city_context(city_a):
            row = Notification.objects.get(recipient=recipient, channel="email")
        assert (row.status, row.attempts) == ("sent", 1)
        assert matched() == [person]
    finally:
        if lock is not None:
            lock.release()
        worker.stop()
        if second is not None:
            second.stop()
    assert time.monotonic() - started < 60
