"""The city dashboard split into a summary and one page per section: each page within the weight budget
for a realistic city (a year of rollups, every indicator and breakdown), every table on exactly one
page, the local navigation keeps the period, downloads and the monthly report still work."""

from __future__ import annotations

import datetime
import re
import zlib

import pytest
from django.urls import reverse

from accounts.models import Membership
from dashboards import figures, indicators
from dashboards.figures import CITY_SECTIONS, Period
from dashboards.models import CityRollup, RollupState
from tests.employers.conftest import make_member
from tests.ui.test_page_weight import BUDGET_BYTES, transferred_bytes

pytestmark = pytest.mark.django_db

YEAR = {"dari": "2025-12", "sampai": "2026-11"}


def _count(*parts: object) -> int:
    """A deterministic pseudo-random count 0-400, the size of a large kota's month."""
    return zlib.crc32("|".join(str(part) for part in parts).encode()) % 400


def seed_a_year(city) -> None:
    """Twelve months of rollups for ``city``: every indicator's total and every breakdown category."""
    months = indicators.month_range(datetime.date(2025, 12, 1), datetime.date(2026, 11, 1))
    rows = []
    for month in months:
        for code, indicator in indicators.INDICATORS.items():
            rows.append(CityRollup(for_city=city, month=month, indicator=code, count=_count(month, code)))
            for dimension in indicator.dimensions:
                categories = indicators.DIMENSIONS[dimension].categories
                values = [value for value, _label in categories] or [str(d) for d in range(1, 366, 3)]
                rows += [
                    CityRollup(
                        for_city=city,
                        month=month,
                        indicator=code,
                        dimension=dimension,
                        value=value,
                        count=_count(month, code, dimension, value) // 5,
                    )
                    for value in values
                ]
    CityRollup.objects.bulk_create(rows, batch_size=5000)
    now = datetime.datetime(2026, 11, 20, 3, tzinfo=datetime.UTC)
    RollupState.objects.create(for_city=city, computed_at=now, changes_seen_until=now, months=12)


@pytest.fixture
def a_year(city_a):
    seed_a_year(city_a)
    return make_member(city_a, Membership.Role.STAFF, mfa=True)


def city_urls() -> list[tuple[str, str]]:
    """The city dashboard's summary page and each of its sections, for a year."""
    return [
        (
            section or "summary",
            (
                reverse("dashboards:city-section", kwargs={"section": section})
                if section
                else reverse("dashboards:city-dashboard")
            )
            + "?dari=2025-12&sampai=2026-11",
        )
        for section in CITY_SECTIONS
    ]


def test_every_page_of_the_city_dashboard_stays_within_the_weight_budget(client, a_year):
    client.force_login(a_year)
    for name, url in city_urls():
        sizes = transferred_bytes(client, url)
        html = client.get(url).content
        total = sum(sizes.values())
        print(f"{name}: {len(html):,} bytes of HTML, {total / 1024:.1f} KB transferred")
        assert len(sizes) >= 3, sizes  # the page, its stylesheets and its script were all counted
        assert total <= BUDGET_BYTES, (name, sizes)
        # Uncompressed too: the whole dashboard on one page was 123 KB of HTML for such a city.
        assert len(html) <= BUDGET_BYTES, (name, len(html))


def _ids(html: str) -> set[str]:
    return set(re.findall(r'<section class="chart-block" id="([^"]+)"', html))


def test_every_table_is_on_exactly_one_page_and_each_page_has_its_charts(client, a_year, city_a):
    client.force_login(a_year)
    seen: dict[str, str] = {}
    for name, url in city_urls():
        html = client.get(url).content.decode()
        slugs = _ids(html) - {"definitions"}
        assert slugs, name
        for slug in slugs:
            assert slug not in seen, (slug, seen.get(slug), name)
            seen[slug] = name
        assert html.count("<svg") >= 1, name  # each page draws its charts
    period = Period(datetime.date(2025, 12, 1), datetime.date(2026, 11, 1))
    assert set(seen) == {table.slug for table in figures.city_tables(city_a.pk, period)}
    assert seen["summary"] == "summary" and seen["by-month"] == "summary"
    assert seen["retention"] == "penempatan" and seen["by-quota-status"] == "pemberi-kerja"


def test_the_navigation_keeps_the_period_and_marks_the_current_page(client, a_year):
    client.force_login(a_year)
    here = reverse("dashboards:city-section", kwargs={"section": "rujukan"})
    html = client.get(here, YEAR).content.decode()
    assert re.findall(r'<a href="([^"]+)" aria-current="page">', html) == [f"{here}?dari=2025-12&amp;sampai=2026-11"]
    for section in CITY_SECTIONS:
        if section:
            assert reverse("dashboards:city-section", kwargs={"section": section}) + "?dari=2025-12" in html
    assert reverse("dashboards:city-dashboard") + "?dari=2025-12" in html
    # Downloads of a section's tables go to the same export, for the same period.
    export = reverse("dashboards:city-export", kwargs=YEAR)
    assert f"{export}?table=by-status&amp;format=csv" in html
    response = client.get(export, {"table": "by-month-referrals", "format": "csv"})
    assert response.status_code == 200 and response.content.decode("utf-8-sig").startswith("Month,Referrals")


def test_an_unknown_section_is_a_404_and_other_roles_are_refused(client, a_year, city_a):
    client.force_login(a_year)
    assert client.get(reverse("dashboards:city-section", kwargs={"section": "semua"})).status_code == 404
    client.force_login(make_member(city_a, Membership.Role.PARTNER, mfa=True))
    for section in CITY_SECTIONS:
        if section:
            assert client.get(reverse("dashboards:city-section", kwargs={"section": section})).status_code == 403


def test_the_staff_and_city_admin_homes_link_every_section(client, a_year, city_a):
    for user in (a_year, make_member(city_a, Membership.Role.CITY_ADMIN, mfa=True)):
        client.force_login(user)
        home = "dashboards:home-staff" if user == a_year else "dashboards:home-city-admin"
        html = client.get(reverse(home)).content.decode()
        for section in CITY_SECTIONS:
            if section:
                assert reverse("dashboards:city-section", kwargs={"section": section}) in html, (home, section)
