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
    user = UserFactory(name="Rina Pencari")
    member_register(user=user, city=city_a, role=Membership.Role.JOB_SEEKER)
    return user


@pytest.fixture
def staff_b(city_b):
    user = UserFactory(name="Petugas Beta")
    member_register(user=user, city=city_b, role=Membership.Role.STAFF)
    give_totp(user)
    return user
