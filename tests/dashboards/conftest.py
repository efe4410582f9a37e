"""Fixtures of the dashboards tests: a city's worth of dated activity, built row by row in its context."""

from __future__ import annotations

import datetime
import zoneinfo

import pytest
from django.utils import translation

from accounts.models import Membership
from assessments.models import Assessment
from cities.tenancy import city_context
from employers.models import Employer, EmployerService, QuotaReport, Vacancy, Workplace
from jobseekers.models import Education, FunctioningAnswer, JobSeeker
from placements.models import FollowUp, Interview, Placement, Referral
from reference.models import ChecklistVersion
from tests.employers.conftest import make_member, vacancy_fields

TODAY = datetime.date(2026, 11, 20)
NOW = datetime.datetime(2026, 11, 20, 10, 0, tzinfo=zoneinfo.ZoneInfo("Asia/Jakarta"))


@pytest.fixture(autouse=True)
def _english(settings):
    """These tests read English wording: pages in English (Indonesian is the default)."""
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


def at(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour), zoneinfo.ZoneInfo("Asia/Jakarta"))


def build_activity(city, *, seed: int = 0) -> dict:
    """In ``city``'s context: job seekers registered over three months (Sept to Nov 2026) with varied
    gender, age, education, ragam, WG answers and sources; employers with quota reports; vacancies,
    referrals, interviews, placements, follow-ups, services and an assessment. ``seed`` varies the
    amounts so two cities differ. Returns the staff user and the main objects."""
    staff = make_member(city, Membership.Role.STAFF, mfa=True)
    version, _ = ChecklistVersion.objects.get_or_create(code="test-v1", defaults={"name": "Test", "source": "test"})
    with city_context(city):
        people = []
        specs = [
            # (registration day, gender, birth, ragam, source, status, wg answers, education levels)
            (
                datetime.date(2026, 9, 3),
                "female",
                datetime.date(1990, 5, 1),
                ["fisik"],
                "walk_in",
                "active",
                {"mobility": 3, "seeing": 1},
                ["sma"],
            ),
            (
                datetime.date(2026, 9, 30),
                "male",
                datetime.date(2001, 1, 1),
                ["sensorik", "fisik"],
                "opdis",
                "job_ready",
                {"hearing": 4},
                ["smp", "d1_d3"],
            ),
            (datetime.date(2026, 10, 1), "female", None, [], "", "registered", {}, []),
            (
                datetime.date(2026, 10, 15),
                "",
                datetime.date(1960, 2, 2),
                ["mental"],
                "online",
                "referred",
                {"cognition": 2},
                ["d4_s1"],
            ),
            (
                datetime.date(2026, 11, 2),
                "male",
                datetime.date(1985, 3, 3),
                ["intelektual"],
                "job_fair",
                "placed",
                {"cognition": 3, "communication": 3},
                ["sd"],
            ),
            (datetime.date(2026, 11, 19), "female", datetime.date(1999, 9, 9), ["fisik"], "walk_in", "closed", {}, []),
        ]
        extra = [
            (
                datetime.date(2026, 10, 20 + i % 5),
                "male",
                datetime.date(1995, 1, 1),
                ["fisik"],
                "walk_in",
                "active",
                {},
                ["sma"],
            )
            for i in range(seed)
        ]
        for index, (day, gender, birth, ragam, source, status, answers, levels) in enumerate(specs + extra):
            person = JobSeeker.objects.create(
                name=f"Person {index}",
                gender=gender,
                birth_date=birth,
                ragam=ragam,
                referral_source=source,
                status=status,
                wg_disability=(max(answers.values()) >= 3) if len(answers) else None,
            )
            JobSeeker.objects.filter(pk=person.pk).update(created_at=at(day), updated_at=at(day))
            for domain, code in answers.items():
                FunctioningAnswer.objects.create(job_seeker=person, domain=domain, code=code)
            for level in levels:
                Education.objects.create(job_seeker=person, level=level)
            people.append(person)
        # A person registered late in the evening of 31 October, Jakarta time: October, not November (UTC).
        late = JobSeeker.objects.create(name="Late", status="active")
        JobSeeker.objects.filter(pk=late.pk).update(created_at=at(datetime.date(2026, 10, 31), 23))

        private = Employer.objects.create(
            legal_name="PT Satu",
            sector="private",
            size="large",
            address="x",
            contact_name="a",
            contact_email="a@x.test",
        )
        public = Employer.objects.create(
            legal_name="Dinas Dua",
            sector="government",
            size="large",
            address="x",
            contact_name="b",
            contact_email="b@x.test",
        )
        Employer.objects.create(
            legal_name="CV Tiga",
            sector="private",
            size="small",
            address="x",
            contact_name="c",
            contact_email="c@x.test",
        )
        QuotaReport.objects.create(
            employer=private, year=2025, headcount=100, employees_with_disabilities=1, source="self", recorded_by=staff
        )
        QuotaReport.objects.create(
            employer=public, year=2025, headcount=100, employees_with_disabilities=1, source="self", recorded_by=staff
        )
        workplace = Workplace.objects.create(employer=private, name="Pabrik", address="x")
        vacancies = []
        for index, day in enumerate(
            [datetime.date(2026, 9, 10), datetime.date(2026, 10, 5), datetime.date(2026, 11, 1)]
        ):
            vacancy = Vacancy.objects.create(
                employer=private,
                created_by=staff,
                status="published",
                published_at=at(day),
                **vacancy_fields(title=f"Job {index}"),
            )
            vacancies.append(vacancy)
        Vacancy.objects.filter(pk=vacancies[0].pk).update(status="filled", ended_at=at(datetime.date(2026, 10, 30)))
        referrals = []
        for index, person in enumerate(people[:5]):
            referral = Referral.objects.create(
                job_seeker=person,
                vacancy=vacancies[index % 3],
                proposed_by=staff,
                status="placed" if index in (0, 4) else "proposed",
            )
            Referral.objects.filter(pk=referral.pk).update(created_at=at(datetime.date(2026, 10, 2 + index)))
            referrals.append(referral)
        Interview.objects.create(
            referral=referrals[0], starts_at=at(datetime.date(2026, 10, 12)), place="x", scheduled_by=staff
        )
        Interview.objects.create(
            referral=referrals[4], starts_at=at(datetime.date(2026, 11, 3)), place="x", scheduled_by=staff
        )
        first = Placement.objects.create(
            referral=referrals[0],
            start_date=datetime.date(2026, 10, 20),
            wage=3_000_000,
            contract_type="permanent",
            recorded_by=staff,
        )
        Placement.objects.create(
            referral=referrals[4],
            start_date=datetime.date(2026, 11, 10),
            wage=3_000_000,
            contract_type="fixed_term",
            recorded_by=staff,
        )
        FollowUp.objects.create(
            placement=first,
            months=3,
            due_on=datetime.date(2027, 1, 20),
            done_at=at(datetime.date(2026, 11, 18)),
            still_employed=True,
        )
        FollowUp.objects.create(placement=first, months=6, due_on=datetime.date(2027, 4, 20))
        EmployerService.objects.create(
            employer=private, kind="awareness", date=datetime.date(2026, 10, 8), staff=staff, participants=12
        )
        EmployerService.objects.create(
            employer=public, kind="quota_advice", date=datetime.date(2026, 11, 8), staff=staff, participants=2
        )
        Assessment.objects.create(
            workplace=workplace,
            version=version,
            scheduled_on=datetime.date(2026, 10, 1),
            status="completed",
            created_by=staff,
            completed_at=at(datetime.date(2026, 10, 2)),
        )
    return {"staff": staff, "people": people, "vacancies": vacancies, "referrals": referrals}


@pytest.fixture
def activity_a(city_a):
    return build_activity(city_a)


@pytest.fixture
def activity_b(city_b):
    return build_activity(city_b, seed=7)
