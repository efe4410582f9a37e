"""The staff caseload answers in a few queries, whatever the page, the search or the number of people.

The view and its template are measured (the permission check, the officers, the count, the page, the
access entries of a health-data filter, the header's reads), not the middleware's fixed reads before
it (session, user, membership, city), which every page pays alike. Counted: the statements that read
or write rows; the tenancy layer's ``SAVEPOINT`` / ``SET LOCAL`` around them cost no round trip of
their own worth counting here and are listed apart.
"""

from __future__ import annotations

import pytest
from auditlog.context import set_actor
from django.contrib.sessions.backends.db import SessionStore
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import AuditLogEntry
from cities.tenancy import city_context
from jobseekers.models import JobSeeker
from jobseekers.views.staff import jobseeker_list

pytestmark = pytest.mark.django_db

PAGES = [
    "",
    "?page=3",
    "?q=Orang+0007",
    "?q=AK1-000007",
    "?q=3372054701900001",
    "?ragam=fisik&wg_domain=hearing&sort=-registered&status=registered&officer={officer}",
]
CONTROL = ("SAVEPOINT", "RELEASE SAVEPOINT", "SET LOCAL", "RESET ")


def _page(rf, city, user, query: str):
    request = rf.get(reverse("jobseekers:list") + query.format(officer=user.pk))
    request.user, request.city, request.session = user, city, SessionStore()
    with set_actor(user), city_context(city):  # as the audit middleware does for a request
        response = jobseeker_list(request)
        response.render()
    return response


@pytest.mark.parametrize("query", PAGES)
def test_a_caseload_page_takes_at_most_eight_queries(rf, city_a, staff, query):
    with city_context(city_a):
        JobSeeker.objects.bulk_create(
            [
                JobSeeker(name=f"Orang {i:04d}", ak1_number=f"AK1-{i:06d}", ragam=["fisik"], assigned_officer=staff)
                for i in range(160)
            ]
        )
    _page(rf, city_a, staff, query)  # the process's first page fills its caches (content types, catalogues)
    with CaptureQueriesContext(connection) as captured:
        response = _page(rf, city_a, staff, query)
    assert response.status_code == 200
    statements = [q["sql"] for q in captured.captured_queries if not q["sql"].startswith(CONTROL)]
    assert len(statements) <= 8, "\n".join(statements)


def test_a_health_data_filter_still_records_an_access_entry_per_person_shown(rf, city_a, staff):
    with city_context(city_a):
        JobSeeker.objects.bulk_create([JobSeeker(name=f"Orang {i}", ragam=["fisik"]) for i in range(3)])
    _page(rf, city_a, staff, "?ragam=fisik")
    with city_context(city_a):
        assert AuditLogEntry.objects.filter(action=AuditLogEntry.Action.ACCESS).count() == 3
