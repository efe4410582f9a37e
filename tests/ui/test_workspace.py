"""Each role's workspace (ijc_portal.workspace) on its home: the counts, their links, their queries.

The world is the permission matrix's (tests/accounts/test_permission_matrix.py): city A has a due
follow-up, a referral the person confirmed (waiting for the employer), a scheduled assessment with
the partner named on it and a shared one, a verified employer with a published vacancy and a site.
"""

from __future__ import annotations

import pytest
from django.test import RequestFactory
from django.urls import reverse

from cities.tenancy import city_context
from ijc_portal import workspace
from tests.accounts.test_permission_matrix import (
    APEKSI_ANALYST,
    CITY_ADMIN,
    EMPLOYER,
    JOB_SEEKER,
    OTHER_CITY_STAFF,
    PARTNER,
    STAFF,
    build_world,
)

pytestmark = pytest.mark.django_db

# One query per count (the employer's vacancy counts are one aggregate); the APEKSI workspace only links.
QUERIES = {"staff": 8, "city_admin": 2, "employer": 4, "job_seeker": 4, "partner": 2, "apeksi": 0}
ROLE_USER = {
    "staff": STAFF,
    "city_admin": CITY_ADMIN,
    "employer": EMPLOYER,
    "job_seeker": JOB_SEEKER,
    "partner": PARTNER,
    "apeksi": APEKSI_ANALYST,
}
HOME = {
    STAFF: "dashboards:home-staff",
    CITY_ADMIN: "dashboards:home-city-admin",
    EMPLOYER: "dashboards:home-employer",
    JOB_SEEKER: "dashboards:home-job-seeker",
    PARTNER: "dashboards:home-partner",
    APEKSI_ANALYST: "dashboards:home-apeksi",
    OTHER_CITY_STAFF: "dashboards:home-staff",
}


@pytest.fixture
def world(city_a, city_b):
    return build_world(city_a, city_b)


@pytest.mark.parametrize("role", sorted(QUERIES))
def test_each_workspace_costs_a_fixed_number_of_queries(world, city_a, role, django_assert_num_queries):
    request = RequestFactory().get("/")
    request.user = world["users"][ROLE_USER[role]]
    request.city = city_a
    with city_context(city_a), django_assert_num_queries(QUERIES[role]):
        sections = workspace.sections_for(request, role)
    assert all(entry.url.startswith("/") for section in sections for entry in section.entries)


def _home(client, world, kind) -> str:
    client.force_login(world["users"][kind])
    response = client.get(reverse(HOME[kind]), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    return response.content.decode()


def test_staff_see_todays_work_as_counts_with_links(client, world):
    html = _home(client, world, STAFF)
    today = reverse("placements:staff-today")
    assert f'<a href="{today}#followups-title">1 follow-up due</a>' in html
    assert f'<a href="{today}#pending-title">1 referral waiting for the person or the employer</a>' in html
    assert f'<a href="{reverse("assessments:list")}">1 workplace assessment scheduled or in progress</a>' in html
    assert "0 employers to verify" in html
    assert "0 vacancies to review" in html
    assert f'href="{reverse("jobseekers:rights-requests")}"' in html


def test_staff_of_another_city_count_only_their_own_city(client, world):
    html = _home(client, world, OTHER_CITY_STAFF)
    assert "0 follow-ups due" in html
    assert "0 referrals waiting for the person or the employer" in html


def test_the_employer_sees_its_candidates_vacancies_sites_and_reports(client, world):
    html = _home(client, world, EMPLOYER)
    assert f'<a href="{reverse("placements:employer-candidates")}">1 candidate waiting for your answer</a>' in html
    assert "1 published vacancy" in html
    assert f'<a href="{reverse("employers:workplace-list")}">1 workplace (site)</a>' in html
    assert (
        f'<a href="{reverse("assessments:employer-list")}">1 accessibility assessment report shared with you</a>'
        in html
    )
    assert f'href="{reverse("employers:quota")}"' in html


def test_the_partner_sees_the_visits_they_are_named_on(client, world):
    html = _home(client, world, PARTNER)
    assert "1 workplace assessment you are named on, scheduled or in progress" in html


def test_the_city_admin_sees_invitations_and_admin_tools(client, world):
    html = _home(client, world, CITY_ADMIN)
    assert f'<a href="{reverse("accounts:invitation-list")}">1 invitation not yet accepted</a>' in html
    for name in ("placements:followup-schedule", "webhooks:list", "notifications:failed-list"):
        assert f'href="{reverse(name)}"' in html


def test_apeksi_sees_every_dashboard_section(client, world):
    html = _home(client, world, APEKSI_ANALYST)
    for slug in ("peringkat", "kota", "provinsi", "tren", "rincian"):
        assert f'href="{reverse("dashboards:apeksi-section", kwargs={"section": slug})}"' in html


@pytest.mark.parametrize("signed_in", [False, True])
def test_the_job_board_is_in_the_main_menu(client, world, signed_in):
    if signed_in:
        client.force_login(world["users"][JOB_SEEKER])
    html = client.get(reverse("privacy"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    menu = html.split('aria-label="Main menu"', 1)[1].split("</nav>", 1)[0]
    assert f'<a href="{reverse("employers:board")}">Job vacancies</a>' in menu


def test_the_home_page_links_the_job_board(client, world):
    html = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    main = html.split('<main id="main"', 1)[1]
    assert f'href="{reverse("employers:board")}"' in main


def test_the_record_helpers_cost_two_queries_for_a_person_and_one_for_an_employer(
    world, city_a, django_assert_num_queries
):
    with city_context(city_a):
        with django_assert_num_queries(2):
            work = workspace.person_placement_work(world["seeker"])
        with django_assert_num_queries(1):
            visits = workspace.employer_assessments(world["employer"])
    assert [referral.pk for referral in work["referrals"]] == [world["referral"].pk]
    assert {visit.pk for visit in visits} == {world["assessment"].pk, world["shared_assessment"].pk}


def test_a_case_page_links_the_persons_referrals_and_follow_ups(client, world):
    client.force_login(world["users"][STAFF])
    html = client.get(reverse("jobseekers:case", kwargs={"pk": world["seeker"].pk})).content.decode()
    assert f'href="{reverse("placements:staff-referral", kwargs={"pk": world["referral"].pk})}"' in html
    placed = world["followup"].placement.referral.job_seeker
    html = client.get(reverse("jobseekers:case", kwargs={"pk": placed.pk})).content.decode()
    assert f'href="{reverse("placements:followup", kwargs={"pk": world["followup"].pk})}"' in html


def test_staff_employer_and_vacancy_pages_link_assessments_and_suggestions(client, world):
    client.force_login(world["users"][STAFF])
    html = client.get(reverse("employers:staff-employer", kwargs={"pk": world["employer"].pk})).content.decode()
    assert f'href="{reverse("assessments:detail", kwargs={"pk": world["assessment"].pk})}"' in html
    html = client.get(reverse("employers:staff-vacancy", kwargs={"pk": world["vacancy"].pk})).content.decode()
    assert f'href="{reverse("placements:vacancy-suggestions", kwargs={"pk": world["vacancy"].pk})}"' in html


def test_the_employer_dashboard_links_candidates_and_assessment_reports(client, world):
    client.force_login(world["users"][EMPLOYER])
    html = client.get(reverse("employers:dashboard")).content.decode()
    assert f'href="{reverse("placements:employer-candidates")}"' in html
    assert f'href="{reverse("assessments:employer-list")}"' in html
