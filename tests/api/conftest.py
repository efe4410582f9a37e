"""Fixtures of the API tests: members of city A (and staff of city B) by role, tokens, clients."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.utils import translation
from rest_framework.test import APIClient

from accounts.models import Membership
from api import tokens
from cities.tenancy import city_context
from tests import personas


@pytest.fixture(autouse=True)
def _english_and_clean_cache(settings):
    """Messages are asserted in English (requests without Accept-Language get LANGUAGE_CODE);
    throttle counters start at zero in every test."""
    settings.LANGUAGE_CODE = "en"
    cache.clear()
    with translation.override("en"):
        yield
    cache.clear()


def make_member(city, role: str, *, mfa: bool | None = None):
    """A member of ``city`` with ``role`` (``personas.member``: TOTP for staff, city admins, partners)."""
    return personas.member(city, role, mfa=mfa)


def make_token(user, city, scope: str = "write", **kwargs) -> str:
    """A raw token for ``user`` in ``city`` (created like the page does)."""
    with city_context(city):
        _token, raw = tokens.token_create(user=user, name="test", scope=scope, **kwargs)
    return raw


def bearer_client(raw: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
    return client


@pytest.fixture
def members(city_a, city_b) -> dict:
    """One user per city role in city A, and ``other_city_staff`` (staff of city B)."""
    users = {role: make_member(city_a, role) for role in Membership.Role.values}
    users["other_city_staff"] = make_member(city_b, Membership.Role.STAFF)
    return users
