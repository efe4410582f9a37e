"""Suggestions, opt-out, the referral state machine, the disclosed-field filter and follow-ups."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone, translation

from cities.tenancy import city_context
from jobseekers.models import JobSeekerAccommodation
from jobseekers.services import consent_withdraw
from placements import selectors, services
from placements.models import REFERRAL_TRANSITIONS, FollowUp, MatchSuggestion, Placement, PlacementSettings, Referral
from placements.services import PlacementError
from tests.placements.conftest import accommodation, seeker

pytestmark = pytest.mark.django_db


class TestSuggestions:
    def test_a_vacancy_ranks_the_city_people_and_keeps_gaps_in_the_reasons(self, city_a, vacancy):
        with city_context(city_a):
            walker = seeker("Ani", occupations=["2411"], functioning={"mobility": 4})
            deaf = seeker("Budi", occupations=["2411"], functioning={"hearing": 3})
            other = seeker("Citra", occupations=["9112"])
            assert services.vacancy_suggestions_refresh(vacancy_id=vacancy.pk) == 3
            rows = {s.job_seeker_id: s for s in MatchSuggestion.objects.filter(vacancy=vacancy)}
            # Step-free and toilet: yes; lift: no -> included, lower, and the gap is named.
            needs = next(r for r in rows[walker.pk].reasons if r["code"] == "needs")
            assert needs == {"code": "needs", "met": 2, "total": 3, "gaps": ["lift"]}
            # Interpreter (recruitment option) and written instructions (ACC-016): all met.
            assert rows[deaf.pk].components["accommodation"] == 1.0
            assert rows[deaf.pk].score > rows[walker.pk].score > rows[other.pk].score

    def test_opt_out_and_consent_withdrawal_remove_a_person(self, city_a, vacancy, staff):
        with city_context(city_a):
            stays = seeker("Stays", occupations=["2411"])
            seeker("Opted out", occupations=["2411"], matching=False)
            withdraws = seeker("Withdraws", occupations=["2411"])
            services.vacancy_suggestions_refresh(vacancy_id=vacancy.pk)
            listed = set(selectors.suggestions_for_vacancy(vacancy).values_list("job_seeker_id", flat=True))
            assert listed == {stays.pk, withdraws.pk}
            from jobseekers.models import ConsentText

            ConsentText.objects.get_or_create(
                purpose="matching",
                version=1,
                defaults={"text_id": "x", "text_en": "x", "published_on": datetime.date(2025, 1, 1)},
            )
            consent_withdraw(actor=staff, job_seeker=withdraws, purpose="matching")
            # Effective at once (read live), before any task runs...
            assert set(selectors.suggestions_for_vacancy(vacancy).values_list("job_seeker_id", flat=True)) == {stays.pk}
            assert not selectors.suggestions_for_job_seeker(withdraws).exists()
            # ...and the re-rank (the task's service) deletes the rows.
            assert services.job_seeker_suggestions_refresh(job_seeker_id=withdraws.pk) == 0
            assert not MatchSuggestion.objects.filter(job_seeker=withdraws).exists()
            services.vacancy_suggestions_refresh(vacancy_id=vacancy.pk)
            assert set(MatchSuggestion.objects.values_list("job_seeker_id", flat=True)) == {stays.pk}

    def test_needs_are_not_used_without_consent_to_specific_data(self, city_a, vacancy):
        with city_context(city_a):
            person = seeker("No specific", occupations=["2411"], functioning={"mobility": 4}, specific=False)
            services.job_seeker_suggestions_refresh(job_seeker_id=person.pk)
            row = MatchSuggestion.objects.get(job_seeker=person)
            assert {"code": "needs_not_used"} in row.reasons

    def test_a_person_gets_their_best_vacancies_and_the_city_run_replaces_everything(self, city_a, vacancy):
        with city_context(city_a):
            person = seeker("Dewi", occupations=["2411"])
            accommodation("ACC-042")
            JobSeekerAccommodation.objects.create(job_seeker=person, accommodation=accommodation("ACC-042"))
            assert services.job_seeker_suggestions_refresh(job_seeker_id=person.pk) == 1
            assert services.city_suggestions_refresh() == (1, 1)
            row = MatchSuggestion.objects.get()
            assert next(r for r in row.reasons if r["code"] == "needs")["gaps"] == ["acc:ACC-042"]

    def test_a_closed_vacancy_loses_its_suggestions(self, city_a, vacancy, employer_user):
        from employers.services import vacancy_transition

        with city_context(city_a):
            seeker("Eka", occupations=["2411"])
            services.vacancy_suggestions_refresh(vacancy_id=vacancy.pk)
            vacancy_transition(actor=employer_user, vacancy=vacancy, to="closed")
            assert services.vacancy_suggestions_refresh(vacancy_id=vacancy.pk) == 0
            assert not MatchSuggestion.objects.exists()

    def test_the_nightly_claim_is_once_per_city_and_day(self, city_a, city_b):
        day = datetime.date(2026, 2, 1)
        with city_context(city_a):
            assert services.city_match_run_claim(run_on=day) is not None
        with city_context(city_a):
            assert services.city_match_run_claim(run_on=day) is None
        with city_context(city_b):
            assert services.city_match_run_claim(run_on=day) is not None


@pytest.fixture
def referral(city_a, vacancy, staff, person_user):
    with city_context(city_a):
        person = seeker("Fajar", user=person_user, occupations=["2411"], share_needs=True, email="fajar@example.test")
        return services.referral_propose(actor=staff, job_seeker=person, vacancy=vacancy)


def fresh(referral):
    return Referral.objects.get(pk=referral.pk)


class TestReferralWorkflow:
    def test_the_whole_way_to_a_placement_with_history(
        self, city_a, referral, staff, person_user, employer_user, today
    ):
        with city_context(city_a):
            assert referral.disclosed == ["needs"]  # the person's default
            services.referral_confirm(actor=person_user, referral=referral, disclosed=["needs", "ragam"])
            interview = services.interview_schedule(
                actor=employer_user,
                referral=fresh(referral),
                starts_at=timezone.now(),  # the offer follows on the interview's day
                place="Kantor pusat",
                accommodations=["interpreter", "extra_time"],
            )
            with pytest.raises(PlacementError):  # the employer has not confirmed the accommodations
                services.referral_offer(actor=employer_user, referral=fresh(referral))
            with pytest.raises(PlacementError):  # staff cannot confirm for the employer
                services.interview_confirm(actor=staff, interview=interview)
            services.interview_confirm(actor=employer_user, interview=interview)
            services.referral_offer(actor=employer_user, referral=fresh(referral))
            placement = services.placement_record(
                actor=staff, referral=fresh(referral), start_date=today, wage=3_500_000, contract_type="permanent"
            )
            events = list(fresh(referral).events.values_list("from_status", "to_status", "actor_id"))
            assert [e[1] for e in events] == ["proposed", "confirmed", "interview", "interview", "offered", "placed"]
            assert events[1][2] == person_user.pk and events[2][2] == employer_user.pk
            assert placement.followups.count() == 3

    @pytest.mark.parametrize("target", [s for s in Referral.Status.values if s != "proposed"])
    def test_only_listed_transitions_from_proposed_are_legal(
        self, city_a, referral, staff, person_user, employer_user, target
    ):
        with city_context(city_a):
            legal = ("proposed", target) in REFERRAL_TRANSITIONS
            for actor in (staff, person_user, employer_user):
                kinds = selectors.actor_kinds(actor, referral)
                # The table, narrowed by who proposed the referral (selectors.transition_kinds).
                allowed = legal and bool(selectors.transition_kinds(referral, target) & kinds)
                assert selectors.may_move(actor, referral, target) is allowed

    def test_illegal_transitions_raise_and_write_nothing(self, city_a, referral, staff, person_user, employer_user):
        with city_context(city_a):
            with pytest.raises(PlacementError):  # staff cannot confirm for the person
                services.referral_confirm(actor=staff, referral=referral, disclosed=[])
            with pytest.raises(PlacementError):  # no offer before an interview
                services.referral_offer(actor=employer_user, referral=fresh(referral))
            with pytest.raises(PlacementError):  # no placement from proposed
                services.placement_record(
                    actor=staff,
                    referral=fresh(referral),
                    start_date=datetime.date(2026, 1, 1),
                    wage=1,
                    contract_type="permanent",
                )
            with pytest.raises(PlacementError):  # a reason is required
                services.referral_reject(actor=employer_user, referral=fresh(referral), reason="")
            assert fresh(referral).status == "proposed"
            assert fresh(referral).events.count() == 1
            services.referral_decline(actor=person_user, referral=fresh(referral))
            with pytest.raises(PlacementError):  # declined is final
                services.referral_confirm(actor=person_user, referral=fresh(referral), disclosed=[])

    def test_confirming_needs_consent_to_sharing(self, city_a, vacancy, staff, person_user):
        with city_context(city_a):
            person = seeker("Gita", user=person_user, sharing=False)
            referral = services.referral_propose(actor=staff, job_seeker=person, vacancy=vacancy)
            with pytest.raises(PlacementError):
                services.referral_confirm(actor=person_user, referral=referral, disclosed=[])

    def test_a_person_may_propose_only_a_suggested_vacancy(self, city_a, vacancy, person_user):
        with city_context(city_a):
            person = seeker("Hadi", user=person_user, occupations=["2411"])
            with pytest.raises(PlacementError):
                services.referral_propose(actor=person_user, job_seeker=person, vacancy=vacancy)
            services.job_seeker_suggestions_refresh(job_seeker_id=person.pk)
            referral = services.referral_propose(actor=person_user, job_seeker=person, vacancy=vacancy)
            assert referral.status == "proposed" and referral.score is not None
            with pytest.raises(PlacementError):  # one open referral per pair
                services.referral_propose(actor=person_user, job_seeker=person, vacancy=vacancy)

    def test_rejection_is_coded(self, city_a, referral, person_user, employer_user):
        with city_context(city_a):
            services.referral_confirm(actor=person_user, referral=referral, disclosed=[])
            services.referral_reject(actor=employer_user, referral=fresh(referral), reason="position_filled")
            assert fresh(referral).rejection_reason == "position_filled"


class TestDisclosedFieldFilter:
    def test_the_employer_sees_only_the_disclosed_groups(self, city_a, referral, person_user):
        with city_context(city_a):
            person = referral.job_seeker
            person.ragam = ["fisik"]
            person.save()
            services.referral_confirm(actor=person_user, referral=referral, disclosed=["ragam"])
            data = selectors.candidate_for_employer(fresh(referral))
            assert data["ragam"] and "needs" not in data and "functioning" not in data and "documents" not in data
            assert selectors.audited_groups(fresh(referral)) == ["disability"]

    def test_the_employer_list_hides_unconfirmed_referrals(self, city_a, referral, person_user, employer_user):
        with city_context(city_a):
            assert not selectors.employer_referrals(employer_user).exists()
            services.referral_confirm(actor=person_user, referral=referral, disclosed=[])
            assert list(selectors.employer_referrals(employer_user)) == [fresh(referral)]


class TestFollowUps:
    def place(self, referral, person_user, employer_user, staff, start):
        services.referral_confirm(actor=person_user, referral=referral, disclosed=[])
        services.interview_schedule(
            actor=staff, referral=fresh(referral), starts_at=timezone.now(), place="x", accommodations=[]
        )
        services.referral_offer(actor=employer_user, referral=fresh(referral))
        return services.placement_record(
            actor=staff,
            referral=fresh(referral),
            start_date=start,
            wage=1,
            contract_type="permanent",
            backdated_reason="Recorded late: the person started before the referral.",
        )

    def test_follow_ups_at_1_3_6_months_clamped_to_month_end(self, city_a, referral, person_user, employer_user, staff):
        with city_context(city_a):
            placement = self.place(referral, person_user, employer_user, staff, datetime.date(2026, 1, 31))
            assert list(placement.followups.values_list("months", "due_on")) == [
                (1, datetime.date(2026, 2, 28)),
                (3, datetime.date(2026, 4, 30)),
                (6, datetime.date(2026, 7, 31)),
            ]

    def test_the_city_configures_the_months(self, city_a, referral, person_user, employer_user, staff):
        with city_context(city_a):
            PlacementSettings.objects.create(followup_months=[2, 12])
            placement = self.place(referral, person_user, employer_user, staff, datetime.date(2026, 3, 15))
            assert list(placement.followups.values_list("due_on", flat=True)) == [
                datetime.date(2026, 5, 15),
                datetime.date(2027, 3, 15),
            ]

    def test_retained_after_the_last_follow_up(self, city_a, referral, person_user, employer_user, staff):
        with city_context(city_a):
            placement = self.place(referral, person_user, employer_user, staff, datetime.date(2026, 1, 5))
            for followup in placement.followups.order_by("due_on"):
                services.followup_record(
                    actor=staff, followup=followup, still_employed=True, accommodation_working=True
                )
            assert Placement.objects.get(pk=placement.pk).outcome == "retained"

    def test_left_needs_a_coded_reason_and_drops_open_follow_ups(
        self, city_a, referral, person_user, employer_user, staff
    ):
        with city_context(city_a):
            placement = self.place(referral, person_user, employer_user, staff, datetime.date(2026, 1, 5))
            first = placement.followups.order_by("due_on").first()
            with pytest.raises(PlacementError):
                services.followup_record(actor=staff, followup=first, still_employed=False, accommodation_working=False)
        with city_context(city_a):
            first = FollowUp.objects.filter(placement=placement).order_by("due_on").first()
            services.followup_record(
                actor=staff,
                followup=first,
                still_employed=False,
                accommodation_working=False,
                left_reason="resigned_accommodation",
            )
            placement = Placement.objects.get(pk=placement.pk)
            assert (placement.outcome, placement.left_reason) == ("left", "resigned_accommodation")
            assert not placement.followups.filter(done_at__isnull=True).exists()

    def test_due_follow_ups_appear_in_the_work_list_and_are_notified_once(
        self, city_a, referral, person_user, employer_user, staff
    ):
        from notifications.models import Notification

        with city_context(city_a):
            self.place(referral, person_user, employer_user, staff, datetime.date(2026, 1, 5))
            today = datetime.date(2026, 2, 10)
            assert selectors.staff_today(today=today)["followups"].count() == 1
            assert services.followups_notify_due(today=today) == 1
            assert services.followups_notify_due(today=today) == 0
            assert Notification.objects.filter(kind="followup_due").exists()


class TestCaseStatus:
    """A placement moves the person's case through jobseekers' own transitions, audited, atomically."""

    place = TestFollowUps.place

    @staticmethod
    def status_changes(person) -> list[tuple[str, str]]:
        from accounts.audit import trail

        return [
            tuple(entry.changes["status"])
            for entry in reversed(list(trail(person)))
            if entry.changes and "status" in entry.changes
        ]

    def test_placed_moves_the_case_forward_through_each_stage_audited(
        self, city_a, referral, person_user, employer_user, staff
    ):
        with city_context(city_a):
            person = referral.job_seeker
            person.status = "job_ready"
            person.save(update_fields=["status"])
            self.place(referral, person_user, employer_user, staff, datetime.date(2026, 1, 5))
            person.refresh_from_db()
            assert person.status == "placed"
            assert self.status_changes(person)[-2:] == [("job_ready", "referred"), ("referred", "placed")]

    def test_left_moves_the_case_back_to_job_ready_retained_keeps_it_placed(
        self, city_a, referral, person_user, employer_user, staff
    ):
        with city_context(city_a):
            placement = self.place(referral, person_user, employer_user, staff, datetime.date(2026, 1, 5))
            services.placement_close(actor=staff, placement=placement, outcome="left", left_reason="contract_ended")
            person = referral.job_seeker
            person.refresh_from_db()
            assert person.status == "job_ready"
            assert self.status_changes(person)[-1] == ("placed", "job_ready")

    def test_retained_keeps_the_case_placed(self, city_a, referral, person_user, employer_user, staff):
        with city_context(city_a):
            placement = self.place(referral, person_user, employer_user, staff, datetime.date(2026, 1, 5))
            services.placement_close(actor=staff, placement=placement, outcome="retained")
            referral.job_seeker.refresh_from_db()
            assert referral.job_seeker.status == "placed"

    def test_a_closed_case_stops_the_placement_and_nothing_is_written(
        self, city_a, referral, person_user, employer_user, staff
    ):
        with city_context(city_a):
            services.referral_confirm(actor=person_user, referral=referral, disclosed=[])
            services.interview_schedule(
                actor=staff, referral=fresh(referral), starts_at=timezone.now(), place="x", accommodations=[]
            )
            services.referral_offer(actor=employer_user, referral=fresh(referral))
            person = referral.job_seeker
            person.status = "closed"
            person.save(update_fields=["status"])
            with translation.override("en"), pytest.raises(PlacementError, match="closed"):
                services.placement_record(
                    actor=staff,
                    referral=fresh(referral),
                    start_date=datetime.date(2026, 1, 5),
                    wage=1,
                    contract_type="permanent",
                )
            assert fresh(referral).status == "offered"
            assert not Placement.objects.filter(referral=referral).exists()
            person.refresh_from_db()
            assert person.status == "closed"


class TestWithinReach:
    """The staff's reach filter: a text rule on kecamatan/kelurahan/kota and remote work, in SQL."""

    def vacancy_at(self, vacancy, employer_user, staff, *, address: str, arrangement: str = "on_site"):
        from employers import services as employer_services
        from employers.models import Workplace
        from tests.employers.conftest import vacancy_fields

        site = Workplace.objects.create(employer=vacancy.employer, name=address[:30], address=address)
        new = employer_services.vacancy_save(
            actor=employer_user,
            employer=vacancy.employer,
            **vacancy_fields(occupation=vacancy.occupation, workplace=site, arrangement=arrangement),
        )
        employer_services.vacancy_submit(actor=employer_user, vacancy=new)
        return employer_services.vacancy_publish(actor=staff, vacancy=new)

    def test_each_reach_keeps_what_its_rule_says(self, city_a, vacancy, employer_user, staff):
        with city_context(city_a):
            people = {
                "laweyan": seeker("Di Laweyan", occupations=["2411"], kecamatan="Laweyan"),
                "kelurahan": seeker("Di Sondakan", occupations=["2411"], kelurahan="Sondakan", kecamatan="Lain"),
                "unknown": seeker("Tanpa alamat", occupations=["2411"]),
            }
            near = self.vacancy_at(vacancy, employer_user, staff, address="Jl. Slamet Riyadi 1, Sondakan, Laweyan")
            town = self.vacancy_at(vacancy, employer_user, staff, address="Jl. Veteran 5, Surakarta")
            home = self.vacancy_at(vacancy, employer_user, staff, address="Kantor pusat", arrangement="remote")
            for v in (near, town, home):
                services.vacancy_suggestions_refresh(vacancy_id=v.pk)

            def kept(v, reach):
                qs = selectors.within_reach(selectors.suggestions_for_vacancy(v), reach, city_name="Kota Surakarta")
                return {s.job_seeker.name for s in qs}

            everyone = {p.name for p in people.values()}
            assert kept(near, "") == everyone
            assert kept(near, "kecamatan") == {"Di Laweyan", "Di Sondakan"}
            assert kept(near, "remote") == set()
            assert kept(town, "kecamatan") == set()  # no kecamatan named: an unknown address is not near
            assert kept(town, "kota") == everyone  # the address names the kota
            assert kept(home, "remote") == everyone == kept(home, "kecamatan")

    def test_the_filter_is_one_query_whatever_the_number_of_people(self, city_a, vacancy, django_assert_num_queries):
        with city_context(city_a):
            for number in range(12):
                seeker(f"Orang {number}", occupations=["2411"], kecamatan="Medan Baru" if number % 2 else "Tembung")
            services.vacancy_suggestions_refresh(vacancy_id=vacancy.pk)
            found = selectors.within_reach(selectors.suggestions_for_vacancy(vacancy), "kecamatan")
            with django_assert_num_queries(1):
                names = [s.job_seeker.name for s in found]
        assert len(names) == 6

    def test_an_unknown_reach_is_refused(self, city_a, vacancy):
        with city_context(city_a), pytest.raises(ValueError):
            selectors.within_reach(selectors.suggestions_for_vacancy(vacancy), "5km")
