"""An APEKSI page reads and computes only the section it shows (``figures.apeksi_tables(section=...)``)."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dashboards import figures
from dashboards.figures import Period
from dashboards.views import APEKSI_SECTIONS
from tests.dashboards.test_pages import refreshed  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db
PERIOD = Period(datetime.date(2026, 9, 1), datetime.date(2026, 11, 1))


def test_each_section_gets_the_same_tables_as_the_whole_dashboard_and_reads_less(city_a, city_b, refreshed):  # noqa: F811
    cities = figures.active_cities()
    with CaptureQueriesContext(connection) as everything:
        whole = {t.slug: t for t in figures.apeksi_tables(PERIOD, all_cities=cities).tables}
    for section in ["", *APEKSI_SECTIONS]:
        with CaptureQueriesContext(connection) as some:
            view = figures.apeksi_tables(PERIOD, all_cities=cities, section=section)
        assert len(some) < len(everything), section
        for table in view.tables:
            assert table.rows == whole[table.slug].rows, (section, table.slug)
    slugs = {
        s: [t.slug for t in figures.apeksi_tables(PERIOD, all_cities=cities, section=s).tables] for s in APEKSI_SECTIONS
    }
    assert slugs["tren"] == ["by-month"]
    assert "by-month" not in slugs["rincian"] and "cities" not in slugs["rincian"]
    assert slugs["kota"] == slugs["peringkat"] == slugs["provinsi"] == ["cities", "ranking", "provinces"]
