"""Verified facts win: a completed IJC assessment of the vacancy's workplace decides the features it
covers, in the score and in the reasons; what it did not cover stays the employer's declaration."""

from __future__ import annotations

import datetime

import pytest
from django.utils import translation

from assessments import selectors as assessment_selectors
from assessments import services as assessment_services
from cities.tenancy import city_context
from employers import services as employer_services
from employers.models import Vacancy, VacancyAccommodation, Workplace
from placements.matching import engine
from placements.matching.profiles import load_seekers, load_vacancies
from placements.matching.reasons import render
from placements.models import MatchSuggestion
from placements.services import vacancy_suggestions_refresh
from tests.assessments.conftest import load_checklist
from tests.employers.conftest import vacancy_fields
from tests.placements.conftest import accommodation, occupation, seeker

VISIT = datetime.date(2026, 12, 3)
FAILING = {"RAMP-02": "1:8", "TOIL-01": "150x200"}
PASSING = {"RAMP-02": "1:14", "TOIL-01": "160x230"}


@pytest.fixture
def checklist(db):
    return load_checklist()


def assess(city, staff, vacancy, answers, *, on=VISIT):
    """A completed assessment of the vacancy's workplace: ``answers`` (code → measured), every other
    item not applicable."""
    with city_context(city):
        workplace = Workplace.objects.get(pk=vacancy.workplace_id)
        assessment = assessment_services.assessment_schedule(actor=staff, workplace=workplace, scheduled_on=on)
        for result in assessment.results.all():
            if result.code in answers:
                assessment_services.item_result_record(actor=staff, result=result, measured=answers[result.code])
            else:
                assessment_services.item_result_record(actor=staff, result=result, not_applicable=True)
        return assessment_services.assessment_complete(actor=staff, assessment=assessment)


def wheelchair_user():
    return seeker("Sari", occupations=["2411"], assistive_devices=["wheelchair"])


def match(city):
    """Score the city's published vacancies against its people: (scores, reasons of the first pair)."""
    with city_context(city):
        sm = engine.SeekerMatrix(load_seekers())
        vm = engine.VacancyMatrix(load_vacancies(), sm)
        scores = engine.score(sm, vm)
        return sm, vm, scores, engine.explain(sm, vm, scores, 0, 0)["reasons"]


def needs_reason(reasons):
    """The needs reason, with the sources of the features it depends on (``needs_sources``) as ``facts``."""
    needs = next(reason for reason in reasons if reason["code"] == "needs")
    sources = [reason["facts"] for reason in reasons if reason["code"] == "needs_sources"]
    return {**needs, "facts": sources[0] if sources else []}


def lines(reasons, language):
    with translation.override(language):
        return render(reasons)


def test_a_failing_ramp_and_toilet_override_the_declaration(city_a, checklist, staff, vacancy):
    """The site declares step-free access and an accessible toilet; the centre measured a 1:8 ramp
    (1:12 needed) and a toilet room too small: both needs of a wheelchair user are unmet."""
    with city_context(city_a):
        wheelchair_user()
    *_, declared_scores, declared = match(city_a)
    assert needs_reason(declared)["met"] == 2
    assert "Step-free access: declared by the employer (not verified by the center)" in lines(declared, "en")

    assess(city_a, staff, vacancy, FAILING)
    *_, scores, reasons = match(city_a)
    needs = needs_reason(reasons)
    assert (needs["met"], needs["total"], sorted(needs["gaps"])) == (0, 2, ["step_free", "toilet"])
    assert scores.components["accommodation"][0, 0] == 0.0
    assert scores.total[0, 0] == pytest.approx(declared_scores.total[0, 0] - 20)  # the 20 points of the component
    english = lines(reasons, "en")
    assert "0 of 2 needs met (no step-free access, accessible toilet: a gap to discuss with the employer)" in english
    assert (
        "Step-free access: not met, verified by the center on 3 Dec 2026: "
        "Exterior ramp gradient 1:8, needs no steeper than 1:12"
    ) in english
    assert (
        "Accessible toilet: not met, verified by the center on 3 Dec 2026: "
        "Accessible toilet room size 150x200 cm, needs at least 152.5x227.5 cm"
    ) in english
    indonesian = " | ".join(lines(reasons, "id"))
    assert "3 Des 2026" in indonesian
    assert "Kemiringan ram di luar bangunan 1:8" in indonesian and "1:12" in indonesian
    assert "declared" not in indonesian and "Step-free" not in indonesian


def test_a_passed_assessment_meets_the_needs_and_says_verified(city_a, checklist, staff, vacancy):
    with city_context(city_a):
        wheelchair_user()
    assess(city_a, staff, vacancy, PASSING)
    *_, scores, reasons = match(city_a)
    assert needs_reason(reasons)["met"] == 2 and scores.components["accommodation"][0, 0] == 1.0
    english = lines(reasons, "en")
    assert "Step-free access: verified by the center on 3 Dec 2026" in english
    assert "Accessible toilet: verified by the center on 3 Dec 2026" in english
    assert not any("declared" in line for line in english)


def test_without_an_assessment_the_declaration_counts_and_says_so(city_a, checklist, vacancy):
    with city_context(city_a):
        wheelchair_user()
    *_, scores, reasons = match(city_a)
    assert scores.components["accommodation"][0, 0] == 1.0
    assert [fact["source"] for fact in needs_reason(reasons)["facts"]] == ["declared", "declared"]
    indonesian = lines(reasons, "id")
    assert len(indonesian) == len(lines(reasons, "en"))
    assert not any("declared by the employer" in line for line in indonesian)


def test_a_feature_the_assessment_did_not_cover_stays_declared(city_a, checklist, staff, vacancy):
    """Quiet space is not on the checklist: a declared quiet space still counts, as declared."""
    with city_context(city_a):
        Workplace.objects.filter(pk=vacancy.workplace_id).update(features=["step_free", "toilet", "quiet_space"])
        seeker("Budi", occupations=["2411"], functioning={"cognition": 4})  # quiet space, step-by-step instructions
    assess(city_a, staff, vacancy, FAILING)
    *_, reasons = match(city_a)
    facts = needs_reason(reasons)["facts"]
    assert [(f["need"], f["source"], f["met"]) for f in facts] == [("quiet_space", "declared", True)]
    assert "Quiet space: declared by the employer (not verified by the center)" in lines(reasons, "en")


def test_an_offered_accommodation_still_meets_the_need_and_the_reason_names_the_failed_site(
    city_a, checklist, staff, vacancy
):
    """An accommodation the vacancy offers (ACC-017: a step-free route) is the employer's promise to
    build it, distinct from the site as it is: the needs table counts it, the reason says the site failed."""
    with city_context(city_a):
        VacancyAccommodation.objects.create(vacancy=vacancy, accommodation=accommodation("ACC-017", "Step-free route"))
        wheelchair_user()
    assess(city_a, staff, vacancy, FAILING)
    *_, reasons = match(city_a)
    needs = needs_reason(reasons)
    assert (needs["met"], needs["gaps"]) == (1, ["toilet"])
    step_free = next(fact for fact in needs["facts"] if fact["need"] == "step_free")
    assert (step_free["met"], step_free["by"], step_free["ok"]) == (True, "offer", False)
    assert (
        "Step-free access: met by an accommodation the employer offers; the site failed the center's check "
        "on 3 Dec 2026: Exterior ramp gradient 1:8, needs no steeper than 1:12"
    ) in lines(reasons, "en")


def test_a_reassessment_that_fixed_the_ramp_counts_from_the_newest_visit(city_a, checklist, staff, vacancy):
    with city_context(city_a):
        wheelchair_user()
    first = assess(city_a, staff, vacancy, FAILING)
    with city_context(city_a):
        again = assessment_services.reassessment_schedule(
            actor=staff, assessment=first, scheduled_on=datetime.date(2027, 2, 1)
        )
        for result in again.results.all():
            measured = PASSING[result.code] if result.code == "RAMP-02" else FAILING[result.code]
            assessment_services.item_result_record(actor=staff, result=result, measured=measured)
        assessment_services.assessment_complete(actor=staff, assessment=again)
    *_, reasons = match(city_a)
    needs = needs_reason(reasons)
    assert needs["gaps"] == ["toilet"]
    english = lines(reasons, "en")
    assert "Step-free access: verified by the center on 1 Feb 2027" in english
    assert any(line.startswith("Accessible toilet: not met, verified by the center on 1 Feb 2027") for line in english)


def test_the_stored_suggestion_keeps_the_verification_in_its_reasons(city_a, checklist, staff, vacancy):
    with city_context(city_a):
        person = wheelchair_user()
    assess(city_a, staff, vacancy, FAILING)
    with city_context(city_a):
        vacancy_suggestions_refresh(vacancy_id=vacancy.pk)
        stored = MatchSuggestion.objects.get(vacancy=vacancy, job_seeker=person)
    facts = needs_reason(stored.reasons)["facts"]
    assert {(f["need"], f["source"], f["ok"], f["on"]) for f in facts} == {
        ("step_free", "verified", False, "2026-12-03"),
        ("toilet", "verified", False, "2026-12-03"),
    }
    ramp = next(f for f in facts if f["need"] == "step_free")["items"][0]
    assert (ramp["code"], ramp["measured"], ramp["threshold"]) == ("RAMP-02", "1:8", "1:12")
    # Readers who may not see needs see none of it.
    with translation.override("en"):
        assert not any("verified" in line for line in render(stored.reasons, include_needs=False))


def test_loading_vacancies_reads_the_assessments_in_a_fixed_number_of_queries(
    city_a, checklist, staff, employer_user, vacancy, django_assert_num_queries
):
    assess(city_a, staff, vacancy, FAILING)
    with city_context(city_a), django_assert_num_queries(5):
        load_vacancies()
    with city_context(city_a):
        org = Vacancy.objects.get(pk=vacancy.pk).employer
        for n in range(3):
            site = Workplace.objects.create(employer=org, name=f"Gudang {n}", address="Jl. Gudang", features=["lift"])
            made = employer_services.vacancy_save(
                actor=employer_user, employer=org, **vacancy_fields(occupation=occupation("2411"), workplace=site)
            )
            employer_services.vacancy_submit(actor=employer_user, vacancy=made)
            employer_services.vacancy_publish(actor=staff, vacancy=made)
    with city_context(city_a), django_assert_num_queries(5):
        profiles = load_vacancies()
    assert len(profiles) == 4
    by_id = {profile.id: profile for profile in profiles}
    assert "feature:step_free" not in by_id[vacancy.pk].offers
    assert by_id[vacancy.pk].evidence["step_free"]["source"] == "verified"
    assert all(p.evidence.get("lift") == {"source": "declared"} for p in profiles if p.id != vacancy.pk)


def test_features_for_matching_agrees_with_the_batch(city_a, checklist, staff, vacancy):
    assess(city_a, staff, vacancy, PASSING)
    with city_context(city_a):
        workplace = Workplace.objects.get(pk=vacancy.workplace_id)
        codes, source = assessment_selectors.features_for_matching(workplace)
        assert (codes, source) == ({"step_free", "toilet"}, "verified")
        (profile,) = load_vacancies()
        assert {t.removeprefix("feature:") for t in profile.offers if t.startswith("feature:")} == codes
