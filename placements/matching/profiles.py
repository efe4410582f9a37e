"""Load matching profiles from the database (inside a city context; the scoped managers raise otherwise).

Who is matched: job seekers whose matching consent is in force (``matching_allowed``, cleared at
once by a withdrawal or an opt-out), not anonymised and whose case is not placed or closed. Their
needs are used only when they consented to the processing of specific (disability) data
(UU 27/2022 art. 4(2), 20). Which vacancies: published ones.

Each loader runs a fixed number of queries, whatever the number of people (one per related table).
"""

from __future__ import annotations

import datetime
from collections import defaultdict

from django.db.models import QuerySet
from django.utils import timezone

from assessments.selectors import FeatureFact, feature_sources, present_features, verified_facts
from employers.models import Vacancy, VacancyAccommodation, VacancySkill
from jobseekers.models import (
    CaseStatus,
    Education,
    Experience,
    FunctioningAnswer,
    JobSeeker,
    JobSeekerAccommodation,
    JobSeekerOccupation,
    JobSeekerSkill,
)
from placements.matching.engine import EDUCATION_RANK, SeekerProfile, VacancyProfile
from placements.matching.needs import needs_of

MATCHED_STATUSES = (CaseStatus.REGISTERED, CaseStatus.ACTIVE, CaseStatus.JOB_READY, CaseStatus.REFERRED)


def eligible_seekers() -> QuerySet[JobSeeker]:
    """Job seekers of the current city who may appear in matching results."""
    return JobSeeker.objects.filter(matching_allowed=True, anonymised_at__isnull=True, status__in=MATCHED_STATUSES)


def open_vacancies() -> QuerySet[Vacancy]:
    return Vacancy.objects.filter(status=Vacancy.Status.PUBLISHED)


def load_seekers(
    queryset: QuerySet[JobSeeker] | None = None, *, today: datetime.date | None = None
) -> list[SeekerProfile]:
    """Profiles of the given (default: eligible) job seekers, in a fixed number of queries."""
    queryset = eligible_seekers() if queryset is None else queryset
    year = (today or timezone.localdate()).year  # the current city's date (a city task's or request's)
    rows = list(
        queryset.order_by("pk").values_list(
            "pk", "work_arrangements", "kecamatan", "communication_needs", "assistive_devices", "specific_data_allowed"
        )
    )
    ids = [row[0] for row in rows]
    if not ids:
        return []
    occupations = defaultdict(list)
    for sid, code in (
        JobSeekerOccupation.objects.filter(job_seeker_id__in=ids)
        .order_by("pk")
        .values_list("job_seeker_id", "occupation__code")
    ):
        occupations[sid].append(code)
    skills = defaultdict(list)
    for sid, skill in JobSeekerSkill.objects.filter(job_seeker_id__in=ids).values_list("job_seeker_id", "skill_id"):
        skills[sid].append(skill)
    education: dict[int, str] = {}
    for sid, level in Education.objects.filter(job_seeker_id__in=ids).values_list("job_seeker_id", "level"):
        if sid not in education or EDUCATION_RANK.get(level, 0) > EDUCATION_RANK.get(education[sid], 0):
            education[sid] = level
    experience: dict[int, float] = defaultdict(float)
    for sid, start, end in Experience.objects.filter(job_seeker_id__in=ids).values_list(
        "job_seeker_id", "start_year", "end_year"
    ):
        if start:
            experience[sid] += max(0, (end or year) - start)
    sensitive = [row[0] for row in rows if row[5]]
    functioning = defaultdict(dict)
    for sid, domain, code in FunctioningAnswer.objects.filter(job_seeker_id__in=sensitive).values_list(
        "job_seeker_id", "domain", "code"
    ):
        functioning[sid][domain] = code
    catalogue = defaultdict(list)
    for sid, code in JobSeekerAccommodation.objects.filter(job_seeker_id__in=sensitive).values_list(
        "job_seeker_id", "accommodation__code"
    ):
        catalogue[sid].append(code)
    profiles = []
    for sid, arrangements, kecamatan, communication, devices, specific in rows:
        needs = (
            needs_of(
                functioning=functioning.get(sid, {}),
                communication=communication or [],
                devices=devices or [],
                catalogue_codes=catalogue.get(sid, []),
            )
            if specific
            else None
        )
        profiles.append(
            SeekerProfile(
                id=sid,
                occupation_codes=occupations.get(sid, []),
                skill_ids=skills.get(sid, []),
                education=education.get(sid),
                experience_years=experience.get(sid, 0.0),
                arrangements=list(arrangements or []),
                kecamatan=kecamatan or "",
                needs=needs,
            )
        )
    return profiles


def feature_evidence(sources: dict[str, FeatureFact | None]) -> dict[str, dict]:
    """Where each feature of a workplace comes from, as JSON for the stored reasons.

    ``{"source": "verified", "ok": True | False | None, "on": "2026-12-03", "items": [...]}`` when
    an IJC assessment covered the feature (``items``: the failing checklist items with the measured
    value and the requirement), ``{"source": "declared"}`` for the employer's declaration alone.
    """
    evidence: dict[str, dict] = {}
    for code, fact in sources.items():
        if fact is None:
            evidence[code] = {"source": "declared"}
        else:
            evidence[code] = {
                "source": "verified",
                "ok": fact.verified,
                "on": fact.assessed_on.isoformat(),
                "items": [dict(item) for item in fact.failing],
            }
    return evidence


def load_vacancies(queryset: QuerySet[Vacancy] | None = None) -> list[VacancyProfile]:
    """Profiles of the given (default: published) vacancies: skills from ``VacancySkill`` (ESCO ids,
    chosen on the vacancy form), experience from ``experience_years`` (none asked: 0).

    Workplace features: where a completed IJC assessment of the workplace covers a feature, its
    result counts and the employer's declaration does not (``assessments.selectors.verified_facts``);
    the features it did not cover count as declared. ``VacancyProfile.evidence`` keeps the source
    of each for the reasons. Three queries, plus two when some vacancy has a workplace, whatever
    the number of vacancies."""
    queryset = open_vacancies() if queryset is None else queryset
    vacancies = list(queryset.select_related("occupation", "workplace").order_by("pk"))
    ids = [v.pk for v in vacancies]
    offered = defaultdict(set)
    for vid, code in VacancyAccommodation.objects.filter(vacancy_id__in=ids).values_list(
        "vacancy_id", "accommodation__code"
    ):
        offered[vid].add(f"acc:{code}")
    facts = verified_facts(v.workplace_id for v in vacancies if v.workplace_id)
    skills = defaultdict(list)
    for vid, skill in (
        VacancySkill.objects.filter(vacancy_id__in=ids).order_by("skill_id").values_list("vacancy_id", "skill_id")
    ):
        skills[vid].append(skill)
    profiles = []
    for v in vacancies:
        tokens = set(offered.get(v.pk, set()))
        sources = feature_sources(v.workplace.features, facts.get(v.workplace_id)) if v.workplace else {}
        tokens |= {f"feature:{f}" for f in present_features(sources)}
        tokens |= {f"rec:{r}" for r in v.recruitment_options or []}
        profiles.append(
            VacancyProfile(
                id=v.pk,
                occupation_code=v.occupation.code if v.occupation else None,
                skill_ids=skills.get(v.pk, []),
                education=v.education_level,
                experience_years=float(v.experience_years or 0),
                arrangement=v.arrangement,
                employment_type=v.employment_type,
                area_text=(v.workplace.address.lower() if v.workplace else ""),
                offers=tokens,
                evidence=feature_evidence(sources),
            )
        )
    return profiles
