"""A caseload page filtered by health data (disability category, WG-SS domain) names each person on it
by that data: it writes one access entry per person shown, in one INSERT, which the person sees in
"who viewed my data" (UU 27/2022 arts. 4, 20-26, 34). A list without such a filter writes nothing."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import AuditLogEntry
from cities.tenancy import city_context
from jobseekers import services
from jobseekers.models import JobSeeker

pytestmark = pytest.mark.django_db

LIST = reverse("jobseekers:list")


def access_entries() -> list[AuditLogEntry]:
    return list(AuditLogEntry.objects.filter(action=AuditLogEntry.Action.ACCESS).order_by("pk"))


def people(city, count: int, **fields) -> list[JobSeeker]:
    with city_context(city):
        start = JobSeeker.objects.count()
        return JobSeeker.objects.bulk_create([JobSeeker(name=f"Orang {start + i:04d}", **fields) for i in range(count)])


def test_a_filter_by_disability_or_functioning_records_each_person_shown(client, city_a, city_b, staff):
    with city_context(city_a):
        ani = services.jobseeker_register(actor=None, name="Ani", channel="self", ragam=["fisik"])
        budi = services.jobseeker_register(actor=None, name="Budi", channel="self", ragam=["fisik", "sensorik"])
        citra = services.jobseeker_register(actor=None, name="Citra", channel="self", ragam=["mental"])
        services.functioning_record(job_seeker=budi, answers={"hearing": 4})
    people(city_b, 2, ragam=["fisik"])
    client.force_login(staff)

    page = client.get(LIST, {"ragam": "fisik"}, REMOTE_ADDR="203.0.113.7")
    assert [s.name for s in page.context["page_obj"]] == ["Ani", "Budi"]
    with city_context(city_a):
        entries = access_entries()
        assert sorted(e.object_pk for e in entries) == sorted([str(ani.pk), str(budi.pk)])
        for entry in entries:
            assert entry.additional_data == {"fields": ["disability"], "list": "caseload"}
            assert (entry.actor, entry.remote_addr, entry.content_type.model) == (staff, "203.0.113.7", "jobseeker")

    client.get(LIST, {"wg_domain": "hearing", "ragam": "sensorik"})
    with city_context(city_a):
        newest = access_entries()[2:]
        assert [(e.object_pk, e.additional_data["fields"]) for e in newest] == [
            (str(budi.pk), ["disability", "functioning"])
        ]
        assert not AuditLogEntry.objects.filter(object_pk=str(citra.pk), action=AuditLogEntry.Action.ACCESS).exists()


def test_only_the_people_on_the_page_shown_are_recorded(client, city_a, staff):
    people(city_a, 60, ragam=["intelektual"])
    client.force_login(staff)
    client.get(LIST, {"ragam": "intelektual", "page": 2})
    with city_context(city_a):
        assert len(access_entries()) == 10
    client.get(LIST, {"ragam": "intelektual"})
    with city_context(city_a):
        assert len(access_entries()) == 60


@pytest.mark.parametrize(
    "query",
    [
        {},
        {"q": "Orang"},
        {"status": "registered", "sort": "-name"},
        {"education": "sma", "registered_from": "2020-01-01"},
        {"ragam": "not-a-category"},  # an invalid filter lists everyone, unfiltered
        {"ragam": ""},
    ],
)
def test_a_list_without_a_health_filter_writes_nothing(client, city_a, staff, query):
    people(city_a, 3, ragam=["fisik"])
    client.force_login(staff)
    assert client.get(LIST, query).status_code == 200
    with city_context(city_a):
        assert access_entries() == []


def test_the_query_count_does_not_grow_with_the_people_recorded(client, city_a, staff):
    client.force_login(staff)
    url = f"{LIST}?ragam=sensorik&wg_domain=seeing&sort=-registered"

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    def matching(count: int) -> None:
        for seeker in people(city_a, count, ragam=["sensorik"]):
            with city_context(city_a):
                services.functioning_record(job_seeker=seeker, answers={"seeing": 3})

    matching(1)
    queries()  # warms the content-type cache
    one = queries()
    matching(19)
    assert queries() == one
    with city_context(city_a):
        assert len(access_entries()) == 1 + 1 + 20


def test_the_person_sees_the_list_in_who_viewed_my_data(client, city_a, staff, job_seeker_user):
    with city_context(city_a):
        seeker = JobSeeker.objects.get(user=job_seeker_user)
        services.jobseeker_update(actor=job_seeker_user, job_seeker=seeker, ragam=["sensorik"])
    client.force_login(staff)
    client.get(LIST, {"ragam": "sensorik"})
    client.force_login(job_seeker_user)
    page = client.get(reverse("jobseekers:access-log"), HTTP_ACCEPT_LANGUAGE="en")
    entries = list(page.context["page_obj"])
    assert len(entries) == 1 and entries[0].actor == staff
    html = page.content.decode()
    assert "Sari Petugas" in html and entries[0].groups_display in html
