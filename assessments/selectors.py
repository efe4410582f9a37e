"""Reads of assessments, for our pages and for other apps (employers pages, placements matching).

Scores: per area and overall, ``passed / (passed + failed)`` as a whole percentage (rounded
down); items not applicable or not yet answered do not count. ``None`` when nothing counts.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field

from assessments.models import Assessment, ItemResult, Outcome
from assessments.services import effective_results

# Which areas of the checklist decide each declared feature of ``employers.AccessibilityFeature``.
FEATURE_AREAS: dict[str, frozenset[str]] = {
    "step_free": frozenset({"ramp", "door", "accessible route"}),
    "toilet": frozenset({"toilet"}),
    "lift": frozenset({"lift"}),
    "parking": frozenset({"parking"}),
    "guiding_blocks": frozenset({"tactile guidance"}),
    "signage": frozenset({"signage"}),
    "visual_alarm": frozenset({"emergency"}),
}


@dataclass
class AreaScore:
    area: str
    passed: int = 0
    failed: int = 0
    not_applicable: int = 0
    open: int = 0
    results: list[ItemResult] = field(default_factory=list)

    @property
    def counted(self) -> int:
        return self.passed + self.failed

    @property
    def percent(self) -> int | None:
        return self.passed * 100 // self.counted if self.counted else None


@dataclass
class Scores:
    areas: list[AreaScore]
    overall: AreaScore

    @property
    def failing(self) -> list[ItemResult]:
        return [result for area in self.areas for result in area.results if result.outcome == Outcome.FAIL]


def scores(results) -> Scores:
    """Per-area (in checklist order) and overall scores of ``results`` (ItemResult rows)."""
    areas: dict[str, AreaScore] = {}
    overall = AreaScore(area="")
    for result in results:
        area = areas.setdefault(result.area, AreaScore(area=result.area))
        area.results.append(result)
        for target in (area, overall):
            if result.outcome == Outcome.PASS:
                target.passed += 1
            elif result.outcome == Outcome.FAIL:
                target.failed += 1
            elif result.outcome == Outcome.NOT_APPLICABLE:
                target.not_applicable += 1
            else:
                target.open += 1
    return Scores(areas=list(areas.values()), overall=overall)


def assessment_scores(assessment: Assessment) -> Scores:
    """Scores of ``assessment`` including earlier results of items a re-assessment did not re-check."""
    return scores(effective_results(assessment))


def latest_verified(workplace, *, shared_only: bool = False) -> Assessment | None:
    """The newest completed (or shared) assessment of ``workplace``; run inside its city context."""
    statuses = [Assessment.Status.SHARED] if shared_only else [Assessment.Status.COMPLETED, Assessment.Status.SHARED]
    return (
        Assessment.objects.filter(workplace_id=workplace.pk, status__in=statuses)
        .order_by("-completed_at", "-pk")
        .first()
    )


def verified_features(workplace, *, shared_only: bool = False) -> dict | None:
    """What the IJC verified at ``workplace``, or ``None`` when no assessment is finished.

    Returns ``{"assessment": Assessment, "assessed_on": date, "version": ChecklistVersion,
    "features": {code: True | False | None}, "areas": [AreaScore, ...]}``. A feature code (those of
    ``employers.models.AccessibilityFeature`` listed in ``FEATURE_AREAS``) is ``True`` when at least
    one item of its areas applies and every applicable item passes, ``False`` when one fails,
    ``None`` when none applies or none was checked. Matching (placements) reads these in
    preference to the employer's declaration: see ``features_for_matching``.
    """
    assessment = latest_verified(workplace, shared_only=shared_only)
    if assessment is None:
        return None
    result_scores = assessment_scores(assessment)
    by_area = {area.area: area for area in result_scores.areas}
    features: dict[str, bool | None] = {}
    for code, areas in FEATURE_AREAS.items():
        passed = sum(by_area[a].passed for a in areas if a in by_area)
        failed = sum(by_area[a].failed for a in areas if a in by_area)
        features[code] = False if failed else (True if passed else None)
    return {
        "assessment": assessment,
        "assessed_on": assessment.scheduled_on,
        "version": assessment.version,
        "features": features,
        "areas": result_scores.areas,
        "overall": result_scores.overall,
    }


# The failing items a matching reason names per feature (the first ones in checklist order).
FAILING_ITEMS_KEPT = 3


@dataclass(frozen=True)
class FeatureFact:
    """What the IJC verified about one feature of a workplace (one of ``FEATURE_AREAS``).

    ``verified`` is ``True`` when every applicable item of the feature's areas passed (at least one
    did), ``False`` when one failed, ``None`` when the assessor found none of them applicable (the
    site has no such feature). ``failing`` holds the failing items, each a dict with ``code``,
    ``title``, ``title_indonesian``, ``measured``, ``threshold``, ``unit`` and ``comparator`` (as
    copied into the assessment), at most ``FAILING_ITEMS_KEPT`` in checklist order.
    """

    code: str
    verified: bool | None
    assessed_on: datetime.date
    failing: tuple[dict, ...] = ()


@dataclass(frozen=True)
class WorkplaceFacts:
    """The verified features of one workplace from its newest completed (or shared) assessment."""

    assessment_id: int
    assessed_on: datetime.date
    features: dict[str, FeatureFact]


_FACT_FIELDS = ("code", "title", "title_indonesian", "measured", "threshold", "unit", "comparator")


def verified_facts(workplace_ids: Iterable[int]) -> dict[int, WorkplaceFacts]:
    """The verified features of many workplaces in two queries (none when ``workplace_ids`` is empty).

    For each workplace, the newest completed or shared assessment (as ``latest_verified``), its
    results combined with the earlier ones a re-assessment did not re-check (as
    ``services.effective_results``). A feature is in ``features`` only when the assessment has a
    result (pass, fail or not applicable) for an item of its areas; what it did not cover is left
    to the employer's declaration (``feature_sources``). Run inside the workplaces' city context.
    """
    ids = sorted({int(pk) for pk in workplace_ids if pk is not None})
    if not ids:
        return {}
    rows = list(
        Assessment.objects.filter(workplace_id__in=ids).values_list(
            "pk", "workplace_id", "previous_id", "status", "scheduled_on", "completed_at"
        )
    )
    by_pk = {row[0]: row for row in rows}
    done = (Assessment.Status.COMPLETED, Assessment.Status.SHARED)
    latest: dict[int, tuple] = {}
    for row in rows:
        if row[3] not in done:
            continue
        best = latest.get(row[1])
        if best is None or (row[5], row[0]) > (best[5], best[0]):
            latest[row[1]] = row
    chains: dict[int, list[int]] = {}
    for workplace_id, row in latest.items():
        chain, current = [], row
        while current is not None and current[0] not in chain:
            chain.append(current[0])
            current = by_pk.get(current[2])
        chains[workplace_id] = chain
    results: dict[int, list[tuple]] = {}
    for result in (
        ItemResult.objects.filter(assessment_id__in=[pk for chain in chains.values() for pk in chain])
        .order_by("position", "pk")
        .values_list("assessment_id", "item_id", "area", "outcome", "position", *_FACT_FIELDS)
    ):
        results.setdefault(result[0], []).append(result)
    out: dict[int, WorkplaceFacts] = {}
    for workplace_id, chain in chains.items():
        chosen: dict[int, tuple] = {}
        for assessment_id in chain:  # newest first: a re-checked item counts from its newest check
            for result in results.get(assessment_id, ()):
                chosen.setdefault(result[1], result)
        effective = sorted(chosen.values(), key=lambda r: (r[4], r[1]))  # checklist order
        assessed_on = latest[workplace_id][4]
        features: dict[str, FeatureFact] = {}
        for code, areas in FEATURE_AREAS.items():
            mine = [r for r in effective if r[2] in areas and r[3]]
            if not mine:
                continue
            failing = [r for r in mine if r[3] == Outcome.FAIL]
            passed = any(r[3] == Outcome.PASS for r in mine)
            features[code] = FeatureFact(
                code=code,
                verified=False if failing else (True if passed else None),
                assessed_on=assessed_on,
                failing=tuple(dict(zip(_FACT_FIELDS, r[5:], strict=True)) for r in failing[:FAILING_ITEMS_KEPT]),
            )
        out[workplace_id] = WorkplaceFacts(assessment_id=chain[0], assessed_on=assessed_on, features=features)
    return out


def feature_sources(declared: Iterable[str], facts: WorkplaceFacts | None) -> dict[str, FeatureFact | None]:
    """Every feature matching has to weigh at a workplace, with its source.

    A ``FeatureFact`` when the IJC assessment covered the feature (its result wins over the
    declaration, either way), ``None`` for a feature the employer declares and no assessment
    covered (quiet space, transport, or a workplace never assessed).
    """
    sources: dict[str, FeatureFact | None] = dict(facts.features) if facts is not None else {}
    for code in declared or ():
        sources.setdefault(code, None)
    return sources


def present_features(sources: dict[str, FeatureFact | None]) -> set[str]:
    """The features counted as present: verified as passing, or declared and not covered."""
    return {code for code, fact in sources.items() if fact is None or fact.verified}


def features_for_matching(workplace) -> tuple[set[str], str]:
    """The accessibility features matching should use: ``(codes, "verified" | "declared")``.

    With a finished IJC assessment, the verified features (``True`` ones), plus declared features
    the checklist does not cover (quiet space, transport); without one, the employer's declaration.
    Matching loads many workplaces at once with ``verified_facts`` and ``feature_sources``.
    """
    facts = verified_facts([workplace.pk]).get(workplace.pk)
    codes = present_features(feature_sources(workplace.features, facts))
    return codes, ("declared" if facts is None else "verified")
