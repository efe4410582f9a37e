"""Preferences: channels per kind, language, easy read; quiet hours; the daily limit and the digest."""

from __future__ import annotations

import datetime
import zoneinfo

import pytest
from django.core import mail

from cities.tenancy import city_context
from notifications import channels
from notifications.models import Notification
from notifications.services import notify, preference_save, relay_pending
from tests.factories import UserFactory
from tests.notifications.conftest import REFERRAL

WIB = zoneinfo.ZoneInfo("Asia/Jakarta")


def _at(hour, minute=0, day=1):
    return datetime.datetime(2026, 12, day, hour, minute, tzinfo=WIB)


def _save(user, channels=None, **fields):
    return preference_save(actor=user, user=user, channels=channels or {}, **fields)


def _interview(user, key, now):
    context = {
        **REFERRAL,
        "starts_at": "2026-12-03T02:00:00+00:00",
        "place": "Kantor",
        "accommodation": "Kursi roda",
    }
    rows = notify(recipient=user, kind="interview_scheduled", context=context, idempotency_key=key)
    Notification.objects.filter(pk__in=[row.pk for row in rows]).update(next_attempt_at=now, created_at=now)
    return rows


def test_channels_per_kind_language_and_easy_read_are_respected(city_a):
    user = UserFactory(language="id", phone="+6281234567890")
    _save(user, channels={"referral_proposed": ["inbox"]}, language="en", easy_read=True)
    with city_context(city_a):
        (row,) = notify(recipient=user, kind="referral_proposed", context=REFERRAL, idempotency_key="r:1")
    assert (row.channel, row.language, row.easy_read) == ("inbox", "en", True)
    assert row.text == row.short_body  # the easy-read wording is what the person reads


def test_an_empty_channel_list_means_no_message(city_a):
    user = UserFactory()
    _save(user, channels={"referral_proposed": []})
    with city_context(city_a):
        assert notify(recipient=user, kind="referral_proposed", context=REFERRAL, idempotency_key="r:1") == []


@pytest.mark.django_db
def test_only_the_person_may_change_their_preferences():
    user, other = UserFactory(), UserFactory()
    with pytest.raises(PermissionError):
        preference_save(actor=other, user=user, channels={})
    with pytest.raises(ValueError):
        preference_save(actor=user, user=user, channels={"webhook_paused": ["sms"]})  # email and inbox only


def test_no_sms_in_quiet_hours_it_waits_for_the_morning(city_a):
    user = UserFactory(phone="+6281234567890")
    _save(user, channels={"interview_scheduled": ["sms", "email"]})  # quiet 21:00-07:00 by default
    with city_context(city_a):
        _interview(user, "i:1", _at(3))
        night = relay_pending(now=_at(3))  # 03:00 in Jakarta
        sms = Notification.objects.get(channel="sms")
        assert channels.text_outbox == []
        assert len(mail.outbox) == 1  # email is not held back by quiet hours
        assert night.deferred == 1
        assert sms.status == "pending" and sms.next_attempt_at == _at(7)
        assert relay_pending(now=_at(7)).sent == 1
    assert len(channels.text_outbox) == 1


def test_quiet_hours_follow_the_city_time_zone(city_a):
    city_a.timezone = "Asia/Jayapura"  # UTC+9: 22:00 in Jakarta is already midnight there
    city_a.save()
    user = UserFactory(phone="+6281234567890")
    _save(user, channels={"interview_scheduled": ["sms"]}, quiet_start=datetime.time(23), quiet_end=datetime.time(6))
    with city_context(city_a):
        _interview(user, "i:1", _at(22))
        assert relay_pending(now=_at(22)).deferred == 1


def test_quiet_hours_can_be_switched_off(city_a):
    user = UserFactory(phone="+6281234567890")
    _save(user, channels={"interview_scheduled": ["sms"]}, quiet_hours=False)
    with city_context(city_a):
        _interview(user, "i:1", _at(3))
        assert relay_pending(now=_at(3)).sent == 1


def test_past_the_daily_limit_the_rest_waits_for_one_digest_the_next_morning(city_a):
    user = UserFactory(language="en")
    _save(user, channels={"referral_proposed": ["email"]}, daily_limit=2)
    with city_context(city_a):
        for n in range(5):
            notify(recipient=user, kind="referral_proposed", context=REFERRAL, idempotency_key=f"r:{n}")
        Notification.objects.update(next_attempt_at=_at(10))
        day = relay_pending(now=_at(10))
        assert (day.sent, day.deferred) == (2, 3)
        held = Notification.objects.filter(in_digest=True)
        assert held.count() == 3
        assert {row.next_attempt_at for row in held} == {_at(7, day=2)}
        assert relay_pending(now=_at(23)).sent == 0
        morning = relay_pending(now=_at(7, day=2))
        assert morning.sent == 3
        assert set(Notification.objects.values_list("status", flat=True)) == {"sent"}
    assert len(mail.outbox) == 3  # two messages, then one digest of three
    digest = mail.outbox[-1]
    assert "(3)" in digest.subject
    assert digest.body.count("Referral proposed") == 3


def test_the_inbox_is_never_limited(city_a):
    user = UserFactory()
    _save(user, channels={"referral_proposed": ["inbox"]}, daily_limit=1)
    with city_context(city_a):
        for n in range(4):
            notify(recipient=user, kind="referral_proposed", context=REFERRAL, idempotency_key=f"r:{n}")
        assert Notification.objects.filter(status="sent", channel="inbox").count() == 4


@pytest.mark.django_db
def test_opted_in_reads_choices_and_defaults_in_one_query(django_assert_num_queries):
    from notifications.services import opted_in

    chose, unticked, never = UserFactory(), UserFactory(), UserFactory()
    _save(chose, channels={"vacancy_match": ["whatsapp"], "offer_made": []})
    _save(unticked, channels={"vacancy_match": []})
    with django_assert_num_queries(1):
        assert opted_in("vacancy_match", [chose.pk, unticked.pk, never.pk]) == {chose.pk}  # opt-in only
    assert opted_in("offer_made", [chose.pk, unticked.pk, never.pk]) == {unticked.pk, never.pk}  # default on
    assert opted_in("offer_made", []) == set()
