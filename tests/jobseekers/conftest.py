"""Fixtures of the job-seekers tests: the personas of city A (and city B's staff from tests/conftest.py)."""

from __future__ import annotations

import pytest

from accounts.models import Membership
from tests import personas


@pytest.fixture
def staff(staff_a):
    """City A's staff officer persona, Sari Petugas (with TOTP)."""
    return staff_a


@pytest.fixture
def partner(city_a):
    """A partner of city A, Yusuf Mitra of "Yayasan" (with TOTP), who has registered nobody yet."""
    return personas.partner_member(city_a, organisation="Yayasan").user


@pytest.fixture
def job_seeker_user(city_a):
    """A job seeker who signed up in city A: their profile was made at sign-up."""
    return personas.member(city_a, Membership.Role.JOB_SEEKER, sign_up=True, name="Rina Pencari")


@pytest.fixture
def job_seeker_without_profile(city_a):
    """A job-seeker member of city A with no profile (an account from before sign-up made one)."""
    return personas.member(city_a, Membership.Role.JOB_SEEKER, name="Rina Pencari")
