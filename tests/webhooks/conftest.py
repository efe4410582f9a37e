"""Webhook test fixtures: a local HTTP receiver in a thread, loopback allowed, English pages."""

from __future__ import annotations

import http.server
import threading
import time
from dataclasses import dataclass, field

import pytest
from django.utils import translation

from accounts.models import Membership
from accounts.services import member_register
from cities.tenancy import city_context
from tests.factories import UserFactory, give_totp
from webhooks import services
from webhooks.models import Event


@dataclass
class Received:
    path: str
    headers: dict
    body: bytes


@dataclass
class Receiver:
    """What the local endpoint answers (``statuses`` in turn, then ``default``) and what it received."""

    url: str = ""
    statuses: list[int] = field(default_factory=list)
    default: int = 200
    delay: float = 0.0
    location: str = ""
    requests: list[Received] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def next_status(self) -> int:
        with self.lock:
            return self.statuses.pop(0) if self.statuses else self.default


@pytest.fixture
def receiver():
    state = Receiver()

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self):
            length = int(self.headers.get("Content-Length", "0"))
            body = self.rfile.read(length)
            state.requests.append(Received(self.path, dict(self.headers.items()), body))
            if state.delay:
                time.sleep(state.delay)
            status = state.next_status()
            try:
                self.send_response(status)
                if state.location:
                    self.send_header("Location", state.location)
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"ok")
            except (BrokenPipeError, ConnectionResetError):
                pass

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    state.url = f"http://127.0.0.1:{server.server_address[1]}/hooks/ijc"
    yield state
    server.shutdown()
    server.server_close()


@pytest.fixture(autouse=True)
def _webhook_settings(settings):
    settings.WEBHOOKS_ALLOW_LOOPBACK = True
    settings.WEBHOOKS_TIMEOUT = 2
    settings.WEBHOOKS_BACKOFF_BASE_SECONDS = 60
    settings.WEBHOOKS_BACKOFF_MAX_SECONDS = 6 * 3600
    settings.WEBHOOKS_MAX_ATTEMPTS = 12
    settings.WEBHOOKS_PAUSE_AFTER_FAILURES = 10
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def published(monkeypatch):
    """Relays published after commit, by city id (nothing reaches the broker)."""
    calls: list[tuple[int, float | None]] = []

    def fake_publish(city_id, countdown=None):
        calls.append((city_id, countdown))
        return True

    monkeypatch.setattr("webhooks.services.publish_relay", fake_publish)
    monkeypatch.setattr("notifications.services.publish_relay", fake_publish)
    return calls


def member(city, role, *, mfa=False):
    user = UserFactory(language="en")
    member_register(user=user, city=city, role=role)
    if mfa:
        give_totp(user)
    return user


@pytest.fixture
def city_admin(city_a):
    return member(city_a, Membership.Role.CITY_ADMIN, mfa=True)


@pytest.fixture
def endpoint_and_secret(city_a, city_admin, receiver):
    with city_context(city_a):
        return services.endpoint_create(
            actor=city_admin, url=receiver.url, events=[Event.VACANCY_PUBLISHED, Event.PLACEMENT_MADE]
        )
