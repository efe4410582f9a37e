"""Dashboard pages: the city's own (exact), exports, refresh, monthly report; APEKSI's (rollups only,
suppressed, a constant number of queries, never a tenant table)."""

from __future__ import annotations

import csv
import io
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import Membership, User
from cities.tenancy import city_context
from dashboards import rollups
from dashboards.models import CityRollup, RollupState
from tests.dashboards.conftest import NOW
from tests.employers.conftest import make_member
from tests.factories import CityFactory, UserFactory, give_totp

pytestmark = pytest.mark.django_db

PERIOD = {"dari": "2026-09", "sampai": "2026-11"}


@pytest.fixture
def refreshed(city_a, city_b, activity_a, activity_b):
    for city in (city_a, city_b):
        with city_context(city):
            rollups.refresh_city(city.pk, now=NOW)
    return activity_a


def apeksi_user(role=User.CrossCityRole.APEKSI_ANALYST):
    user = UserFactory(cross_city_role=role)
    give_totp(user)
    return user


def tenant_tables() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT DISTINCT table_name FROM information_schema.columns "
            "WHERE table_schema = 'public' AND column_name = 'city_id'"
        )
        return [row[0] for row in cursor.fetchall()]


def test_staff_see_their_city_exact_figures(client, city_a, refreshed):
    client.force_login(refreshed["staff"])
    response = client.get(reverse("dashboards:city-dashboard"), PERIOD)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Summary for September 2026 to November 2026" in html
    # Exact small numbers for the city's own staff: 5 referrals, 2 placements, no "<5".
    assert re.search(r"Referrals</th><td class=\"num\">5</td>", html)
    assert "&lt;5" not in html
    assert "Definition:" in html
    # Charts with their tables, over the summary and the sections of the dashboard.
    from dashboards.figures import CITY_SECTIONS

    for section in CITY_SECTIONS:
        if section:
            url = reverse("dashboards:city-section", kwargs={"section": section})
            html += client.get(url, PERIOD).content.decode()
    assert html.count('class="chart"') >= 5 or html.count("<svg") >= 5


def test_period_errors_are_shown_and_the_default_period_used(client, city_a, refreshed):
    client.force_login(refreshed["staff"])
    html = client.get(reverse("dashboards:city-dashboard"), {"dari": "2026-13", "sampai": "2026-11"}).content.decode()
    assert "Enter a month as year-month" in html
    assert 'value="2026-13"' in html  # the input is kept
    html = client.get(reverse("dashboards:city-dashboard"), {"dari": "2026-11", "sampai": "2026-01"}).content.decode()
    assert "The first month must not be after the last month." in html


def test_city_exports_csv_and_xlsx(client, city_a, refreshed):
    client.force_login(refreshed["staff"])
    url = reverse("dashboards:city-export", kwargs=PERIOD)
    response = client.get(url, {"table": "by-month", "format": "csv"})
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:2] == ["Month", "Registrations"]
    assert [row[1] for row in rows[1:]] == ["2", "3", "2"]
    xlsx = client.get(url, {"table": "by-gender", "format": "xlsx"})
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
    assert client.get(url, {"table": "nope", "format": "csv"}).status_code == 404
    assert client.get(url, {"table": "by-month", "format": "pdf"}).status_code == 404
    assert (
        client.get(reverse("dashboards:city-export", kwargs={"dari": "2026-12", "sampai": "2026-01"})).status_code
        == 404
    )


def test_refresh_now_recomputes_the_city(client, city_a, activity_a):
    client.force_login(activity_a["staff"])
    assert not RollupState.objects.filter(for_city=city_a).exists()
    response = client.post(reverse("dashboards:city-refresh"))
    assert response.status_code == 302
    assert RollupState.objects.filter(for_city=city_a).exists()
    assert CityRollup.objects.filter(for_city=city_a, indicator="registrations", dimension="").exists()
    assert client.get(reverse("dashboards:city-refresh")).status_code == 405


def test_monthly_report_html_and_pdf(client, city_a, refreshed):
    client.force_login(refreshed["staff"])
    html = client.get(reverse("dashboards:city-report"), {"bulan": "2026-10"}).content.decode()
    assert "Monthly report: October 2026" in html
    for section in ("Services to job seekers", "Services to employers", "Placements"):
        assert section in html
    assert re.search(r"Referrals</th><td class=\"num\">5</td>", html)
    pdf = client.get(reverse("dashboards:city-report-pdf"), {"bulan": "2026-10"})
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")


def test_city_admin_sees_the_dashboard_partner_does_not(client, city_a, refreshed):
    admin = make_member(city_a, Membership.Role.CITY_ADMIN, mfa=True)
    client.force_login(admin)
    assert client.get(reverse("dashboards:city-dashboard")).status_code == 200
    partner = make_member(city_a, Membership.Role.PARTNER, mfa=True)
    client.force_login(partner)
    assert client.get(reverse("dashboards:city-dashboard")).status_code == 403


def apeksi_urls() -> list[str]:
    """The APEKSI dashboard's summary page and each of its sections."""
    from dashboards.views import APEKSI_SECTIONS

    return [reverse("dashboards:apeksi-dashboard")] + [
        reverse("dashboards:apeksi-section", kwargs={"section": section}) for section in APEKSI_SECTIONS
    ]


def test_apeksi_pages_are_suppressed_and_read_no_tenant_table(client, city_a, city_b, refreshed):
    client.force_login(apeksi_user())
    html = {}
    for url in apeksi_urls():
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url, PERIOD)
        assert response.status_code == 200, url
        html[url] = response.content.decode()
        sql = "\n".join(query["sql"] for query in queries.captured_queries)
        # Memberships are the signed-in user's own (read by the middleware); no city data table is touched.
        touched = [t for t in tenant_tables() if t != "accounts_membership" and re.search(rf'\b"?{t}"?\b', sql)]
        assert touched == [], url
    per_city = html[reverse("dashboards:apeksi-section", kwargs={"section": "kota"})]
    assert city_a.name in per_city and city_b.name in per_city
    assert "&lt;5" in per_city  # city A's 2 placements


def test_apeksi_pages_have_a_constant_number_of_queries(client, city_a, city_b, refreshed):
    client.force_login(apeksi_user())
    urls = apeksi_urls()
    client.get(urls[0], PERIOD)  # warm up (session, permissions)
    two = {}
    for url in urls:
        with CaptureQueriesContext(connection) as queries:
            client.get(url, PERIOD)
        two[url] = len(queries)
    for n in range(4):
        city = CityFactory()
        for month in ("2026-09-01", "2026-10-01"):
            CityRollup.objects.create(for_city=city, month=month, indicator="registrations", count=10 + n)
            CityRollup.objects.create(for_city=city, month=month, indicator="days_to_placement", dimension="days",
                                      value=str(30 + n), count=6)  # fmt: skip
    for url in urls:
        with CaptureQueriesContext(connection) as six:
            response = client.get(url, PERIOD)
        assert response.status_code == 200
        assert len(six) == two[url], url


def test_apeksi_exports_are_suppressed(client, city_a, refreshed):
    client.force_login(apeksi_user())
    url = reverse("dashboards:apeksi-export", kwargs={**PERIOD, "peringkat": "placements", "provinsi": "semua"})
    response = client.get(url, {"table": "cities", "format": "csv"})
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    header = rows[0]
    alpha = next(row for row in rows if row[0] == city_a.name)
    assert alpha[header.index("Placements")] == "<5"
    assert client.get(url, {"table": "by-gender", "format": "xlsx"}).status_code == 200


def test_roles_stay_on_their_side(client, city_a, refreshed):
    analyst = apeksi_user()
    client.force_login(analyst)
    assert client.get(reverse("dashboards:city-dashboard")).status_code == 403
    assert client.get(reverse("dashboards:city-report")).status_code == 403
    assert client.post(reverse("dashboards:apeksi-refresh")).status_code == 403
    client.force_login(refreshed["staff"])
    assert client.get(reverse("dashboards:apeksi-dashboard")).status_code == 403


def test_apeksi_admin_queues_a_refresh_of_every_city(client, city_a, monkeypatch, django_capture_on_commit_callbacks):
    queued = []
    from dashboards import tasks

    monkeypatch.setattr(tasks.refresh_all_rollups, "delay", lambda *a, **k: queued.append(1))
    client.force_login(apeksi_user(User.CrossCityRole.APEKSI_ADMIN))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("dashboards:apeksi-refresh"))
    assert response.status_code == 302
    assert queued == [1]
