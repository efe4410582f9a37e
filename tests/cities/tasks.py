"""A test-only city task, registered on the project's Celery app."""

from django.db import connection

from cities.tasks import CityTask
from ijc_portal.celery import app
from jobseekers.models import JobSeeker


@app.task(base=CityTask, name="tests.cities.record_job_seeker")
def record_job_seeker(*, city_id: int, name: str) -> dict:
    JobSeeker.objects.create(name=name)
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*), current_user FROM jobseekers_jobseeker")
        visible, role = cursor.fetchone()
    return {"visible": visible, "role": role}
