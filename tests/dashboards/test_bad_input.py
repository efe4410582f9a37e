"""Download links whose period reaches the calendar's last month (9999-12): month arithmetic past
year 9999 cannot happen; the link is a 404 (the translated "page not found"), never a 500."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from accounts.models import Membership, User
from tests.employers.conftest import make_member
from tests.factories import UserFactory, give_totp

pytestmark = pytest.mark.django_db

PERIODS = [("9999-12", "9999-12"), ("9999-01", "9999-12"), ("2026-01", "9999-12"), ("0001-01", "0001-12")]


def _not_found(response) -> bool:
    with translation.override("en"):
        title = gettext("Page not found")
    return response.status_code == 404 and title in response.content.decode()


def test_the_not_found_page_is_translated():
    with translation.override("id"):
        assert gettext("Page not found") != "Page not found"


@pytest.mark.parametrize(("dari", "sampai"), PERIODS)
def test_a_city_download_up_to_the_last_calendar_month_is_a_404(client, city_a, dari, sampai):
    client.force_login(make_member(city_a, Membership.Role.STAFF, mfa=True))
    url = reverse("dashboards:city-export", kwargs={"dari": dari, "sampai": sampai})
    assert _not_found(client.get(url, {"table": "by-month", "format": "csv"}))


@pytest.mark.parametrize(("dari", "sampai"), PERIODS)
def test_an_apeksi_download_up_to_the_last_calendar_month_is_a_404(client, dari, sampai):
    analyst = UserFactory(cross_city_role=User.CrossCityRole.APEKSI_ANALYST)
    give_totp(analyst)
    client.force_login(analyst)
    kwargs = {"dari": dari, "sampai": sampai, "peringkat": "registrations", "provinsi": "semua"}
    url = reverse("dashboards:apeksi-export", kwargs=kwargs)
    assert _not_found(client.get(url, {"table": "cities", "format": "csv"}))


def test_a_city_download_of_a_valid_period_still_works(client, city_a):
    client.force_login(make_member(city_a, Membership.Role.STAFF, mfa=True))
    url = reverse("dashboards:city-export", kwargs={"dari": "2026-01", "sampai": "2026-12"})
    response = client.get(url, {"table": "by-month", "format": "csv"})
    assert response.status_code == 200
    assert "2026-01-2026-12" in response["Content-Disposition"]
