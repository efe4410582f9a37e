"""``manage.py activate_city``: a loaded city is opened on the portal, and closed again, by slug or code."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command

from tests.factories import CityFactory

pytestmark = pytest.mark.django_db


def run(*args) -> str:
    out = io.StringIO()
    call_command("activate_city", *args, stdout=out)
    return out.getvalue()


def test_a_city_is_activated_and_deactivated(client):
    city = CityFactory(name="Kota Gamma", slug="kota-gamma", is_active=False)
    assert client.get(f"/kota/{city.slug}/").status_code == 404
    assert "now active" in run(city.slug)
    city.refresh_from_db()
    assert city.is_active and client.get(f"/kota/{city.slug}/").status_code == 200
    assert "already active" in run(city.code)
    assert "now inactive" in run(city.slug, "--deactivate")
    city.refresh_from_db()
    assert not city.is_active


def test_an_unknown_city_is_refused():
    with pytest.raises(CommandError, match="No city"):
        run("kota-tidak-ada")
