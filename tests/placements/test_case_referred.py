"""A referral moves the person's case: confirmed → "referred"; the last referral with an employer
ending without a hire → back to "job_ready". Through jobseekers' transitions, audited, atomic."""

from __future__ import annotations

import pytest
from django.utils import translation

from cities.tenancy import city_context
from employers import services as employer_services
from employers.models import VacancyAccommodation
from jobseekers.models import JobSeeker
from placements import services
from placements.models import Referral
from placements.services import PlacementError
from tests.employers.conftest import vacancy_fields
from tests.placements.conftest import accommodation, occupation, seeker

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


def status_changes(person) -> list[tuple[str, str]]:
    from accounts.audit import trail

    return [
        tuple(entry.changes["status"])
        for entry in reversed(list(trail(person)))
        if entry.changes and "status" in entry.changes
    ]


def fresh(referral):
    return Referral.objects.get(pk=referral.pk)


def status(person) -> str:
    return JobSeeker.objects.get(pk=person.pk).status


@pytest.fixture
def second_vacancy(city_a, vacancy, staff, employer_user):
    with city_context(city_a):
        v = employer_services.vacancy_save(
            actor=employer_user,
            employer=vacancy.employer,
            **vacancy_fields(occupation=occupation("2411"), workplace=vacancy.workplace),
        )
        VacancyAccommodation.objects.create(vacancy=v, accommodation=accommodation("ACC-016", "Written instructions"))
        employer_services.vacancy_submit(actor=employer_user, vacancy=v)
        return employer_services.vacancy_publish(actor=staff, vacancy=v)


@pytest.fixture
def person(city_a, person_user):
    with city_context(city_a):
        return seeker("Fajar", user=person_user, occupations=["2411"], email="fajar@example.test")


def _job_ready(person):
    JobSeeker.objects.filter(pk=person.pk).update(status="job_ready")


class TestReferred:
    def test_a_proposal_alone_leaves_the_case_and_confirming_moves_it_to_referred_audited(
        self, city_a, vacancy, staff, person, person_user
    ):
        with city_context(city_a):
            _job_ready(person)
            referral = services.referral_propose(actor=staff, job_seeker=person, vacancy=vacancy)
            assert status(person) == "job_ready"
            services.referral_confirm(actor=person_user, referral=referral, disclosed=[])
            assert status(person) == "referred"
            assert status_changes(person)[-1] == ("job_ready", "referred")

    def test_an_active_case_walks_each_stage_to_referred(self, city_a, vacancy, staff, person, person_user):
        with city_context(city_a):
            referral = services.referral_propose(actor=staff, job_seeker=person, vacancy=vacancy)
            services.referral_confirm(actor=person_user, referral=referral, disclosed=[])
            assert status(person) == "referred"
            assert status_changes(person)[-2:] == [("active", "job_ready"), ("job_ready", "referred")]

    def test_a_closed_case_stays_closed_and_the_confirmation_still_counts(
        self, city_a, vacancy, staff, person, person_user
    ):
        with city_context(city_a):
            referral = services.referral_propose(actor=staff, job_seeker=person, vacancy=vacancy)
            JobSeeker.objects.filter(pk=person.pk).update(status="closed")
            services.referral_confirm(actor=person_user, referral=referral, disclosed=[])
            assert status(person) == "closed"
            assert fresh(referral).status == "confirmed"

    def test_a_failed_confirmation_moves_nothing(self, city_a, vacancy, staff, person, person_user):
        with city_context(city_a):
            _job_ready(person)
            referral = services.referral_propose(actor=staff, job_seeker=person, vacancy=vacancy)
            JobSeeker.objects.filter(pk=person.pk).update(sharing_allowed=False)
            with pytest.raises(PlacementError):
                services.referral_confirm(actor=person_user, referral=fresh(referral), disclosed=[])
            assert status(person) == "job_ready"


class TestBackToJobReady:
    def test_withdrawing_the_only_referral_moves_the_case_back(self, city_a, vacancy, staff, person, person_user):
        with city_context(city_a):
            _job_ready(person)
            referral = services.referral_propose(actor=staff, job_seeker=person, vacancy=vacancy)
            services.referral_confirm(actor=person_user, referral=referral, disclosed=[])
            services.referral_withdraw(actor=person_user, referral=fresh(referral), note="Found other work")
            assert status(person) == "job_ready"
            assert status_changes(person)[-1] == ("referred", "job_ready")

    def test_a_rejection_with_another_referral_still_open_keeps_referred(
        self, city_a, vacancy, second_vacancy, staff, person, person_user, employer_user
    ):
        with city_context(city_a):
            _job_ready(person)
            first = services.referral_propose(actor=staff, job_seeker=person, vacancy=vacancy)
            second = services.referral_propose(actor=staff, job_seeker=person, vacancy=second_vacancy)
            services.referral_confirm(actor=person_user, referral=first, disclosed=[])
            services.referral_confirm(actor=person_user, referral=second, disclosed=[])
            services.referral_reject(actor=employer_user, referral=fresh(first), reason="skills")
            assert status(person) == "referred"
            services.referral_reject(actor=employer_user, referral=fresh(second), reason="experience")
            assert status(person) == "job_ready"

    def test_declining_a_proposal_does_not_move_a_case_referred_by_another(
        self, city_a, vacancy, second_vacancy, staff, person, person_user
    ):
        with city_context(city_a):
            _job_ready(person)
            first = services.referral_propose(actor=staff, job_seeker=person, vacancy=vacancy)
            services.referral_confirm(actor=person_user, referral=first, disclosed=[])
            second = services.referral_propose(actor=staff, job_seeker=person, vacancy=second_vacancy)
            services.referral_decline(actor=person_user, referral=second)
            assert status(person) == "referred"

    def test_a_case_staff_moved_elsewhere_is_left_alone(self, city_a, vacancy, staff, person, person_user):
        with city_context(city_a):
            _job_ready(person)
            referral = services.referral_propose(actor=staff, job_seeker=person, vacancy=vacancy)
            services.referral_confirm(actor=person_user, referral=referral, disclosed=[])
            JobSeeker.objects.filter(pk=person.pk).update(status="closed")
            services.referral_withdraw(actor=staff, referral=fresh(referral))
            assert status(person) == "closed"
