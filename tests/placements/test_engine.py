"""The matching engine on small hand-made cases (no database)."""

from __future__ import annotations

import numpy as np
import pytest
from django.utils import translation

from placements.matching.engine import (
    SeekerMatrix,
    SeekerProfile,
    VacancyMatrix,
    VacancyProfile,
    explain,
    score,
    top_indexes,
)
from placements.matching.needs import needs_of
from placements.matching.reasons import render


def run(seekers, vacancies):
    sm = SeekerMatrix(seekers)
    vm = VacancyMatrix(vacancies, sm)
    return sm, vm, score(sm, vm)


def comp(seekers, vacancies, name):
    return run(seekers, vacancies)[2].components[name]


class TestOccupation:
    @pytest.mark.parametrize(
        ("person", "vacancy", "expected"),
        [
            ("2512", "2512", 1.0),  # same unit group
            ("2512.01", "2512", 1.0),  # a job inside the unit group
            ("2513", "2512", 0.75),  # same minor group 251
            ("2521", "2512", 0.5),  # same sub-major group 25
            ("2611", "2512", 0.25),  # same major group 2
            ("4110", "2512", 0.0),  # unrelated
            ("2512", "25", 1.0),  # the vacancy names only the sub-major group: that is its full match
        ],
    )
    def test_it_scores_by_the_deepest_shared_kbji_level(self, person, vacancy, expected):
        c = comp(
            [SeekerProfile(1, occupation_codes=[person])], [VacancyProfile(1, occupation_code=vacancy)], "occupation"
        )
        assert c[0, 0] == pytest.approx(expected)

    def test_the_best_of_several_wished_occupations_counts(self):
        c = comp(
            [SeekerProfile(1, occupation_codes=["4110", "2513"])],
            [VacancyProfile(1, occupation_code="2512")],
            "occupation",
        )
        assert c[0, 0] == pytest.approx(0.75)

    def test_unknown_is_neutral(self):
        c = comp(
            [SeekerProfile(1), SeekerProfile(2, occupation_codes=["2512"])],
            [VacancyProfile(1, occupation_code="2512"), VacancyProfile(2)],
            "occupation",
        )
        assert c[0, 0] == c[1, 1] == pytest.approx(0.5)


class TestSkillsEducationExperience:
    def test_skills_overlap_is_held_over_required(self):
        sm, vm, s = run(
            [SeekerProfile(1, skill_ids=[1, 2, 3, 4, 99])], [VacancyProfile(1, skill_ids=[1, 2, 3, 4, 5, 6])]
        )
        assert s.components["skills"][0, 0] == pytest.approx(4 / 6)
        reasons = explain(sm, vm, s, 0, 0)["reasons"]
        assert {"code": "skills", "held": 4, "required": 6} in reasons
        with translation.override("en"):
            assert "Skills 4 of 6" in render(reasons)

    def test_a_vacancy_without_skills_scores_full(self):
        assert comp([SeekerProfile(1)], [VacancyProfile(1)], "skills")[0, 0] == 1.0

    @pytest.mark.parametrize(
        ("held", "required", "expected"),
        [
            ("s2", "s1", 1.0),
            ("d4_s1", "s1", 1.0),
            ("d1_d3", "s1", 0.5),
            ("sma", "s1", 0.0),
            (None, "sma", 0.5),
            (None, "none", 1.0),
            ("smk", "sma", 1.0),
        ],
    )
    def test_education(self, held, required, expected):
        assert (
            comp([SeekerProfile(1, education=held)], [VacancyProfile(1, education=required)], "education")[0, 0]
            == expected
        )

    @pytest.mark.parametrize(("years", "required", "expected"), [(0, 0, 1.0), (1, 2, 0.5), (5, 2, 1.0), (0, 3, 0.0)])
    def test_experience(self, years, required, expected):
        c = comp(
            [SeekerProfile(1, experience_years=years)], [VacancyProfile(1, experience_years=required)], "experience"
        )
        assert c[0, 0] == pytest.approx(expected)


class TestAccommodation:
    def wheelchair_user(self, pid=1):
        return SeekerProfile(
            pid, needs=needs_of(functioning={"mobility": 4}, communication=[], devices=[], catalogue_codes=[])
        )

    def test_walking_cannot_do_at_all_needs_step_free_access_toilet_and_lift(self):
        assert needs_of(functioning={"mobility": 4}, communication=[], devices=[], catalogue_codes=[]) == {
            "step_free",
            "toilet",
            "lift",
        }
        assert needs_of(functioning={"mobility": 2}, communication=[], devices=[], catalogue_codes=[]) == set()

    def test_hearing_a_lot_of_difficulty_needs_an_interpreter_and_written_instructions(self):
        needs = needs_of(functioning={"hearing": 3}, communication=[], devices=[], catalogue_codes=[])
        assert needs == {"interview_interpreter", "written_instructions"}
        deaf = SeekerProfile(1, needs=needs)
        full = VacancyProfile(1, offers={"rec:sign_interpreter", "acc:ACC-016"})
        half = VacancyProfile(2, offers={"acc:ACC-016"})
        none = VacancyProfile(3)
        _sm, _vm, s = run([deaf], [full, half, none])
        assert s.components["accommodation"][0].tolist() == [1.0, 0.5, 0.0]

    def test_an_unmet_need_lowers_the_score_is_named_and_does_not_exclude(self):
        person = self.wheelchair_user()
        all_met = VacancyProfile(1, offers={"feature:step_free", "feature:toilet", "feature:lift"})
        no_lift = VacancyProfile(2, offers={"feature:step_free", "feature:toilet"})
        sm, vm, s = run([person], [all_met, no_lift])
        assert s.components["accommodation"][0, 0] == 1.0
        assert s.components["accommodation"][0, 1] == pytest.approx(2 / 3)
        assert s.total[0, 1] < s.total[0, 0]
        reason = next(r for r in explain(sm, vm, s, 0, 1)["reasons"] if r["code"] == "needs")
        assert reason == {"code": "needs", "met": 2, "total": 3, "gaps": ["lift"]}
        with translation.override("en"):
            assert "2 of 3 needs met (no lift: a gap to discuss with the employer)" in render([reason])
        # Never excluded: the person is still ranked for the vacancy with the gap.
        assert top_indexes(s.total[:, 1], 10).tolist() == [0]

    def test_three_of_four_needs_met_no_lift(self):
        person = SeekerProfile(1, needs={"step_free", "toilet", "lift", "parking"})
        sm, vm, s = run(
            [person], [VacancyProfile(1, offers={"feature:step_free", "feature:toilet", "feature:parking"})]
        )
        with translation.override("en"):
            text = render(explain(sm, vm, s, 0, 0)["reasons"])
        assert "3 of 4 needs met (no lift: a gap to discuss with the employer)" in text

    def test_a_verified_feature_or_an_offered_accommodation_or_remote_work_meets_a_need(self):
        person = self.wheelchair_user()
        ramp_by_catalogue = VacancyProfile(1, offers={"acc:ACC-017"})
        remote = VacancyProfile(2, arrangement="remote")
        s = run([person], [ramp_by_catalogue, remote])[2]
        assert s.components["accommodation"][0, 0] == pytest.approx(1 / 3)
        assert s.components["accommodation"][0, 1] == 1.0

    def test_a_requested_catalogue_accommodation_is_met_only_by_that_offer(self):
        person = SeekerProfile(
            1, needs=needs_of(functioning={}, communication=[], devices=[], catalogue_codes=["ACC-042"])
        )
        s = run([person], [VacancyProfile(1, offers={"acc:ACC-042"}), VacancyProfile(2, offers={"acc:ACC-043"})])[2]
        assert s.components["accommodation"][0].tolist() == [1.0, 0.0]

    def test_needs_without_consent_to_specific_data_are_not_used(self):
        sm, vm, s = run([SeekerProfile(1, needs=None)], [VacancyProfile(1)])
        assert s.components["accommodation"][0, 0] == 1.0
        assert {"code": "needs_not_used"} in explain(sm, vm, s, 0, 0)["reasons"]


class TestArrangementAndTravel:
    @pytest.mark.parametrize(
        ("wishes", "arrangement", "employment", "expected"),
        [
            ([], "on_site", "permanent", 1.0),
            (["remote"], "remote", "permanent", 1.0),
            (["remote"], "on_site", "permanent", 0.5),  # place 0, hours 1
            (["remote"], "hybrid", "permanent", 0.75),
            (["part_time"], "on_site", "permanent", 0.75),
            (["part_time", "on_site"], "on_site", "part_time", 1.0),
        ],
    )
    def test_arrangement_and_hours(self, wishes, arrangement, employment, expected):
        c = comp(
            [SeekerProfile(1, arrangements=wishes)],
            [VacancyProfile(1, arrangement=arrangement, employment_type=employment)],
            "arrangement",
        )
        assert c[0, 0] == pytest.approx(expected)

    def test_travel(self):
        person = SeekerProfile(1, kecamatan="Medan Baru")
        vacancies = [
            VacancyProfile(1, area_text="jl. sudirman 1, medan baru"),
            VacancyProfile(2, area_text="jl. lain, medan johor"),
            VacancyProfile(3, arrangement="remote"),
        ]
        assert comp([person], vacancies, "travel")[0].tolist() == [1.0, 0.5, 1.0]


def test_ranking_is_vectorised_and_stable():
    rng = np.random.default_rng(1)
    seekers = [
        SeekerProfile(i, occupation_codes=[str(rng.integers(1000, 9999))], skill_ids=list(rng.integers(0, 20, 3)))
        for i in range(500)
    ]
    vacancies = [
        VacancyProfile(j, occupation_code=str(rng.integers(1000, 9999)), skill_ids=list(rng.integers(0, 20, 4)))
        for j in range(7)
    ]
    _sm, _vm, s = run(seekers, vacancies)
    assert s.total.shape == (500, 7)
    best = top_indexes(s.total[:, 0], 10)
    assert len(best) == 10 and (np.diff(s.total[best, 0]) <= 0).all()
    assert s.total.max() <= 100.0001 and s.total.min() >= 0


def test_reasons_render_in_indonesian_and_english():
    reasons = [{"code": "skills", "held": 4, "required": 6}, {"code": "travel", "fit": "remote"}]
    with translation.override("en"):
        assert render(reasons) == ["Skills 4 of 6", "Work from home: no travel"]
    with translation.override("id"):
        assert len(render(reasons)) == 2
