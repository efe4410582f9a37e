"""APEKSI sees aggregates only: every signed-in page an APEKSI user may open runs no SQL on a tenant table.

Walks the permission matrix (tests/accounts/test_permission_matrix.py): for each URL where the APEKSI
analyst gets a 200 and the anonymous visitor does not (public pages are the same for everyone), the
page is requested under ``CaptureQueriesContext`` and its SQL is searched for every table that has a
``city_id`` column. The signed-in user's own memberships (read by the middleware on every request to
find their cities, under ``user_context``) are the one tenant table allowed. Where the matrix says
APEKSI gets 403 or 404 on a city page, the matrix test itself holds it.
"""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.accounts.test_permission_matrix import ALL_URL_NAMES, ANONYMOUS, APEKSI_ANALYST, build_world, entry

pytestmark = pytest.mark.django_db

ALLOWED = {"accounts_membership"}


def tenant_tables() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT DISTINCT table_name FROM information_schema.columns "
            "WHERE table_schema = 'public' AND column_name = 'city_id'"
        )
        return sorted(row[0] for row in cursor.fetchall())


def test_apeksi_pages_never_query_a_tenant_table(client, city_a, city_b):
    world = build_world(city_a, city_b)
    client.force_login(world["users"][APEKSI_ANALYST])
    tables = [t for t in tenant_tables() if t not in ALLOWED]
    assert "jobseekers_jobseeker" in tables and "dashboards_cityrollup" not in tables
    checked, leaks = [], []
    for name in sorted(ALL_URL_NAMES):
        found = entry(name)
        if found is None:
            continue
        build_kwargs, expected = found
        if expected[APEKSI_ANALYST] != 200 or expected[ANONYMOUS] == 200:
            continue
        url = reverse(name, kwargs=build_kwargs(world))
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, (name, response.status_code)
        sql = "\n".join(query["sql"] for query in queries.captured_queries)
        touched = [table for table in tables if re.search(rf'(?<![\w"])"?{table}"?(?![\w"])', sql)]
        if touched:
            leaks.append(f"{name}: {touched}")
        checked.append(name)
    assert "dashboards:apeksi-dashboard" in checked
    assert not leaks, "\n".join(leaks)
