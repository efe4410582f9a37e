"""Fixtures of the placements tests: a city with staff, an employer with a published vacancy, people."""

from __future__ import annotations

import pytest

from accounts.models import Membership
from cities.calendar import city_today
from cities.tenancy import city_context
from employers import services as employer_services
from employers.models import VacancyAccommodation, Workplace
from jobseekers.models import FunctioningAnswer, JobSeeker, JobSeekerOccupation
from reference.models import AccommodationType, Occupation
from tests.employers.conftest import ORG, make_member, vacancy_fields


def occupation(code: str) -> Occupation:
    """The occupation ``code`` with its parents (created when missing)."""
    digits = code.replace(".", "")
    parent = None
    for length, level in ((1, 1), (2, 2), (3, 3), (4, 4), (6, 5)):
        if len(digits) < length:
            break
        part = digits[:length] if length < 6 else f"{digits[:4]}.{digits[4:6]}"
        parent, _ = Occupation.objects.get_or_create(
            code=part,
            defaults={"level": level, "parent": parent, "title_id": f"Jabatan {part}", "title_en": f"Job {part}"},
        )
    return parent


def accommodation(code: str, text: str = "") -> AccommodationType:
    obj, _ = AccommodationType.objects.get_or_create(
        code=code,
        defaults={
            "limitation": "test",
            "text_en": text or f"Accommodation {code}",
            "text_id": text or f"Akomodasi {code}",
            "type": "policy",
            "cost_level": "none",
            "source": "test",
        },
    )
    return obj


def seeker(
    name: str, *, user=None, occupations=(), functioning=None, matching=True, sharing=True, specific=True, **fields
):
    person = JobSeeker.objects.create(
        name=name,
        user=user,
        matching_allowed=matching,
        sharing_allowed=sharing,
        specific_data_allowed=specific,
        status="active",
        **fields,
    )
    for code in occupations:
        JobSeekerOccupation.objects.create(job_seeker=person, occupation=occupation(code))
    for domain, code in (functioning or {}).items():
        FunctioningAnswer.objects.create(job_seeker=person, domain=domain, code=code)
    return person


@pytest.fixture
def staff(staff_a):
    """City A's staff officer persona (with TOTP)."""
    return staff_a


@pytest.fixture
def employer_user(city_a):
    return make_member(city_a, Membership.Role.EMPLOYER)


@pytest.fixture
def person_user(city_a):
    return make_member(city_a, Membership.Role.JOB_SEEKER)


@pytest.fixture
def vacancy(city_a, staff, employer_user):
    """A published vacancy for an accountant (KBJI 2411) at a step-free site without a lift."""
    with city_context(city_a):
        org = employer_services.employer_register(actor=employer_user, **ORG)
        employer_services.employer_verify(actor=staff, employer=org)
        site = Workplace.objects.create(
            employer=org, name="Kantor pusat", address="Jl. Merdeka 1, Medan Baru", features=["step_free", "toilet"]
        )
        v = employer_services.vacancy_save(
            actor=employer_user,
            employer=org,
            **vacancy_fields(occupation=occupation("2411"), workplace=site, recruitment_options=["sign_interpreter"]),
        )
        VacancyAccommodation.objects.create(vacancy=v, accommodation=accommodation("ACC-016", "Written instructions"))
        employer_services.vacancy_submit(actor=employer_user, vacancy=v)
        return employer_services.vacancy_publish(actor=staff, vacancy=v)


@pytest.fixture
def today(city_a):
    """City A's date now: a placement recorded today starts on or after its referral and offer."""
    return city_today(city_a)
