"""Channels behind one interface, the SMS/WhatsApp backends, and every kind's wording in id and en."""

from __future__ import annotations

import datetime
import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from anymail.exceptions import AnymailAPIError, AnymailRecipientsRefused
from django.core import mail

from cities.tenancy import city_context
from notifications import channels
from notifications.channels import OutgoingMessage, PermanentChannelError, TransientChannelError
from notifications.kinds import KINDS, get_kind, prepare_context, render
from notifications.models import Notification
from notifications.services import notify, relay_pending
from tests.factories import UserFactory

SAMPLE = {
    "vacancy_title": "Juru ketik",
    "employer_name": "PT Maju",
    "url": "https://ijc.test/x",
    "starts_at": "2026-12-01T02:00:00+00:00",
    "place": "Jl. Merdeka 1, lantai 1",
    "accommodation": "Juru bahasa isyarat; pintu masuk tanpa tangga",
    "starts_on": "1 Desember 2026",
    "person_name": "Siti",
    "due_on": "5 Desember 2026",
    "workplace_name": "Pabrik Utara",
    "request_type": "akses data",
    "received_at": "2026-11-29T03:00:00+00:00",
    "consent_type": "pencocokan lowongan",
    "withdrawn_at": "2026-11-29T03:00:00+00:00",
    "endpoint_url": "https://hooks.example.org/ijc",
    "failures": 10,
    "paused_at": "2026-11-29T03:00:00+00:00",
    "last_error": "The endpoint answered 503.",
    "claim_code": "482913",
    "expires_at": "2026-12-02T03:00:00+00:00",
}


@pytest.mark.parametrize("code", sorted(KINDS))
@pytest.mark.parametrize("language", ["id", "en"])
def test_every_kind_renders_plain_text_and_an_easy_read_short_version(code, language):
    kind = get_kind(code)
    context = prepare_context(kind, {name: SAMPLE[name] for name in kind.required})
    subject, body, short = render(kind, context, language=language, timezone_name="Asia/Jakarta")
    assert subject and body and short
    assert "%(" not in subject + body + short  # every placeholder filled
    assert "<" not in body  # plain text: nothing only in markup, colour or layout
    assert len(short) <= 320 and len(short) < len(body)
    assert "\n" not in short


def test_datetimes_are_shown_in_the_city_time_zone():
    kind = get_kind("interview_scheduled")
    _s, body, _short = render(kind, prepare_context(kind, SAMPLE), language="en", timezone_name="Asia/Jayapura")
    assert "11:00" in body or "11 a.m." in body  # 02:00 UTC is 11:00 WIT
    assert "Asia/Jayapura" in body
    assert SAMPLE["accommodation"] in body


def test_a_data_request_gets_its_3_x_24_hour_deadline():
    kind = get_kind("data_request_received")
    context = prepare_context(kind, {name: SAMPLE[name] for name in kind.required})
    deadline = datetime.datetime.fromisoformat(context["deadline_at"])
    assert deadline - datetime.datetime.fromisoformat(SAMPLE["received_at"]) == datetime.timedelta(hours=72)
    _subject, body, _short = render(kind, context, language="en")
    assert "3 x 24 hours" in body


def test_new_matching_vacancies_go_only_to_people_who_opted_in(city_a):
    user = UserFactory()
    context = {name: SAMPLE[name] for name in get_kind("vacancy_match").required}
    with city_context(city_a):
        assert notify(recipient=user, kind="vacancy_match", context=context, idempotency_key="v:1") == []
        assert Notification.objects.count() == 0


def test_someone_without_an_account_gets_email_only_at_the_given_address(city_a):
    kind = get_kind("assessment_shared")
    with city_context(city_a):
        (row,) = notify(
            recipient=None,
            address="baru@example.test",
            kind="assessment_shared",
            context={name: SAMPLE[name] for name in kind.required},
            idempotency_key="shared:1",
            channels=["email", "inbox", "sms"],
        )
        relay_pending()
    assert row.channel == "email"
    assert mail.outbox[0].to == ["baru@example.test"]


def test_choice_labels_in_the_context_are_translated_for_the_recipient(city_a):
    kind = get_kind("consent_withdrawn")
    context = {
        **{name: SAMPLE[name] for name in kind.required},
        "consent_type": "Being included in matching with vacancies",
    }
    _subject, body_id, _short = render(kind, context, language="id")
    _subject, body_en, _short = render(kind, context, language="en")
    assert "Being included in matching with vacancies" in body_en
    assert "Being included in matching with vacancies" not in body_id  # the catalogue's Indonesian label


def test_every_kind_declares_the_roles_it_is_sent_to():
    from accounts.models import Membership

    for kind in KINDS.values():
        assert kind.roles and set(kind.roles) <= set(Membership.Role.values), kind.code


def test_sms_and_whatsapp_use_the_text_backend_with_the_short_wording(city_a):
    user = UserFactory(phone="+6281234567890")
    with city_context(city_a):
        notify(
            recipient=user,
            kind="interview_scheduled",
            context=SAMPLE,
            idempotency_key="interview:1",
            channels=["sms", "whatsapp", "email", "inbox"],
        )
        Notification.objects.update(next_attempt_at=datetime.datetime(2026, 11, 29, 5, tzinfo=datetime.UTC))
        result = relay_pending(now=datetime.datetime(2026, 11, 29, 5, tzinfo=datetime.UTC))  # 12:00 WIB
        inbox = Notification.objects.get(channel="inbox")
    assert result.sent == 3
    assert sorted((m.channel, m.to) for m in channels.text_outbox) == [
        ("sms", "+6281234567890"),
        ("whatsapp", "+6281234567890"),
    ]
    assert all(len(m.text) <= 320 for m in channels.text_outbox)
    assert inbox.status == "sent" and inbox.read_at is None


def test_sms_without_a_mobile_number_fails_permanently(city_a):
    user = UserFactory()
    with city_context(city_a):
        notify(recipient=user, kind="interview_scheduled", context=SAMPLE, idempotency_key="i:2", channels=["sms"])
        Notification.objects.update(next_attempt_at=datetime.datetime(2026, 11, 29, 5, tzinfo=datetime.UTC))
        relay_pending(now=datetime.datetime(2026, 11, 29, 5, tzinfo=datetime.UTC))
        row = Notification.objects.get()
    assert row.status == "failed" and "mobile number" in row.last_error


def test_the_file_backend_appends_json_lines(settings, tmp_path):
    settings.NOTIFICATIONS_TEXT_BACKEND = "file"
    settings.NOTIFICATIONS_TEXT_FILE = str(tmp_path / "sms.jsonl")
    message = OutgoingMessage("sms", "+628111", "s", "halo", "id", "k1")
    channels.send(message)
    channels.send(message)
    lines = (tmp_path / "sms.jsonl").read_text().splitlines()
    assert [json.loads(line)["text"] for line in lines] == ["halo", "halo"]


class _Gateway(BaseHTTPRequestHandler):
    status = 200
    received: list[dict] = []

    def do_POST(self):
        length = int(self.headers["Content-Length"])
        body = json.loads(self.rfile.read(length))
        type(self).received.append({**body, "auth": self.headers.get("Authorization")})
        self.send_response(type(self).status)
        self.end_headers()
        self.wfile.write(b"{}")

    def log_message(self, *args):
        pass


@pytest.fixture
def gateway(settings):
    server = HTTPServer(("127.0.0.1", 0), _Gateway)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    _Gateway.received = []
    _Gateway.status = 200
    settings.NOTIFICATIONS_TEXT_BACKEND = "http"
    settings.NOTIFICATIONS_GATEWAY_URL = f"http://127.0.0.1:{server.server_port}/send"
    settings.NOTIFICATIONS_GATEWAY_TOKEN = "rahasia"
    settings.NOTIFICATIONS_GATEWAY_TIMEOUT = 2
    yield _Gateway
    server.shutdown()
    server.server_close()


def test_the_http_gateway_posts_json_with_the_token_and_the_idempotency_key(gateway):
    channels.send(OutgoingMessage("whatsapp", "+628111", "s", "halo", "id", "1:whatsapp:k"))
    assert gateway.received == [
        {
            "channel": "whatsapp",
            "to": "+628111",
            "text": "halo",
            "idempotency_key": "1:whatsapp:k",
            "auth": "Bearer rahasia",
        }
    ]


@pytest.mark.parametrize(
    ("status", "error"), [(503, TransientChannelError), (429, TransientChannelError), (400, PermanentChannelError)]
)
def test_the_http_gateway_maps_status_codes_to_transient_or_permanent(gateway, status, error):
    gateway.status = status
    with pytest.raises(error):
        channels.send(OutgoingMessage("sms", "+628111", "s", "halo", "id", "k"))


def test_an_unreachable_gateway_is_transient(settings):
    settings.NOTIFICATIONS_TEXT_BACKEND = "http"
    settings.NOTIFICATIONS_GATEWAY_URL = "http://127.0.0.1:9/send"  # discard port: refused
    with pytest.raises(TransientChannelError):
        channels.send(OutgoingMessage("sms", "+628111", "s", "halo", "id", "k"))


def test_every_kind_is_sent_by_some_app():
    """A kind nobody sends is a setting people can tick for nothing: each code must appear, quoted,
    in the code of an app above notifications (not in notifications itself, not in tests)."""
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    apps = ("placements", "assessments", "jobseekers", "employers", "webhooks", "api", "dashboards", "accounts")
    sources = "\n".join(
        path.read_text(encoding="utf-8")
        for app in apps
        if (root / app).is_dir()
        for path in (root / app).rglob("*.py")
        if "migrations" not in path.parts
    )
    assert [code for code in KINDS if f'"{code}"' not in sources] == []


def _api_error(message, status=None):
    """An ``AnymailAPIError`` as a provider backend raises it (with the HTTP response when there was one)."""
    if status is None:
        return AnymailAPIError(message)
    import requests

    response = requests.Response()
    response.status_code, response.reason, response._content = status, "Reason", b'{"message": "x"}'
    return AnymailAPIError(message, status_code=status, response=response)


class TestAnymailProvider:
    """EMAIL_PROVIDER: an anymail backend behind the same email channel (anymail's test backend here)."""

    @pytest.fixture(autouse=True)
    def _anymail(self, settings):
        settings.MAILERS = {"default": {"BACKEND": "anymail.backends.test.EmailBackend", "OPTIONS": {}}}

    MESSAGE = channels.OutgoingMessage(
        channel="email", to="siti@example.test", subject="S", text="T", language="id", idempotency_key="k:1"
    )

    def test_a_message_goes_through_the_provider_with_its_key(self):
        channels.send_email(self.MESSAGE)
        (sent,) = mail.outbox
        assert sent.to == ["siti@example.test"]
        assert sent.anymail_test_params["metadata"] == {"notification": "k:1"}
        assert sent.extra_headers["X-IJC-Notification"] == "k:1"

    @pytest.mark.parametrize(
        ("error", "outcome"),
        [
            (_api_error("busy", 503), channels.TransientChannelError),
            (_api_error("slow down", 429), channels.TransientChannelError),
            (_api_error("no answer"), channels.TransientChannelError),  # network: no status
            (_api_error("bad request", 400), channels.PermanentChannelError),
            (_api_error("bad key", 401), channels.PermanentChannelError),
            (AnymailRecipientsRefused("bounced before"), channels.PermanentChannelError),
        ],
    )
    def test_provider_errors_are_transient_or_permanent(self, monkeypatch, error, outcome):
        from anymail.backends.test import EmailBackend

        def refuse(self, payload, message):
            raise error

        monkeypatch.setattr(EmailBackend, "post_to_esp", refuse)
        with pytest.raises(outcome):
            channels.send_email(self.MESSAGE)
