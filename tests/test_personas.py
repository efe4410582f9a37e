"""The standard people of ``tests/personas.py``, as the fixtures of ``tests/conftest.py`` build them."""

from __future__ import annotations

from accounts.models import Membership
from cities.tenancy import city_context, user_context
from jobseekers.models import JobSeeker


def _roles(user, city) -> set[str]:
    with user_context(user.pk):
        return set(Membership.objects.filter(user=user, city=city).values_list("role", flat=True))


def test_city_people_have_their_role_in_their_city_only(city_a, city_b, staff_a, staff_b, city_admin_a):
    assert _roles(staff_a, city_a) == {"staff"} and _roles(staff_a, city_b) == set()
    assert _roles(staff_b, city_b) == {"staff"} and _roles(staff_b, city_a) == set()
    assert _roles(city_admin_a, city_a) == {"city_admin"}
    assert all(user.authenticator_set.exists() for user in (staff_a, staff_b, city_admin_a))


def test_the_partner_registered_their_caseload(city_a, partner_a):
    assert _roles(partner_a.user, city_a) == {"partner"}
    with city_context(city_a):
        people = JobSeeker.objects.filter(registered_by=partner_a.user)
        assert {person.pk for person in people} == {person.pk for person in partner_a.caseload}
        assert all(person.matching_allowed and person.sharing_allowed for person in people)


def test_the_job_seeker_signed_up_consented_and_answered_the_wg_questions(city_a, seeker_a, walk_in_a):
    assert _roles(seeker_a.user, city_a) == {"job_seeker"}
    record = seeker_a.record
    assert record.user_id == seeker_a.user.pk and record.name == "Rina Pencari"
    assert record.matching_allowed and record.sharing_allowed and record.specific_data_allowed
    assert record.wg_disability is True
    assert walk_in_a.user_id is None


def test_the_employer_is_verified_with_a_published_vacancy(city_a, employer_a, vacancy_a):
    assert _roles(employer_a.user, city_a) == {"employer"}
    with city_context(city_a):
        employer_a.employer.refresh_from_db()
        assert employer_a.employer.verified_at is not None
        assert vacancy_a.status == "published" and vacancy_a.workplace_id == employer_a.workplace.pk


def test_the_apeksi_people_belong_to_no_city(apeksi_analyst, apeksi_admin):
    assert apeksi_analyst.cross_city_role == "apeksi_analyst" and not apeksi_analyst.is_superuser
    assert apeksi_admin.cross_city_role == "apeksi_admin" and apeksi_admin.is_superuser
