"""Memberships: a user may read their own across cities, but only a city's context may write them."""

from __future__ import annotations

import pytest
from django.db.utils import ProgrammingError

from accounts.models import Membership
from cities.tenancy import NoCityContextError, city_context, user_context
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def mallory(city_a, city_b):
    user = UserFactory(name="Mallory")
    with city_context(city_a):
        MembershipFactory(user=user, city=city_a, role=Membership.Role.JOB_SEEKER)
    with city_context(city_b):
        MembershipFactory(user=UserFactory(), city=city_b, role=Membership.Role.CITY_ADMIN)
    return user


def test_a_user_reads_only_their_own_memberships_before_a_city_is_chosen(mallory, city_a):
    with user_context(mallory.pk):
        assert list(Membership.objects.values_list("user_id", "city_id")) == [(mallory.pk, city_a.pk)]
    assert Membership.objects.count() == 0  # no context at all: nothing


def test_user_context_cannot_move_a_membership_to_another_city(mallory, city_a, city_b):
    with user_context(mallory.pk):
        moved = Membership.objects.filter(user=mallory).update(city_id=city_b.pk, role=Membership.Role.CITY_ADMIN)
    assert moved == 0
    with city_context(city_b):
        assert not Membership.objects.filter(user=mallory).exists()


def test_user_context_cannot_create_or_delete_memberships(mallory, city_b):
    with pytest.raises(ProgrammingError, match="row-level security"), user_context(mallory.pk):
        Membership.objects.create(user=mallory, city_id=city_b.pk, role=Membership.Role.CITY_ADMIN)
    # The audit log (a tenant table) refuses to record the delete outside a city; RLS would delete nothing.
    with pytest.raises(NoCityContextError), user_context(mallory.pk):
        Membership.objects.filter(user=mallory).delete()
    with user_context(mallory.pk):
        assert Membership.objects.filter(user=mallory).count() == 1


def test_a_city_context_cannot_write_another_citys_membership(mallory, city_a, city_b):
    with pytest.raises(ProgrammingError, match="row-level security"), city_context(city_a):
        Membership.objects.create(user=mallory, city_id=city_b.pk, role=Membership.Role.STAFF)
