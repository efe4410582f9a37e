"""How fast is matching? Prints timings for 50,000 job seekers x 1 vacancy and x 2,000 vacancies,
and the ratio against a naive Python loop over pairs on the same data (lower is better for times).

Pure computation on synthetic profiles: the engine (``placements.matching.engine``) scores plain
profiles. With ``--db`` it also measures the worker's side end to end in a bench city of the
development database (seeded once: ``--seekers`` people with occupations, skills and education,
``--open`` published vacancies): the feature store's full build and snapshot load
(``placements.matching.store``), a vacancy published -> its suggestions written and explained
(``vacancy_suggestions_refresh``), one person's profile changed -> their suggestions against every
open vacancy (``job_seeker_suggestions_refresh``), and a consent withdrawal applied at once. Every
figure is also printed as ``BENCH <name> <value> <unit>``. Usage::

    .venv/bin/python bench/matching.py [--seekers 50000] [--vacancies 2000] [--db] [--open 5000]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ijc_portal.settings")

import django

django.setup()

import numpy as np  # noqa: E402

from placements.matching import engine  # noqa: E402
from placements.matching.needs import NEEDS, needs_of  # noqa: E402
from placements.services import rank_city  # noqa: E402

KECAMATAN = [f"kecamatan {n}" for n in range(40)]
UNIT_GROUPS = [f"{a}{b}{c}{d}" for a in "123456789" for b in "12345" for c in "123" for d in "1234"][:400]
EDU_SEEKER = ["none", "sd", "smp", "sma", "smk", "d1_d3", "d4_s1", "s2"]
EDU_VACANCY = ["none", "sd", "smp", "sma", "diploma", "s1"]
FEATURES = ["step_free", "lift", "toilet", "parking", "guiding_blocks", "quiet_space", "visual_alarm", "signage"]
ACC = [f"ACC-{n:03d}" for n in range(1, 61)]
ARR = ["on_site", "hybrid", "remote"]


def seekers(count: int, rng) -> list[engine.SeekerProfile]:
    out = []
    for i in range(count):
        functioning = {d: int(rng.choice([1, 1, 1, 2, 3, 4])) for d in ("seeing", "hearing", "mobility", "cognition")}
        out.append(
            engine.SeekerProfile(
                id=i + 1,
                occupation_codes=[str(c) for c in rng.choice(UNIT_GROUPS, size=int(rng.integers(1, 4)), replace=False)],
                skill_ids=rng.choice(800, size=int(rng.integers(0, 12)), replace=False).tolist(),
                education=str(rng.choice(EDU_SEEKER)),
                experience_years=float(rng.integers(0, 10)),
                arrangements=[
                    str(a)
                    for a in rng.choice(
                        ["on_site", "remote", "hybrid", "full_time", "part_time"], size=2, replace=False
                    )
                ],
                kecamatan=str(rng.choice(KECAMATAN)),
                needs=needs_of(
                    functioning=functioning, communication=[], devices=[], catalogue_codes=[str(rng.choice(ACC))]
                )
                if rng.random() < 0.9
                else None,
            )
        )
    return out


def vacancies(count: int, rng) -> list[engine.VacancyProfile]:
    out = []
    for j in range(count):
        offers = {f"feature:{f}" for f in rng.choice(FEATURES, size=int(rng.integers(0, 6)), replace=False)}
        offers |= {f"acc:{a}" for a in rng.choice(ACC, size=int(rng.integers(0, 8)), replace=False)}
        if rng.random() < 0.4:
            offers.add("rec:sign_interpreter")
        out.append(
            engine.VacancyProfile(
                id=j + 1,
                occupation_code=str(rng.choice(UNIT_GROUPS)),
                skill_ids=rng.choice(800, size=int(rng.integers(0, 8)), replace=False).tolist(),
                education=str(rng.choice(EDU_VACANCY)),
                experience_years=float(rng.integers(0, 4)),
                arrangement=str(rng.choice(ARR)),
                employment_type=str(rng.choice(["permanent", "part_time", "fixed_term"])),
                area_text=f"jl. raya 1, {rng.choice(KECAMATAN)}",
                offers=offers,
            )
        )
    return out


# --- The naive baseline: the same formulas, one pair at a time in Python --------------------------------


def naive_score(p: engine.SeekerProfile, v: engine.VacancyProfile) -> float:
    vl = engine.occupation_levels(v.occupation_code)
    deepest = max((n for n in range(5) if vl[n] >= 0), default=-1)
    if not p.occupation_codes or deepest < 0:
        occ = 0.5
    else:
        occ = 0.0
        for code in p.occupation_codes[: engine.MAX_OCCUPATIONS]:
            pl = engine.occupation_levels(code)
            for n in range(5):
                if vl[n] >= 0 and pl[n] == vl[n]:
                    occ = max(occ, 1.0 if n >= deepest else float(engine.OCC_LEVEL_WEIGHTS[n]))
    req = set(v.skill_ids)
    skills = len(req & set(p.skill_ids)) / len(req) if req else 1.0
    pe = engine.EDUCATION_RANK.get(p.education, 0) if p.education is not None else -1
    ve = engine.EDUCATION_RANK.get(v.education, 0)
    edu = 1.0 if ve == 0 or pe >= ve else (0.5 if pe == ve - 1 or pe < 0 else 0.0)
    exp = min(p.experience_years / v.experience_years, 1.0) if v.experience_years else 1.0
    if p.needs:
        tokens = set(v.offers) | {f"arr:{v.arrangement}"}
        from placements.matching.needs import need_satisfiers

        acc = sum(1 for k in p.needs if need_satisfiers(k) & tokens) / len(p.needs)
    else:
        acc = 1.0
    places = {a for a in p.arrangements if a in engine.PLACE_BITS}
    if not places or v.arrangement in places:
        place = 1.0
    elif v.arrangement == "hybrid" or "hybrid" in places:
        place = 0.5
    else:
        place = 0.0
    hours_wish = {a for a in p.arrangements if a in engine.HOURS_BITS}
    vh = "part_time" if v.employment_type == "part_time" else "full_time"
    hours = 1.0 if not hours_wish or vh in hours_wish else 0.5
    travel = 1.0 if v.arrangement == "remote" or (p.kecamatan and p.kecamatan.lower() in v.area_text) else 0.5
    parts = {
        "occupation": occ,
        "skills": skills,
        "education": edu,
        "experience": exp,
        "accommodation": acc,
        "arrangement": (place + hours) / 2,
        "travel": travel,
    }
    return sum(engine.WEIGHTS[k] * 100 * parts[k] for k in engine.WEIGHTS)


def timed(fn, repeat: int = 1):
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seekers", type=int, default=50_000)
    parser.add_argument("--vacancies", type=int, default=2_000)
    parser.add_argument("--db", action="store_true", help="also measure the worker side on the database")
    parser.add_argument("--open", type=int, default=5_000, help="open vacancies in the --db bench city")
    parser.add_argument("--no-city-run", action="store_true", help="skip the nightly whole-city figure")
    args = parser.parse_args()
    figures: list[tuple[str, float, str]] = []
    rng = np.random.default_rng(8)
    people = seekers(args.seekers, rng)
    jobs = vacancies(args.vacancies, rng)
    print(
        f"{args.seekers:,} job seekers, {args.vacancies:,} vacancies, {len(NEEDS)} named needs, numpy {np.__version__}"
    )

    t_build, sm = timed(lambda: engine.SeekerMatrix(people))
    print(f"build the seekers' arrays (once per run):        {t_build * 1000:8.1f} ms")

    def one_vacancy():
        vm = engine.VacancyMatrix(jobs[:1], sm)
        scores = engine.score(sm, vm)
        top = engine.top_indexes(scores.total[:, 0], 50)
        return scores, vm, [engine.explain(sm, vm, scores, int(i), 0) for i in top]

    t_one, (scores, _vm, _explained) = timed(one_vacancy, repeat=7)
    print(f"rank 1 vacancy x {args.seekers:,} (top 50 explained):  {t_one * 1000:8.1f} ms (median of 7)")

    # Naive loop for the same vacancy: every pair in Python.
    t_naive_one, naive = timed(lambda: [naive_score(p, jobs[0]) for p in people])
    assert np.allclose(np.array(naive, dtype=np.float32), scores.total[:, 0], atol=0.01), "naive and vectorised differ"
    print(
        f"naive Python loop, same vacancy:                  {t_naive_one * 1000:8.1f} ms"
        f"  -> ratio {t_naive_one / t_one:6.1f}x"
    )
    vm_one = engine.VacancyMatrix(jobs[:1], sm)
    t_rank, _ = timed(lambda: engine.top_indexes(engine.score(sm, vm_one).total[:, 0], 50), repeat=15)
    print(
        f"ranking alone (score + top 50, as the naive loop): {t_rank * 1000:8.1f} ms (median of 15)"
        f"  -> ratio {t_naive_one / t_rank:6.1f}x"
    )
    figures += [("matching_build_arrays", t_build * 1000, "ms"), ("matching_rank_one_vacancy", t_one * 1000, "ms")]
    figures += [("matching_ranking_only", t_rank * 1000, "ms")]
    figures += [("matching_ranking_vs_naive_ratio", t_naive_one / t_rank, "x")]
    figures += [("matching_naive_one_vacancy", t_naive_one * 1000, "ms")]
    figures += [("matching_explained_vs_naive_ratio", t_naive_one / t_one, "x")]
    if args.db:
        from bench_matching_db import measure_worker_side

        figures += measure_worker_side(seekers=args.seekers, open_vacancies=args.open)
    if args.no_city_run:
        for name, value, unit in figures:
            print(f"BENCH {name} {value:.1f} {unit}")
        return

    t_city, (_, _, picked) = timed(lambda: rank_city(people, jobs))
    print(
        f"nightly city: {args.seekers:,} x {args.vacancies:,} = {args.seekers * args.vacancies / 1e6:,.0f} M pairs, "
        f"{len(picked):,} suggestions kept and explained: {t_city:8.1f} s (+ {t_build:.1f} s arrays)"
    )
    sample = jobs[:20]
    t_naive_sample, _ = timed(lambda: [naive_score(p, v) for v in sample for p in people])
    naive_city = t_naive_sample / len(sample) * len(jobs)
    print(
        f"naive Python loop, {len(sample)} vacancies measured, extrapolated to {len(jobs):,}: {naive_city:8.0f} s "
        f"({naive_city / 60:.0f} min) -> ratio {naive_city / t_city:6.1f}x"
    )
    figures += [("matching_city_run", t_city, "s"), ("matching_city_vs_naive_ratio", naive_city / t_city, "x")]
    for name, value, unit in figures:
        print(f"BENCH {name} {value:.1f} {unit}")
    print(f"BENCH matching_one_vacancy {t_one * 1000:.3f} ms")
    print(f"BENCH matching_one_vacancy_vs_naive {t_naive_one / t_one:.3f} ratio")
    print(f"BENCH matching_city_night {t_city:.3f} s")
    print(f"BENCH matching_city_vs_naive {naive_city / t_city:.3f} ratio")


if __name__ == "__main__":
    main()
