"""``/healthz``: is the portal able to do its work? For load balancers, container health checks and
monitoring; JSON, no login, no city, no personal data and no secret (no URL, host or error text).

Four checks, run at the same time, each in its own thread, and waited for at most
``HEALTH_CHECK_TIMEOUT`` seconds together, so the answer comes within about that long even when
PostgreSQL or Redis accepts a connection and then hangs (a check still running then counts as
failed with ``"error": "timeout"``):

- ``database``: ``SELECT 1`` on a fresh connection as the runtime role (``DATABASE_URL``), with a
  connect timeout, closed afterwards;
- ``broker``: ``PING`` to Redis (``REDIS_URL``, which is also the Celery broker and result backend);
- ``worker``: the age of the newest worker heartbeat. Every worker writes the time to Redis every
  ``WORKER_HEARTBEAT_INTERVAL`` seconds from a bootstep of its consumer (``WorkerHeartbeat``) on the
  worker's own timer, so the heartbeat stops when the worker's event loop stops or it loses the
  broker. Celery's own ``heartbeat_sent`` signal fires only with task events on (``-E``), which
  the portal does not enable. Stale after ``HEALTH_WORKER_STALE_SECONDS``;
- ``beat``: when beat last ran its schedule. The schedule holds ``ijc_portal.health.beat_tick``
  every ``BEAT_TICK_INTERVAL`` seconds; beat records the time as it sends it
  (``before_task_publish``, in the beat process), so a stopped worker does not make beat look stopped
  (the task itself does nothing). Stale after ``HEALTH_BEAT_STALE_SECONDS``.

All pass: 200 ``{"status": "ok", "checks": {...}}``. Any fails: 503 with ``"status": "fail"`` and
``"failing"``, the names of the failed checks.
"""

from __future__ import annotations

import logging
import threading
import time

from celery import bootsteps, shared_task
from celery.signals import before_task_publish
from django.conf import settings
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache

WORKER_KEY = "ijc:health:worker"
BEAT_KEY = "ijc:health:beat"
WORKER_HEARTBEAT_INTERVAL = 15.0  # seconds between two heartbeats of a worker
BEAT_TICK_INTERVAL = 30.0  # seconds between two beat_tick sends (CELERY_BEAT_SCHEDULE)
MARK_TTL = 7 * 24 * 3600  # a mark nobody refreshes disappears after a week
REDIS_TIMEOUT = 1.0  # socket connect and read timeout of every Redis call made here
BEAT_TICK_TASK = "ijc_portal.health.beat_tick"

logger = logging.getLogger(__name__)


def redis_client():
    """A Redis client on ``REDIS_URL`` that gives up after ``REDIS_TIMEOUT`` and never retries."""
    import redis
    from redis.backoff import NoBackoff
    from redis.retry import Retry

    return redis.Redis.from_url(
        settings.REDIS_URL,
        socket_timeout=REDIS_TIMEOUT,
        socket_connect_timeout=REDIS_TIMEOUT,
        retry=Retry(NoBackoff(), 0),
        retry_on_timeout=False,
    )


def record(key: str, when: float | None = None) -> None:
    """Store ``when`` (now by default) as the latest time under ``key``."""
    client = redis_client()
    try:
        client.set(key, repr(time.time() if when is None else when), ex=MARK_TTL)
    finally:
        client.close()


def record_worker_heartbeat(when: float | None = None) -> None:
    record(WORKER_KEY, when)


def record_beat_run(when: float | None = None) -> None:
    record(BEAT_KEY, when)


# --- Celery: the worker's heartbeat and beat's tick --------------------------------------------
class WorkerHeartbeat(bootsteps.StartStopStep):
    """Consumer bootstep: write the worker heartbeat now and every ``WORKER_HEARTBEAT_INTERVAL``."""

    requires = {"celery.worker.consumer.tasks:Tasks"}

    def __init__(self, parent, **kwargs):
        super().__init__(parent, **kwargs)
        self.tref = None

    def start(self, parent):
        self.beat()
        self.tref = parent.timer.call_repeatedly(WORKER_HEARTBEAT_INTERVAL, self.beat)

    def stop(self, parent):
        if self.tref is not None:
            self.tref.cancel()
            self.tref = None

    shutdown = stop

    @staticmethod
    def beat():
        try:
            record_worker_heartbeat()
        except Exception:  # Redis down: the health check reports it; the worker goes on
            logger.warning("could not write the worker heartbeat", exc_info=True)


@shared_task(name=BEAT_TICK_TASK, ignore_result=True)
def beat_tick() -> None:
    """Scheduled by beat; beat records the time as it sends it (``_beat_sent``). Nothing to do here."""


@before_task_publish.connect(sender=BEAT_TICK_TASK, dispatch_uid="ijc-health-beat-tick", weak=False)
def _beat_sent(sender=None, **kwargs) -> None:
    try:
        record_beat_run()
    except Exception:  # the tick is still sent; the health check reports Redis
        logger.warning("could not record beat's run", exc_info=True)


# --- The checks ---------------------------------------------------------------------------------
def check_database() -> dict:
    """``SELECT 1`` on a new connection of the ``default`` alias (the runtime role), then closed."""
    from django.db import connections

    current = connections["default"]
    params = {**current.settings_dict}
    params["OPTIONS"] = {**params.get("OPTIONS", {}), "connect_timeout": max(1, int(settings.HEALTH_CHECK_TIMEOUT))}
    params["CONN_MAX_AGE"] = 0
    wrapper = type(current)(params, "default")
    started = time.monotonic()
    try:
        with wrapper.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    finally:
        wrapper.close()
    return {"ok": True, "ms": round((time.monotonic() - started) * 1000)}


def check_broker() -> dict:
    client = redis_client()
    started = time.monotonic()
    try:
        client.ping()
    finally:
        client.close()
    return {"ok": True, "ms": round((time.monotonic() - started) * 1000)}


def _check_mark(key: str, stale_after: int) -> dict:
    client = redis_client()
    try:
        value = client.get(key)
    finally:
        client.close()
    if value is None:
        return {"ok": False, "age": None, "stale_after": stale_after, "error": "never recorded"}
    age = max(0.0, time.time() - float(value))
    result = {"ok": age <= stale_after, "age": round(age, 1), "stale_after": stale_after}
    if not result["ok"]:
        result["error"] = "stale"
    return result


def check_worker() -> dict:
    return _check_mark(WORKER_KEY, settings.HEALTH_WORKER_STALE_SECONDS)


def check_beat() -> dict:
    return _check_mark(BEAT_KEY, settings.HEALTH_BEAT_STALE_SECONDS)


CHECKS = {"database": check_database, "broker": check_broker, "worker": check_worker, "beat": check_beat}


def run_checks(timeout: float | None = None) -> dict[str, dict]:
    """Every check in its own daemon thread, all waited for ``timeout`` seconds in total.

    A check that raises reports only the exception's class name (its text may hold a host or a
    role); one still running at the deadline reports ``timeout`` and is left to finish on its own
    (each has its own socket timeouts, so it does not run for long).
    """
    timeout = settings.HEALTH_CHECK_TIMEOUT if timeout is None else timeout
    results: dict[str, dict] = {}

    def run(name, check):
        try:
            results[name] = check()
        except Exception as exc:  # any failure is the check's answer
            results[name] = {"ok": False, "error": type(exc).__name__}
        finally:
            if name == "database":
                from django.db import connections

                connections.close_all()  # this thread's own connections, if anything opened one

    threads = {
        name: threading.Thread(target=run, args=(name, check), name=f"healthz-{name}", daemon=True)
        for name, check in CHECKS.items()
    }
    for thread in threads.values():
        thread.start()
    deadline = time.monotonic() + timeout
    for thread in threads.values():
        thread.join(max(0.0, deadline - time.monotonic()))
    return {name: dict(results.get(name) or {"ok": False, "error": "timeout"}) for name in CHECKS}


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    checks = run_checks()
    failing = [name for name, result in checks.items() if not result["ok"]]
    body = {"status": "fail" if failing else "ok", "checks": checks}
    if failing:
        body["failing"] = failing
    return JsonResponse(body, status=503 if failing else 200)
