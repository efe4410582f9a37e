"""The per-city feature store: a city's job seekers as matching arrays, kept in each worker between tasks.

Building the arrays (``engine.SeekerMatrix``) reads every eligible person (``profiles.load_seekers``,
a fixed number of queries) and encodes them in Python, about half a second at 50,000 people. The
store does that once per city and worker, then keeps the arrays current incrementally:

* **Persisted**: each full build is saved as a snapshot (``placements_matchsnapshot``: the arrays
  and the profiles as one npz blob per city and ``version``, the build time in microseconds). A
  worker's first task in a city loads the newest snapshot instead of building, then catches up.
* **Incremental**: before each use, the store reads what changed since it last looked (with a
  safety ``WINDOW``, so a transaction that committed late is not missed): job seekers whose row
  changed (``updated_at``, index ``jobseeker_city_updated_idx``) and those whose related rows
  changed (``placements_seekerchange``, written by ``placements.rematch`` in the changing
  transaction). A change already applied (same time stamp) is skipped; a changed person is
  re-read and their row rewritten in place (a new person takes a spare row); a person who left
  matching is masked out (``active``). A change the arrays cannot take in place (a skill, a
  kecamatan or a need nobody had) rebuilds them from the cached profiles, without the database.
* **Versioned**: a newer snapshot (the nightly run writes one) replaces the cached arrays whole; a
  worker never mixes rows of two builds.

The store only suggests *who to score*; the services still check, in the database and at query
time, that the best people are eligible right now (``eligible_ids``): a withdrawal or an opt-out
removes the person from the next ranking at once, whatever any worker has cached.
"""

from __future__ import annotations

import datetime
import io
import json
import os
import threading
import zlib
from dataclasses import dataclass, field

import numpy as np
from django.db import connection
from django.db.models import Count, Max, Sum
from django.utils import timezone

from cities.tenancy import require_city_id
from jobseekers.models import JobSeeker
from placements.matching import engine
from placements.matching.profiles import (
    MATCHED_STATUSES,
    eligible_seekers,
    load_seekers,
    load_vacancies,
    open_vacancies,
)

WINDOW = datetime.timedelta(minutes=10)  # changes are re-read this far back (late commits)
ROW_ARRAYS = ("ids", "occupations", "education", "experience", "bits", "area", "needs_known", "skills", "needs")
KEEP_SNAPSHOTS = 2
# Cities cached per process, least recently used dropped first: a city of 50,000 people with 800
# distinct skills holds about 160 MB of arrays (the dense skills matrix).
MAX_CITIES = int(os.environ.get("MATCHING_STORE_CITIES", "8"))

_cache: dict[int, CityFeatures] = {}
_lock = threading.Lock()


@dataclass
class CityFeatures:
    """One city's arrays in this worker: ``sm`` has spare rows past ``used``; ``active`` masks the
    rows that may be ranked (in use and still eligible as far as the store knows)."""

    city_id: int
    sm: engine.SeekerMatrix
    active: np.ndarray
    used: int
    version: int  # the snapshot the rows come from
    watermark: datetime.datetime  # changes before this (minus WINDOW) are applied
    stamps: dict[int, datetime.datetime] = field(default_factory=dict)
    generation: int = 0  # bumped when the vocabularies change (a VacancyMatrix must be rebuilt)
    builds: int = 0  # full builds from the database in this worker (tests, bench)
    vm: engine.VacancyMatrix | None = None
    vm_key: tuple | None = None
    pending: list = field(default_factory=list)  # profiles the arrays could not take in place


def clear() -> None:
    """Forget every cached city (tests; a worker keeps its cache for its life)."""
    with _lock:
        _cache.clear()


def city_features() -> CityFeatures:
    """The current city's features, caught up with every change committed so far (3 queries when
    nothing changed; a full build or a snapshot load the first time in this worker)."""
    city_id = require_city_id()
    with _lock:
        features = _cache.get(city_id)
        latest = _latest_version(city_id)
        if features is None or (latest is not None and latest > features.version):
            features = _from_snapshot(city_id) or build(city_id)
        _cache.pop(city_id, None)
        _cache[city_id] = features  # the most recently used last
        while len(_cache) > MAX_CITIES:
            _cache.pop(next(iter(_cache)))
        _catch_up(features)
        return features


def build(city_id: int, profiles: list[engine.SeekerProfile] | None = None, *, save: bool = True) -> CityFeatures:
    """Build the city's arrays from the database (or from ``profiles``) and save them as a snapshot."""
    started = timezone.now()
    profiles = load_seekers() if profiles is None else profiles
    sm = engine.SeekerMatrix(profiles)
    version = int(started.timestamp() * 1_000_000)
    if save:
        _save_snapshot(city_id, version, started, sm)
    features = _with_spare(city_id, sm, version, started)
    features.builds = 1
    return features


def adopt(sm: engine.SeekerMatrix, *, started: datetime.datetime) -> None:
    """Save the arrays a whole-city run built (``placements.services.city_suggestions_refresh``) as
    the city's newest snapshot and cache them here."""
    city_id = require_city_id()
    version = int(started.timestamp() * 1_000_000)
    _save_snapshot(city_id, version, started, sm)
    with _lock:
        _cache[city_id] = _with_spare(city_id, sm, version, started)


def ranked(features: CityFeatures, column: np.ndarray) -> np.ndarray:
    """``column`` (one score per row of ``features.sm``) with the rows that may not be ranked at -1."""
    return np.where(features.active, column, np.float32(-1))


def eligible_ids(ids) -> set[int]:
    """Those of ``ids`` who may appear in matching results right now (one query, by primary key)."""
    return set(eligible_seekers().filter(pk__in=list(ids)).values_list("pk", flat=True))


def open_vacancy_matrix(features: CityFeatures) -> engine.VacancyMatrix:
    """Every open vacancy of the city as arrays in ``features``' vocabularies, cached until a vacancy is
    published, changed or closed (one query to check; workplace assessments count from the next build)."""
    key = tuple(open_vacancies().aggregate(n=Count("pk"), ids=Sum("pk"), last=Max("updated_at")).values())
    key = (*key, features.generation)
    if features.vm is None or features.vm_key != key:
        features.vm = engine.VacancyMatrix(load_vacancies(), features.sm)
        features.vm_key = key
    return features.vm


def note_change(*, city_id: int, job_seeker_id: int) -> None:
    """Record, in the current transaction, that a person's matching data changed (their related rows:
    skills, education, needs...), for every worker's next catch-up."""
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO placements_seekerchange (city_id, job_seeker_id, changed_at) VALUES (%s, %s, %s) "
            "ON CONFLICT (city_id, job_seeker_id) DO UPDATE SET changed_at = EXCLUDED.changed_at",
            [city_id, job_seeker_id, timezone.now()],
        )


# --- Catching up ------------------------------------------------------------------------------------------


def _eligible(matching_allowed: bool, anonymised_at, status: str) -> bool:
    return bool(matching_allowed) and anonymised_at is None and status in MATCHED_STATUSES


def _catch_up(features: CityFeatures) -> None:
    now = timezone.now()
    since = features.watermark - WINDOW
    seen: dict[int, tuple[datetime.datetime, bool]] = {}
    for pk, stamp, allowed, anonymised, status in JobSeeker.objects.filter(updated_at__gte=since).values_list(
        "pk", "updated_at", "matching_allowed", "anonymised_at", "status"
    ):
        seen[pk] = (stamp, _eligible(allowed, anonymised, status))
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.job_seeker_id, c.changed_at, j.matching_allowed, j.anonymised_at, j.status "
            "FROM placements_seekerchange c JOIN jobseekers_jobseeker j ON j.id = c.job_seeker_id "
            "WHERE c.city_id = %s AND j.city_id = %s AND c.changed_at >= %s",
            [features.city_id, features.city_id, since],
        )
        for pk, stamp, allowed, anonymised, status in cursor.fetchall():
            if pk not in seen or stamp > seen[pk][0]:
                seen[pk] = (stamp, _eligible(allowed, anonymised, status))
    reload: list[int] = []
    for pk, (stamp, eligible) in seen.items():
        if features.stamps.get(pk) == stamp:
            continue
        features.stamps[pk] = stamp
        if eligible:
            reload.append(pk)
        else:
            _deactivate(features, pk)
    features.watermark = now
    if not reload:
        return
    profiles = load_seekers(eligible_seekers().filter(pk__in=reload))
    found = {p.id for p in profiles}
    for pk in reload:
        if pk not in found:  # left matching between the two reads
            _deactivate(features, pk)
    if not all(_put(features, profile) for profile in profiles):
        _rebuild_from_cache(features)


def _deactivate(features: CityFeatures, pk: int) -> None:
    row = features.sm.index.get(pk)
    if row is not None:
        features.active[row] = False


def _put(features: CityFeatures, p: engine.SeekerProfile) -> bool:
    """Write ``p`` into its row (or a spare one); ``False`` when the vocabularies cannot hold it."""
    sm = features.sm
    skill_cols = [sm.skill_vocab.get(s) for s in p.skill_ids]
    need_cols = [sm.need_keys.index(k) if k in sm.need_keys else None for k in (p.needs or ())]
    area = sm.areas.get(p.kecamatan.strip().lower()) if p.kecamatan else -1
    if None in skill_cols or None in need_cols or area is None:
        features.pending.append(p)
        return False
    row = sm.index.get(p.id)
    if row is None:
        if features.used >= len(sm.ids):
            features.pending.append(p)
            return False
        row = features.used
        features.used += 1
        sm.index[p.id] = row
        sm.ids[row] = p.id
    sm.profiles[row] = p
    sm.occupations[row] = -1
    for s, code in enumerate(p.occupation_codes[: engine.MAX_OCCUPATIONS]):
        sm.occupations[row, s] = engine.occupation_levels(code)
    sm.skills[row] = 0
    sm.skills[row, skill_cols] = 1.0
    sm.education[row] = engine.EDUCATION_RANK.get(p.education, 0) if p.education is not None else -1
    sm.experience[row] = p.experience_years
    bits = 0
    for item in p.arrangements:
        bits |= engine.PLACE_BITS.get(item, 0) | engine.HOURS_BITS.get(item, 0)
    sm.bits[row] = bits
    sm.area[row] = area
    sm.needs_known[row] = p.needs is not None
    sm.needs[row] = 0
    sm.needs[row, need_cols] = 1.0
    sm.need_count[row] = len(need_cols)
    features.active[row] = True
    return True


def _rebuild_from_cache(features: CityFeatures) -> None:
    """New vocabulary or no spare row: rebuild the arrays from the cached profiles (no database)."""
    sm = features.sm
    pending = {p.id: p for p in features.pending}
    profiles = [
        pending.pop(p.id, p)
        for p, on in zip(sm.profiles[: features.used], features.active[: features.used], strict=True)
        if on and p is not None
    ]
    profiles += list(pending.values())
    fresh = _with_spare(features.city_id, engine.SeekerMatrix(profiles), features.version, features.watermark)
    features.sm, features.active, features.used = fresh.sm, fresh.active, fresh.used
    features.generation += 1
    features.pending = []
    features.vm = None


def _with_spare(city_id: int, sm: engine.SeekerMatrix, version: int, watermark) -> CityFeatures:
    """``sm`` with room for 5% more people (spare rows: id 0, not active)."""
    count = len(sm.ids)
    spare = max(64, count // 20)
    for name in ROW_ARRAYS:
        value = getattr(sm, name)
        if name == "occupations":  # level-major, as the engine compares it
            grown = engine.occupation_array(count + spare)
        else:
            grown = np.full((count + spare, *value.shape[1:]), -1 if name == "area" else 0, value.dtype)
        grown[:count] = value
        setattr(sm, name, grown)
    sm.education[count:] = -1
    sm.need_count = sm.needs.sum(axis=1)
    sm.profiles = list(sm.profiles) + [None] * spare
    active = np.zeros(count + spare, dtype=bool)
    active[:count] = True
    return CityFeatures(city_id=city_id, sm=sm, active=active, used=count, version=version, watermark=watermark)


# --- Snapshots ---------------------------------------------------------------------------------------------


def encode(sm: engine.SeekerMatrix) -> bytes:
    """The arrays and profiles of ``sm`` as one npz blob (skills and needs stored sparse)."""
    skill_rows, skill_cols = np.nonzero(sm.skills)
    need_rows, need_cols = np.nonzero(sm.needs)
    meta = {
        "skill_vocab": list(sm.skill_vocab),
        "areas": list(sm.areas),
        "need_keys": sm.need_keys,
        "tokens": list(sm.tokens),
        "profiles": [
            [p.id, p.occupation_codes, p.skill_ids, p.education, p.experience_years, p.arrangements, p.kecamatan, needs]
            for p in sm.profiles
            for needs in [sorted(p.needs) if p.needs is not None else None]
        ],
    }
    buffer = io.BytesIO()
    np.savez(
        buffer,
        ids=sm.ids,
        occupations=sm.occupations,
        education=sm.education,
        experience=sm.experience,
        bits=sm.bits,
        area=sm.area,
        needs_known=sm.needs_known,
        satisfiers=sm.satisfiers,
        skill_rows=skill_rows.astype(np.int32),
        skill_cols=skill_cols.astype(np.int32),
        need_rows=need_rows.astype(np.int32),
        need_cols=need_cols.astype(np.int32),
        meta=np.frombuffer(zlib.compress(json.dumps(meta).encode(), 1), dtype=np.uint8),
    )
    return buffer.getvalue()


def decode(blob: bytes) -> engine.SeekerMatrix:
    """The ``SeekerMatrix`` saved by ``encode``, without re-encoding anyone."""
    data = np.load(io.BytesIO(blob))
    meta = json.loads(zlib.decompress(data["meta"].tobytes()))
    sm = object.__new__(engine.SeekerMatrix)
    for name in ("ids", "occupations", "education", "experience", "bits", "area", "needs_known", "satisfiers"):
        setattr(sm, name, data[name])
    count = len(sm.ids)
    sm.index = {pid: i for i, pid in enumerate(sm.ids.tolist())}
    sm.skill_vocab = {skill: i for i, skill in enumerate(meta["skill_vocab"])}
    sm.skills = np.zeros((count, len(sm.skill_vocab)), dtype=np.float32)
    sm.skills[data["skill_rows"], data["skill_cols"]] = 1.0
    sm.areas = {name: i for i, name in enumerate(meta["areas"])}
    sm.need_keys = meta["need_keys"]
    sm.needs = np.zeros((count, len(sm.need_keys)), dtype=np.float32)
    sm.needs[data["need_rows"], data["need_cols"]] = 1.0
    sm.need_count = sm.needs.sum(axis=1)
    sm.tokens = {token: i for i, token in enumerate(meta["tokens"])}
    sm.profiles = [
        engine.SeekerProfile(
            id=pid,
            occupation_codes=occ,
            skill_ids=skills,
            education=education,
            experience_years=experience,
            arrangements=arrangements,
            kecamatan=kecamatan,
            needs=set(needs) if needs is not None else None,
        )
        for pid, occ, skills, education, experience, arrangements, kecamatan, needs in meta["profiles"]
    ]
    return sm


def _save_snapshot(city_id: int, version: int, built_at: datetime.datetime, sm: engine.SeekerMatrix) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO placements_matchsnapshot (city_id, version, built_at, people, blob) "
            "VALUES (%s, %s, %s, %s, %s) ON CONFLICT (city_id, version) DO NOTHING",
            [city_id, version, built_at, len(sm.ids), encode(sm)],
        )
        cursor.execute(
            "DELETE FROM placements_matchsnapshot WHERE city_id = %s AND version < ALL ("
            "SELECT version FROM placements_matchsnapshot WHERE city_id = %s ORDER BY version DESC LIMIT %s)",
            [city_id, city_id, KEEP_SNAPSHOTS],
        )


def _latest_version(city_id: int) -> int | None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT max(version) FROM placements_matchsnapshot WHERE city_id = %s", [city_id])
        return cursor.fetchone()[0]


def _from_snapshot(city_id: int) -> CityFeatures | None:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT version, built_at, blob FROM placements_matchsnapshot WHERE city_id = %s "
            "ORDER BY version DESC LIMIT 1",
            [city_id],
        )
        row = cursor.fetchone()
    if row is None:
        return None
    version, built_at, blob = row
    return _with_spare(city_id, decode(bytes(blob)), version, built_at)
