"""The audit trail: reads of the functioning page are logged, the person sees who looked, writes are
logged with their changes, and a city's trail is invisible to every other city."""

from __future__ import annotations

import pytest
from django.db import connection
from django.urls import reverse

from accounts.models import AuditLogEntry, Membership
from accounts.services import member_register
from cities.tenancy import city_context
from jobseekers.models import FunctioningAnswer, JobSeeker
from jobseekers.services import functioning_record
from tests.factories import UserFactory, give_totp

pytestmark = pytest.mark.django_db


def _staff(city, name="Petugas Alpha"):
    user = UserFactory(name=name)
    member_register(user=user, city=city, role=Membership.Role.STAFF)
    give_totp(user)
    return user


@pytest.fixture
def person(city_a):
    """A job seeker with their own login (a job_seeker membership) and a JobSeeker row in city A."""
    user = UserFactory(name="Siti Aminah")
    member_register(user=user, city=city_a, role=Membership.Role.JOB_SEEKER)
    with city_context(city_a):
        seeker = JobSeeker.objects.create(name="Siti Aminah", user=user)
    return user, seeker


def _accesses(city, seeker):
    with city_context(city):
        return list(
            AuditLogEntry.objects.filter(object_pk=str(seeker.pk), action=AuditLogEntry.Action.ACCESS).select_related(
                "actor"
            )
        )


def test_viewing_the_functioning_page_writes_exactly_one_access_entry(client, city_a, person):
    _user, seeker = person
    staff = _staff(city_a)
    client.force_login(staff)

    response = client.get(reverse("jobseekers:functioning", kwargs={"pk": seeker.pk}), REMOTE_ADDR="10.1.2.3")

    assert response.status_code == 200
    entries = _accesses(city_a, seeker)
    assert len(entries) == 1
    entry = entries[0]
    assert entry.actor == staff
    assert entry.city_id == city_a.pk
    assert entry.remote_addr == "10.1.2.3"
    assert entry.additional_data == {"fields": ["functioning"]}
    assert entry.content_type.model_class() is JobSeeker
    client.get(reverse("jobseekers:functioning", kwargs={"pk": seeker.pk}))
    assert len(_accesses(city_a, seeker)) == 2  # every view, not once per person


def test_the_person_sees_who_viewed_their_data(client, city_a, person):
    user, seeker = person
    staff = _staff(city_a, name="Bapak Pemeriksa")
    client.force_login(staff)
    client.get(reverse("jobseekers:functioning", kwargs={"pk": seeker.pk}))
    client.logout()

    client.force_login(user)
    response = client.get(reverse("jobseekers:access-log"))

    assert response.status_code == 200
    assert "Bapak Pemeriksa" in response.content.decode()
    assert [entry.actor for entry in response.context["page_obj"]] == [staff]


def test_the_access_log_shows_only_the_persons_own_entries(client, city_a, person):
    user, _seeker = person
    with city_context(city_a):
        other = JobSeeker.objects.create(name="Orang Lain")
    staff = _staff(city_a, name="Ibu Lain")
    client.force_login(staff)
    client.get(reverse("jobseekers:functioning", kwargs={"pk": other.pk}))
    client.force_login(user)
    response = client.get(reverse("jobseekers:access-log"))
    assert list(response.context["page_obj"]) == []
    assert "Ibu Lain" not in response.content.decode()


def test_creating_and_updating_a_job_seeker_writes_entries_with_the_changes(city_a):
    with city_context(city_a):
        seeker = JobSeeker.objects.create(name="Budi")
        functioning_record(job_seeker=seeker, answers={"seeing": 3})
        entries = list(
            AuditLogEntry.objects.filter(object_pk=str(seeker.pk), content_type__model="jobseeker").order_by("pk")
        )
        answers = AuditLogEntry.objects.filter(content_type__model="functioninganswer")
        assert answers.count() == 1
        assert answers.get().action == AuditLogEntry.Action.CREATE
    assert [entry.action for entry in entries] == [AuditLogEntry.Action.CREATE, AuditLogEntry.Action.UPDATE]
    created, updated = entries
    assert created.changes["name"] == [None, "Budi"] or created.changes["name"][1] == "Budi"
    assert "wg_disability" in updated.changes
    assert updated.changes["wg_disability"][1] in (True, "True")
    assert all(entry.city_id == city_a.pk for entry in entries)


def test_staff_of_city_b_cannot_open_city_as_trail(client, city_a, city_b, person):
    _user, seeker = person
    client.force_login(_staff(city_b, name="Petugas Beta"))
    client.raise_request_exception = False
    url = reverse("accounts:audit-trail", kwargs={"model": "jobseekers.jobseeker", "pk": seeker.pk})
    assert client.get(url).status_code == 404


def test_staff_of_city_a_opens_the_trail(client, city_a, person):
    _user, seeker = person
    staff = _staff(city_a)
    client.force_login(staff)
    client.get(reverse("jobseekers:functioning", kwargs={"pk": seeker.pk}))
    response = client.get(reverse("accounts:audit-trail", kwargs={"model": "jobseekers.jobseeker", "pk": seeker.pk}))
    assert response.status_code == 200
    assert len(response.context["page_obj"]) == 2  # the create and the access


def test_city_as_audit_rows_are_invisible_inside_city_b(city_a, city_b, person):
    _user, seeker = person
    with city_context(city_a):
        assert AuditLogEntry.objects.filter(object_pk=str(seeker.pk)).exists()
    with city_context(city_b):
        assert not AuditLogEntry.objects.filter(object_pk=str(seeker.pk)).exists()
        with connection.cursor() as cursor:  # row-level security, not only the ORM's filter
            cursor.execute("SELECT count(*) FROM accounts_auditlogentry WHERE city_id = %s", [city_a.pk])
            assert cursor.fetchone()[0] == 0
            cursor.execute("SELECT count(*) FROM accounts_auditlogentry")
            assert cursor.fetchone()[0] == 0
    with connection.cursor() as cursor:  # no context at all: nothing either
        cursor.execute("SELECT count(*) FROM accounts_auditlogentry")
        assert cursor.fetchone()[0] == 0


def test_a_model_not_in_the_trail_list_is_a_404(client, city_a, person):
    user, _seeker = person
    client.force_login(_staff(city_a))
    client.raise_request_exception = False
    url = reverse("accounts:audit-trail", kwargs={"model": "accounts.user", "pk": user.pk})
    assert client.get(url).status_code == 404
    url = reverse("accounts:audit-trail", kwargs={"model": "jobseekers.functioninganswer", "pk": 1})
    assert client.get(url).status_code == 404


def test_a_functioning_answer_has_city_scoped_audit_entries(city_a, city_b, person):
    _user, seeker = person
    with city_context(city_a):
        functioning_record(job_seeker=seeker, answers={"mobility": 2})
        answer = FunctioningAnswer.objects.get()
    with city_context(city_b):
        assert not AuditLogEntry.objects.filter(
            object_pk=str(answer.pk), content_type__model="functioninganswer"
        ).exists()


def test_the_trail_names_changed_multiple_choice_fields(client, city_a, person):
    """A change to an array field with translated choices (ragam, work arrangements) is listed by
    name; django-auditlog's value formatting failed on it (lazy labels joined as str) with a 500."""
    from jobseekers import services

    _user, seeker = person
    with city_context(city_a):
        services.jobseeker_update(actor=None, job_seeker=seeker, ragam=["fisik"], work_arrangements=["remote"])
    client.force_login(_staff(city_a))
    url = reverse("accounts:audit-trail", kwargs={"model": "jobseekers.jobseeker", "pk": seeker.pk})
    response = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    html = response.content.decode()
    assert "2 fields:" in html and "ragam" in html and "work arrangements" in html
