"""Generate synthetic cities: plan the sizes, prepare what the ORM must write, fill cities in parallel.

Each city is filled in one transaction on its own connection as the **runtime** role (``DATABASE_URL``,
the portal's role, which row-level security always applies to), after ``SET LOCAL app.city_id``; ``--jobs``
worker processes take cities from a shared list. A city that already has job seekers is left as it
is, so a run can be resumed or extended. The owner role then refreshes the planner's statistics.
"""

from __future__ import annotations

import multiprocessing
import os
import random
import time
from dataclasses import dataclass, field

import psycopg2
from django.conf import settings
from django.db import connection

from . import market, people, vocab


@dataclass
class Plan:
    cities: int
    jobseekers: int
    jobs: int = 2
    seed: int = 20260101
    employers_per_1000: int = 15
    sizes: list[int] = field(default_factory=list)


def city_sizes(cities: int, total: int) -> list[int]:
    """Job seekers per city: from a quarter to two and a half times the mean, summing to ``total``."""
    weights = [0.25 + 2.25 * ((i * 37) % max(cities, 1)) / max(cities - 1, 1) for i in range(cities)]
    sizes = [int(total * w / sum(weights)) for w in weights]
    sizes[0] += total - sum(sizes)
    return sizes


def reference_params(seed: int) -> dict:
    """Id pools drawn from the reference tables (loaded by ``load_reference``)."""
    from reference.models import AccommodationType, Industry, Occupation, Skill

    rng = random.Random(seed)  # noqa: S311
    leaves = list(
        Occupation.objects.filter(level=Occupation.objects.order_by("-level").values("level")[:1])
        .exclude(title_id="")
        .values_list("id", "code", "title_id")
    )
    if not leaves:
        raise RuntimeError("no occupations: run `python manage.py load_reference` first")
    pool = []
    for group, weight in vocab.KBJI_GROUP_WEIGHTS.items():
        members = [row for row in leaves if row[1].startswith(group)]
        pool += [rng.choice(members) for _ in range(weight * 20)] if members else []
    skills = list(Skill.objects.order_by("id").values_list("id", flat=True))
    industries = list(Industry.objects.order_by("id").values_list("id", flat=True))
    accommodations = list(AccommodationType.objects.order_by("id").values_list("id", flat=True))
    return {
        "occupation_pool": [row[0] for row in pool],
        "occupation_ids": [row[0] for row in pool],
        "occupation_titles": [row[2][:200] for row in pool],
        "n_occupations": len(pool),
        "skill_ids": rng.sample(skills, min(len(skills), 600)),
        "industry_ids": industries,
        "accommodation_ids": accommodations,
    }


def static_params() -> dict:
    return {
        **people.STATIC,
        **market.STATIC,
        "given_female": vocab.GIVEN_FEMALE,
        "given_male": vocab.GIVEN_MALE,
        "family": vocab.FAMILY,
        "streets": vocab.STREETS,
        "areas": vocab.AREA_WORDS,
        "trainings": vocab.TRAININGS,
        "company_prefixes": vocab.COMPANY_PREFIX,
        "company_words": vocab.COMPANY_WORDS,
        "company_trades": vocab.COMPANY_TRADES,
    }


def staff_for(city) -> int:
    """The city's synthetic officer (created once): staff membership, a TOTP authenticator."""
    from allauth.mfa.models import Authenticator

    from accounts.models import Membership, User
    from accounts.services import member_register
    from cities.tenancy import city_context

    user, created = User.objects.get_or_create(
        email=f"petugas.{city.slug}@contoh.test", defaults={"name": f"Petugas Sintetis {city.name}"}
    )
    with city_context(city):
        member = Membership.objects.filter(user=user).exists()
    if not member:
        member_register(user=user, city=city, role=Membership.Role.STAFF)
    if created:
        Authenticator.objects.get_or_create(user=user, type=Authenticator.Type.TOTP, defaults={"data": {"secret": "x"}})
    return user.pk


def _connect():
    db = connection.settings_dict
    return psycopg2.connect(
        dbname=db["NAME"],
        user=db["USER"],
        password=db["PASSWORD"] or None,
        host=db["HOST"] or None,
        port=db["PORT"] or None,
    )


def fill_city(task: dict) -> tuple[int, dict[str, int], float]:
    """Fill one city in one transaction; return (city id, row counts, seconds). Skips a city with people."""
    started = time.perf_counter()
    p = {**_SHARED, **task}
    conn = _connect()
    try:
        with conn, conn.cursor() as cursor:
            cursor.execute(f"SET LOCAL app.city_id = '{int(p['city'])}'")
            cursor.execute("SELECT setseed(%s)", [(p["seed"] % 1000) / 1000])
            cursor.execute("SELECT EXISTS (SELECT 1 FROM jobseekers_jobseeker)")
            if cursor.fetchone()[0]:
                return p["city"], {}, 0.0
            counts = {"jobseekers": people.job_seekers(cursor, p), "functioning": people.functioning(cursor, p)}
            counts.update(people.profile_rows(cursor, p))
            counts.update(market.employers(cursor, p))
            counts.update(market.vacancies(cursor, p))
            counts.update(market.referrals(cursor, p))
    finally:
        conn.close()
    return p["city"], counts, time.perf_counter() - started


_SHARED: dict = {}


def _init_worker(shared: dict) -> None:
    global _SHARED
    _SHARED = shared
    connection.close()  # never share the parent's socket


def run(plan: Plan, progress=print) -> dict[str, float]:
    """Fill ``plan.cities`` cities (the first by Kemendagri code) with ``plan.jobseekers`` people in all."""
    from cities.models import City

    cities = list(City.objects.order_by("code")[: plan.cities])
    if len(cities) < plan.cities:
        raise RuntimeError(f"only {len(cities)} cities: run `python manage.py load_cities` first")
    City.objects.filter(pk__in=[c.pk for c in cities]).update(is_active=True)
    for city in cities:
        city.is_active = True
    sizes = city_sizes(plan.cities, plan.jobseekers)
    shared = {**static_params(), **reference_params(plan.seed)}
    tasks = []
    for index, (city, n) in enumerate(zip(cities, sizes, strict=True)):
        tasks.append(
            {
                "city": city.pk,
                "city_name": city.name,
                "region": city.code.replace(".", ""),
                "n": n,
                "employers": max(5, n * plan.employers_per_1000 // 1000),
                "staff": staff_for(city),
                "seed": plan.seed + index,
            }
        )
    connection.close()
    started = time.perf_counter()
    totals: dict[str, int] = {}
    samples: list[tuple[int, float]] = []  # (people, seconds) per city filled
    done = 0
    # Largest first: the last city to finish is a small one, so the workers end together.
    tasks.sort(key=lambda t: -t["n"])
    context = multiprocessing.get_context("fork")
    with context.Pool(plan.jobs, initializer=_init_worker, initargs=(shared,)) as pool:
        for _city, counts, seconds in pool.imap_unordered(fill_city, tasks):
            if counts:
                samples.append((counts["jobseekers"], seconds))
            done += 1
            for key, value in counts.items():
                totals[key] = totals.get(key, 0) + value
            if done % 10 == 0 or done == len(tasks):
                progress(f"  {done}/{len(tasks)} cities, {time.perf_counter() - started:.0f} s")
    filled = time.perf_counter() - started
    analyse_started = time.perf_counter()
    analyse()
    fixed, per_person = fit(samples)
    return {
        "fill_seconds": filled,
        "analyse_seconds": time.perf_counter() - analyse_started,
        "city_fixed_seconds": fixed,
        "person_seconds": per_person,
        "busy_seconds": sum(seconds for _, seconds in samples),
        **totals,
    }


def fit(samples: list[tuple[int, float]]) -> tuple[float, float]:
    """Least squares ``seconds = fixed + per_person * people`` over the cities (their sizes vary 10x)."""
    if len(samples) < 2:
        return 0.0, (samples[0][1] / max(samples[0][0], 1)) if samples else 0.0
    n = len(samples)
    mean_x = sum(x for x, _ in samples) / n
    mean_y = sum(y for _, y in samples) / n
    var = sum((x - mean_x) ** 2 for x, _ in samples)
    slope = sum((x - mean_x) * (y - mean_y) for x, y in samples) / var if var else 0.0
    return mean_y - slope * mean_x, slope


def analyse() -> None:
    """``VACUUM ANALYZE`` as the owner (only the owner may; the runtime role is refused)."""
    owner = settings.DATABASE_OWNER
    if owner is None:
        return
    conn = psycopg2.connect(
        dbname=owner["NAME"],
        user=owner["USER"],
        password=owner.get("PASSWORD") or None,
        host=owner.get("HOST") or None,
        port=owner.get("PORT") or None,
    )
    conn.autocommit = True
    try:
        with conn.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    finally:
        conn.close()


def cpu_count() -> int:
    return len(os.sched_getaffinity(0))
