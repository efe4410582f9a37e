"""Test-only views that exercise the tenancy middleware (never routed in the real portal)."""

from django.db import connection
from django.http import JsonResponse
from django.template import engines
from django.template.response import TemplateResponse
from django.urls import path

from cities.tenancy import current_city_id
from ijc_portal import urls as project_urls
from jobseekers.models import JobSeeker


def _setting() -> str | None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('app.city_id', true), pg_backend_pid()")
        return cursor.fetchone()


def counts(request, city_slug=None):
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM jobseekers_jobseeker")
        raw = cursor.fetchone()[0]
    setting, pid = _setting()
    names = sorted(JobSeeker.objects.values_list("name", flat=True)) if current_city_id() else None
    return JsonResponse({"raw": raw, "orm": names, "setting": setting, "pid": pid, "city": current_city_id()})


def write_then_fail(request, city_slug):
    JobSeeker.objects.create(name="half-written")
    raise RuntimeError("boom after a write")


def lazy_list(request, city_slug):
    # The queryset is evaluated by the template, after the view has returned.
    template = engines["django"].from_string("{% for s in seekers %}<li>{{ s.name }}</li>{% endfor %}")
    return TemplateResponse(request, template, {"seekers": JobSeeker.objects.order_by("name")})


urlpatterns = [  # the test views, then the portal's own (error pages link to them)
    path("kota/<slug:city_slug>/counts/", counts),
    path("kota/<slug:city_slug>/fail/", write_then_fail),
    path("kota/<slug:city_slug>/lazy/", lazy_list),
    path("me/counts/", counts),
    *project_urls.urlpatterns,
]
