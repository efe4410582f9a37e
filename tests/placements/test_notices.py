"""Notifications placements sends: new matching vacancies (opted-in people only, once per pair) and
interviews changed or called off. Each row is written in the change's transaction."""

from __future__ import annotations

import datetime

import pytest
from django.db import transaction
from django.utils import timezone

from accounts.models import Membership
from cities.tenancy import city_context
from employers.models import Vacancy
from notifications.models import Notification, NotificationPreference
from placements import services
from placements.models import Referral
from tests.employers.conftest import make_member
from tests.placements.conftest import seeker

pytestmark = pytest.mark.django_db


def _opt_in(user, channels=("email",)):
    NotificationPreference.objects.update_or_create(user=user, defaults={"channels": {"vacancy_match": list(channels)}})


def _rows(**filters):
    return list(Notification.objects.filter(**filters).order_by("pk"))


class TestVacancyMatch:
    @pytest.fixture
    def people(self, city_a):
        keen = make_member(city_a, Membership.Role.JOB_SEEKER)
        quiet = make_member(city_a, Membership.Role.JOB_SEEKER)
        no_consent = make_member(city_a, Membership.Role.JOB_SEEKER)
        _opt_in(keen, ["email", "inbox"])
        _opt_in(no_consent)
        with city_context(city_a):
            seeker("Keen", user=keen, occupations=["2411"], notifications_allowed=True)
            seeker("Quiet", user=quiet, occupations=["2411"], notifications_allowed=True)  # never ticked the kind
            seeker("No consent", user=no_consent, occupations=["2411"], notifications_allowed=False)
        return keen, quiet, no_consent

    def test_only_people_who_opted_in_hear_once_per_vacancy(self, city_a, vacancy, people):
        keen, _quiet, _no_consent = people
        with city_context(city_a):
            assert services.vacancy_suggestions_refresh(vacancy_id=vacancy.pk) == 3
            rows = _rows(kind="vacancy_match")
            assert {(row.recipient_id, row.channel) for row in rows} == {(keen.pk, "email"), (keen.pk, "inbox")}
            assert rows[0].idempotency_key == f"vacancy-match:{vacancy.pk}:{keen.pk}"
            assert vacancy.title in rows[0].subject
            assert rows[0].context["url"].endswith("/pencari-kerja/lowongan-cocok/")
            # The vacancy re-matched, the nightly run: the same pair is never told twice.
            services.vacancy_suggestions_refresh(vacancy_id=vacancy.pk)
            services.city_suggestions_refresh()
            assert len(_rows(kind="vacancy_match")) == 2

    def test_the_nightly_run_tells_about_a_new_vacancy_too(self, city_a, vacancy, people):
        keen = people[0]
        with city_context(city_a):
            services.city_suggestions_refresh()
            assert {row.recipient_id for row in _rows(kind="vacancy_match")} == {keen.pk}

    def test_a_vacancy_published_long_ago_is_not_new(self, city_a, vacancy, people):
        with city_context(city_a):
            Vacancy.objects.filter(pk=vacancy.pk).update(published_at=timezone.now() - datetime.timedelta(days=30))
            services.vacancy_suggestions_refresh(vacancy_id=vacancy.pk)
            services.city_suggestions_refresh()
            assert _rows(kind="vacancy_match") == []

    def test_rolled_back_matching_leaves_no_notification(self, city_a, vacancy, people):
        with city_context(city_a):
            with pytest.raises(RuntimeError), transaction.atomic():
                services.vacancy_suggestions_refresh(vacancy_id=vacancy.pk)
                assert _rows(kind="vacancy_match")  # written in the same transaction
                raise RuntimeError
            assert _rows(kind="vacancy_match") == []

    def test_queries_do_not_grow_with_people_who_did_not_opt_in(
        self, city_a, vacancy, people, django_assert_max_num_queries
    ):
        from placements.models import MatchSuggestion
        from placements.notices import vacancy_matches

        with city_context(city_a):
            for n in range(20):
                seeker(f"Other {n}", occupations=["2411"])
            services.vacancy_suggestions_refresh(vacancy_id=vacancy.pk)
            Notification.objects.all().delete()
            rows = list(MatchSuggestion.objects.filter(vacancy=vacancy))
            assert len(rows) == 23
            # 2 filters + vacancies + notified keys + users + one notify (about 5) for the one opted-in person.
            with django_assert_max_num_queries(11):
                assert vacancy_matches(rows) == 1


@pytest.fixture
def interview_referral(city_a, vacancy, staff, person_user):
    with city_context(city_a):
        person = seeker("Fajar", user=person_user, occupations=["2411"], email="fajar@example.test")
        referral = services.referral_propose(actor=staff, job_seeker=person, vacancy=vacancy)
        services.referral_confirm(actor=person_user, referral=referral, disclosed=[])
        return Referral.objects.get(pk=referral.pk)


def _schedule(actor, referral, days, place="Kantor pusat"):
    return services.interview_schedule(
        actor=actor,
        referral=Referral.objects.get(pk=referral.pk),
        starts_at=timezone.now() + datetime.timedelta(days=days),
        place=place,
        accommodations=["interpreter"],
    )


class TestInterviews:
    def test_a_new_interview_is_scheduled_for_both_sides_with_their_own_page(
        self, city_a, interview_referral, employer_user, person_user
    ):
        with city_context(city_a):
            interview = _schedule(employer_user, interview_referral, 3)
            # The accounts' notices (the message by the person's own channel, to an address, is
            # tests/placements/test_person_told.py's).
            rows = _rows(kind="interview_scheduled", recipient__isnull=False)
        assert {row.recipient_id for row in rows} == {person_user.pk, employer_user.pk}
        urls = {row.recipient_id: row.context["url"] for row in rows}
        assert urls[person_user.pk].endswith(f"/pencari-kerja/rujukan/{interview_referral.pk}/")
        assert urls[employer_user.pk].endswith(f"/pemberi-kerja/kandidat/{interview_referral.pk}/")
        assert all(row.idempotency_key.startswith(f"interview-scheduled:{interview.pk}:") for row in rows)

    def test_a_rescheduled_interview_is_changed_and_the_old_unsent_messages_are_cancelled(
        self, city_a, interview_referral, employer_user, person_user
    ):
        with city_context(city_a):
            first = _schedule(employer_user, interview_referral, 3)
            second = _schedule(employer_user, interview_referral, 5, place="Kantor cabang")
            old = _rows(idempotency_key__startswith=f"interview-scheduled:{first.pk}:")
            changed = _rows(kind="interview_changed")
        # Email and SMS still waiting are cancelled; the inbox message was delivered and stays.
        assert {row.status for row in old if row.channel != "inbox"} == {"cancelled"}
        assert {row.status for row in old if row.channel == "inbox"} == {"sent"}
        assert {row.recipient_id for row in changed} == {person_user.pk, employer_user.pk}
        assert all(row.idempotency_key.startswith(f"interview-changed:{second.pk}:") for row in changed)
        assert "Kantor cabang" in changed[0].body

    def test_a_rescheduling_rolled_back_changes_and_cancels_nothing(self, city_a, interview_referral, employer_user):
        with city_context(city_a):
            first = _schedule(employer_user, interview_referral, 3)
            with pytest.raises(RuntimeError), transaction.atomic():
                _schedule(employer_user, interview_referral, 5)
                assert _rows(kind="interview_changed")  # written in the same transaction
                raise RuntimeError
            assert _rows(kind="interview_changed") == []
            old = _rows(idempotency_key__startswith=f"interview-scheduled:{first.pk}:")
            assert {row.status for row in old if row.channel != "inbox"} == {"pending"}

    def test_a_second_interview_after_the_first_took_place_is_a_new_one(
        self, city_a, interview_referral, employer_user
    ):
        with city_context(city_a):
            first = _schedule(employer_user, interview_referral, 3)
            first.starts_at = timezone.now() - datetime.timedelta(hours=1)  # it has taken place
            first.save(update_fields=["starts_at"])
            _schedule(employer_user, interview_referral, 5)
            assert _rows(kind="interview_changed") == []
            assert "cancelled" not in {row.status for row in _rows(kind="interview_scheduled")}

    def test_rejection_at_the_interview_stage_calls_the_interview_off(
        self, city_a, interview_referral, employer_user, person_user
    ):
        with city_context(city_a):
            interview = _schedule(employer_user, interview_referral, 3)
            services.referral_reject(
                actor=employer_user, referral=Referral.objects.get(pk=interview_referral.pk), reason="skills"
            )
            cancelled = _rows(kind="interview_cancelled")
            scheduled = _rows(kind="interview_scheduled")
        # The person is told; the employer who made the move is not.
        assert {row.recipient_id for row in cancelled} == {person_user.pk}
        assert {row.idempotency_key for row in cancelled} == {f"interview-cancelled:{interview.pk}:{person_user.pk}"}
        assert {row.status for row in scheduled if row.channel != "inbox"} == {"cancelled"}

    def test_a_withdrawal_rolled_back_cancels_nothing_and_tells_nobody(
        self, city_a, interview_referral, employer_user, person_user, staff
    ):
        with city_context(city_a):
            _schedule(employer_user, interview_referral, 3)
            with pytest.raises(RuntimeError), transaction.atomic():
                services.referral_withdraw(actor=staff, referral=Referral.objects.get(pk=interview_referral.pk))
                told = {row.recipient_id for row in _rows(kind="interview_cancelled")}
                assert told == {person_user.pk, employer_user.pk}  # both sides, in the same transaction
                raise RuntimeError
            assert _rows(kind="interview_cancelled") == []
            assert "cancelled" not in {row.status for row in _rows(kind="interview_scheduled")}


def test_each_referral_message_links_to_the_recipients_own_page(
    city_a, interview_referral, staff, employer_user, person_user, today
):
    with city_context(city_a):
        _schedule(employer_user, interview_referral, 0)  # the offer follows on the interview's day
        interview = interview_referral.interviews.get()
        services.interview_confirm(actor=employer_user, interview=interview)
        services.referral_offer(actor=employer_user, referral=Referral.objects.get(pk=interview_referral.pk))
        placement = services.placement_record(
            actor=staff,
            referral=Referral.objects.get(pk=interview_referral.pk),
            start_date=today,
            wage=3_000_000,
            contract_type="permanent",
        )
        services.followups_notify_due(today=today + datetime.timedelta(days=400))
        urls = {
            (row.kind, row.recipient_id): row.context["url"]
            for row in Notification.objects.filter(channel="inbox").exclude(kind__startswith="interview")
        }
        followup = placement.followups.order_by("due_on").first()
    mine, theirs = (
        f"/pencari-kerja/rujukan/{interview_referral.pk}/",
        f"/pemberi-kerja/kandidat/{interview_referral.pk}/",
    )
    assert urls[("referral_proposed", person_user.pk)].endswith(mine)
    assert urls[("referral_confirmed", employer_user.pk)].endswith(theirs)
    assert urls[("offer_made", person_user.pk)].endswith(mine)
    assert urls[("placement_confirmed", person_user.pk)].endswith(mine)
    assert urls[("followup_due", staff.pk)].endswith(f"/petugas/penempatan/tindak-lanjut/{followup.pk}/")
    assert all(url.startswith("http") for url in urls.values())
