"""The matching batch: the writes that replace suggestions (a vacancy's, a person's, a whole city's).

``placements.matching`` scores; these functions pick the best pairs and replace the stored
``MatchSuggestion`` rows atomically (readers see the old or the new set). Reads of suggestions
are ``placements.selectors``.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

import numpy as np
from django.db import transaction
from django.utils import timezone

from placements import notices
from placements.matching import engine, store
from placements.matching.profiles import load_seekers, load_vacancies, open_vacancies
from placements.models import CityMatchRun, MatchSuggestion

SUGGESTIONS_PER_VACANCY = 50
SUGGESTIONS_PER_SEEKER = 10
VACANCY_BLOCK = 128  # vacancies scored at once in the nightly run: P x 128 float32 arrays
RECHECK_MARGIN = 20  # extra candidates ranked, for those the database check at write time drops


def _suggestion(sm, vm, scores, i, j, now, row=None) -> MatchSuggestion:
    explained = engine.explain(sm, vm, scores, i, j, row=row)
    return MatchSuggestion(
        vacancy_id=int(vm.ids[j]),
        job_seeker_id=int(sm.ids[i if row is None else row]),
        score=Decimal(str(round(float(scores.total[i, j]), 2))),
        components=explained["components"],
        reasons=explained["reasons"],
        computed_at=now,
    )


@transaction.atomic
def vacancy_suggestions_refresh(*, vacancy_id: int) -> int:
    """Replace a vacancy's suggestions with its best ``SUGGESTIONS_PER_VACANCY`` job seekers; returns the count.

    The people come from the city's feature store (``placements.matching.store``: arrays kept in the
    worker and caught up with every change); the best are checked against the database before they
    are written, so a person who withdrew consent or opted out a moment ago is never suggested.
    A vacancy that is not published loses its suggestions. Atomic: readers see the old or the new set.
    """
    MatchSuggestion.objects.filter(vacancy_id=vacancy_id).delete()
    vacancies = load_vacancies(open_vacancies().filter(pk=vacancy_id))
    if not vacancies:
        return 0
    features = store.city_features()
    sm = features.sm
    if not features.active.any():
        return 0
    vm = engine.VacancyMatrix(vacancies, sm)
    scores = engine.score(sm, vm)
    best = engine.top_indexes(store.ranked(features, scores.total[:, 0]), SUGGESTIONS_PER_VACANCY + RECHECK_MARGIN)
    best = [int(i) for i in best if features.active[i]]
    allowed = store.eligible_ids(int(sm.ids[i]) for i in best)
    best = [i for i in best if int(sm.ids[i]) in allowed][:SUGGESTIONS_PER_VACANCY]
    now = timezone.now()
    rows = [_suggestion(sm, vm, scores, i, 0, now) for i in best]
    MatchSuggestion.objects.bulk_create(rows)
    notices.vacancy_matches(rows)
    return len(rows)


@transaction.atomic
def job_seeker_suggestions_refresh(*, job_seeker_id: int) -> int:
    """Replace a person's suggestions with their best ``SUGGESTIONS_PER_SEEKER`` open vacancies.

    A person who opted out, withdrew matching consent, was anonymised or whose case is closed or
    placed loses every suggestion (and appears in no other list: the selectors filter too). The
    person's row comes from the feature store (caught up with this very change) and the open
    vacancies from its cached arrays, so one person is scored against every open vacancy at once.
    """
    MatchSuggestion.objects.filter(job_seeker_id=job_seeker_id).delete()
    if not store.eligible_ids([job_seeker_id]):
        return 0
    features = store.city_features()
    row = features.sm.index.get(job_seeker_id)
    if row is None or not features.active[row]:
        return 0
    vm = store.open_vacancy_matrix(features)
    if not len(vm):
        return 0
    scores = engine.score(features.sm, vm, rows=np.array([row]))
    best = [int(j) for j in engine.top_indexes(scores.total[0], SUGGESTIONS_PER_SEEKER + RECHECK_MARGIN)]
    still_open = set(open_vacancies().filter(pk__in=[int(vm.ids[j]) for j in best]).values_list("pk", flat=True))
    best = [j for j in best if int(vm.ids[j]) in still_open][:SUGGESTIONS_PER_SEEKER]
    now = timezone.now()
    rows = [_suggestion(features.sm, vm, scores, 0, j, now, row=row) for j in best]
    MatchSuggestion.objects.bulk_create(rows)
    return len(rows)


def rank_city(
    seekers: list,
    vacancies: list,
    *,
    per_vacancy: int = SUGGESTIONS_PER_VACANCY,
    per_seeker: int = SUGGESTIONS_PER_SEEKER,
):
    """Score all pairs block by block; returns ``(sm, vm, picked)``, ``picked[(row, col)] = (score, explanation)``.

    Keeps each vacancy's best ``per_vacancy`` and each person's best ``per_seeker`` (a running top-k
    over the blocks, vectorised), so memory stays at ``P x VACANCY_BLOCK``. Explanations are built
    only for the kept pairs, from the block's arrays.
    """

    sm = engine.SeekerMatrix(seekers)
    vm = engine.VacancyMatrix(vacancies, sm)
    p_count = len(sm)
    per_seeker = max(1, per_seeker)
    best_score = np.full((p_count, per_seeker), -1.0, dtype=np.float32)
    best_col = np.full((p_count, per_seeker), -1, dtype=np.int64)
    picked: dict[tuple[int, int], tuple[float, dict]] = {}
    limit = min(per_vacancy, p_count)
    for start in range(0, len(vm), VACANCY_BLOCK):
        block = _slice_vacancies(vm, start, start + VACANCY_BLOCK)
        scores = engine.score(sm, block)
        width = scores.total.shape[1]
        top = (
            np.argpartition(-scores.total, limit - 1, axis=0)[:limit]
            if limit < p_count
            else np.tile(np.arange(p_count)[:, None], (1, width))
        )
        for jj in range(width):
            for i in top[:, jj].tolist():
                picked[(i, start + jj)] = (float(scores.total[i, jj]), engine.explain(sm, block, scores, i, jj))
        cols = np.broadcast_to(np.arange(start, start + width), scores.total.shape)
        merged_score = np.concatenate([best_score, scores.total], axis=1)
        merged_col = np.concatenate([best_col, cols], axis=1)
        keep = np.argpartition(-merged_score, per_seeker - 1, axis=1)[:, :per_seeker]
        best_score = np.take_along_axis(merged_score, keep, axis=1)
        best_col = np.take_along_axis(merged_col, keep, axis=1)
    # Each person's best vacancies not yet explained: score just those rows, block by block.
    rows, ks = np.nonzero(best_col >= 0)
    missing = [(i, int(best_col[i, k])) for i, k in zip(rows.tolist(), ks.tolist(), strict=True)]
    missing = [pair for pair in missing if pair not in picked]
    by_block: dict[int, list[tuple[int, int]]] = {}
    for i, j in missing:
        by_block.setdefault(j // VACANCY_BLOCK, []).append((i, j))
    for b, pairs in by_block.items():
        start = b * VACANCY_BLOCK
        block = _slice_vacancies(vm, start, start + VACANCY_BLOCK)
        row_ids = sorted({i for i, _j in pairs})
        position = {i: n for n, i in enumerate(row_ids)}
        scores = engine.score(sm, block, rows=np.array(row_ids))
        for i, j in pairs:
            n, jj = position[i], j - start
            picked[(i, j)] = (float(scores.total[n, jj]), engine.explain(sm, block, scores, n, jj, row=i))
    return sm, vm, picked


def _slice_vacancies(vm: engine.VacancyMatrix, start: int, stop: int) -> engine.VacancyMatrix:
    """A view of vacancies ``start:stop`` of ``vm`` (same vocabularies, no copy of profiles' work)."""
    part = object.__new__(engine.VacancyMatrix)
    for name, value in vars(vm).items():
        if name == "index":
            continue
        setattr(part, name, value[start:stop])
    return part


@transaction.atomic
def city_suggestions_refresh() -> tuple[int, int]:
    """Re-match the whole current city: every open vacancy against every eligible person.

    Replaces all of the city's suggestions in one transaction. Returns ``(vacancies, suggestions)``.
    """
    started = timezone.now()
    seekers = load_seekers()
    vacancies = load_vacancies()
    MatchSuggestion.objects.all().delete()
    if not seekers or not vacancies:
        return len(vacancies), 0
    sm, vm, picked = rank_city(seekers, vacancies)
    store.adopt(sm, started=started)  # tonight's arrays become the city's snapshot
    now = timezone.now()
    rows = [
        MatchSuggestion(
            vacancy_id=int(vm.ids[j]),
            job_seeker_id=int(sm.ids[i]),
            score=Decimal(str(round(value, 2))),
            components=explained["components"],
            reasons=explained["reasons"],
            computed_at=now,
        )
        for (i, j), (value, explained) in picked.items()
    ]
    MatchSuggestion.objects.bulk_create(rows, batch_size=2000)
    notices.vacancy_matches(rows)
    return len(vacancies), len(rows)


def city_match_run_claim(*, run_on: datetime.date) -> CityMatchRun | None:
    """Claim the nightly run of the current city for ``run_on``; ``None`` when already claimed.

    The unique key ``(city, run_on)`` makes a double beat (two schedulers, a retried dispatch) fire
    the city's job once: the second insert violates the key (it waits for the first to commit).
    """
    from django.db import IntegrityError

    try:
        with transaction.atomic():  # a savepoint: a lost race leaves the caller's transaction usable
            return CityMatchRun.objects.create(run_on=run_on)
    except IntegrityError:
        return None
