"""The APEKSI dashboard split into a summary and one page per section: every table is on exactly one
page, the local navigation keeps the filters, an unknown section is a 404."""

from __future__ import annotations

import datetime
import re

import pytest
from django.urls import reverse

from dashboards import figures
from dashboards.figures import Period
from dashboards.views import APEKSI_SECTIONS
from tests.dashboards.test_pages import PERIOD, apeksi_user, refreshed  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db


def _ids(html: str) -> set[str]:
    return set(re.findall(r'<section class="chart-block" id="([^"]+)"', html))


def test_every_table_is_on_exactly_one_page(client, city_a, city_b, refreshed):  # noqa: F811
    client.force_login(apeksi_user())
    summary = client.get(reverse("dashboards:apeksi-dashboard"), PERIOD).content.decode()
    assert _ids(summary) == {"summary", "definitions"}
    assert "How fresh the figures are" in summary and "All cities shown" in summary
    seen: dict[str, str] = {}
    for section in APEKSI_SECTIONS:
        html = client.get(reverse("dashboards:apeksi-section", kwargs={"section": section}), PERIOD).content.decode()
        for slug in _ids(html):
            assert slug not in seen, (slug, seen.get(slug), section)
            seen[slug] = section
    view = figures.apeksi_tables(Period(datetime.date(2026, 9, 1), datetime.date(2026, 11, 1)))
    assert set(seen) == {table.slug for table in view.tables}
    assert seen["cities"] == "kota" and seen["ranking"] == "peringkat" and seen["provinces"] == "provinsi"
    assert seen["by-month"] == "tren"


def test_the_navigation_keeps_the_filters_and_marks_the_current_page(client, city_a, city_b, refreshed):  # noqa: F811
    client.force_login(apeksi_user())
    params = {**PERIOD, "peringkat": "registrations"}
    html = client.get(reverse("dashboards:apeksi-section", kwargs={"section": "provinsi"}), params).content.decode()
    current = re.findall(r'<a href="([^"]+)" aria-current="page">', html)
    here = reverse("dashboards:apeksi-section", kwargs={"section": "provinsi"})
    assert current == [f"{here}?dari=2026-09&amp;sampai=2026-11&amp;peringkat=registrations"]
    for section in APEKSI_SECTIONS:
        assert reverse("dashboards:apeksi-section", kwargs={"section": section}) + "?dari=2026-09" in html
    assert reverse("dashboards:apeksi-dashboard") + "?dari=2026-09" in html
    # The chosen indicator is the one the province chart and table rank.
    assert "Cities ranked by" not in html


def test_an_unknown_section_is_a_404_and_other_roles_are_refused(client, city_a, refreshed):  # noqa: F811
    client.force_login(apeksi_user())
    assert client.get(reverse("dashboards:apeksi-section", kwargs={"section": "semua"})).status_code == 404
    client.force_login(refreshed["staff"])
    for section in APEKSI_SECTIONS:
        assert client.get(reverse("dashboards:apeksi-section", kwargs={"section": section})).status_code == 403
