"""Attacks on the dashboards (fresh-eyes review): working out a suppressed small count from what the
APEKSI page and exports publish (province vs cities, totals, exports, periods), malformed filters and
paths, and each role reaching the other side's pages."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse

from accounts.models import Membership, User
from dashboards.models import CityRollup
from tests.employers.conftest import make_member
from tests.factories import CityFactory, ProvinceFactory, UserFactory, give_totp

pytestmark = pytest.mark.django_db

SEP, OCT, NOV = "2026-09-01", "2026-10-01", "2026-11-01"


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    """APEKSI's period is the calendar year up to today's month: fix today in November 2026."""
    import datetime

    from django.utils import timezone

    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: datetime.date(2026, 11, 29))


def analyst():
    user = UserFactory(cross_city_role=User.CrossCityRole.APEKSI_ANALYST)
    give_totp(user)
    return user


def rollup(city, month: str, indicator: str, count: int, dimension: str = "", value: str = "") -> None:
    CityRollup.objects.create(
        for_city=city, month=month, indicator=indicator, dimension=dimension, value=value, count=count
    )


def export_rows(client, dari: str, sampai: str, table: str, *, rank="registrations", province="semua") -> list[list]:
    url = reverse(
        "dashboards:apeksi-export", kwargs={"dari": dari, "sampai": sampai, "peringkat": rank, "provinsi": province}
    )
    response = client.get(url, {"table": table, "format": "csv"})
    assert response.status_code == 200, response.status_code
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def column(rows: list[list], name: str) -> dict[str, str]:
    index = rows[0].index(name)
    return {row[0]: row[index] for row in rows[1:]}


@pytest.fixture
def province_world():
    """One province with a city of 3 registrations and a city of 20; another province with 40."""
    province = ProvinceFactory(code="97", bps_code="97", name="Provinsi Dua Kota")
    small = CityFactory(province=province)
    big = CityFactory(province=province)
    other = CityFactory()
    for city, count in ((small, 3), (big, 20), (other, 40)):
        rollup(city, SEP, "registrations", count)
    return {"small": small, "big": big, "other": other}


def test_a_small_count_is_never_published_in_the_cities_export(client, province_world):
    client.force_login(analyst())
    values = column(export_rows(client, "2026-09", "2026-09", "cities"), "Registrations")
    assert values[province_world["small"].name] == "<5"
    assert "3" not in values.values()


def test_a_small_city_cannot_be_worked_out_from_its_province_total_and_the_other_city(client, province_world):
    """Province total (provinces table) minus the big city (cities table) must not give the small city."""
    client.force_login(analyst())
    cities = column(export_rows(client, "2026-09", "2026-09", "cities"), "Registrations")
    provinces = column(export_rows(client, "2026-09", "2026-09", "provinces"), "Registrations")
    province_name = next(name for name in provinces if name.startswith("Provinsi Dua Kota"))
    big, total = cities[province_world["big"].name], provinces[province_name]
    assert not (big.isdigit() and total.replace(".", "").replace(",", "").isdigit()), (big, total)


def test_a_province_filtered_to_one_small_city_publishes_no_small_total(client):
    """Narrowing the page to a province holding a single small city: its total is the city, so hidden too."""
    lone = CityFactory(province=ProvinceFactory(code="96", bps_code="96", name="Provinsi Satu Kota"))
    rollup(lone, SEP, "registrations", 2)
    rollup(CityFactory(), SEP, "registrations", 50)
    client.force_login(analyst())
    rows = export_rows(client, "2026-09", "2026-09", "cities", province="96")
    values = column(rows, "Registrations")
    assert values[lone.name] == "<5"
    assert "2" not in values.values(), values
    provinces = column(export_rows(client, "2026-09", "2026-09", "provinces"), "Registrations")
    assert "2" not in provinces.values(), provinces


def test_the_all_cities_total_does_not_reveal_one_small_city(client):
    """Two cities, one small: the all-cities row minus the big one would give the small one."""
    small, big = CityFactory(), CityFactory()
    rollup(small, SEP, "registrations", 1)
    rollup(big, SEP, "registrations", 30)
    client.force_login(analyst())
    values = column(export_rows(client, "2026-09", "2026-09", "cities"), "Registrations")
    shown = [v for v in values.values() if v not in ("<5", "0", "")]
    assert values[small.name] == "<5"
    # Either the big city or the total is hidden as well, so no subtraction gives the 1.
    assert not ("30" in shown and "31" in shown)


def test_differencing_two_periods_does_not_reveal_a_small_month(client):
    """Sep-Oct minus Sep would give October's 2: both requests are snapped to the calendar year 2026,
    so they publish the same figures and nothing can be subtracted."""
    city, other = CityFactory(), CityFactory()
    rollup(city, SEP, "registrations", 10)
    rollup(city, OCT, "registrations", 2)
    rollup(other, SEP, "registrations", 50)
    rollup(other, OCT, "registrations", 50)
    client.force_login(analyst())
    two_months_rows = export_rows(client, "2026-09", "2026-10", "cities")
    one_month_rows = export_rows(client, "2026-09", "2026-09", "cities")
    assert two_months_rows == one_month_rows
    two_months = column(two_months_rows, "Registrations")[city.name]
    one_month = column(one_month_rows, "Registrations")[city.name]
    assert two_months == one_month == "12"
    derivable = two_months.isdigit() and one_month.isdigit() and 0 < int(two_months) - int(one_month) < 5
    assert not derivable, (two_months, one_month)


def test_a_small_month_in_the_year_trend_cannot_be_worked_out_from_the_year_total(client):
    """The year's months are published with the year total (cities table): October's 2 is hidden,
    and so is a second month, so that the total minus the shown months is 5 or more."""
    city = CityFactory()
    rollup(city, "2026-03-01", "registrations", 7)
    rollup(city, SEP, "registrations", 10)
    rollup(city, OCT, "registrations", 2)
    client.force_login(analyst())
    total = column(export_rows(client, "2026-10", "2026-10", "cities"), "Registrations")[city.name]
    trend = column(export_rows(client, "2026-10", "2026-10", "by-month"), "Registrations")
    assert total == "19"
    assert len(trend) == 11  # January to November 2026 (today is fixed in November 2026)
    hidden = [month for month, value in trend.items() if value in ("<5", "x")]
    assert trend["Oct 2026"] == "<5" and trend["Mar 2026"] == "x", trend  # primary, then its complement
    shown = sum(int(value) for value in trend.values() if value.isdigit())
    assert len(hidden) >= 2, trend
    assert int(total) - shown >= 5, trend


def test_the_same_month_gets_the_same_published_value_in_every_apeksi_request(client):
    """Every request naming months of 2026 (pages' exports, any dari/sampai) publishes one trend."""
    city = CityFactory()
    rollup(city, SEP, "registrations", 10)
    rollup(city, OCT, "registrations", 2)
    client.force_login(analyst())
    trends = [
        export_rows(client, dari, sampai, "by-month")
        for dari, sampai in (
            ("2026-09", "2026-10"),
            ("2026-10", "2026-10"),
            ("2025-12", "2026-03"),
            ("2026-01", "2026-11"),
        )
    ]
    assert all(trend == trends[0] for trend in trends)
    api_rows = client.get(reverse("api:apeksi-indicators-list"), {"dari": "2026-10", "sampai": "2026-10"}).json()
    by_month = next(table for table in api_rows["tables"] if table["slug"] == "by-month")
    assert api_rows["period"] == {"from": "2026-01", "to": "2026-11"}
    assert len(by_month["rows"]) == len(trends[0]) - 1


def test_no_two_apeksi_requests_cover_overlapping_different_periods():
    """Every accepted APEKSI filter (tahun, or any dari/sampai pair over three years) gives a period
    that is either the same as another's or disjoint from it: calendar years only."""
    import datetime

    from dashboards import indicators
    from dashboards.forms import ApeksiFilterForm

    today = datetime.date(2026, 11, 29)
    months = [f"{m:%Y-%m}" for m in indicators.month_range(datetime.date(2024, 1, 1), datetime.date(2026, 11, 1))]
    requests = [{"tahun": str(year)} for year in (2024, 2025, 2026)] + [{}]
    requests += [{"dari": month} for month in months] + [{"sampai": month} for month in months]
    requests += [{"dari": a, "sampai": b} for a in months for b in months if a <= b]
    periods = set()
    for data in requests:
        form = ApeksiFilterForm(data, today=today, provinces=[])
        if form.is_valid():
            periods.add((form.cleaned_data["period"].first, form.cleaned_data["period"].last))
    assert periods == {
        (datetime.date(2024, 1, 1), datetime.date(2024, 12, 1)),
        (datetime.date(2025, 1, 1), datetime.date(2025, 12, 1)),
        (datetime.date(2026, 1, 1), datetime.date(2026, 11, 1)),
    }
    for first_a, last_a in periods:
        for first_b, last_b in periods:
            overlap = first_a <= last_b and first_b <= last_a
            assert not overlap or (first_a, last_a) == (first_b, last_b)


def test_a_future_year_is_an_error_on_the_page_and_a_404_for_exports(client):
    client.force_login(analyst())
    page = client.get(reverse("dashboards:apeksi-dashboard"), {"dari": "2027-01", "sampai": "2027-02"})
    assert page.status_code == 200
    assert page.context["form"].errors
    assert page.context["period"].first.year == page.context["period"].last.year
    url = reverse(
        "dashboards:apeksi-export",
        kwargs={"dari": "2027-01", "sampai": "2027-02", "peringkat": "registrations", "provinsi": "semua"},
    )
    assert client.get(url, {"table": "cities", "format": "csv"}).status_code == 404


def test_xlsx_export_carries_no_small_number_either(client, province_world):
    from openpyxl import load_workbook

    client.force_login(analyst())
    url = reverse(
        "dashboards:apeksi-export",
        kwargs={"dari": "2026-09", "sampai": "2026-09", "peringkat": "registrations", "provinsi": "semua"},
    )
    response = client.get(url, {"table": "cities", "format": "xlsx"})
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content), read_only=True)
    sheet = book.worksheets[0]
    rows = [row for row in sheet.iter_rows(values_only=True) if row and row[0] == province_world["small"].name]
    assert rows and 3 not in rows[0][1:] and "3" not in rows[0][1:]


@pytest.mark.parametrize(
    ("dari", "sampai", "rank", "province", "params"),
    [
        ("2026-13", "2026-14", "registrations", "semua", {"table": "cities", "format": "csv"}),
        ("2020-01", "2026-12", "registrations", "semua", {"table": "cities", "format": "csv"}),  # > 36 months
        ("2026-10", "2026-09", "registrations", "semua", {"table": "cities", "format": "csv"}),  # reversed
        ("2026-09", "2026-09", "__class__", "semua", {"table": "cities", "format": "csv"}),
        ("2026-09", "2026-09", "registrations", "semua", {"table": "../etc", "format": "csv"}),
        ("2026-09", "2026-09", "registrations", "semua", {"table": "cities", "format": "pdf"}),
        ("2026-09", "2026-09", "registrations", "zz", {"table": "cities", "format": "csv"}),
    ],
)
def test_bad_apeksi_export_paths_are_404_or_empty_never_500(client, dari, sampai, rank, province, params):
    client.force_login(analyst())
    url = reverse(
        "dashboards:apeksi-export", kwargs={"dari": dari, "sampai": sampai, "peringkat": rank, "provinsi": province}
    )
    response = client.get(url, params)
    assert response.status_code in (200, 404)


@pytest.mark.parametrize(
    "params",
    [
        {"dari": "9999-99", "sampai": "x"},
        {"peringkat": "__class__", "provinsi": "\x00"},
        {"dari": "2026-09", "sampai": "2026-09", "provinsi": "' OR 1=1 --"},
        {"dari": "0001-01", "sampai": "9999-12"},
    ],
)
def test_junk_apeksi_filters_answer_the_page_not_a_500(client, params):
    rollup(CityFactory(), SEP, "registrations", 7)
    client.force_login(analyst())
    assert client.get(reverse("dashboards:apeksi-dashboard"), params).status_code == 200


def test_apeksi_analyst_cannot_open_city_pages_exports_or_profile_editing(client):
    client.force_login(analyst())
    for url in (
        reverse("dashboards:city-dashboard"),
        reverse("dashboards:city-export", kwargs={"dari": "2026-09", "sampai": "2026-11"})
        + "?table=summary&format=csv",
        reverse("dashboards:city-report"),
        reverse("dashboards:city-report-pdf"),
        reverse("city_profile:edit") if _has("city_profile:edit") else reverse("dashboards:city-dashboard"),
    ):
        assert client.get(url).status_code in (403, 404), url
    assert client.post(reverse("dashboards:city-refresh")).status_code in (403, 404)


def test_city_staff_cannot_open_apeksi_pages_or_exports(client, city_a):
    staff = make_member(city_a, Membership.Role.CITY_ADMIN, mfa=True)
    client.force_login(staff)
    export = reverse(
        "dashboards:apeksi-export",
        kwargs={"dari": "2026-09", "sampai": "2026-09", "peringkat": "registrations", "provinsi": "semua"},
    )
    for url in (reverse("dashboards:apeksi-dashboard"), export + "?table=cities&format=csv"):
        assert client.get(url).status_code == 403
    for name in ("apeksi", "apeksi-export"):
        url_name = f"city_profile:{name}"
        if _has(url_name):
            assert client.get(reverse(url_name)).status_code == 403


def test_a_city_export_carries_only_the_citys_own_rollups(client, city_a, city_b):
    rollup(city_a, SEP, "registrations", 11)
    rollup(city_b, SEP, "registrations", 777)
    staff = make_member(city_a, Membership.Role.STAFF, mfa=True)
    client.force_login(staff)
    page = client.get(reverse("dashboards:city-dashboard"), {"dari": "2026-09", "sampai": "2026-09"})
    assert page.status_code == 200 and "777" not in page.content.decode()
    url = reverse("dashboards:city-export", kwargs={"dari": "2026-09", "sampai": "2026-09"})
    for table in ("summary", "by-month"):
        response = client.get(url, {"table": table, "format": "csv", "city": city_b.pk})
        if response.status_code == 200:
            assert b"777" not in response.content


def _has(name: str) -> bool:
    from django.urls import NoReverseMatch

    try:
        reverse(name)
    except NoReverseMatch:
        return False
    return True


def test_the_trend_total_and_the_cities_table_of_one_month_do_not_reveal_a_small_city(client):
    """One month: the trend's all-cities figure minus the other city (cities table) must not give the 2."""
    small, big = CityFactory(), CityFactory()
    rollup(small, OCT, "registrations", 2)
    rollup(big, OCT, "registrations", 50)
    client.force_login(analyst())
    cities = column(export_rows(client, "2026-10", "2026-10", "cities"), "Registrations")
    trend = column(export_rows(client, "2026-10", "2026-10", "by-month"), "Registrations")
    assert cities[small.name] == "<5"
    shown_total = [v for v in trend.values() if v.isdigit()]
    assert not (cities[big.name].isdigit() and shown_total), (cities, trend)


def test_a_breakdown_total_and_its_cells_do_not_reveal_a_small_cell(client):
    """Registrations by gender across all cities: the total minus the shown genders must not give a 1-4."""
    city = CityFactory()
    rollup(city, SEP, "registrations", 23)
    rollup(city, SEP, "registrations", 20, dimension="gender", value="female")
    rollup(city, SEP, "registrations", 3, dimension="gender", value="male")
    client.force_login(analyst())
    rows = export_rows(client, "2026-09", "2026-09", "by-gender")
    text = repr(rows)
    assert "'3'" not in text
    assert not ("'20'" in text and "'23'" in text), rows


def test_city_a_contact_never_shows_on_city_bs_public_page(client, city_a, city_b):
    from tests.dashboards.test_city_profile import _fill

    admin = make_member(city_a, Membership.Role.CITY_ADMIN, mfa=True)
    _fill(city_a, admin)
    page = client.get(reverse("cities:detail", kwargs={"city_slug": city_b.slug})).content.decode()
    assert "Jl. Merdeka 1, Kota Alpha" not in page and "ijc@alpha.go.id" not in page


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_a_formula_in_a_city_profile_is_text_in_the_apeksi_export(client, city_a, fmt):
    from tests.dashboards.test_city_profile import _fill

    admin = make_member(city_a, Membership.Role.CITY_ADMIN, mfa=True)
    evil = '=HYPERLINK("https://evil.example/","x")'
    _fill(city_a, admin, perda_title=evil, budget_line=evil, uld_decree_number="@SUM(1)")
    client.force_login(analyst())
    response = client.get(reverse("city_profile:apeksi-export"), {"table": "city-profiles", "format": fmt})
    assert response.status_code == 200
    if fmt == "csv":
        cells = [c for row in csv.reader(io.StringIO(response.content.decode("utf-8-sig"))) for c in row]
    else:
        from openpyxl import load_workbook

        sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
        assert not [c.coordinate for row in sheet.iter_rows() for c in row if c.data_type == "f"]
        cells = [str(c.value) for row in sheet.iter_rows() for c in row if c.value is not None]
    assert not [c for c in cells if c.startswith(("=", "@"))]


@pytest.mark.parametrize(
    "params",
    [
        {"bulan": "9999-99"},
        {"bulan": "\x00"},
        {"bulan": "0001-01"},
        {"dari": "2026-99", "sampai": "abc"},
        {"page": "x"},
    ],
)
def test_junk_on_the_city_dashboard_and_report_is_not_a_500(client, city_a, params):
    client.force_login(make_member(city_a, Membership.Role.STAFF, mfa=True))
    for name in ("dashboards:city-dashboard", "dashboards:city-report"):
        assert client.get(reverse(name), params).status_code in (200, 400, 404), name


@pytest.mark.parametrize(("dari", "sampai"), [("2026-00", "2026-01"), ("2026-13", "2027-01"), ("x" * 50, "2026-01")])
def test_bad_city_export_paths_are_404(client, city_a, dari, sampai):
    client.force_login(make_member(city_a, Membership.Role.STAFF, mfa=True))
    url = reverse("dashboards:city-export", kwargs={"dari": dari, "sampai": sampai})
    assert client.get(url, {"table": "summary", "format": "csv"}).status_code == 404


def test_the_apeksi_page_shows_the_calendar_year_that_older_month_links_snap_to(client):
    client.force_login(analyst())
    page = client.get(reverse("dashboards:apeksi-dashboard"), {"dari": "2025-03", "sampai": "2025-05"})
    assert page.status_code == 200
    period = page.context["period"]
    assert (period.first.isoformat(), period.last.isoformat()) == ("2025-01-01", "2025-12-01")
    assert page.context["form"]["tahun"].value() == "2025"
    body = page.content.decode()
    assert '<option value="2025" selected>' in body
    assert "APEKSI figures are per calendar year" in body and "per calendar year (the current year" in body
    assert 'name="dari"' not in body and 'name="sampai"' not in body
    section = client.get(reverse("dashboards:apeksi-section", kwargs={"section": "tren"}), {"tahun": "2024"})
    assert section.context["period"].first.isoformat() == "2024-01-01"
    assert section.context["period"].last.isoformat() == "2024-12-01"
