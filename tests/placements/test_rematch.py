"""Re-matching is queued by the lower apps' explicit signals (no model save signals), after commit,
once per transaction, and never for a rolled-back change."""

from __future__ import annotations

import pytest

from cities.tenancy import city_context
from employers import services as employer_services
from jobseekers import services as jobseeker_services
from placements import rematch
from tests.employers.conftest import vacancy_fields
from tests.placements.conftest import seeker

pytestmark = pytest.mark.django_db


@pytest.fixture
def queued(monkeypatch):
    sent: list[tuple[str, dict]] = []
    monkeypatch.setattr(rematch, "_send", lambda task, kwargs: sent.append((task.name, kwargs)))
    return sent


def test_publishing_a_vacancy_queues_its_match_after_commit(
    city_a, vacancy, employer_user, staff, queued, django_capture_on_commit_callbacks
):
    with city_context(city_a):
        draft = employer_services.vacancy_save(
            actor=employer_user, employer=vacancy.employer, **vacancy_fields(title="Kasir", occupation=None)
        )
        with django_capture_on_commit_callbacks(execute=True):
            employer_services.vacancy_submit(actor=employer_user, vacancy=draft)
        assert queued == []  # draft → submitted: no suggestions either way
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            employer_services.vacancy_publish(actor=staff, vacancy=draft)
            assert queued == []  # nothing before the commit
        assert len(callbacks) == 1
    assert queued == [("placements.tasks.match_vacancy", {"city_id": city_a.pk, "vacancy_id": draft.pk})]


def test_closing_a_published_vacancy_queues_the_removal_of_its_suggestions(
    city_a, vacancy, employer_user, queued, django_capture_on_commit_callbacks
):
    from django.db import transaction

    # The fixture's publication queued its match in this same (never committed) test transaction.
    transaction.get_connection().run_on_commit.clear()
    with city_context(city_a), django_capture_on_commit_callbacks(execute=True):
        employer_services.vacancy_transition(actor=employer_user, vacancy=vacancy, to="closed")
    assert queued == [("placements.tasks.match_vacancy", {"city_id": city_a.pk, "vacancy_id": vacancy.pk})]


def test_a_profile_change_queues_one_re_rank_per_transaction(city_a, staff, queued, django_capture_on_commit_callbacks):
    with city_context(city_a):
        person = seeker("Sari")
        assert queued == []  # a plain model save is not a hook any more
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            jobseeker_services.jobseeker_update(actor=staff, job_seeker=person, kecamatan="Laweyan")
            jobseeker_services.case_status_change(actor=staff, job_seeker=person, status="job_ready")
            jobseeker_services.consent_withdraw(actor=staff, job_seeker=person, purpose="matching")
        assert len(callbacks) == 1
    assert queued == [("placements.tasks.match_job_seeker", {"city_id": city_a.pk, "job_seeker_id": person.pk})]


def test_a_rolled_back_change_queues_nothing_and_the_next_one_queues_again(
    city_a, staff, queued, django_capture_on_commit_callbacks
):
    from django.db import transaction

    with city_context(city_a):
        person = seeker("Rudi")
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            try:
                with transaction.atomic():
                    jobseeker_services.jobseeker_update(actor=staff, job_seeker=person, kecamatan="Jebres")
                    raise RuntimeError
            except RuntimeError:
                pass
            jobseeker_services.jobseeker_update(actor=staff, job_seeker=person, kecamatan="Banjarsari")
        assert len(callbacks) == 1
    assert queued == [("placements.tasks.match_job_seeker", {"city_id": city_a.pk, "job_seeker_id": person.pk})]


def test_adding_and_removing_an_experience_entry_queues_a_re_rank(
    city_a, person_user, queued, django_capture_on_commit_callbacks
):
    from django.db import transaction

    from jobseekers.models import Experience

    with city_context(city_a):
        person = seeker("Wati", user=person_user)
        with django_capture_on_commit_callbacks(execute=True):
            entry = jobseeker_services.profile_entry_add(
                actor=person_user,
                job_seeker=person,
                entry=Experience(job_title="Kasir", employer_name="Toko", start_year=2020),
            )
        assert len(queued) == 1
        transaction.get_connection().run_on_commit.clear()  # as after a real commit
        with django_capture_on_commit_callbacks(execute=True):
            jobseeker_services.profile_entry_remove(actor=person_user, job_seeker=person, entry=entry)
        assert not Experience.objects.filter(pk=entry.pk).exists()
    assert [name for name, _kwargs in queued] == ["placements.tasks.match_job_seeker"] * 2
