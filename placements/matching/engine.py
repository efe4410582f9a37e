"""The vectorised matching engine: score every (job seeker, vacancy) pair of a block at once.

Pure NumPy over plain profiles (``SeekerProfile``, ``VacancyProfile``); loading them from the
database is ``placements.matching.profiles``. Nothing here loops over pairs in Python: each
component is a ``P x V`` array computed by broadcasting or a matrix product, and ``top_for_vacancy``
/ ``top_for_seeker`` pick the best with ``argpartition``.

Components, each in ``[0, 1]`` (weights in ``WEIGHTS``, the total is ``0-100``):

* ``occupation``: KBJI 2014 / ISCO-08 hierarchy, the deepest level on which the person's preferred
  occupation and the vacancy's agree: the vacancy's own level (or the unit group / 6-digit job) 1.0,
  minor group 0.75, sub-major 0.5, major 0.25, none 0. Unknown on either side: 0.5 (neutral).
* ``skills``: required ESCO skills held / required (1.0 when the vacancy names none).
* ``education``: 1.0 at or above the level asked, 0.5 one level below (or not recorded), else 0.
* ``experience``: years held / years asked, at most 1.0.
* ``accommodation``: needs met / needs (1.0 without needs). An unmet need lowers the score and is
  named in the reasons; it never removes anyone (``placements.matching.needs``).
* ``arrangement``: on site / hybrid / remote and full / part time against the person's wishes.
* ``travel``: 1.0 for remote work or a workplace in the person's kecamatan, 0.5 when unknown (the
  portal has no travel-time data yet).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from placements.matching.needs import NEEDS, need_satisfiers

WEIGHTS: dict[str, float] = {
    "occupation": 0.25,
    "skills": 0.20,
    "education": 0.10,
    "experience": 0.10,
    "accommodation": 0.20,
    "arrangement": 0.10,
    "travel": 0.05,
}
COMPONENTS = tuple(WEIGHTS)

# Education on one ordinal scale (jobseekers.EducationLevel and employers.EducationLevel).
EDUCATION_RANK: dict[str, int] = {
    "none": 0,
    "sd": 1,
    "smp": 2,
    "sma": 3,
    "smk": 3,
    "d1_d3": 4,
    "diploma": 4,
    "d4_s1": 5,
    "s1": 5,
    "s2": 6,
    "s3": 6,
}

PLACE_BITS = {"on_site": 1, "hybrid": 2, "remote": 4}
HOURS_BITS = {"full_time": 8, "part_time": 16}
PLACE_MASK = 1 | 2 | 4
HOURS_MASK = 8 | 16
OCC_LEVEL_WEIGHTS = np.array([0.25, 0.5, 0.75, 1.0, 1.0], dtype=np.float32)  # major .. 6-digit
OCC_LEVEL_NAMES = ("major", "sub_major", "minor", "unit", "occupation")
MAX_OCCUPATIONS = 3
FEW_VACANCIES = 8  # up to this many vacancies at once, skills are summed column by column


@dataclass
class SeekerProfile:
    id: int
    occupation_codes: list[str] = field(default_factory=list)
    skill_ids: list[int] = field(default_factory=list)
    education: str | None = None
    experience_years: float = 0.0
    arrangements: list[str] = field(default_factory=list)
    kecamatan: str = ""
    needs: set[str] | None = None  # None: the person did not consent to specific-data processing


@dataclass
class VacancyProfile:
    id: int
    occupation_code: str | None = None
    skill_ids: list[int] = field(default_factory=list)
    education: str = "none"
    experience_years: float = 0.0
    arrangement: str = "on_site"
    employment_type: str = "permanent"
    area_text: str = ""  # the workplace address, lower-cased
    offers: set[str] = field(default_factory=set)  # satisfier tokens (acc:, feature:, rec:, arr:)
    # Where each workplace feature comes from (``profiles.feature_evidence``): verified by an IJC
    # assessment (passed, failed with the measured items, or not found) or declared by the employer.
    evidence: dict[str, dict] = field(default_factory=dict)


def occupation_levels(code: str | None) -> list[int]:
    """``"2512.01"`` -> ``[2, 25, 251, 2512, 251201]``; missing levels are -1."""
    digits = (code or "").replace(".", "")
    out = []
    for length in (1, 2, 3, 4, 6):
        out.append(int(digits[:length]) if len(digits) >= length and digits[:length].isdigit() else -1)
    return out


def occupation_array(count: int) -> np.ndarray:
    """A ``count x MAX_OCCUPATIONS x 5`` array of -1 stored level-major (a view of ``5 x slots x count``):
    one level of one slot is then a contiguous vector of every person, which ``score`` compares."""
    return np.full((5, MAX_OCCUPATIONS, count), -1, dtype=np.int32).transpose(2, 1, 0)


class SeekerMatrix:
    """Arrays of ``P`` job seekers (row ``i`` is ``ids[i]``)."""

    def __init__(self, profiles: list[SeekerProfile]):
        self.profiles = profiles
        count = len(profiles)
        self.ids = np.fromiter((p.id for p in profiles), dtype=np.int64, count=count)
        self.index = {pid: i for i, pid in enumerate(self.ids.tolist())}
        occ = occupation_array(count)
        skill_vocab: dict[int, int] = {}
        skill_rows: list[int] = []
        skill_cols: list[int] = []
        self.education = np.full(count, -1, dtype=np.int8)
        self.experience = np.zeros(count, dtype=np.float32)
        self.bits = np.zeros(count, dtype=np.uint8)
        areas: dict[str, int] = {}
        self.area = np.full(count, -1, dtype=np.int32)
        need_vocab: dict[str, int] = {key: i for i, key in enumerate(NEEDS)}
        need_rows: list[int] = []
        need_cols: list[int] = []
        self.needs_known = np.zeros(count, dtype=bool)
        for i, p in enumerate(profiles):
            for s, code in enumerate(p.occupation_codes[:MAX_OCCUPATIONS]):
                occ[i, s] = occupation_levels(code)
            for skill in p.skill_ids:
                skill_rows.append(i)
                skill_cols.append(skill_vocab.setdefault(skill, len(skill_vocab)))
            if p.education is not None:
                self.education[i] = EDUCATION_RANK.get(p.education, 0)
            self.experience[i] = p.experience_years
            bits = 0
            for item in p.arrangements:
                bits |= PLACE_BITS.get(item, 0) | HOURS_BITS.get(item, 0)
            self.bits[i] = bits
            if p.kecamatan:
                self.area[i] = areas.setdefault(p.kecamatan.strip().lower(), len(areas))
            if p.needs is not None:
                self.needs_known[i] = True
                for key in p.needs:
                    need_rows.append(i)
                    need_cols.append(need_vocab.setdefault(key, len(need_vocab)))
        self.occupations = occ
        self.skill_vocab = skill_vocab
        self.skills = np.zeros((count, len(skill_vocab)), dtype=np.float32)
        self.skills[skill_rows, skill_cols] = 1.0
        self.areas = areas
        self.need_keys = list(need_vocab)
        self.needs = np.zeros((count, len(need_vocab)), dtype=np.float32)
        self.needs[need_rows, need_cols] = 1.0
        self.need_count = self.needs.sum(axis=1)
        # Satisfier matrix: need x token (tokens are numbered as they are first seen).
        self.tokens: dict[str, int] = {}
        sat_rows, sat_cols = [], []
        for k, key in enumerate(self.need_keys):
            for token in need_satisfiers(key):
                sat_rows.append(k)
                sat_cols.append(self.tokens.setdefault(token, len(self.tokens)))
        self.satisfiers = np.zeros((len(self.need_keys), len(self.tokens)), dtype=np.float32)
        self.satisfiers[sat_rows, sat_cols] = 1.0

    def __len__(self) -> int:
        return len(self.profiles)


class VacancyMatrix:
    """Arrays of ``V`` vacancies, expressed in the vocabularies of one ``SeekerMatrix``."""

    def __init__(self, profiles: list[VacancyProfile], seekers: SeekerMatrix):
        self.profiles = profiles
        count = len(profiles)
        self.ids = np.fromiter((v.id for v in profiles), dtype=np.int64, count=count)
        self.index = {vid: j for j, vid in enumerate(self.ids.tolist())}
        self.occupation = np.array([occupation_levels(v.occupation_code) for v in profiles], dtype=np.int32).reshape(
            count, 5
        )
        # The weight of a match at each level: the vacancy's deepest given level counts as a full match.
        given = self.occupation >= 0
        deepest = np.where(given.any(axis=1), 4 - np.argmax(given[:, ::-1], axis=1), -1)
        weights = np.broadcast_to(OCC_LEVEL_WEIGHTS, (count, 5)).copy()
        weights[np.arange(5)[None, :] >= deepest[:, None]] = 1.0
        self.occupation_weights = weights
        self.has_occupation = deepest >= 0
        self.skills = np.zeros((count, len(seekers.skill_vocab)), dtype=np.float32)
        self.skill_required = np.zeros(count, dtype=np.float32)
        self.education = np.zeros(count, dtype=np.int8)
        self.experience = np.zeros(count, dtype=np.float32)
        self.place_bit = np.zeros(count, dtype=np.uint8)
        self.hours_bit = np.zeros(count, dtype=np.uint8)
        self.remote = np.zeros(count, dtype=bool)
        self.area_match = np.zeros((count, max(len(seekers.areas), 1)), dtype=bool)
        offers = np.zeros((count, len(seekers.tokens)), dtype=np.float32)
        for j, v in enumerate(profiles):
            required = set(v.skill_ids)
            self.skill_required[j] = len(required)
            cols = [seekers.skill_vocab[s] for s in required if s in seekers.skill_vocab]
            self.skills[j, cols] = 1.0
            self.education[j] = EDUCATION_RANK.get(v.education, 0)
            self.experience[j] = v.experience_years
            self.place_bit[j] = PLACE_BITS.get(v.arrangement, 1)
            self.hours_bit[j] = HOURS_BITS["part_time"] if v.employment_type == "part_time" else HOURS_BITS["full_time"]
            self.remote[j] = v.arrangement == "remote"
            if v.area_text:
                for name, a in seekers.areas.items():
                    if name in v.area_text:
                        self.area_match[j, a] = True
            tokens = set(v.offers) | {f"arr:{v.arrangement}"}
            offers[j, [seekers.tokens[t] for t in tokens if t in seekers.tokens]] = 1.0
        # met[v, k]: vacancy v offers at least one satisfier of need k.
        self.met = (offers @ seekers.satisfiers.T) > 0

    def __len__(self) -> int:
        return len(self.profiles)


@dataclass
class Scores:
    """Component arrays (``P x V`` float32, in ``[0, 1]``) and ``total`` (``0-100``)."""

    components: dict[str, np.ndarray]
    total: np.ndarray
    needs_met: np.ndarray  # P x V, count of the person's needs the vacancy meets


def score(seekers: SeekerMatrix, vacancies: VacancyMatrix, rows: np.ndarray | None = None) -> Scores:
    """Score the seekers (all, or the row indexes ``rows``) against every vacancy of the block."""
    sel = slice(None) if rows is None else rows
    occ = seekers.occupations[sel]  # P x S x 5
    p_count = occ.shape[0]
    v_count = len(vacancies)

    # Occupation: the best level weight over the person's occupations (max over levels and slots).
    occupation = np.zeros((p_count, v_count), dtype=np.float32)
    if v_count <= FEW_VACANCIES:  # all five levels in one comparison per vacancy
        for j in range(v_count):
            vc = vacancies.occupation[j]
            best = np.zeros(p_count, dtype=np.float32)
            for level in range(5):
                if vc[level] < 0:
                    continue
                found = occ[:, 0, level] == vc[level]
                for slot in range(1, occ.shape[1]):
                    found |= occ[:, slot, level] == vc[level]
                np.maximum(best, found * vacancies.occupation_weights[j, level], out=best)
            occupation[:, j] = best
    else:
        for level in range(5):
            vc = vacancies.occupation[:, level]
            eq = (occ[:, :, level, None] == vc[None, None, :]).any(axis=1) & (vc >= 0)[None, :]
            occupation = np.maximum(occupation, eq * vacancies.occupation_weights[:, level][None, :])
    person_has_occ = occ[:, 0, 0] >= 0
    for slot in range(1, occ.shape[1]):
        person_has_occ = person_has_occ | (occ[:, slot, 0] >= 0)
    unknown = (~person_has_occ)[:, None] | (~vacancies.has_occupation)[None, :]
    occupation = np.where(unknown, np.float32(0.5), occupation)

    # Skills: required held / required. For a few vacancies, sum the person's columns of the skills
    # each one requires (a handful) instead of a product over the whole vocabulary.
    if v_count <= FEW_VACANCIES:
        skills_held = seekers.skills[sel]
        held = np.zeros((p_count, v_count), dtype=np.float32)
        for j in range(v_count):
            cols = np.flatnonzero(vacancies.skills[j])
            if cols.size:
                held[:, j] = skills_held[:, cols].sum(axis=1)
    else:
        held = seekers.skills[sel] @ vacancies.skills.T
    required = vacancies.skill_required[None, :]
    skills = np.where(required > 0, held / np.maximum(required, 1), np.float32(1.0))

    # Education.
    pe = seekers.education[sel].astype(np.int16)[:, None]
    ve = vacancies.education.astype(np.int16)[None, :]
    education = np.where(pe >= ve, 1.0, np.where((pe == ve - 1) | (pe < 0), 0.5, 0.0)).astype(np.float32)
    education = np.where(ve == 0, np.float32(1.0), education)

    # Experience.
    vx = vacancies.experience[None, :]
    experience = np.where(vx > 0, np.minimum(seekers.experience[sel][:, None] / np.maximum(vx, 1e-6), 1.0), 1.0)

    # Accommodation: needs met / needs.
    needs = seekers.needs[sel]
    needs_met = needs @ vacancies.met.T.astype(np.float32)
    need_count = seekers.need_count[sel][:, None]
    accommodation = np.where(need_count > 0, needs_met / np.maximum(need_count, 1), np.float32(1.0))

    # Arrangement: place and hours, each 1 (fits or no wish), 0.5 (hybrid bridges), 0.
    bits = seekers.bits[sel][:, None]
    place_wish = bits & PLACE_MASK
    place_ok = (bits & vacancies.place_bit[None, :]) > 0
    hybrid_bridge = ((vacancies.place_bit[None, :] == PLACE_BITS["hybrid"]) & (place_wish > 0)) | (
        (place_wish & PLACE_BITS["hybrid"]) > 0
    )
    place = np.where(place_wish == 0, 1.0, np.where(place_ok, 1.0, np.where(hybrid_bridge, 0.5, 0.0)))
    hours_wish = bits & HOURS_MASK
    hours = np.where((hours_wish == 0) | ((bits & vacancies.hours_bit[None, :]) > 0), 1.0, 0.5)
    arrangement = ((place + hours) / 2).astype(np.float32)

    # Travel: remote, or the workplace address names the person's kecamatan.
    area = seekers.area[sel]
    same_area = np.where(area[:, None] >= 0, vacancies.area_match.T[np.maximum(area, 0)], False)
    travel = np.where(vacancies.remote[None, :] | same_area, np.float32(1.0), np.float32(0.5))

    components = {
        "occupation": occupation.astype(np.float32, copy=False),
        "skills": skills.astype(np.float32, copy=False),
        "education": education,
        "experience": experience.astype(np.float32, copy=False),
        "accommodation": accommodation.astype(np.float32, copy=False),
        "arrangement": arrangement,
        "travel": travel.astype(np.float32, copy=False),
    }
    total = np.zeros((p_count, v_count), dtype=np.float32)
    for name, weight in WEIGHTS.items():
        total += np.float32(weight * 100) * components[name]
    return Scores(components=components, total=total, needs_met=needs_met)


def top_indexes(column: np.ndarray, limit: int) -> np.ndarray:
    """Indexes of the ``limit`` largest values of a 1-D array, best first (ties: lower index first)."""
    if limit <= 0 or column.size == 0:
        return np.empty(0, dtype=np.int64)
    part = np.argpartition(-column, limit - 1)[:limit] if limit < column.size else np.arange(column.size)
    order = np.lexsort((part, -column[part]))
    return part[order]


def top_per_vacancy(scores: Scores, limit: int) -> list[np.ndarray]:
    """For each vacancy (column), the seeker row indexes of its ``limit`` best, best first."""
    return [top_indexes(scores.total[:, j], limit) for j in range(scores.total.shape[1])]


def explain(
    seekers: SeekerMatrix, vacancies: VacancyMatrix, scores: Scores, i: int, j: int, row: int | None = None
) -> dict:
    """The stored explanation of one pair: ``{"components": {...}, "reasons": [...]}``.

    ``i`` is the row in ``scores`` and ``row`` the row in ``seekers`` (when ``score`` got ``rows``).
    Reasons are codes with numbers, rendered in the reader's language by ``reasons.render``.
    """
    row = i if row is None else row
    person = seekers.profiles[row]
    vacancy = vacancies.profiles[j]
    comps = {name: round(float(scores.components[name][i, j]), 3) for name in COMPONENTS}
    reasons: list[dict] = []
    # Occupation.
    occ = seekers.occupations[row]
    if not person.occupation_codes or not vacancy.occupation_code:
        reasons.append({"code": "occupation_unknown"})
    else:
        level = None
        for lv in range(4, -1, -1):
            vc = vacancies.occupation[j, lv]
            if vc >= 0 and (occ[:, lv] == vc).any():
                level = OCC_LEVEL_NAMES[lv]
                break
        reasons.append({"code": "occupation", "level": level or "none"})
    # Skills.
    required = int(vacancies.skill_required[j])
    if required:
        held = len(set(person.skill_ids) & set(vacancy.skill_ids))
        reasons.append({"code": "skills", "held": held, "required": required})
    else:
        reasons.append({"code": "skills_not_listed"})
    # Education and experience.
    reasons.append(
        {
            "code": "education",
            "required": vacancy.education,
            "held": person.education or "",
            "fit": "ok" if comps["education"] >= 1 else ("unknown" if person.education is None else "below"),
        }
    )
    if vacancy.experience_years:
        reasons.append(
            {"code": "experience", "years": round(person.experience_years, 1), "required": vacancy.experience_years}
        )
    # Accommodation.
    if not seekers.needs_known[row]:
        reasons.append({"code": "needs_not_used"})
    else:
        mine = seekers.needs[row] > 0
        total = int(mine.sum())
        if total == 0:
            reasons.append({"code": "needs_none"})
        else:
            gaps = [seekers.need_keys[k] for k in np.flatnonzero(mine & ~vacancies.met[j])]
            reasons.append({"code": "needs", "met": total - len(gaps), "total": total, "gaps": gaps})
            # Where each workplace feature a need depends on comes from (verified or declared).
            facts = _feature_facts(vacancy, [seekers.need_keys[k] for k in np.flatnonzero(mine)], gaps)
            if facts:
                reasons.append({"code": "needs_sources", "facts": facts})
    # Arrangement and travel.
    reasons.append({"code": "arrangement", "fit": _fit(comps["arrangement"]), "arrangement": vacancy.arrangement})
    if vacancy.arrangement == "remote":
        reasons.append({"code": "travel", "fit": "remote"})
    else:
        reasons.append({"code": "travel", "fit": "near" if comps["travel"] >= 1 else "unknown"})
    return {"components": comps, "reasons": reasons}


def _feature_facts(vacancy: VacancyProfile, needs: list[str], gaps: list[str]) -> list[dict]:
    """For each of the person's needs a workplace feature could meet, where that feature stands at
    the vacancy's site (verified by the IJC or declared) and what meets the need, if anything:
    the feature, an accommodation the vacancy offers (a promise, distinct from the site), an
    accessible-recruitment option or remote work."""
    if not vacancy.evidence:
        return []
    tokens = set(vacancy.offers) | {f"arr:{vacancy.arrangement}"}
    unmet = set(gaps)
    facts = []
    for key in needs:
        satisfiers = need_satisfiers(key)
        for token in sorted(satisfiers):
            feature = token.removeprefix("feature:")
            if token == feature or feature not in vacancy.evidence:
                continue
            meeting = satisfiers & tokens
            if key in unmet:
                by = None
            elif token in meeting:
                by = "feature"
            elif any(t.startswith("acc:") for t in meeting):
                by = "offer"
            elif any(t.startswith("arr:") for t in meeting):
                by = "remote"
            else:
                by = "recruitment"
            facts.append(
                {"need": key, "feature": feature, "met": key not in unmet, "by": by, **vacancy.evidence[feature]}
            )
    return facts


def _fit(value: float) -> str:
    return "yes" if value >= 1 else ("partly" if value > 0 else "no")
