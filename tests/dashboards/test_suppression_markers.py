"""Two markers for hidden figures: "<5" for a count from 1 to 4 (primary suppression) and "x" for a
figure hidden only to protect another (complementary suppression), which claims no range. What a
table says is never contradicted by its totals, and no hidden count from 1 to 4 can be worked out
from a total, even by a reader who knows that a "x" figure is never 1 to 4."""

from __future__ import annotations

import copy
import csv
import datetime
import io
import itertools
import pickle
import xml.etree.ElementTree as ET

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from accounts.models import User
from dashboards.charts import bar_chart, kota_tile_map, line_chart
from dashboards.exports import export_response
from dashboards.models import CityRollup
from dashboards.suppression import (
    COMPLEMENTARY,
    PRIMARY,
    group_protected,
    suppress_group,
    suppress_table,
    suppressed_cells,
)
from dashboards.tables import (
    PROTECTED,
    SUPPRESSED,
    Column,
    DataTable,
    Protected,
    format_value,
    is_hidden,
    is_number,
)
from tests.factories import CityFactory, ProvinceFactory, UserFactory, give_totp

SVG = "{http://www.w3.org/2000/svg}"
SEP = "2026-09-01"


# --- the marker -------------------------------------------------------------------------------


def test_protected_is_a_singleton_that_is_truthy_not_a_number_and_not_summable():
    assert Protected() is PROTECTED
    assert PROTECTED is not SUPPRESSED
    assert str(PROTECTED) == "x" and repr(PROTECTED) == "PROTECTED"
    assert bool(PROTECTED)
    assert PROTECTED != 0 and PROTECTED != 5
    assert not is_number(PROTECTED) and is_hidden(PROTECTED) and is_hidden(SUPPRESSED) and not is_hidden(0)
    with pytest.raises(TypeError):
        sum([5, PROTECTED])
    assert copy.copy(PROTECTED) is PROTECTED and copy.deepcopy(PROTECTED) is PROTECTED
    assert pickle.loads(pickle.dumps(PROTECTED)) is PROTECTED
    assert pickle.loads(pickle.dumps(SUPPRESSED)) is SUPPRESSED  # the two singletons stay apart
    with translation.override("id"):
        assert format_value(PROTECTED, "count") == "x"


# --- the cases that were wrong ------------------------------------------------------------------


def test_a_row_of_72_with_63_shown_has_one_primary_and_one_complementary_marker():
    # 63 + 3 + 6 = 72: once shown as 63 + <5 + <5 = 72, which cannot be true (at most 63 + 8 = 71).
    result = suppress_group({"female": 63, "male": 3, "unknown": 6})
    assert result == {"female": 63, "male": SUPPRESSED, "unknown": PROTECTED}
    hidden = suppressed_cells({"female": 63, "male": 3, "unknown": 6}, [["female", "male", "unknown"]])
    assert hidden == {"male": PRIMARY, "unknown": COMPLEMENTARY}


def test_a_city_with_5_is_shown_as_5_and_never_as_less_than_5():
    assert suppress_group({"a": 5, "b": 30, "c": 40}) == {"a": 5, "b": 30, "c": 40}
    # Needed to protect the 3, the 5 is hidden, but as "x": it is not from 1 to 4.
    assert suppress_group({"a": 5, "b": 3, "c": 40}) == {"a": PROTECTED, "b": SUPPRESSED, "c": 40}


def test_a_complement_of_exactly_5_would_pin_the_small_cell_so_a_larger_one_is_hidden():
    # 1 and 5 hidden: total - 10 = 6, the "x" is at least 5, so the "<5" would be exactly 1.
    assert suppress_group({"a": 1, "b": 5, "c": 10, "d": 40}) == {"a": SUPPRESSED, "b": 5, "c": PROTECTED, "d": 40}


def test_two_fours_are_not_left_alone():
    # 4 + 4 hidden: total minus the shown = 8 and each "<5" is at most 4, so both would be 4.
    assert suppress_group({"a": 4, "b": 4, "c": 10, "d": 20}) == {
        "a": SUPPRESSED,
        "b": SUPPRESSED,
        "c": PROTECTED,
        "d": 20,
    }


def test_group_protected_rules():
    assert group_protected(0, 0, 0)
    assert not group_protected(1, 0, 3) and not group_protected(0, 1, 9)  # a lone hidden cell
    assert not group_protected(2, 0, 3)  # fewer than 5 people
    assert group_protected(2, 0, 5) and group_protected(2, 0, 7)
    assert not group_protected(2, 0, 8) and not group_protected(5, 0, 5)  # all 4s / all 1s
    assert not group_protected(1, 1, 6) and group_protected(1, 1, 7)  # 6 = 1 + 5 pins both
    assert group_protected(0, 2, 10)


# --- random tables: never contradicted, never recoverable -------------------------------------

COUNTS = st.one_of(st.integers(0, 6), st.sampled_from([7, 9, 12, 20, 63]))


def _primary_range(group: list, cells: dict, shown: dict) -> tuple[int, int, int, int, int]:
    """(sum of shown numbers, #primary, #complementary, lowest, highest) a reader can claim."""
    numbers = sum(shown[key] for key in group if is_number(shown[key]))
    primary = sum(1 for key in group if shown[key] is SUPPRESSED)
    complementary = sum(1 for key in group if shown[key] is PROTECTED)
    return numbers, primary, complementary, numbers + primary, numbers + 4 * primary


def _pinned_primary(total: int, numbers: int, primary: int, complementary: int) -> bool:
    """Whether a reader who knows the total, that "<5" is 1-4 and that "x" is at least 5 can tell
    some "<5" cell's exact value (its possible values collapse to one)."""
    hidden_sum = total - numbers
    if primary == 0:
        return False
    if primary + complementary == 1:
        return True
    most_for_primary = hidden_sum - 5 * complementary  # the most the "<5" cells can hold together
    if complementary == 0:
        low = max(1, hidden_sum - 4 * (primary - 1))
        high = min(4, hidden_sum - (primary - 1))
    else:
        low, high = 1, min(4, most_for_primary - (primary - 1))
    return low >= high


def _check_groups(cells: dict, shown: dict, groups: list[list]) -> None:
    for key, value in cells.items():
        assert (shown[key] is SUPPRESSED) == (1 <= value <= 4), (key, value, shown[key])
        if shown[key] is PROTECTED:
            assert value >= 5, (key, value)
        if not is_hidden(shown[key]):
            assert shown[key] == value
    for group in groups:
        total = sum(cells[key] for key in group)
        if 1 <= total <= 4:
            continue  # the total itself is shown as "<5"
        numbers, primary, complementary, low, high = _primary_range(group, cells, shown)
        # What the table claims is true: the total is reachable from the shown cells and the claims.
        assert total >= low, (group, cells, shown)
        if complementary == 0:
            assert low <= total <= high, (group, cells, shown)
        # And the hidden counts of 1 to 4 cannot be worked out, unless the group ran out of cells.
        ran_out = all(cells[key] == 0 or is_hidden(shown[key]) for key in group)
        if not ran_out:
            assert not _pinned_primary(total, numbers, primary, complementary), (group, cells, shown)
            hidden_sum = total - numbers
            assert primary + complementary != 1 and (primary + complementary == 0 or hidden_sum >= 5)


@settings(max_examples=400, deadline=None, derandomize=True)
@given(
    st.integers(1, 5).flatmap(
        lambda rows: st.integers(1, 5).flatmap(
            lambda columns: st.lists(COUNTS, min_size=rows * columns, max_size=rows * columns).map(
                lambda values: (rows, columns, values)
            )
        )
    )
)
def test_random_two_way_tables_are_consistent_and_protect_every_small_cell(shape):
    rows, columns, values = shape
    cells = {(r, c): values[r * columns + c] for r in range(rows) for c in range(columns)}
    shown = suppress_table(cells)
    groups = [[(r, c) for c in range(columns)] for r in range(rows)]
    groups += [[(r, c) for r in range(rows)] for c in range(columns)]
    _check_groups(cells, shown, groups)


def test_every_small_breakdown_is_consistent_and_protected():
    for values in itertools.product((0, 1, 2, 4, 5, 6, 11), repeat=4):
        cells = dict(enumerate(values))
        _check_groups(cells, suppress_group(cells), [list(cells)])


# --- display: table, charts, map, exports --------------------------------------------------------


@pytest.fixture
def table():
    return DataTable(
        slug="by-gender",
        caption="Registrations by gender",
        columns=[Column("gender", "Gender"), Column("registrations", "Registrations", "count")],
        rows=[
            {"gender": "Female", "registrations": 63},
            {"gender": "Male", "registrations": SUPPRESSED},
            {"gender": "Not known", "registrations": PROTECTED},
        ],
        note="Figures from 1 to 4 are shown as <5",
    ).add_protection_note()


def test_the_table_marks_and_explains_both_markers(table):
    assert table.has_suppressed and table.has_protected
    assert "x marks a figure hidden only to protect another figure" in table.note
    assert table.add_protection_note().note.count("x marks") == 1
    with translation.override("en"):
        html = render_to_string("components/chart_with_table.html", {"table": table, "chart": None})
    assert '<span class="visually-hidden"> (a figure from 1 to 4, hidden)</span>' in html
    assert (
        '<span class="cell-suppressed"><span aria-hidden="true">x</span>'
        '<span class="visually-hidden">hidden to protect another figure</span></span>' in html
    )
    with translation.override("id"):
        html = render_to_string("components/chart_with_table.html", {"table": table, "chart": None})
    assert "disembunyikan untuk melindungi angka lain" in html


@pytest.mark.parametrize("horizontal", [True, False])
def test_a_protected_figure_is_no_bar_and_has_its_legend_entry(table, horizontal):
    with translation.override("en"):
        root = ET.fromstring(
            bar_chart(table, label_key="gender", value_keys=["registrations"], title="R", horizontal=horizontal)
        )
    assert len(root.findall(f".//{SVG}rect[@class='chart__bar']")) == 1 + 1  # the 63 and the legend swatch
    assert len(root.findall(f".//{SVG}rect[@class='chart__suppressed']")) == 2 + 2  # two boxes, two legend entries
    texts = [text.text for text in root.iter(f"{SVG}text") if text.text]
    assert "x" in texts and "<5" in texts
    assert "x: hidden to protect another figure" in texts
    assert "shown as x" in root.find(f"{SVG}desc").text


def test_a_protected_point_breaks_the_line(table):
    with translation.override("en"):
        root = ET.fromstring(line_chart(table, x_key="gender", value_keys=["registrations"], title="R"))
    assert len(root.findall(f".//{SVG}g[@class='chart__suppressed-point']")) == 2
    assert "x" in [text.text for text in root.iter(f"{SVG}text")]


def test_the_tile_map_shows_and_explains_a_protected_kota():
    with translation.override("en"):
        root = ET.fromstring(
            kota_tile_map({"11.71": 63, "32.73": SUPPRESSED, "31.71": PROTECTED}, title="R", legend="R 2026")
        )
    kota = {group.get("data-code"): group for group in root.iter(f"{SVG}g") if group.get("data-code")}
    assert "chart__tile--suppressed" in kota["31.71"].find(f"{SVG}rect").get("class")
    assert "x" in [t.text for t in kota["31.71"].iter(f"{SVG}text")]
    legend = [t.text for t in root.iter(f"{SVG}text")]
    assert "x: hidden to protect another figure" in legend
    desc = root.find(f"{SVG}desc").text
    assert "1 are shown as <5, 1 as x (hidden only to protect another figure)" in desc
    with translation.override("en"):
        plain = ET.fromstring(kota_tile_map({"11.71": 63, "32.73": SUPPRESSED}, title="R", legend="R 2026"))
    assert "x: hidden to protect another figure" not in [t.text for t in plain.iter(f"{SVG}text")]


def test_exports_write_the_marker_and_explain_it(table):
    with translation.override("en"):
        lines = export_response(table, "csv", filename="t").content.decode("utf-8-sig").splitlines()
        workbook = load_workbook(io.BytesIO(export_response(table, "xlsx", filename="t").content))
    assert lines[1:] == ["Female,63", "Male,<5", "Not known,x"]
    assert [row[1] for row in workbook.worksheets[0].iter_rows(values_only=True)][1:] == [63, "<5", "x"]
    about = {row[0]: row[1] for row in workbook.worksheets[1].iter_rows(values_only=True)}
    assert about["<5"] == "A figure from 1 to 4, hidden to protect the people counted."
    assert about["x"] == "A figure hidden only to protect another figure; it can be any number."
    assert "x marks" in about["Note"]


# --- the APEKSI page and exports -----------------------------------------------------------------


@pytest.fixture
def _today(monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: datetime.date(2026, 11, 29))


def _analyst():
    user = UserFactory(cross_city_role=User.CrossCityRole.APEKSI_ANALYST)
    give_totp(user)
    return user


def _rollup(city, indicator: str, count: int, dimension: str = "", value: str = "") -> None:
    CityRollup.objects.create(
        for_city=city, month=SEP, indicator=indicator, dimension=dimension, value=value, count=count
    )


def _export(client, table: str) -> list[list[str]]:
    url = reverse(
        "dashboards:apeksi-export",
        kwargs={"dari": "2026-09", "sampai": "2026-09", "peringkat": "registrations", "provinsi": "semua"},
    )
    response = client.get(url, {"table": table, "format": "csv"})
    assert response.status_code == 200
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


@pytest.mark.django_db
@pytest.mark.usefixtures("_today")
def test_apeksi_shows_a_city_with_5_as_5_and_a_complement_as_x(client):
    province = ProvinceFactory(code="95", bps_code="95", name="Provinsi Tiga Kota")
    five, small, big = (CityFactory(province=province) for _ in range(3))
    alone = CityFactory(province=ProvinceFactory(code="94", bps_code="94", name="Provinsi Lima"))
    for city, count in ((five, 5), (small, 3), (big, 40), (alone, 5)):
        _rollup(city, "registrations", count)
    client.force_login(_analyst())
    rows = _export(client, "cities")
    index = rows[0].index("Registrations")
    values = {row[0]: row[index] for row in rows[1:]}
    assert values[small.name] == "<5"
    assert values[five.name] == "x"  # hidden to protect the 3, and not claimed to be below 5
    assert values[alone.name] == "5"
    assert "<5" not in (values[five.name], values[alone.name], values["All cities"])
    html = client.get(reverse("dashboards:apeksi-section", kwargs={"section": "kota"}), {"tahun": 2026})
    text = html.content.decode()
    assert '<span aria-hidden="true">x</span>' in text
    assert "x marks a figure hidden only to protect another figure" in text or "x menandai" in text


@pytest.mark.django_db
@pytest.mark.usefixtures("_today")
def test_apeksi_breakdown_63_hidden_hidden_72_reads_as_one_primary_and_one_complement(client):
    city = CityFactory()
    _rollup(city, "registrations", 72)
    for gender, count in (("female", 63), ("male", 3), ("unknown", 6)):
        _rollup(city, "registrations", count, dimension="gender", value=gender)
    client.force_login(_analyst())
    rows = _export(client, "by-gender")
    values = [row[1] for row in rows[1:]]
    assert sorted(values) == sorted(["63", "<5", "x"]), rows
    assert values.count("<5") == 1


@pytest.mark.django_db
@pytest.mark.usefixtures("_today")
def test_the_apeksi_pages_with_both_markers_stay_within_the_page_weight_budget(client):
    from dashboards.views import APEKSI_SECTIONS
    from tests.ui.test_page_weight import BUDGET_BYTES, transferred_bytes

    provinces = [ProvinceFactory(code=f"8{i}", bps_code=f"8{i}", name=f"Provinsi Uji {i}") for i in range(6)]
    counts = [3, 5, 6, 40, 2, 63, 9, 1, 12, 7]
    for index in range(30):
        city = CityFactory(province=provinces[index % 6])
        for code in ("registrations", "placements", "referrals", "caseload_open"):
            _rollup(city, code, counts[(index + len(code)) % len(counts)])
        for gender, count in (("female", 63), ("male", 3), ("unknown", 6)):
            _rollup(city, "registrations", count, dimension="gender", value=gender)
    client.force_login(_analyst())
    urls = [reverse("dashboards:apeksi-dashboard")] + [
        reverse("dashboards:apeksi-section", kwargs={"section": section}) for section in APEKSI_SECTIONS
    ]
    shown_x = False
    for url in urls:
        sizes = transferred_bytes(client, f"{url}?tahun=2026")
        shown_x = shown_x or '<span aria-hidden="true">x</span>' in client.get(f"{url}?tahun=2026").content.decode()
        print(f"{url}: {sum(sizes.values()) / 1024:.1f} KB gzip")
        assert sum(sizes.values()) <= BUDGET_BYTES, (url, sizes)
    assert shown_x
