"""WhatsApp through the Cloud API (notifications.whatsapp), against a local fake Graph API server."""

from __future__ import annotations

import datetime
import hashlib
import hmac
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.urls import reverse
from django.utils import timezone

from cities.tenancy import city_context
from notifications import channels, tasks
from notifications.kinds import KINDS
from notifications.models import Notification, WhatsAppMessage, WhatsAppOptIn
from notifications.services import notify_address, relay_pending
from notifications.whatsapp import opt_in_record, opt_in_withdraw
from notifications.whatsapp_templates import TEMPLATES, template_body
from tests.notifications.conftest import REFERRAL

pytestmark = pytest.mark.django_db

PHONE = "+6281234567890"
SECRET = "app-secret"


class FakeGraph:
    """A threaded HTTP server standing in for graph.facebook.com: records requests, answers from a queue."""

    def __init__(self):
        self.requests: list[dict] = []
        self.answers: list[tuple[int, dict]] = []
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                fake.requests.append({"path": self.path, "headers": dict(self.headers), "json": json.loads(body)})
                status, answer = (
                    fake.answers.pop(0)
                    if fake.answers
                    else (200, {"messages": [{"id": f"wamid.{len(fake.requests)}"}]})
                )
                data = json.dumps(answer).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/v21.0"
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self.thread.start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture(autouse=True)
def _daytime(monkeypatch):
    """Tomorrow 03:00 UTC (10:00 WIB, 11:00 WITA, 12:00 WIT): outside the quiet hours that hold WhatsApp and SMS."""
    day = (datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=1)).replace(hour=3, minute=0, second=0)
    monkeypatch.setattr("django.utils.timezone.now", lambda: day)
    return day


@pytest.fixture
def graph(settings):
    fake = FakeGraph()
    settings.WHATSAPP_API_URL = fake.url
    settings.WHATSAPP_PHONE_NUMBER_ID = "1234567890"
    settings.WHATSAPP_TOKEN = "test-token"
    settings.WHATSAPP_APP_SECRET = SECRET
    settings.WHATSAPP_VERIFY_TOKEN = "verify-me"
    yield fake
    fake.close()


def _queue(city, *, key="referral:1", kind="referral_proposed", context=REFERRAL, opted_in=True, phone=PHONE):
    with city_context(city):
        if opted_in:
            opt_in_record(phone=phone, method=WhatsAppOptIn.Method.DESK)
        (row,) = notify_address(
            address=phone, channel="whatsapp", kind=kind, context=context, idempotency_key=key, language="id"
        )
    return row


def _relay(city, **kwargs):
    with city_context(city):
        return relay_pending(**kwargs)


def _rows(city, key="referral:1"):
    with city_context(city):
        return {row.channel: row for row in Notification.objects.filter(idempotency_key=key)}


def _signed_post(client, payload, secret=SECRET):
    body = json.dumps(payload).encode()
    signature = "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    return client.post(
        reverse("notifications:whatsapp-webhook"),
        data=body,
        content_type="application/json",
        headers={"X-Hub-Signature-256": signature},
    )


def _status(wamid, status, at=1_800_000_000, **extra):
    value = {"statuses": [{"id": wamid, "status": status, "timestamp": str(at), **extra}]}
    return {"object": "whatsapp_business_account", "entry": [{"id": "1", "changes": [{"value": value}]}]}


def test_a_template_is_sent_with_the_cloud_api_json(graph, city_a):
    row = _queue(city_a)
    result = _relay(city_a)
    assert result.sent == 1 and len(graph.requests) == 1
    request = graph.requests[0]
    assert request["path"] == "/v21.0/1234567890/messages"
    assert request["headers"]["Authorization"] == "Bearer test-token"
    assert request["json"] == {
        "messaging_product": "whatsapp",
        "recipient_type": "individual",
        "to": "6281234567890",
        "type": "template",
        "template": {
            "name": "ijc_referral_proposed",
            "language": {"code": "id"},
            "components": [
                {
                    "type": "body",
                    "parameters": [
                        {"type": "text", "text": "Juru ketik"},
                        {"type": "text", "text": "https://ijc.test/r/1"},
                    ],
                }
            ],
        },
    }
    assert _rows(city_a)["whatsapp"].status == Notification.Status.SENT
    ref = WhatsAppMessage.objects.get()
    assert (ref.wamid, ref.portal_city_id, ref.notification_id) == ("wamid.1", city_a.pk, row.pk)
    assert channels.text_outbox == []


def test_inside_the_24_hour_window_a_text_goes_and_outside_it_a_template(graph, city_a):
    _queue(city_a, key="k:1")
    with city_context(city_a):
        WhatsAppOptIn.objects.update(last_inbound_at=timezone.now() - datetime.timedelta(hours=23))
    _relay(city_a)
    assert graph.requests[0]["json"]["type"] == "text"
    assert graph.requests[0]["json"]["text"]["body"] == _rows(city_a, "k:1")["whatsapp"].short_body
    _queue(city_a, key="k:2")
    with city_context(city_a):
        WhatsAppOptIn.objects.update(last_inbound_at=timezone.now() - datetime.timedelta(hours=25))
    _relay(city_a)
    assert graph.requests[1]["json"]["type"] == "template"


def test_without_an_opt_in_whatsapp_is_never_used_and_sms_goes(graph, city_a):
    _queue(city_a, opted_in=False)
    _relay(city_a)
    assert graph.requests == []
    rows = _rows(city_a)
    assert rows["whatsapp"].status == Notification.Status.FAILED
    assert "NotOptedIn" in rows["whatsapp"].last_error
    assert rows["sms"].status == Notification.Status.SENT
    assert [(m.channel, m.to) for m in channels.text_outbox] == [("sms", PHONE)]


def test_a_withdrawn_opt_in_counts_as_none(graph, city_a):
    _queue(city_a)
    with city_context(city_a):
        assert opt_in_withdraw(phone=PHONE) == 1
    _relay(city_a)
    assert graph.requests == [] and [m.channel for m in channels.text_outbox] == ["sms"]


def test_a_failed_send_falls_back_to_sms_exactly_once_when_the_task_runs_twice(graph, city_a, published):
    graph.answers.append((400, {"error": {"code": 131026, "message": "Message undeliverable"}}))
    _queue(city_a)
    tasks.relay(city_id=city_a.pk)
    tasks.relay(city_id=city_a.pk)
    assert len(graph.requests) == 1
    assert [(m.channel, m.to) for m in channels.text_outbox] == [("sms", PHONE)]
    rows = _rows(city_a)
    assert rows["whatsapp"].status == Notification.Status.FAILED and "131026" in rows["whatsapp"].last_error
    assert rows["sms"].status == Notification.Status.SENT and rows["sms"].attempts == 1


def test_a_transient_error_is_retried_on_whatsapp_not_sms(graph, city_a):
    graph.answers.append((503, {"error": {"code": 131016, "message": "Service unavailable"}}))
    _queue(city_a)
    result = _relay(city_a)
    assert result.retried == 1 and channels.text_outbox == []
    assert set(_rows(city_a)) == {"whatsapp"}
    assert _rows(city_a)["whatsapp"].status == Notification.Status.PENDING


def test_without_settings_whatsapp_keeps_the_text_backend(settings, city_a):
    settings.WHATSAPP_PHONE_NUMBER_ID = ""
    _queue(city_a, opted_in=False)
    _relay(city_a)
    assert [m.channel for m in channels.text_outbox] == ["whatsapp"]


def test_the_webhook_handshake(graph, client):
    url = reverse("notifications:whatsapp-webhook")
    ok = client.get(url, {"hub.mode": "subscribe", "hub.verify_token": "verify-me", "hub.challenge": "42"})
    assert ok.status_code == 200 and ok.content == b"42"
    assert (
        client.get(url, {"hub.mode": "subscribe", "hub.verify_token": "wrong", "hub.challenge": "42"}).status_code
        == 403
    )
    assert client.get(url).status_code == 403


def test_the_webhook_accepts_a_good_signature_and_rejects_a_bad_one(graph, client, city_a):
    _queue(city_a)
    _relay(city_a)
    assert _signed_post(client, _status("wamid.1", "delivered"), secret="forged").status_code == 403
    assert (
        client.post(reverse("notifications:whatsapp-webhook"), data="{}", content_type="application/json").status_code
        == 403
    )
    assert _rows(city_a)["whatsapp"].delivery_status == ""
    answer = _signed_post(client, _status("wamid.1", "delivered"))
    assert answer.status_code == 200 and answer.json() == {"statuses": 1, "inbound": 0}
    assert _rows(city_a)["whatsapp"].delivery_status == "delivered"


def test_statuses_move_forward_only_and_repeat_harmlessly(graph, client, city_a):
    _queue(city_a)
    _relay(city_a)
    _signed_post(client, _status("wamid.1", "read", at=1_800_000_100))
    _signed_post(client, _status("wamid.1", "delivered", at=1_800_000_050))  # late and out of order
    _signed_post(client, _status("wamid.1", "read", at=1_800_000_200))  # a repeat
    row = _rows(city_a)["whatsapp"]
    assert row.delivery_status == "read" and row.status == Notification.Status.SENT
    assert row.read_at == datetime.datetime.fromtimestamp(1_800_000_100, tz=datetime.UTC)
    assert row.delivered_at == row.read_at


def test_a_failed_status_falls_back_to_sms_once(graph, client, city_a, published):
    _queue(city_a)
    _relay(city_a)
    failed = _status("wamid.1", "failed", errors=[{"code": 131026, "title": "Message undeliverable"}])
    _signed_post(client, failed)
    _signed_post(client, failed)
    rows = _rows(city_a)
    assert rows["whatsapp"].status == Notification.Status.FAILED and rows["whatsapp"].delivery_status == "failed"
    assert rows["sms"].status == Notification.Status.PENDING
    _relay(city_a)
    _relay(city_a)
    assert [m.channel for m in channels.text_outbox] == ["sms"]


def test_webhook_updates_stay_in_their_city(graph, client, city_a, city_b):
    _queue(city_a)
    _relay(city_a)
    _queue(city_b)
    _relay(city_b)
    assert {ref.wamid: ref.portal_city_id for ref in WhatsAppMessage.objects.all()} == {
        "wamid.1": city_a.pk,
        "wamid.2": city_b.pk,
    }
    _signed_post(client, _status("wamid.2", "read"))
    assert _rows(city_a)["whatsapp"].delivery_status == ""
    assert _rows(city_b)["whatsapp"].delivery_status == "read"
    assert _signed_post(client, _status("wamid.unknown", "read")).json()["statuses"] == 0


def test_an_inbound_message_opens_the_window_where_the_person_opted_in(graph, client, city_a, city_b):
    with city_context(city_a):
        opt_in_record(phone=PHONE, method=WhatsAppOptIn.Method.PORTAL)
    inbound = {
        "messages": [{"from": "6281234567890", "timestamp": str(int(timezone.now().timestamp())), "type": "text"}]
    }
    event = {"object": "whatsapp_business_account", "entry": [{"changes": [{"value": inbound}]}]}
    assert _signed_post(client, event).json() == {"statuses": 0, "inbound": 1}
    with city_context(city_a):
        assert WhatsAppOptIn.objects.get().last_inbound_at is not None
    with city_context(city_b):
        assert not WhatsAppOptIn.objects.exists()
    _queue(city_a)
    _relay(city_a)
    assert graph.requests[0]["json"]["type"] == "text"


def test_every_listed_kind_has_a_template_in_both_languages():
    listed = {code for code, kind in KINDS.items() if kind.listed}
    assert set(TEMPLATES) == listed
    for code, template in TEMPLATES.items():
        assert set(template.parameters) <= set(KINDS[code].required) | {"deadline_at"}
        for language in ("id", "en"):
            body = template_body(code, language)
            assert all(f"{{{{{n}}}}}" in body for n in range(1, len(template.parameters) + 1)), (code, language)


def test_a_whatsapp_summary_outside_the_window_becomes_one_sms_summary(graph, city_a):
    _queue(city_a, key="k:1")
    _queue(city_a, key="k:2")
    with city_context(city_a):
        Notification.objects.update(in_digest=True)
    _relay(city_a)
    assert graph.requests == []
    assert [m.channel for m in channels.text_outbox] == ["sms"]
    assert channels.text_outbox[0].text.count("Juru ketik") == 2
    with city_context(city_a):
        statuses = sorted(Notification.objects.values_list("channel", "status"))
    assert statuses == [("sms", "sent"), ("sms", "sent"), ("whatsapp", "failed"), ("whatsapp", "failed")]


def test_a_signed_body_of_the_wrong_shape_changes_nothing(graph, client, city_a):
    _queue(city_a)
    _relay(city_a)
    for payload in (
        {"entry": "x"},
        {"entry": [1, {"changes": [None, {"value": []}]}]},
        {"entry": [{"changes": [{"value": {"statuses": ["x"], "messages": [{"from": "+62 x"}]}}]}]},
    ):
        assert _signed_post(client, payload).json() == {"statuses": 0, "inbound": 0}
    assert _signed_post(client, []).status_code == 400
    assert _rows(city_a)["whatsapp"].delivery_status == ""


def test_choosing_whatsapp_on_the_profile_records_the_opt_in_and_another_way_withdraws_it(city_a, staff_a):
    from jobseekers.services import jobseeker_register, jobseeker_update
    from tests.factories import UserFactory

    person = UserFactory()
    with city_context(city_a):
        seeker = jobseeker_register(actor=person, name="Siti", channel="self", user=person)
        jobseeker_update(actor=person, job_seeker=seeker, phone=PHONE, contact_channel="whatsapp")
        opt_in = WhatsAppOptIn.objects.get()
        assert (opt_in.phone, opt_in.method, opt_in.recorded_by, opt_in.withdrawn_at) == (PHONE, "portal", None, None)
        jobseeker_update(actor=person, job_seeker=seeker, phone=PHONE, contact_channel="whatsapp")  # saved again
        assert WhatsAppOptIn.objects.get().given_at == opt_in.given_at
        jobseeker_update(actor=person, job_seeker=seeker, phone=PHONE, contact_channel="sms")
        assert WhatsAppOptIn.objects.get().withdrawn_at is not None
        walk_in = jobseeker_register(
            actor=staff_a, name="Agus", channel="staff", phone="+6281111111111", contact_channel="whatsapp"
        )
        desk = WhatsAppOptIn.objects.get(phone=walk_in.phone)
        assert (desk.method, desk.recorded_by) == ("desk", staff_a)
        jobseeker_register(
            actor=staff_a, name="Imported", channel="import", phone="+6282222222222", contact_channel="whatsapp"
        )
        assert not WhatsAppOptIn.objects.filter(phone="+6282222222222").exists()


def test_erasing_the_person_deletes_their_whatsapp_opt_in(city_a, staff_a):
    from jobseekers.services import jobseeker_register
    from jobseekers.services.rights import jobseeker_anonymise

    with city_context(city_a):
        seeker = jobseeker_register(
            actor=staff_a, name="Agus", channel="staff", phone=PHONE, contact_channel="whatsapp"
        )
        assert WhatsAppOptIn.objects.filter(phone=PHONE).exists()
        jobseeker_anonymise(actor=staff_a, job_seeker=seeker)
        assert not WhatsAppOptIn.objects.exists()
