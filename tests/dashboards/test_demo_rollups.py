"""``manage.py load_demo`` computes the demo cities' dashboard figures, so a fresh ``make run`` is not empty."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from cities.models import City
from dashboards.models import CityRollup, RollupState

pytestmark = pytest.mark.django_db


def test_load_demo_leaves_rollups_for_each_demo_city(settings):
    settings.DEBUG = True
    call_command("load_cities", stdout=io.StringIO())
    call_command("load_reference", stdout=io.StringIO())
    out = io.StringIO()
    call_command("load_demo", stdout=out)

    active = set(City.objects.filter(is_active=True).values_list("pk", flat=True))
    assert active, "load_demo activates its cities"
    assert set(RollupState.objects.values_list("for_city_id", flat=True)) == active
    registrations = CityRollup.objects.filter(for_city_id__in=active, indicator="registrations")
    assert registrations.exists()
    assert "Dashboard figures computed" in out.getvalue()
