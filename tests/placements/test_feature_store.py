"""The matching feature store: snapshots, incremental catch-up, and removal at once (placements.matching.store)."""

from __future__ import annotations

import datetime

import numpy as np
import pytest

from cities.tenancy import city_context
from jobseekers.models import ConsentText, JobSeeker, JobSeekerOccupation
from jobseekers.services import consent_withdraw
from placements import services
from placements.matching import engine, store
from placements.models import MatchSuggestion
from tests.placements.conftest import occupation, seeker

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_store():
    store.clear()
    yield
    store.clear()


def _suggested(vacancy) -> set[int]:
    return set(MatchSuggestion.objects.filter(vacancy=vacancy).values_list("job_seeker_id", flat=True))


def test_a_snapshot_decodes_to_the_same_scores():
    people = [
        engine.SeekerProfile(
            id=n + 1,
            occupation_codes=["2411"] if n % 2 else [],
            skill_ids=[n % 5, 7],
            education="sma" if n % 3 else None,
            experience_years=float(n),
            arrangements=["remote", "part_time"] if n % 2 else ["on_site"],
            kecamatan=f"kecamatan {n % 4}",
            needs={"lift", "step_free"} if n % 3 == 1 else (set() if n % 3 == 2 else None),
        )
        for n in range(30)
    ]
    job = engine.VacancyProfile(
        id=1, occupation_code="2411", skill_ids=[7, 3], education="sma", area_text="kecamatan 2"
    )
    sm = engine.SeekerMatrix(people)
    again = store.decode(store.encode(sm))
    first = engine.score(sm, engine.VacancyMatrix([job], sm))
    second = engine.score(again, engine.VacancyMatrix([job], again))
    assert np.array_equal(first.total, second.total)
    assert [p.needs for p in again.profiles] == [p.needs for p in sm.profiles]


def test_a_new_worker_loads_the_snapshot_and_catches_up_without_rebuilding(city_a, vacancy):
    with city_context(city_a):
        first = seeker("Ani", occupations=["2411"])
        assert services.vacancy_suggestions_refresh(vacancy_id=vacancy.pk) == 1
        assert store.city_features().builds == 1
        store.clear()  # another worker: no arrays in memory
        second = seeker("Budi", occupations=["2411"])
        assert services.vacancy_suggestions_refresh(vacancy_id=vacancy.pk) == 2
        features = store.city_features()
        assert features.builds == 0  # from the snapshot, then the new person took a spare row
        assert _suggested(vacancy) == {first.pk, second.pk}


def test_a_profile_change_is_applied_in_place(city_a, vacancy):
    with city_context(city_a):
        person = seeker("Citra", occupations=["9112"])
        services.job_seeker_suggestions_refresh(job_seeker_id=person.pk)
        before = MatchSuggestion.objects.get(job_seeker=person).components["occupation"]
        generation = store.city_features().generation
        # The occupation is a related row: the service's signal notes the change (here by hand).
        JobSeekerOccupation.objects.filter(job_seeker=person).delete()
        JobSeekerOccupation.objects.create(job_seeker=person, occupation=occupation("2411"))
        store.note_change(city_id=city_a.pk, job_seeker_id=person.pk)
        services.job_seeker_suggestions_refresh(job_seeker_id=person.pk)
        after = MatchSuggestion.objects.get(job_seeker=person).components["occupation"]
        assert before < after == 1.0
        assert store.city_features().generation == generation  # no rebuild


def test_consent_withdrawal_and_opt_out_remove_a_person_at_once(city_a, vacancy, staff):
    with city_context(city_a):
        stays = seeker("Stays", occupations=["2411"])
        withdraws = seeker("Withdraws", occupations=["2411"])
        opts_out = seeker("Opts out", occupations=["2411"])
        services.vacancy_suggestions_refresh(vacancy_id=vacancy.pk)
        assert _suggested(vacancy) == {stays.pk, withdraws.pk, opts_out.pk}
        ConsentText.objects.get_or_create(
            purpose="matching",
            version=1,
            defaults={"text_id": "x", "text_en": "x", "published_on": datetime.date(2025, 1, 1)},
        )
        consent_withdraw(actor=staff, job_seeker=withdraws, purpose="matching")
        # An opt-out written behind the services' back (no signal, no updated_at): the check at
        # query time still removes the person, though this worker's arrays still hold them.
        JobSeeker.objects.filter(pk=opts_out.pk).update(matching_allowed=False)
        features = store.city_features()
        assert features.active[features.sm.index[opts_out.pk]]
        assert not features.active[features.sm.index[withdraws.pk]]  # the change feed masked them
        services.vacancy_suggestions_refresh(vacancy_id=vacancy.pk)
        assert _suggested(vacancy) == {stays.pk}
        assert services.job_seeker_suggestions_refresh(job_seeker_id=opts_out.pk) == 0
