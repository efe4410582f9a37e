"""Staff are told of a data request and of a withdrawn consent, in the transaction that records it."""

from __future__ import annotations

import datetime

import pytest
from django.db import transaction
from django.utils import translation

from accounts.models import Membership
from accounts.services import member_register
from cities.tenancy import city_context
from jobseekers import services
from jobseekers.models import JobSeeker
from jobseekers.services import rights_request_create
from notifications.models import Notification
from tests.factories import UserFactory, give_totp

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


def _staff(city, name):
    user = UserFactory(name=name, language="en")
    member_register(user=user, city=city, role=Membership.Role.STAFF)
    give_totp(user)
    return user


@pytest.fixture
def team(city_a, city_b):
    return _staff(city_a, "Sari"), _staff(city_a, "Tono"), _staff(city_b, "Beta")


def _person(city, user=None, officer=None):
    with city_context(city):
        seeker = services.jobseeker_register(
            actor=None, name="Siti Rahma", channel="self", consents={"matching": True, "sharing": True}, user=user
        )
        if officer is not None:
            JobSeeker.objects.filter(pk=seeker.pk).update(assigned_officer=officer)
        return JobSeeker.objects.get(pk=seeker.pk)


def _told(kind):
    return {(row.recipient_id, row.channel) for row in Notification.objects.filter(kind=kind)}


class TestDataRequest:
    def test_every_staff_member_of_the_city_hears_with_the_deadline(self, city_a, team):
        sari, tono, _beta = team
        person = UserFactory()
        member_register(user=person, city=city_a, role=Membership.Role.JOB_SEEKER)
        seeker = _person(city_a, user=person)
        with city_context(city_a):
            request = rights_request_create(actor=person, job_seeker=seeker, kind="deletion", details="Hapus")
            rows = list(Notification.objects.filter(kind="data_request_received", channel="email"))
            assert _told("data_request_received") >= {(sari.pk, "inbox"), (tono.pk, "inbox")}
        assert {row.recipient_id for row in rows} == {sari.pk, tono.pk}  # not city B's staff
        row = rows[0]
        assert row.idempotency_key == f"data-request:{request.pk}:{row.recipient_id}"
        deadline = datetime.datetime.fromisoformat(row.context["deadline_at"])
        assert deadline == request.due_at == request.requested_at + datetime.timedelta(hours=72)
        assert "Siti Rahma" in row.body and "Delete my data" in row.body and "3 x 24 hours" in row.body
        assert row.context["url"].endswith(f"/petugas/permintaan-data/{request.pk}/")

    def test_the_request_type_is_in_each_recipients_language(self, city_a, team):
        sari, _tono, _beta = team
        sari.language = "id"
        sari.save(update_fields=["language"])
        seeker = _person(city_a)
        with city_context(city_a):
            rights_request_create(actor=None, job_seeker=seeker, kind="deletion")
            body = Notification.objects.get(kind="data_request_received", channel="email", recipient=sari).body
        assert "Delete my data" not in body  # Indonesian, from the catalogue

    def test_a_refused_duplicate_or_a_rollback_leaves_no_message(self, city_a, team):
        seeker = _person(city_a)
        with city_context(city_a):
            with pytest.raises(RuntimeError), transaction.atomic():
                rights_request_create(actor=None, job_seeker=seeker, kind="correction")
                assert Notification.objects.filter(kind="data_request_received").exists()  # same transaction
                raise RuntimeError
            assert not Notification.objects.filter(kind="data_request_received").exists()


class TestConsentWithdrawn:
    def test_the_case_officer_alone_hears_when_there_is_one(self, city_a, team):
        _sari, tono, _beta = team
        seeker = _person(city_a, officer=tono)
        with city_context(city_a):
            services.consent_withdraw(actor=None, job_seeker=seeker, purpose="matching")
            rows = list(Notification.objects.filter(kind="consent_withdrawn", channel="email"))
        assert [row.recipient_id for row in rows] == [tono.pk]
        assert "Being included in matching with vacancies" in rows[0].body
        assert rows[0].context["url"].endswith(f"/petugas/pencari-kerja/{seeker.pk}/")

    def test_without_an_officer_all_city_staff_hear_but_not_the_staff_member_who_recorded_it(self, city_a, team):
        sari, tono, _beta = team
        seeker = _person(city_a)
        with city_context(city_a):
            services.consent_withdraw(actor=sari, job_seeker=seeker, purpose="sharing", channel="in_person")
            assert {row.recipient_id for row in Notification.objects.filter(kind="consent_withdrawn")} == {tono.pk}

    def test_giving_consent_tells_nobody_and_a_rollback_leaves_nothing(self, city_a, team):
        seeker = _person(city_a)
        with city_context(city_a):
            services.consent_record(
                actor=None, job_seeker=seeker, purpose="notifications", decision="given", channel="online"
            )
            assert not Notification.objects.filter(kind="consent_withdrawn").exists()
            with pytest.raises(RuntimeError), transaction.atomic():
                services.consent_withdraw(actor=None, job_seeker=seeker, purpose="matching")
                assert Notification.objects.filter(kind="consent_withdrawn").exists()
                raise RuntimeError
            assert not Notification.objects.filter(kind="consent_withdrawn").exists()
            assert JobSeeker.objects.get(pk=seeker.pk).matching_allowed


def _admin(city, name):
    user = UserFactory(name=name, language="en")
    member_register(user=user, city=city, role=Membership.Role.CITY_ADMIN)
    give_totp(user)
    return user


class TestNoStaff:
    """A city without staff tells its city admins; without admins either, a warning is logged."""

    def test_the_city_admins_hear_of_a_data_request_when_the_city_has_no_staff(self, city_a, city_b):
        admin = _admin(city_a, "Admin A")
        _admin(city_b, "Admin B")
        seeker = _person(city_a)
        with city_context(city_a):
            request = rights_request_create(actor=None, job_seeker=seeker, kind="correction")
            rows = list(Notification.objects.filter(kind="data_request_received", channel="email"))
        assert [row.recipient_id for row in rows] == [admin.pk]
        assert rows[0].idempotency_key == f"data-request:{request.pk}:{admin.pk}"

    def test_staff_present_means_admins_are_not_told(self, city_a, team):
        admin = _admin(city_a, "Admin A")
        seeker = _person(city_a)
        with city_context(city_a):
            rights_request_create(actor=None, job_seeker=seeker, kind="correction")
            told = {row.recipient_id for row in Notification.objects.filter(kind="data_request_received")}
        assert admin.pk not in told and told

    def test_the_city_admins_hear_of_a_withdrawn_consent_but_not_the_admin_who_recorded_it(self, city_a):
        first, second = _admin(city_a, "Admin Satu"), _admin(city_a, "Admin Dua")
        seeker = _person(city_a)
        with city_context(city_a):
            services.consent_withdraw(actor=first, job_seeker=seeker, purpose="sharing", channel="in_person")
            told = {row.recipient_id for row in Notification.objects.filter(kind="consent_withdrawn")}
        assert told == {second.pk}

    def test_nobody_to_tell_is_logged_as_a_warning(self, city_a, caplog):
        seeker = _person(city_a)
        with city_context(city_a), caplog.at_level("WARNING", logger="jobseekers.notices"):
            request = rights_request_create(actor=None, job_seeker=seeker, kind="deletion")
            services.consent_withdraw(actor=None, job_seeker=seeker, purpose="matching")
            assert not Notification.objects.filter(kind__in=["data_request_received", "consent_withdrawn"]).exists()
        messages = [record.getMessage() for record in caplog.records if record.name == "jobseekers.notices"]
        assert any(f"data request {request.pk}" in message for message in messages)
        assert any("withdrawn consent" in message for message in messages)
