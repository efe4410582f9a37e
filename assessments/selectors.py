"""Reads of assessments, for our pages and for other apps (employers pages, placements matching).

Scores: per area and overall, ``passed / (passed + failed)`` as a whole percentage (rounded
down); items not applicable or not yet answered do not count. ``None`` when nothing counts.
"""

from __future__ import annotations

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


def features_for_matching(workplace) -> tuple[set[str], str]:
    """The accessibility features matching should use: ``(codes, "verified" | "declared")``.

    With a finished IJC assessment, the verified features (``True`` ones), plus declared features
    the checklist does not cover (quiet space, transport); without one, the employer's declaration.
    """
    verified = verified_features(workplace)
    declared = set(workplace.features)
    if verified is None:
        return declared, "declared"
    codes = {code for code, ok in verified["features"].items() if ok}
    codes |= {code for code in declared if code not in FEATURE_AREAS}
    return codes, "verified"
