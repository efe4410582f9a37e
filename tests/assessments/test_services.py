"""Assessments: version pinning and immutability, the override rule, the status machine, scores,
the remediation plan, re-assessment of failed items only, verified features for matching."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from accounts.models import User
from assessments import selectors, services
from assessments.models import Assessment, ChecklistPublication, ItemResult
from cities.tenancy import city_context
from notifications.models import Notification
from reference.models import ChecklistItem, ChecklistVersion
from tests.assessments.conftest import VISIT
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def schedule(city, staff, workplace, **kwargs):
    with city_context(city):
        return services.assessment_schedule(actor=staff, workplace=workplace, scheduled_on=VISIT, **kwargs)


def record(staff, assessment, code, **fields):
    result = assessment.results.get(code=code)
    return services.item_result_record(actor=staff, result=result, **fields)


def answer_all(staff, assessment, failing=()):
    """Mark every item not applicable except ``failing`` (code → measured) and RAMP-02 passing."""
    for result in assessment.results.all():
        if result.code in failing:
            services.item_result_record(actor=staff, result=result, measured=failing[result.code])
        elif result.code == "RAMP-02":
            services.item_result_record(actor=staff, result=result, measured="1:14")
        else:
            services.item_result_record(actor=staff, result=result, not_applicable=True)


def test_scheduling_pins_the_version_and_copies_all_its_items(city_a, checklist, a_staff, workplace):
    assessment = schedule(city_a, a_staff, workplace)
    with city_context(city_a):
        assert assessment.version == checklist
        assert assessment.results.count() == 62
        ramp = assessment.results.get(code="RAMP-02")
        assert (ramp.threshold, ramp.unit, ramp.comparator, ramp.area) == ("1:12", "ratio", "<=", "ramp")
        assert "14/PRT/M/2017" in ramp.source
        assert assessment.assessors.filter(user=a_staff).exists()


def test_a_measured_value_is_computed_and_the_assessment_starts(city_a, checklist, a_staff, workplace):
    assessment = schedule(city_a, a_staff, workplace)
    with city_context(city_a):
        result = record(a_staff, assessment, "RAMP-02", measured="1:9")
        assert (result.computed, result.outcome) == ("fail", "fail")
        assessment.refresh_from_db()
        assert assessment.status == "in_progress" and assessment.started_at
        result = record(a_staff, assessment, "DOOR-01", measured="92")
        assert result.outcome == "pass"
        result = record(a_staff, assessment, "LIFT-01", not_applicable=True, measured="12")
        assert (result.outcome, result.measured) == ("na", "")
        with pytest.raises(ValidationError) as error:
            record(a_staff, assessment, "DOOR-02", measured="wide")
        assert "measured" in error.value.message_dict


def test_an_override_needs_a_written_reason(city_a, checklist, a_staff, workplace):
    assessment = schedule(city_a, a_staff, workplace)
    with city_context(city_a):
        with pytest.raises(ValidationError) as error:
            record(a_staff, assessment, "RAMP-02", measured="1:11", override="pass")
        assert "override_reason" in error.value.message_dict
        with pytest.raises(ValidationError):
            record(a_staff, assessment, "RAMP-02", measured="1:11", override="pass", override_reason="   ")
        result = record(
            a_staff,
            assessment,
            "RAMP-02",
            measured="1:11",
            override="pass",
            override_reason="Short 40 cm ramp, handrails both sides.",
        )
        assert (result.computed, result.outcome, result.is_overridden) == ("fail", "pass", True)
        # Without an override the computed result counts again, and the old reason goes.
        result = record(a_staff, assessment, "RAMP-02", measured="1:11")
        assert (result.outcome, result.override_reason) == ("fail", "")


def test_the_database_refuses_an_override_without_a_reason(city_a, checklist, a_staff, workplace):
    assessment = schedule(city_a, a_staff, workplace)
    with city_context(city_a):
        ItemResult.objects.filter(assessment=assessment, code="RAMP-02").update(computed="fail", outcome="fail")
        with pytest.raises(IntegrityError), transaction.atomic():
            ItemResult.objects.filter(assessment=assessment, code="RAMP-02").update(override="pass", outcome="pass")
        with pytest.raises(IntegrityError), transaction.atomic():
            ItemResult.objects.filter(assessment=assessment, code="RAMP-02").update(outcome="pass")


def test_a_new_version_never_changes_an_old_assessment(city_a, checklist, a_staff, workplace):
    old = schedule(city_a, a_staff, workplace)
    with city_context(city_a):
        record(a_staff, old, "RAMP-02", measured="1:11")
    # A stricter national version is published; the loaded rows of the old one are even edited.
    admin = UserFactory(cross_city_role=User.CrossCityRole.APEKSI_ADMIN)
    new = ChecklistVersion.objects.create(code="2027-test", name="Test 2027", source="Test")
    ChecklistItem.objects.create(
        version=new,
        code="RAMP-02",
        position=1,
        area="ramp",
        item="Exterior ramp",
        requirement="1:15",
        threshold="1:15",
        unit="ratio",
        comparator="<=",
        source="Test 2027",
        verification="",
    )
    services.checklist_version_publish(actor=admin, version=new)
    ChecklistItem.objects.filter(version=checklist, code="RAMP-02").update(threshold="1:8")
    assert services.current_version() == new
    with city_context(city_a):
        kept = old.results.get(code="RAMP-02")
        assert (kept.threshold, kept.outcome) == ("1:12", "fail")
        assert Assessment.objects.get(pk=old.pk).version == checklist
        kept = record(a_staff, old, "RAMP-02", measured="1:10")  # re-recorded: still against 1:12
        assert kept.outcome == "fail"
    fresh = schedule(city_a, a_staff, workplace)
    with city_context(city_a):
        assert fresh.version == new and fresh.results.count() == 1
        assert fresh.results.get().threshold == "1:15"


def test_only_an_apeksi_administrator_publishes_a_version(city_a, checklist):
    for user in (UserFactory(), UserFactory(cross_city_role=User.CrossCityRole.APEKSI_ANALYST)):
        with pytest.raises(PermissionDenied):
            services.checklist_version_publish(actor=user, version=checklist)
    admin = UserFactory(cross_city_role=User.CrossCityRole.APEKSI_ADMIN)
    services.checklist_version_publish(actor=admin, version=checklist)
    with pytest.raises(services.AssessmentError):
        services.checklist_version_publish(actor=admin, version=checklist)
    assert ChecklistPublication.objects.get().published_by == admin


def test_status_machine_and_who_may_move_it(city_a, checklist, a_staff, a_partner, an_employer_user, workplace):
    assessment = schedule(city_a, a_staff, workplace, assessors=[a_partner])
    with city_context(city_a):
        with pytest.raises(services.AssessmentError):
            record(an_employer_user, assessment, "RAMP-02", measured="1:14")
        record(a_partner, assessment, "RAMP-02", measured="1:14")
        with pytest.raises(services.AssessmentError) as error:
            services.assessment_complete(actor=a_partner, assessment=assessment)
        assert "61" in str(error.value)
        answer_all(a_partner, assessment)
        with pytest.raises(services.AssessmentError):
            services.assessment_share(actor=a_staff, assessment=assessment)  # not completed yet
        services.assessment_complete(actor=a_partner, assessment=assessment, summary="Baik.")
        with pytest.raises(services.AssessmentError):
            record(a_staff, assessment, "RAMP-02", measured="1:9")  # finished: reopen first
        with pytest.raises(services.AssessmentError):
            services.assessment_share(actor=a_partner, assessment=assessment)  # staff only
        services.assessment_reopen(actor=a_staff, assessment=assessment)
        services.assessment_complete(actor=a_staff, assessment=assessment)
        services.assessment_share(actor=a_staff, assessment=assessment)
        assessment.refresh_from_db()
        assert assessment.status == "shared" and assessment.shared_at and assessment.completed_at
        sent = Notification.objects.filter(recipient=an_employer_user, kind="assessment_shared")
        assert sent.exists() and f"/pemberi-kerja/asesmen/{assessment.pk}/" in sent.first().body
        with pytest.raises(services.AssessmentError):
            services.assessment_reopen(actor=a_staff, assessment=assessment)


def test_an_unnamed_partner_cannot_assess(city_a, checklist, a_staff, a_partner, workplace):
    assessment = schedule(city_a, a_staff, workplace)
    with city_context(city_a), pytest.raises(services.AssessmentError):
        record(a_partner, assessment, "RAMP-02", measured="1:14")


def test_scores_per_area_and_overall(city_a, checklist, a_staff, workplace):
    assessment = schedule(city_a, a_staff, workplace)
    with city_context(city_a):
        answer_all(a_staff, assessment, failing={"RAMP-01": "1:8", "DOOR-01": "80", "DOOR-02": "85", "TOIL-02": "95"})
        scores = selectors.assessment_scores(assessment)
        by_area = {area.area: area for area in scores.areas}
        assert [a.area for a in scores.areas][:3] == ["ramp", "door", "toilet"]
        assert (by_area["ramp"].passed, by_area["ramp"].failed, by_area["ramp"].percent) == (1, 1, 50)
        assert (by_area["door"].passed, by_area["door"].failed, by_area["door"].percent) == (1, 1, 50)
        assert by_area["toilet"].percent == 100
        assert by_area["lift"].percent is None  # nothing applicable
        assert (scores.overall.passed, scores.overall.failed, scores.overall.percent) == (3, 2, 60)
        assert [r.code for r in scores.failing] == ["RAMP-01", "DOOR-01"]


def test_reassessment_holds_only_the_failed_items(city_a, checklist, a_staff, workplace):
    first = schedule(city_a, a_staff, workplace)
    with city_context(city_a):
        answer_all(a_staff, first, failing={"RAMP-01": "1:8", "DOOR-01": "80"})
        first.results.filter(code="DOOR-01").update(
            recommendation="Widen the door.", priority="high", cost_level="medium"
        )
        with pytest.raises(services.AssessmentError):
            services.reassessment_schedule(actor=a_staff, assessment=first, scheduled_on=VISIT)  # not finished
        services.assessment_complete(actor=a_staff, assessment=first)
        again = services.reassessment_schedule(
            actor=a_staff, assessment=first, scheduled_on=VISIT + datetime.timedelta(days=60)
        )
        assert again.previous == first and again.version == first.version
        assert sorted(again.results.values_list("code", flat=True)) == ["DOOR-01", "RAMP-01"]
        assert again.results.get(code="DOOR-01").recommendation == "Widen the door."
        record(a_staff, again, "DOOR-01", measured="95")
        record(a_staff, again, "RAMP-01", measured="1:8")
        services.assessment_complete(actor=a_staff, assessment=again)
        scores = selectors.assessment_scores(again)
        assert scores.overall.counted == 3  # RAMP-02 kept from the first visit
        assert [r.code for r in scores.failing] == ["RAMP-01"]
        # A second re-assessment again holds only what still fails.
        third = services.reassessment_schedule(actor=a_staff, assessment=again, scheduled_on=VISIT)
        assert list(third.results.values_list("code", flat=True)) == ["RAMP-01"]


def test_remediation_progress_by_the_employer_only_on_shared_failures(
    city_a, checklist, a_staff, an_employer_user, workplace
):
    assessment = schedule(city_a, a_staff, workplace)
    with city_context(city_a):
        answer_all(a_staff, assessment, failing={"DOOR-01": "80"})
        services.assessment_complete(actor=a_staff, assessment=assessment)
        door = assessment.results.get(code="DOOR-01")
        with pytest.raises(services.AssessmentError):
            services.remediation_progress(actor=an_employer_user, result=door, progress="done")  # not shared
        services.assessment_share(actor=a_staff, assessment=assessment)
        door.refresh_from_db()
        with pytest.raises(services.AssessmentError):
            services.remediation_progress(actor=a_staff, result=door, progress="done")
        ramp = assessment.results.get(code="RAMP-02")
        with pytest.raises(services.AssessmentError):
            services.remediation_progress(actor=an_employer_user, result=ramp, progress="done")  # passing
        services.remediation_progress(actor=an_employer_user, result=door, progress="in_progress", note="Ordered.")
        door.refresh_from_db()
        assert (door.progress, door.progress_note) == ("in_progress", "Ordered.")


def test_verified_features_are_read_in_preference_to_the_declaration(city_a, checklist, a_staff, workplace):
    with city_context(city_a):
        assert selectors.verified_features(workplace) is None
        assert selectors.features_for_matching(workplace) == ({"step_free", "toilet", "lift"}, "declared")
    assessment = schedule(city_a, a_staff, workplace)
    with city_context(city_a):
        answer_all(a_staff, assessment, failing={"TOIL-02": "80", "PARK-01": "400"})
        assert selectors.verified_features(workplace) is None  # not finished yet
        services.assessment_complete(actor=a_staff, assessment=assessment)
        verified = selectors.verified_features(workplace)
        assert verified["assessed_on"] == VISIT
        assert verified["features"]["step_free"] is True
        assert verified["features"]["toilet"] is False
        assert verified["features"]["lift"] is None
        assert verified["features"]["parking"] is True
        assert selectors.features_for_matching(workplace) == ({"step_free", "parking"}, "verified")
        assert selectors.verified_features(workplace, shared_only=True) is None


def test_another_city_sees_no_assessment(city_a, city_b, checklist, a_staff, workplace):
    schedule(city_a, a_staff, workplace)
    with city_context(city_b):
        assert not Assessment.objects.exists() and not ItemResult.objects.exists()
