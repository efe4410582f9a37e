"""Each city's own clock: requests and city tasks run in the city's time zone (WIB, WITA or WIT),
shown times say their zone, dates are the city's, and zones come from the province (Keppres 41/1987)."""

from __future__ import annotations

import datetime
import importlib
import zoneinfo
from unittest import mock

import pytest
from django.apps import apps
from django.http import HttpResponse
from django.template import engines
from django.urls import path
from django.utils import timezone

from cities.calendar import city_today, local_time
from cities.models import City
from cities.tenancy import city_context
from dashboards.tables import format_value
from ijc_portal import urls as project_urls
from jobseekers import imports
from jobseekers.models import JobSeeker
from tests.factories import CityFactory, ProvinceFactory

pytestmark = [pytest.mark.django_db, pytest.mark.urls(__name__)]

# 23:30 UTC on 7 December is already 8 December everywhere in Indonesia.
REGISTERED = datetime.datetime(2026, 12, 7, 23, 30, tzinfo=datetime.UTC)
CLOCKS = [
    ("Asia/Jakarta", "08/12/2026 06:30 WIB"),  # Bandung
    ("Asia/Makassar", "08/12/2026 07:30 WITA"),  # Makassar
    ("Asia/Jayapura", "08/12/2026 08:30 WIT"),  # Jayapura
]
TEMPLATE = '{% load ui %}{{ when|local_time }}|{{ when|date:"d/m/Y" }}|{{ zone }}'


def clock(request, city_slug):
    """What a page of the city shows for ``REGISTERED`` and which zone the request runs in."""
    text = (
        engines["django"]
        .from_string(TEMPLATE)
        .render({"when": REGISTERED, "zone": timezone.get_current_timezone_name()})
    )
    return HttpResponse(text)


urlpatterns = [path("kota/<slug:city_slug>/jam/", clock), *project_urls.urlpatterns]


@pytest.mark.parametrize(("zone", "shown"), CLOCKS)
def test_a_page_of_the_city_runs_on_its_clock_and_says_the_zone(client, zone, shown):
    city = CityFactory(timezone=zone)

    text = client.get(f"/kota/{city.slug}/jam/").content.decode()

    assert text == f"{shown}|08/12/2026|{zone}"


def test_a_page_without_a_city_runs_on_wib(client):
    text = engines["django"].from_string(TEMPLATE).render({"when": REGISTERED, "zone": ""})
    assert text.startswith("08/12/2026 06:30 WIB|08/12/2026")
    assert timezone.get_current_timezone_name() == "Asia/Jakarta"


@pytest.mark.parametrize(("zone", "shown"), CLOCKS)
def test_a_person_registered_late_on_7_december_utc_is_exported_as_registered_on_8_december(zone, shown):
    city = CityFactory(timezone=zone)
    with city_context(city):
        person = JobSeeker.objects.create(name="Contoh Pendaftar")
        JobSeeker.objects.filter(pk=person.pk).update(created_at=REGISTERED)
        # The export reads the city's zone itself, whatever the current time zone.
        with timezone.override(datetime.UTC):
            body, _type, _people = imports.export(JobSeeker.objects.all(), "csv")

    text = body.decode("utf-8-sig")
    assert "2026-12-08" in text.splitlines()[-1]
    assert "2026-12-07" not in text
    assert local_time(REGISTERED, zone=zoneinfo.ZoneInfo(zone)) == shown


def test_local_time_keeps_an_empty_value_empty_and_takes_another_format():
    assert local_time(None) == ""
    with timezone.override("Asia/Makassar"):
        assert local_time(REGISTERED, "Y-m-d H:i") == "2026-12-08 07:30 WITA"


def test_apeksi_figures_computed_at_say_wib():
    from dashboards.figures.apeksi import _city_row  # the cities table's row builder

    city = CityFactory(timezone="Asia/Jayapura")
    rollups = mock.Mock(per_city={city.pk: {}}, medians={}, states={city.pk: REGISTERED})
    grid = mock.Mock(shown=lambda city_id, code: 0)

    row = _city_row(city, grid, rollups)

    assert row["computed_at"].isoformat() == "2026-12-08T06:30:00+07:00"  # WIB, not the city's WIT
    with timezone.override("Asia/Jakarta"):
        assert format_value(row["computed_at"], "moment").endswith("06:30 WIB")


def test_the_apeksi_cities_table_heads_its_computed_column_with_wib():
    from dashboards.figures.apeksi import _cities_table

    table = _cities_table(mock.Mock(label=lambda: "2026"), [])

    computed = next(c for c in table.columns if c.key == "computed_at")
    assert "WIB" in str(computed.label) and computed.kind == "moment"


@pytest.mark.parametrize(
    ("zone", "today"),
    [("Asia/Jakarta", datetime.date(2026, 12, 7)), ("Asia/Makassar", datetime.date(2026, 12, 8))],
)
def test_a_city_task_runs_on_the_citys_clock_so_follow_ups_due_today_use_its_date(zone, today):
    """At 16:30 UTC it is 23:30 on 7 December in a WIB city, 00:30 on 8 December in a WITA city."""
    from placements import tasks

    city = CityFactory(timezone=zone)
    seen = {}

    def notify(*, today):
        seen.update(today=today, localdate=timezone.localdate(), zone=timezone.get_current_timezone_name())
        return 0

    now = datetime.datetime(2026, 12, 7, 16, 30, tzinfo=datetime.UTC)
    with (
        mock.patch("django.utils.timezone.now", return_value=now),
        mock.patch("placements.services.followups_notify_due", side_effect=notify),
    ):
        tasks.followups_due(city_id=city.pk)
        assert city_today(city) == today

    assert seen == {"today": today, "localdate": today, "zone": zone}


def test_the_data_migration_gives_each_city_its_provinces_zone():
    migration = importlib.import_module("cities.migrations.0003_city_timezone_from_province")
    cities = {
        code: CityFactory(
            province=ProvinceFactory(code=code[:2], bps_code=code[:2], name=f"P{code}"), timezone="Asia/Jakarta"
        )
        for code in ("32", "61", "73", "91", "96")
    }
    test_city = CityFactory(timezone="Asia/Makassar")  # province 99: not a real one, left alone

    migration.set_zones_from_provinces(apps, None)

    zones = {code: City.objects.get(pk=city.pk).timezone for code, city in cities.items()}
    assert zones == {
        "32": "Asia/Jakarta",
        "61": "Asia/Pontianak",
        "73": "Asia/Makassar",
        "91": "Asia/Jayapura",
        "96": "Asia/Jayapura",
    }
    assert City.objects.get(pk=test_city.pk).timezone == "Asia/Makassar"
