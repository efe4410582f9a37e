"""Telling a person registered at the desk by their chosen channel (notifications.person_messages)."""

from __future__ import annotations

import datetime
import zoneinfo

import pytest
from django.core import mail
from django.db import transaction

from accounts.models import AuditLogEntry
from cities.tenancy import city_context
from notifications import channels
from notifications.models import CallLog, Notification, PersonMessage
from notifications.person_messages import call_log, letter_mark_printed, resolve_way
from notifications.person_texts import SHORT_LIMIT, render_person_message
from notifications.services import person_message_send, relay_pending

pytestmark = pytest.mark.django_db

INTERVIEW = {
    "person_name": "Agus Salim",
    "vacancy_title": "Staf administrasi",
    "employer_name": "PT Sinar Nusantara",
    "interview_at": "2026-12-14T02:00:00+00:00",  # 09:00 in Jakarta, 10:00 in Makassar
    "interview_place": "Jl. Merdeka 1, lantai 2",
    "accommodations": ["Juru bahasa isyarat", "Waktu tambahan"],
}


def _send(
    city,
    actor,
    *,
    channel="sms",
    phone="+6281234567890",
    email="",
    user=None,
    kind="interview_scheduled",
    context=None,
    key="interview:1",
    job_seeker_id=1,
    published=None,
):
    with city_context(city):
        return person_message_send(
            actor=actor,
            kind=kind,
            job_seeker_id=job_seeker_id,
            channel=channel,
            name="Agus Salim",
            phone=phone,
            email=email,
            user=user,
            context=INTERVIEW if context is None else context,
            dedupe_key=key,
        )


def _daytime_after_now(city) -> datetime.datetime:
    """The next 10:00 on the city's clock (outside the quiet hours that hold SMS at night)."""
    tz = zoneinfo.ZoneInfo(city.timezone)
    local = datetime.datetime.now(tz) + datetime.timedelta(days=1)
    return local.replace(hour=10, minute=0, second=0, microsecond=0)


@pytest.fixture
def no_broker(monkeypatch):
    published = []
    monkeypatch.setattr("notifications.outbox.publish", lambda name, city_id, countdown=None: published.append(city_id))
    return published


@pytest.mark.parametrize(
    ("channel", "phone", "email", "way"),
    [
        ("sms", "+62812", "", "sms"),
        ("whatsapp", "+62812", "", "whatsapp"),
        ("phone", "+62812", "", "phone"),
        ("email", "", "a@b.test", "email"),
        ("visit", "+62812", "a@b.test", "letter"),
        ("", "+62812", "a@b.test", "sms"),
        ("", "", "a@b.test", "email"),
        ("", "", "", "letter"),
        ("sms", "", "a@b.test", "email"),  # no phone for the chosen SMS: the email they have
        ("phone", "", "", "letter"),
        ("email", "+62812", "", "sms"),
    ],
)
def test_the_way_follows_the_chosen_channel_and_falls_back(channel, phone, email, way):
    assert resolve_way(channel, phone=phone, email=email) == way


def test_an_unknown_channel_is_refused():
    with pytest.raises(ValueError):
        resolve_way("pigeon", phone="+62812", email="")


def test_sms_goes_through_the_outbox_and_the_text_backend_in_plain_indonesian(
    city_a, staff_a, no_broker, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        result = _send(city_a, staff_a)
    assert result.created and result.way == "sms"
    (row,) = result.notifications
    assert (row.channel, row.address, row.status, row.recipient_id) == ("sms", "+6281234567890", "pending", None)
    assert no_broker == [city_a.pk]  # the relay is published after commit
    with city_context(city_a):
        outcome = relay_pending(now=_daytime_after_now(city_a))
    assert outcome.sent == 1
    (sent,) = channels.text_outbox
    assert sent.channel == "sms" and sent.to == "+6281234567890"
    text = sent.text
    assert len(text) <= SHORT_LIMIT
    assert "Halo Agus Salim" in text
    assert "Staf administrasi" in text and "PT Sinar Nusantara" in text
    assert "Senin, 14 Desember 2026 pukul 09.00 WIB" in text
    assert "Juru bahasa isyarat, Waktu tambahan" in text
    assert "wawancara" in text.lower()


def test_whatsapp_goes_to_the_phone_number(city_a, staff_a, no_broker):
    result = _send(city_a, staff_a, channel="whatsapp")
    (row,) = result.notifications
    assert row.channel == "whatsapp" and row.address == "+6281234567890"


def test_a_failing_gateway_retries_then_fails_as_for_every_message(city_a, staff_a, no_broker, settings, monkeypatch):
    _send(city_a, staff_a)

    def refuse(message):
        raise channels.PermanentChannelError("400 invalid number")

    monkeypatch.setattr(channels, "send", refuse)
    with city_context(city_a):
        relay_pending(now=_daytime_after_now(city_a))
        row = Notification.objects.get(idempotency_key="person:interview:1")
    assert row.status == "failed" and "invalid number" in row.last_error


def test_the_date_is_on_the_citys_clock_with_its_zone(city_a):
    _subject, body, short = render_person_message(
        "interview_scheduled",
        INTERVIEW,
        name="Agus",
        language="id",
        city_name="Kota Makassar",
        timezone_name="Asia/Makassar",
    )
    assert "pukul 10.00 WITA" in short and "pukul 10.00 WITA" in body
    _, _, papua = render_person_message(
        "interview_scheduled",
        INTERVIEW,
        name="Agus",
        language="id",
        city_name="Kota Jayapura",
        timezone_name="Asia/Jayapura",
    )
    assert "pukul 11.00 WIT" in papua


def test_long_values_are_shortened_so_the_sms_fits():
    long = dict(INTERVIEW, vacancy_title="Staf " * 60, employer_name="PT " * 50, interview_place="Jalan " * 50)
    _, body, short = render_person_message(
        "interview_scheduled", long, name="Agus", language="id", city_name="Kota Alpha", timezone_name="Asia/Jakarta"
    )
    assert len(short) <= SHORT_LIMIT
    assert "WIB" in short  # the date survives the shortening
    assert ("Staf " * 60).strip() in body  # the letter and the email keep everything


@pytest.mark.parametrize(
    ("kind", "context", "words"),
    [
        ("referral_confirmed_for_person", {}, "diajukan"),
        ("interview_accommodations_confirmed", {}, "Juru bahasa isyarat"),
        ("referral_request_sent_on", {}, "permintaan"),
        ("referral_request_declined", {"reason": "Lowongan sudah terisi"}, "Lowongan sudah terisi"),
    ],
)
def test_every_kind_is_written_in_indonesian(kind, context, words):
    values = {**INTERVIEW, **context}
    _subject, body, short = render_person_message(
        kind, values, name="Agus", language="id", city_name="Kota Alpha", timezone_name="Asia/Jakarta"
    )
    assert words.lower() in short.lower()
    assert "Staf administrasi" in short and "Halo" in short and "Hello" not in body
    assert "Pusat Ketenagakerjaan Inklusif" in body
    assert len(short) <= SHORT_LIMIT


def test_a_missing_value_or_unknown_kind_writes_nothing(city_a, staff_a, no_broker):
    with pytest.raises(ValueError):
        _send(city_a, staff_a, context={"vacancy_title": "X", "employer_name": "Y"})  # no interview_at
    with pytest.raises(ValueError):
        _send(city_a, staff_a, kind="unknown_kind")
    with city_context(city_a):
        assert not PersonMessage.objects.exists() and not Notification.objects.exists()


def test_the_same_key_never_sends_twice_whatever_the_channel(city_a, staff_a, no_broker):
    first = _send(city_a, staff_a)
    again = _send(city_a, staff_a)
    other_channel = _send(city_a, staff_a, channel="phone")
    assert first.created and not again.created and not other_channel.created
    assert other_channel.way == "sms"
    with city_context(city_a):
        assert PersonMessage.objects.count() == 1
        assert Notification.objects.count() == 1
    assert _send(city_a, staff_a, key="interview:2").created


def test_a_rolled_back_change_tells_nobody(city_a, staff_a, no_broker, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError), transaction.atomic():
        _send(city_a, staff_a)
        raise RuntimeError("the referral failed")
    with city_context(city_a):
        assert not PersonMessage.objects.exists() and not Notification.objects.exists()
    assert no_broker == []


def test_email_goes_to_the_address_through_the_email_channel(city_a, staff_a, no_broker):
    result = _send(city_a, staff_a, channel="email", phone="", email="agus@example.test")
    (row,) = result.notifications
    assert (row.channel, row.address) == ("email", "agus@example.test")
    with city_context(city_a):
        relay_pending(now=_daytime_after_now(city_a))
    (sent,) = mail.outbox
    assert sent.to == ["agus@example.test"]
    assert "Senin, 14 Desember 2026 pukul 09.00 WIB" in sent.body
    assert "Juru bahasa isyarat" in sent.body


def test_a_person_with_an_account_also_gets_it_in_the_inbox(city_a, staff_a, seeker_a, no_broker):
    result = _send(city_a, staff_a, channel="phone", user=seeker_a.user)
    assert result.way == "phone"
    (row,) = result.notifications
    assert (row.channel, row.recipient_id, row.status) == ("inbox", seeker_a.user.pk, "sent")
    assert "Staf administrasi" in row.body


def test_phone_becomes_a_call_to_make_with_the_script(city_a, staff_a, no_broker):
    result = _send(city_a, staff_a, channel="phone")
    assert result.way == "phone" and result.notifications == []
    message = result.message
    assert message.phone == "+6281234567890"
    assert "pukul 09.00 WIB" in message.script and "Juru bahasa isyarat" in message.script


def test_logging_calls_not_reached_keeps_it_reached_closes_it_and_both_are_audited(city_a, staff_a, no_broker):
    message = _send(city_a, staff_a, channel="phone").message
    with city_context(city_a):
        call_log(actor=staff_a, message=message, outcome="not_reached", note="Tidak diangkat")
        message.refresh_from_db()
        assert message.done_at is None
        call_log(actor=staff_a, message=message, outcome="reached")
        message.refresh_from_db()
        assert message.done_at is not None and message.done_by_id == staff_a.pk
        logs = list(CallLog.objects.filter(message=message).values_list("outcome", "note", "called_by_id"))
        assert logs == [("not_reached", "Tidak diangkat", staff_a.pk), ("reached", "", staff_a.pk)]
        entries = AuditLogEntry.objects.filter(object_pk=str(message.pk), actor=staff_a)
        assert entries.count() == 2
        with pytest.raises(ValueError):
            call_log(actor=staff_a, message=message, outcome="reached")  # already done


def test_a_wrong_number_closes_the_call(city_a, staff_a, no_broker):
    message = _send(city_a, staff_a, channel="phone").message
    with city_context(city_a):
        call_log(actor=staff_a, message=message, outcome="wrong_number", note="Nomor milik orang lain")
        message.refresh_from_db()
    assert message.done_at is not None


def test_visit_becomes_a_letter_marked_printed_once_and_audited(city_a, staff_a, no_broker):
    result = _send(city_a, staff_a, channel="visit")
    assert result.way == "letter" and result.notifications == []
    message = result.message
    assert "Pusat Ketenagakerjaan Inklusif, Kota Alpha" in message.body
    with city_context(city_a):
        with pytest.raises(ValueError):
            call_log(actor=staff_a, message=message, outcome="reached")
        letter_mark_printed(actor=staff_a, message=message)
        letter_mark_printed(actor=staff_a, message=message)
        message.refresh_from_db()
        assert message.done_by_id == staff_a.pk
        assert AuditLogEntry.objects.filter(object_pk=str(message.pk)).count() == 1


def test_no_phone_and_no_email_is_a_letter(city_a, staff_a, no_broker):
    assert _send(city_a, staff_a, channel="", phone="", email="").way == "letter"


def test_a_phone_number_as_people_write_it_is_sent_in_e164_and_an_unreadable_one_counts_as_none(
    city_a, staff_a, no_broker
):
    result = _send(city_a, staff_a, phone="0812-3456-7890")
    assert result.notifications[0].address == "+6281234567890"
    assert _send(city_a, staff_a, phone="bukan nomor", key="interview:2").way == "letter"


def test_erasing_a_person_deletes_their_messages_and_outbox_rows_only(city_a, staff_a, no_broker):
    from notifications.person_messages import person_messages_erase

    _send(city_a, staff_a, key="a", job_seeker_id=7)
    call = _send(city_a, staff_a, channel="phone", key="b", job_seeker_id=7).message
    _send(city_a, staff_a, key="c", job_seeker_id=8)
    with city_context(city_a):
        call_log(actor=staff_a, message=call, outcome="not_reached", note="Tidak diangkat")
        assert person_messages_erase(actor=staff_a, job_seeker_id=7) == 2
        assert list(PersonMessage.objects.values_list("job_seeker_id", flat=True)) == [8]
        assert list(Notification.objects.values_list("idempotency_key", flat=True)) == ["person:c"]
        assert not CallLog.objects.exists()


def test_anonymising_the_job_seeker_erases_their_messages(city_a, staff_a, walk_in_a, no_broker):
    from jobseekers.services import jobseeker_anonymise

    _send(city_a, staff_a, channel="visit", key="a", job_seeker_id=walk_in_a.pk)
    with city_context(city_a):
        jobseeker_anonymise(actor=staff_a, job_seeker=walk_in_a)
        assert not PersonMessage.objects.exists() and not Notification.objects.exists()
