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
