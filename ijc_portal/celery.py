"""The Celery application. Tenant tasks use ``cities.tasks.CityTask`` as their base."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ijc_portal.settings")

app = Celery("ijc_portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# /healthz: every worker writes a heartbeat, beat records its runs (ijc_portal.health).
from ijc_portal.health import WorkerHeartbeat  # noqa: E402 - needs the app's settings module set above

app.steps["consumer"].add(WorkerHeartbeat)

# Logs (ijc_portal.logs): the worker keeps Django's LOGGING (JSON, redacted) instead of its own
# handlers; each task's lines carry its task id, its city id and the id of the request that queued it.
from celery import signals  # noqa: E402

from ijc_portal import logs  # noqa: E402

REQUEST_ID_HEADER = "ijc_request_id"


@signals.setup_logging.connect
def _keep_django_logging(**_kwargs) -> None:
    """A receiver here stops Celery from configuring logging itself; Django already applied ``LOGGING``."""


@signals.before_task_publish.connect
def _send_request_id(headers=None, **_kwargs) -> None:
    request_id = logs.current_request_id()
    if request_id and headers is not None:
        headers.setdefault(REQUEST_ID_HEADER, request_id)


@signals.task_prerun.connect
def _bind_task(task_id=None, task=None, kwargs=None, **_extra) -> None:
    request = getattr(task, "request", None)
    origin = getattr(request, REQUEST_ID_HEADER, None) or (getattr(request, "headers", None) or {}).get(
        REQUEST_ID_HEADER
    )
    city_id = (kwargs or {}).get("city_id")
    logs.bind(request_id=logs.sane_request_id(origin) or task_id, city_id=city_id, task_id=task_id)


@signals.task_postrun.connect
def _unbind_task(**_kwargs) -> None:
    logs.clear()
