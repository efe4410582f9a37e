from __future__ import annotations

import pytest

from accounts.models import Membership
from accounts.services import member_register
from tests.factories import UserFactory, give_totp


@pytest.fixture
def staff(city_a):
    user = UserFactory(name="Sari Petugas")
    member_register(user=user, city=city_a, role=Membership.Role.STAFF)
    give_totp(user)
    return user


@pytest.fixture
def partner(city_a):
    user = UserFactory(name="Yusuf Mitra")
    member_register(user=user, city=city_a, role=Membership.Role.PARTNER, organisation="Yayasan")
    give_totp(user)
    return user


@pytest.fixture
def job_seeker_user(city_a):
    """A job seeker who signed up in city A: their profile was made at sign-up."""
    from accounts.services import member_sign_up

    user = UserFactory(name="Rina Pencari")
    member_sign_up(user=user, city=city_a, role=Membership.Role.JOB_SEEKER)
    return user


@pytest.fixture
def job_seeker_without_profile(city_a):
    """A job-seeker member of city A with no profile (an account from before sign-up made one)."""
    user = UserFactory(name="Rina Pencari")
    member_register(user=user, city=city_a, role=Membership.Role.JOB_SEEKER)
    return user


@pytest.fixture
def staff_b(city_b):
    user = UserFactory(name="Petugas Beta")
    member_register(user=user, city=city_b, role=Membership.Role.STAFF)
    give_totp(user)
    return user
