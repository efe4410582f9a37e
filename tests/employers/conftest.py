"""Fixtures of the employers tests: members of city A by role, an organisation, a published vacancy."""

from __future__ import annotations

import datetime

import pytest
from django.utils import translation

from accounts.models import Membership
from cities.tenancy import city_context
from employers import services
from tests import personas


def make_member(city, role: str, *, mfa: bool = False):
    """A member of ``city`` with ``role`` (``personas.member``), with TOTP only when ``mfa``."""
    return personas.member(city, role, mfa=mfa)


@pytest.fixture
def employer_user(city_a):
    return make_member(city_a, Membership.Role.EMPLOYER)


@pytest.fixture
def staff_user(staff_a):
    """City A's staff officer persona (with TOTP)."""
    return staff_a


@pytest.fixture
def seeker_user(city_a):
    return make_member(city_a, Membership.Role.JOB_SEEKER)


ORG = {
    "legal_name": "PT Maju Bersama",
    "nib": "1234567890123",
    "sector": "private",
    "size": "medium",
    "address": "Jl. Merdeka 1",
    "contact_name": "Budi",
    "contact_email": "hr@maju.test",
}


def vacancy_fields(**overrides) -> dict:
    fields = {
        "title": "Staf administrasi",
        "description": "<p>Mengelola <strong>arsip</strong>.</p>",
        "essential_tasks": "Memasukkan data ke komputer.",
        "openings": 2,
        "employment_type": "permanent",
        "arrangement": "on_site",
        "working_hours": "Senin-Jumat 08.00-16.00",
        "wage_min": 3_000_000,
        "wage_max": 4_000_000,
        "deadline": datetime.date(2099, 1, 31),
    }
    fields.update(overrides)
    return fields


@pytest.fixture
def organisation(city_a, employer_user):
    with city_context(city_a):
        return services.employer_register(actor=employer_user, **ORG)


@pytest.fixture
def verified_organisation(city_a, organisation, staff_user):
    with city_context(city_a):
        return services.employer_verify(actor=staff_user, employer=organisation)


@pytest.fixture
def published_vacancy(city_a, verified_organisation, employer_user, staff_user):
    with city_context(city_a):
        vacancy = services.vacancy_save(actor=employer_user, employer=verified_organisation, **vacancy_fields())
        services.vacancy_submit(actor=employer_user, vacancy=vacancy)
        return services.vacancy_publish(actor=staff_user, vacancy=vacancy)


@pytest.fixture(autouse=True)
def _english(settings):
    """These tests read English wording: pages and messages in English (Indonesian is the default)."""
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield
