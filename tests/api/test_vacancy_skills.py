"""API vacancies carry the structured ESCO skills and the years of experience (read and write through
``employers.services.vacancy_save``), from one field list, in a fixed number of queries per page."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import Membership
from api.serializers import VACANCY_LINK_FIELDS, VacancyInputSerializer, VacancySerializer
from cities.tenancy import city_context
from employers.models import Vacancy, VacancySkill
from employers.services import VACANCY_FIELDS
from reference.models import Skill
from tests import personas
from tests.accounts.test_permission_matrix import build_employer_world
from tests.api.conftest import bearer_client, make_member, make_token

pytestmark = pytest.mark.django_db

DRAFT = {
    "title": "Juru ketik",
    "description": "<p>Mengetik surat</p>",
    "essential_tasks": "Mengetik",
    "employment_type": "permanent",
    "arrangement": "on_site",
    "working_hours": "08.00-16.00",
    "wage_negotiable": True,
}


def _skill(code: str, label: str) -> Skill:
    return Skill.objects.create(
        code=code, esco_uri=f"http://data.europa.eu/esco/skill/{code}", kind=Skill.Kind.SKILL, label_en=label
    )


@pytest.fixture
def users(city_a, staff_a) -> dict:
    roles = ("job_seeker", "employer")
    return {**{role: personas.member(city_a, role) for role in roles}, "staff": staff_a}


@pytest.fixture
def world(city_a, users) -> dict:
    found = build_employer_world(city_a, users)
    found["skills"] = {"entry": _skill("tx1", "data entry"), "service": _skill("tx2", "customer service")}
    return found


def test_one_field_list_for_the_service_and_both_serializers():
    assert set(VacancyInputSerializer().fields) == set(VACANCY_FIELDS) | set(VACANCY_LINK_FIELDS)
    output = set(VacancySerializer.Meta.fields)
    assert set(VACANCY_FIELDS) <= output and set(VACANCY_LINK_FIELDS) <= output


def test_create_and_change_skills_and_experience_years(city_a, users, world):
    client = bearer_client(make_token(users["employer"], city_a))
    created = client.post(
        reverse("api:own-vacancy-list"),
        {**DRAFT, "experience_years": 2, "esco_skills": ["tx2", "tx1"]},
        format="json",
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["experience_years"] == 2
    assert body["esco_skills"] == [
        {
            "code": "tx2",
            "label_en": "customer service",
            "label_id": "",
            "esco_uri": "http://data.europa.eu/esco/skill/tx2",
        },
        {"code": "tx1", "label_en": "data entry", "label_id": "", "esco_uri": "http://data.europa.eu/esco/skill/tx1"},
    ]
    with city_context(city_a):
        assert set(VacancySkill.objects.filter(vacancy_id=body["id"]).values_list("skill__code", flat=True)) == {
            "tx1",
            "tx2",
        }
    detail = reverse("api:own-vacancy-detail", kwargs={"pk": body["id"]})
    # Leaving esco_skills out keeps them; a list replaces them; an empty list clears them.
    kept = client.patch(detail, {"experience_years": None}, format="json").json()
    assert kept["experience_years"] is None and [s["code"] for s in kept["esco_skills"]] == ["tx2", "tx1"]
    replaced = client.patch(detail, {"esco_skills": ["tx1"]}, format="json").json()
    assert [s["code"] for s in replaced["esco_skills"]] == ["tx1"]
    cleared = client.patch(detail, {"esco_skills": []}, format="json").json()
    assert cleared["esco_skills"] == []
    # Staff read the same shape.
    staff = bearer_client(make_token(users["staff"], city_a))
    staff_view = staff.get(reverse("api:vacancy-detail", kwargs={"pk": body["id"]})).json()
    assert staff_view["esco_skills"] == [] and "experience_years" in staff_view


def test_bad_skill_codes_and_years_are_400_and_change_nothing(city_a, users, world):
    client = bearer_client(make_token(users["employer"], city_a))
    unknown = client.post(reverse("api:own-vacancy-list"), {**DRAFT, "esco_skills": ["tx1", "nope"]}, format="json")
    assert unknown.status_code == 400
    assert "esco_skills" in str(unknown.json()["error"])
    too_many_years = client.post(reverse("api:own-vacancy-list"), {**DRAFT, "experience_years": 51}, format="json")
    assert too_many_years.status_code == 400 and "experience_years" in str(too_many_years.json()["error"])
    with city_context(city_a):
        assert Vacancy.objects.filter(title="Juru ketik").count() == 0


def _list_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_vacancy_lists_are_a_fixed_number_of_queries(city_a, users, world, django_assert_num_queries):
    employer_client = bearer_client(make_token(users["employer"], city_a))
    staff_client = bearer_client(make_token(users["staff"], city_a))
    urls = [(employer_client, reverse("api:own-vacancy-list")), (staff_client, reverse("api:vacancy-list"))]
    for client, url in urls:  # the first call also records the token's last use (once a minute)
        _list_queries(client, url)
    baseline = [_list_queries(client, url) for client, url in urls]
    for n in range(4):
        response = employer_client.post(
            reverse("api:own-vacancy-list"),
            {**DRAFT, "title": f"Lowongan {n}", "esco_skills": ["tx1", "tx2"][: n % 3]},
            format="json",
        )
        assert response.status_code == 201
    for (client, url), count in zip(urls, baseline, strict=True):
        with django_assert_num_queries(count):
            rows = client.get(url).json()["results"]
        assert len(rows) == 5 and any(row["esco_skills"] for row in rows)


def test_another_employer_cannot_attach_skills_to_a_vacancy_not_theirs(city_a, users, world):
    other = make_member(city_a, Membership.Role.EMPLOYER)
    client = bearer_client(make_token(other, city_a))
    response = client.patch(
        reverse("api:own-vacancy-detail", kwargs={"pk": world["vacancy"].pk}), {"esco_skills": ["tx1"]}, format="json"
    )
    assert response.status_code == 404
    with city_context(city_a):
        assert not VacancySkill.objects.filter(vacancy=world["vacancy"]).exists()
