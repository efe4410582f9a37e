"""The worker's side of matching on the database (``bench/matching.py --db``).

Seeds once (re-runs reuse the rows) a bench city with ``seekers`` eligible job seekers (1-2
occupations, 0-8 ESCO skills, one education row, a kecamatan, arrangements) and ``open_vacancies``
published vacancies (an occupation, 0-5 skills), from the reference data (``load_reference``).
Then, inside the city's context, as a Celery task would:

* the feature store's full build (queries + arrays + snapshot) and a new worker's snapshot load;
* a vacancy published -> ``vacancy_suggestions_refresh``: 50 suggestions written and explained;
* one person's profile changed (``note_change``) -> ``job_seeker_suggestions_refresh``;
* a consent withdrawal (the flag and the change noted) -> the next vacancy ranking leaves them out.

Each case is run in a transaction rolled back afterwards (no bench suggestions pile up).
"""

from __future__ import annotations

import statistics
import time

import numpy as np
from django.db import transaction
from django.utils import timezone

from cities.models import City, Province
from cities.tenancy import city_context

RUNS = 15


class Rollback(Exception):
    pass


def _seed(city: City, seekers: int, open_vacancies: int) -> None:
    from accounts.models import User
    from employers.models import Employer, Vacancy, VacancySkill
    from jobseekers.models import Education, JobSeeker, JobSeekerOccupation, JobSeekerSkill
    from reference.models import Occupation, Skill

    rng = np.random.default_rng(21)
    units = list(Occupation.objects.filter(code__regex=r"^[0-9]{4}$").values_list("pk", flat=True))
    skills = list(Skill.objects.values_list("pk", flat=True)[:800])
    assert units and skills, "load the reference data first: manage.py load_reference"
    with city_context(city):
        have = JobSeeker.objects.count()
        if have < seekers:
            people = JobSeeker.objects.bulk_create(
                [
                    JobSeeker(
                        name=f"Bench match {i:06d}",
                        matching_allowed=True,
                        specific_data_allowed=True,
                        status="active",
                        kecamatan=f"Kecamatan {i % 40}",
                        work_arrangements=[["on_site"], ["remote", "part_time"], ["hybrid"]][i % 3],
                    )
                    for i in range(have, seekers)
                ],
                batch_size=5000,
            )
            JobSeekerOccupation.objects.bulk_create(
                [
                    JobSeekerOccupation(job_seeker=p, occupation_id=int(o))
                    for p in people
                    for o in rng.choice(units, size=int(rng.integers(1, 3)), replace=False)
                ],
                batch_size=5000,
            )
            JobSeekerSkill.objects.bulk_create(
                [
                    JobSeekerSkill(job_seeker=p, skill_id=int(s))
                    for p in people
                    for s in rng.choice(skills, size=int(rng.integers(0, 9)), replace=False)
                ],
                batch_size=5000,
            )
            levels = ["sd", "smp", "sma", "smk", "d1_d3", "d4_s1"]
            Education.objects.bulk_create(
                [Education(job_seeker=p, level=levels[n % len(levels)]) for n, p in enumerate(people)],
                batch_size=5000,
            )
        published = Vacancy.objects.filter(status="published").count()
        if published < open_vacancies:
            user, _ = User.objects.get_or_create(email="bench-matching@example.test", defaults={"name": "Bench"})
            employer = Employer.objects.first() or Employer.objects.create(
                legal_name="PT Bench Matching",
                sector="private",
                size="large",
                address="Jl. Bench",
                contact_name="Bench",
                contact_email="bench@example.test",
                verified_at=timezone.now(),
            )
            now = timezone.now()
            jobs = Vacancy.objects.bulk_create(
                [
                    Vacancy(
                        employer=employer,
                        title=f"Bench job {n}",
                        occupation_id=int(rng.choice(units)),
                        description="<p>Bench</p>",
                        essential_tasks="Bench",
                        employment_type="permanent",
                        arrangement=["on_site", "hybrid", "remote"][n % 3],
                        working_hours="08.00-16.00",
                        wage_negotiable=True,
                        education_level="sma",
                        experience_years=n % 3,
                        status="published",
                        published_at=now,
                        created_by=user,
                    )
                    for n in range(published, open_vacancies)
                ],
                batch_size=2000,
            )
            VacancySkill.objects.bulk_create(
                [
                    VacancySkill(vacancy=v, skill_id=int(s))
                    for v in jobs
                    for s in rng.choice(skills, size=int(rng.integers(0, 6)), replace=False)
                ],
                batch_size=5000,
            )


def _timed(fn, runs: int = RUNS) -> list[float]:
    samples = []
    for n in range(runs):
        start = time.perf_counter()
        try:
            with transaction.atomic():
                fn(n)
                raise Rollback
        except Rollback:
            pass
        samples.append(time.perf_counter() - start)
    return samples


def measure_worker_side(*, seekers: int, open_vacancies: int) -> list[tuple[str, float, str]]:
    from employers.models import Vacancy
    from jobseekers.models import JobSeeker
    from placements import services
    from placements.matching import store

    with transaction.atomic():
        province, _ = Province.objects.get_or_create(code="96", defaults={"bps_code": "96", "name": "Bench match"})
        city, _ = City.objects.get_or_create(
            code="96.71",
            defaults={"bps_code": "9671", "name": "Bench matching", "slug": "bench-matching", "province": province},
        )
    started = time.perf_counter()
    _seed(city, seekers, open_vacancies)
    from bench_owner import analyze_as_owner

    analyze_as_owner(
        "jobseekers_jobseeker",
        "jobseekers_jobseekeroccupation",
        "jobseekers_jobseekerskill",
        "jobseekers_education",
        "employers_vacancy",
        "employers_vacancyskill",
    )
    print(f"\nbench city seeded/checked in {time.perf_counter() - started:.1f} s")
    figures = []
    with city_context(city):
        vacancy_ids = list(Vacancy.objects.filter(status="published").order_by("pk").values_list("pk", flat=True))
        people = list(JobSeeker.objects.filter(matching_allowed=True).order_by("pk").values_list("pk", flat=True))
        print(f"{len(people):,} eligible job seekers, {len(vacancy_ids):,} open vacancies")
        store.clear()
        start = time.perf_counter()
        features = store.build(city.pk)
        t_build = time.perf_counter() - start
        start = time.perf_counter()
        loaded = store._from_snapshot(city.pk)
        t_snapshot = time.perf_counter() - start
        assert loaded is not None and loaded.used == features.used
        store.clear()
        store.city_features()  # this worker's cache (from the snapshot)
        print(f"feature store: full build {t_build * 1000:.0f} ms, a new worker's load {t_snapshot * 1000:.0f} ms")

        def publish(n):
            assert services.vacancy_suggestions_refresh(vacancy_id=vacancy_ids[n * 7 % len(vacancy_ids)]) == 50

        on_publish = _timed(publish)
        store.open_vacancy_matrix(store.city_features())  # the person refresh's vacancy arrays, once
        changed = [people[n * 997 % len(people)] for n in range(RUNS)]

        def profile_changed(n):
            JobSeeker.objects.filter(pk=changed[n]).update(kecamatan="Kecamatan 3", updated_at=timezone.now())
            assert services.job_seeker_suggestions_refresh(job_seeker_id=changed[n]) == 10

        on_change = _timed(profile_changed)

        def withdrawal(n):
            best = services.vacancy_suggestions_refresh(vacancy_id=vacancy_ids[0])
            assert best == 50
            from placements.models import MatchSuggestion

            first = MatchSuggestion.objects.filter(vacancy_id=vacancy_ids[0]).order_by("-score").first().job_seeker_id
            JobSeeker.objects.filter(pk=first).update(matching_allowed=False, updated_at=timezone.now())
            start = time.perf_counter()
            services.vacancy_suggestions_refresh(vacancy_id=vacancy_ids[0])
            withdrawal.seconds.append(time.perf_counter() - start)
            assert not MatchSuggestion.objects.filter(vacancy_id=vacancy_ids[0], job_seeker_id=first).exists()

        withdrawal.seconds = []
        _timed(withdrawal, runs=3)
    p50 = statistics.median
    print(
        f"vacancy published -> 50 suggestions written and explained: p50 {p50(on_publish) * 1000:.0f} ms, "
        f"p95 {statistics.quantiles(on_publish, n=20, method='inclusive')[-1] * 1000:.0f} ms"
    )
    p95 = statistics.quantiles(on_change, n=20, method="inclusive")[-1]
    print(
        f"one profile changed -> 10 suggestions against {len(vacancy_ids):,} open vacancies: "
        f"p50 {p50(on_change) * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms"
    )
    print(f"a consent withdrawal, then the vacancy ranked again without them: {p50(withdrawal.seconds) * 1000:.0f} ms")
    figures += [
        ("matching_store_full_build", t_build * 1000, "ms"),
        ("matching_store_snapshot_load", t_snapshot * 1000, "ms"),
    ]
    figures += [("matching_vacancy_published_p50", p50(on_publish) * 1000, "ms")]
    figures += [("matching_profile_changed_p50", p50(on_change) * 1000, "ms")]
    figures += [("matching_withdrawal_rerank_p50", p50(withdrawal.seconds) * 1000, "ms")]
    return figures
