"""A vacancy's application deadline is on or after its publication: the services refuse it on the
deadline field (pages and API: a field error, never a 500) and the database refuses the row."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from cities.calendar import city_today
from cities.tenancy import city_context
from employers import services
from employers.models import Vacancy
from tests.api.conftest import bearer_client, make_token
from tests.employers.conftest import vacancy_fields

pytestmark = pytest.mark.django_db


def test_a_draft_with_a_deadline_before_today_is_refused_on_the_deadline(city_a, verified_organisation, employer_user):
    yesterday = city_today(city_a) - datetime.timedelta(days=1)
    with city_context(city_a), pytest.raises(ValidationError) as refused:
        services.vacancy_save(actor=employer_user, employer=verified_organisation, **vacancy_fields(deadline=yesterday))
    assert refused.value.error_dict["deadline"][0].code == "deadline_before_publication"
    with city_context(city_a):
        assert not Vacancy.objects.exists()


def test_publishing_after_the_deadline_is_refused_and_nothing_changes(
    city_a, verified_organisation, employer_user, staff_user
):
    with city_context(city_a):
        vacancy = services.vacancy_save(actor=employer_user, employer=verified_organisation, **vacancy_fields())
        services.vacancy_submit(actor=employer_user, vacancy=vacancy)
        passed = city_today(city_a) - datetime.timedelta(days=3)
        Vacancy.objects.filter(pk=vacancy.pk).update(deadline=passed)  # waited too long for review
        with pytest.raises(ValidationError) as refused:
            services.vacancy_publish(actor=staff_user, vacancy=vacancy)
        assert list(refused.value.error_dict) == ["deadline"]
        assert Vacancy.objects.get(pk=vacancy.pk).status == "submitted"
    api = bearer_client(make_token(staff_user, city_a))
    url = reverse("api:vacancy-transition", kwargs={"pk": vacancy.pk})
    response = api.post(url, {"to": "published"}, format="json")
    assert response.status_code == 400 and list(response.json()["error"]["fields"]) == ["deadline"]


def test_the_database_refuses_a_deadline_before_publication(city_a, published_vacancy):
    with city_context(city_a):
        published_on = city_today(city_a, published_vacancy.published_at)
        early = published_on - datetime.timedelta(days=30)
        with pytest.raises(IntegrityError, match="vacancy_deadline_on_or_after_publication"), transaction.atomic():
            Vacancy.objects.filter(pk=published_vacancy.pk).update(deadline=early)
        Vacancy.objects.filter(pk=published_vacancy.pk).update(deadline=published_on)  # the day itself is fine
