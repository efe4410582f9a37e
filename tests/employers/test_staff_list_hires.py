"""The staff employer list's "hires through the portal" column: answered by placements through
``employers.providers.portal_hires_many``, one query for the whole page."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import Membership
from cities.tenancy import city_context
from employers import selectors, services
from tests.employers.conftest import ORG, make_member, vacancy_fields
from tests.employers.test_signals import hire

pytestmark = pytest.mark.django_db


def _employer_with_vacancy(city, staff, n: int):
    user = make_member(city, Membership.Role.EMPLOYER)
    employer = services.employer_register(
        actor=user, **{**ORG, "nib": f"{n:013d}", "legal_name": f"PT Uji {n}", "contact_email": f"hr{n}@uji.test"}
    )
    services.employer_verify(actor=staff, employer=employer)
    vacancy = services.vacancy_save(actor=user, employer=employer, **vacancy_fields())
    services.vacancy_submit(actor=user, vacancy=vacancy)
    return user, employer, services.vacancy_publish(actor=staff, vacancy=vacancy)


def _row(page: str, name: str) -> str:
    start = page.index(f">{name}</a>")
    return page[start : page.index("</tr>", start)]


def test_the_column_counts_the_report_year_or_this_year(client, city_a, staff_user):
    this_year = timezone.localdate().year
    with city_context(city_a):
        user, reported, vacancy = _employer_with_vacancy(city_a, staff_user, 1)
        services.quota_report_record(
            actor=user, employer=reported, year=2024, headcount=200, employees_with_disabilities=1, source="self"
        )
        hire(vacancy, staff_user, datetime.date(2024, 5, 1), "A")
        hire(vacancy, staff_user, datetime.date(2024, 6, 1), "B")
        hire(vacancy, staff_user, datetime.date(this_year, 1, 2), "C")  # not the report's year
        _, unreported, other_vacancy = _employer_with_vacancy(city_a, staff_user, 2)
        hire(other_vacancy, staff_user, datetime.date(this_year, 1, 3), "D")
        hire(other_vacancy, staff_user, datetime.date(2024, 1, 3), "E")  # not this year
        _employer_with_vacancy(city_a, staff_user, 3)
        assert selectors.portal_hires_many([reported.pk, unreported.pk], [2024]) == {
            reported.pk: {2024: 2},
            unreported.pk: {2024: 1},
        }
        assert selectors.portal_hires_many([], [2024]) == {}
    client.force_login(staff_user)
    page = client.get(reverse("employers:staff-employer-list")).content.decode()
    assert "Hires through the portal" in page
    assert "2 in 2024" in _row(page, "PT Uji 1")
    assert f"1 in {this_year}" in _row(page, "PT Uji 2")
    assert f"0 in {this_year}" in _row(page, "PT Uji 3")


def test_one_query_for_the_hires_of_the_whole_page(client, city_a, staff_user):
    with city_context(city_a):
        _, _, vacancy = _employer_with_vacancy(city_a, staff_user, 1)
        hire(vacancy, staff_user, datetime.date(2025, 3, 1), "A")
    client.force_login(staff_user)
    url = reverse("employers:staff-employer-list")
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    with city_context(city_a):
        for n in range(2, 7):
            user, employer, vacancy = _employer_with_vacancy(city_a, staff_user, n)
            hire(vacancy, staff_user, datetime.date(2025, 3, n), f"P{n}")
            services.quota_report_record(
                actor=user,
                employer=employer,
                year=2020 + n,
                headcount=100,
                employees_with_disabilities=1,
                source="self",
            )
    with CaptureQueriesContext(connection) as many:
        page = client.get(url).content.decode()
    assert "PT Uji 6" in page
    assert len(many) == len(few)
    hires_queries = [q["sql"] for q in many.captured_queries if "placements_placement" in q["sql"]]
    assert len(hires_queries) == 1
