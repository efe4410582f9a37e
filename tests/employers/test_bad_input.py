"""Ids and numbers sent to the employers pages that are not what they claim: a form error or a
report line, never a 500 and nothing written.

``"²".isdigit()`` is true but ``int("²")`` raises: a check with ``str.isdigit`` alone lets such a
character through to ``int``.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from cities.tenancy import city_context
from employers.models import Interest, Vacancy
from tests.employers.test_vacancy_import import csv_bytes, row, run

pytestmark = pytest.mark.django_db

JUNK = ["abc", "²", "99999999999999999999", "-1", "1 OR 1=1"]


def test_the_interest_form_takes_the_vacancy_from_the_address_only(client, city_a, published_vacancy, seeker_user):
    """The job seeker's interest form posts no id: the vacancy is the path's (an ``int`` route), so a
    junk id in the path is the ordinary 404 and one in the body is ignored."""
    client.force_login(seeker_user)
    junk_path = f"/kota/{city_a.slug}/lowongan/abc/minat/"
    assert client.post(junk_path, {"message": ""}).status_code == 404
    url = reverse("employers:express-interest", kwargs={"city_slug": city_a.slug, "pk": published_vacancy.pk})
    assert client.post(url, {"message": "", "vacancy": "abc"}).status_code == 302
    with city_context(city_a):
        assert Interest.objects.get().vacancy_id == published_vacancy.pk


@pytest.mark.parametrize("junk", JUNK)
def test_a_junk_skill_id_on_the_vacancy_form_is_a_form_error(client, city_a, organisation, employer_user, junk):
    from tests.employers.test_skills import form_data

    client.force_login(employer_user)
    response = client.post(reverse("employers:vacancy-create"), form_data(esco_skills=[junk]))
    assert response.status_code == 200
    assert "esco_skills" in response.context["form"].errors
    with city_context(city_a):
        assert not Vacancy.objects.exists()


@pytest.mark.parametrize("year", [*JUNK, "0", "10000"])
def test_a_junk_year_on_the_service_log_is_a_form_error(client, city_a, staff_user, year):
    client.force_login(staff_user)
    response = client.get(reverse("employers:staff-service-list"), {"year": year})
    assert response.status_code == 200
    assert "year" in response.context["form"].errors


@pytest.mark.parametrize(
    ("column", "importer"),
    [("Pemberi kerja", "staff_user"), ("Tempat kerja", "employer_user"), ("Upah terendah", "employer_user")],
)
def test_a_digit_that_is_not_ascii_in_an_import_is_a_report_line(city_a, organisation, request, column, importer):
    actor = request.getfixturevalue(importer)
    own = {"Pemberi kerja": organisation.nib}
    report = run(city_a, actor, csv_bytes([row(**{**own, column: "²"}), row(**own)]))
    assert not report.ok and report.created == []
    assert {problem.row for problem in report.problems} == {2}
    with city_context(city_a):
        assert not Vacancy.objects.exists()


def test_a_nul_character_in_the_skill_search_is_a_form_error(client, city_a, organisation, employer_user):
    """The search term is read before validation to offer suggestions; one with a NUL character (which
    PostgreSQL refuses in a query) offers none and the field's own validation refuses it."""
    from tests.employers.test_skills import form_data

    client.force_login(employer_user)
    client.raise_request_exception = False
    response = client.post(reverse("employers:vacancy-create"), form_data(skill_search="jahit\x00"))
    assert response.status_code == 200
    assert "skill_search" in response.context["form"].errors
    with city_context(city_a):
        assert not Vacancy.objects.exists()
