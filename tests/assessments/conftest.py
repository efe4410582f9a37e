"""Fixtures of the assessments tests: the shipped checklist, a workplace of city A, staff, partner."""

from __future__ import annotations

import datetime

import pytest
from django.utils import translation

from accounts.models import Membership
from cities.tenancy import city_context
from employers import services as employer_services
from reference.datasets import read_checklists
from reference.models import ChecklistItem, ChecklistVersion
from reference.services import default_data_dir
from tests.employers.conftest import ORG, make_member

VISIT = datetime.date(2026, 12, 1)


def load_checklist() -> ChecklistVersion:
    """The shipped checklist version and its 62 items (without the rest of the reference data)."""
    (rows,) = read_checklists(default_data_dir())
    version = ChecklistVersion.objects.create(**rows.version)
    ChecklistItem.objects.bulk_create([ChecklistItem(version=version, **item) for item in rows.items])
    return version


@pytest.fixture
def checklist(db):
    return load_checklist()


@pytest.fixture
def a_staff(city_a):
    return make_member(city_a, Membership.Role.STAFF, mfa=True)


@pytest.fixture
def a_partner(city_a):
    return make_member(city_a, Membership.Role.PARTNER, mfa=True)


@pytest.fixture
def an_employer_user(city_a):
    return make_member(city_a, Membership.Role.EMPLOYER)


@pytest.fixture
def workplace(city_a, an_employer_user):
    with city_context(city_a):
        employer = employer_services.employer_register(actor=an_employer_user, **ORG)
        return employer_services.workplace_save(
            actor=an_employer_user,
            employer=employer,
            name="Kantor pusat",
            address="Jl. Merdeka 1",
            features=["step_free", "toilet", "lift"],
            notes="",
        )


@pytest.fixture(autouse=True)
def _english(settings):
    """These tests read English wording: pages and messages in English (Indonesian is the default)."""
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield
