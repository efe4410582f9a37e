"""The role → permission table itself, and the DRF permission class that reads it."""

from __future__ import annotations

import pytest
from django.urls import reverse
from rest_framework.test import APIRequestFactory, force_authenticate
from rest_framework.views import APIView

from accounts import permissions
from accounts.models import Membership, User
from accounts.services import member_register
from cities.tenancy import city_context
from tests.factories import UserFactory, give_totp

pytestmark = pytest.mark.django_db


def test_every_role_has_a_row_and_a_home_page():
    assert set(permissions.PERMISSIONS) == set(permissions.ALL_ROLES)
    assert set(permissions.CITY_ROLES) == set(Membership.Role.values)
    assert set(permissions.CROSS_CITY_ROLES) == set(User.CrossCityRole.values) - {""}
    for role in permissions.ALL_ROLES:
        assert reverse(permissions.HOME_URL_NAMES[role])


def test_apeksi_roles_hold_no_city_permission():
    """APEKSI sees aggregates only (DOMAIN.md): no permission that works inside a city."""
    for role in permissions.CROSS_CITY_ROLES:
        assert all(permissions.is_cross_city(p) for p in permissions.PERMISSIONS[role])
    for role in permissions.CITY_ROLES:
        assert not any(permissions.is_cross_city(p) for p in permissions.PERMISSIONS[role])


def test_an_unknown_permission_is_a_programming_error():
    with pytest.raises(ValueError, match="Unknown permission"):
        permissions.permission_required("jobseekers.view_everything")


class FunctioningAPI(APIView):
    permission_classes = [permissions.HasPortalPermission]
    permission_required = "jobseekers.view_functioning"

    def get(self, request):
        from rest_framework.response import Response

        return Response({"ok": True})


def _call(user, city):
    request = APIRequestFactory().get("/api/test/")
    request.city = city
    force_authenticate(request, user=user)
    with city_context(city):
        return FunctioningAPI.as_view()(request)


def test_the_drf_class_grants_staff_with_totp_only(city_a):
    staff = UserFactory()
    member_register(user=staff, city=city_a, role="staff")
    assert _call(staff, city_a).status_code == 403  # no TOTP yet
    give_totp(staff)
    assert _call(staff, city_a).status_code == 200


def test_the_drf_class_refuses_a_role_without_the_permission_and_another_citys_staff(city_a, city_b):
    seeker = UserFactory()
    member_register(user=seeker, city=city_a, role="job_seeker")
    assert _call(seeker, city_a).status_code == 403
    other = UserFactory()
    member_register(user=other, city=city_b, role="staff")
    give_totp(other)
    assert _call(other, city_a).status_code == 403
