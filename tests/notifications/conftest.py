from __future__ import annotations

import pytest
from django.utils import translation

from notifications import channels


@pytest.fixture(autouse=True)
def _text_locmem(settings):
    settings.NOTIFICATIONS_TEXT_BACKEND = "locmem"
    channels.text_outbox.clear()
    yield
    channels.text_outbox.clear()


@pytest.fixture
def published(monkeypatch):
    """Relays published after commit, by city id (nothing reaches the broker)."""
    calls: list[tuple[int, float | None]] = []

    def fake_publish(city_id, countdown=None):
        calls.append((city_id, countdown))
        return True

    monkeypatch.setattr("notifications.services.publish_relay", fake_publish)
    return calls


REFERRAL = {"vacancy_title": "Juru ketik", "employer_name": "PT Maju", "url": "https://ijc.test/r/1"}


@pytest.fixture(autouse=True)
def _english(settings):
    """These tests read English wording: pages and messages in English (Indonesian is the default)."""
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield
