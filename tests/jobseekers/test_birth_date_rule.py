"""A birth date is in the past and gives an age of 15-100 on the city's calendar
(``jobseekers.models.validate_birth_date``, the one rule of the forms, imports and services); the
database refuses a birth date on or after the day of registration."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from cities.calendar import city_today
from cities.tenancy import city_context
from jobseekers.models import JobSeeker
from jobseekers.services import jobseeker_register, jobseeker_update

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("days", "code"), [(30, "future"), (-365 * 5, "too_young"), (-365 * 120, "too_old")])
def test_the_service_refuses_an_implausible_birth_date_on_its_field(city_a, days, code):
    born = city_today(city_a) + datetime.timedelta(days=days)
    with city_context(city_a), pytest.raises(ValidationError) as refused:
        jobseeker_register(actor=None, name="Siti", channel="self", birth_date=born)
    assert [error.code for error in refused.value.error_dict["birth_date"]] == [code]
    with city_context(city_a):
        assert not JobSeeker.objects.exists()


def test_an_unchanged_birth_date_is_not_checked_again(city_a):
    with city_context(city_a):
        person = jobseeker_register(actor=None, name="Siti", channel="self", birth_date=datetime.date(1990, 1, 7))
        JobSeeker.objects.filter(pk=person.pk).update(birth_date=datetime.date(1920, 1, 7))  # over 100 today
        person = JobSeeker.objects.get(pk=person.pk)
        jobseeker_update(actor=None, job_seeker=person, address="Jl. Merdeka 1")  # not refused for being older
        with pytest.raises(ValidationError):
            jobseeker_update(actor=None, job_seeker=person, birth_date=datetime.date(1921, 1, 7))


def test_the_database_refuses_a_birth_date_on_or_after_registration(city_a):
    with city_context(city_a):
        person = jobseeker_register(actor=None, name="Siti", channel="self", birth_date=datetime.date(1990, 1, 7))
        future = city_today(city_a) + datetime.timedelta(days=2)
        with pytest.raises(IntegrityError, match="jobseeker_born_before_registration"), transaction.atomic():
            JobSeeker.objects.filter(pk=person.pk).update(birth_date=future)
