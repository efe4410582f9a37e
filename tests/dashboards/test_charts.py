"""Charts: SVG text alternatives, patterns, suppressed values and Indonesian number formats (issue 10, item 3)."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest
from django.template.loader import render_to_string
from django.utils import translation

from dashboards.charts import MAP_CLASS_COLOURS, SERIES_COLOURS, bar_chart, kota_tile_map, kota_tiles, line_chart
from dashboards.tables import DASH, SUPPRESSED, Column, DataTable

SVG = "{http://www.w3.org/2000/svg}"


def contrast(hex_a: str, hex_b: str) -> float:
    def luminance(colour: str) -> float:
        channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    high, low = sorted((luminance(hex_a), luminance(hex_b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.fixture
def table():
    return DataTable(
        slug="placements-by-ragam",
        caption="Placements by ragam",
        columns=[Column("ragam", "Ragam"), Column("men", "Men", "count"), Column("women", "Women", "count")],
        rows=[
            {"ragam": "Physical", "men": 1234, "women": 12},
            {"ragam": "Sensory <b>", "men": SUPPRESSED, "women": 0},
            {"ragam": "Mental", "men": None, "women": 7},
        ],
    )


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


@pytest.mark.parametrize("horizontal", [True, False])
def test_bar_chart_is_an_image_with_a_text_alternative(table, horizontal):
    with translation.override("en"):
        svg = bar_chart(
            table, label_key="ragam", value_keys=["men", "women"], title="Placements", horizontal=horizontal
        )
    root = parse(svg)
    assert root.get("role") == "img"
    title_id, desc_id = root.get("aria-labelledby").split()
    assert root.find(f"{SVG}title").get("id") == title_id
    assert root.find(f"{SVG}title").text == "Placements"
    desc = root.find(f"{SVG}desc")
    assert desc.get("id") == desc_id
    assert "Highest Men: Physical, 1,234." in desc.text
    assert "shown as <5" in desc.text
    assert "Placements by ragam" in desc.text
    # Text is escaped, never injected as markup.
    assert "<b>" not in svg and "Sensory &lt;b&gt;" in svg


def test_bars_use_patterns_and_suppressed_values_are_not_zero_bars(table):
    with translation.override("en"):
        root = parse(bar_chart(table, label_key="ragam", value_keys=["men", "women"], title="Placements"))
    patterns = root.findall(f".//{SVG}pattern")
    # A pattern per series plus the suppressed hatch; the second series has visible marks, not colour alone.
    assert len(patterns) == 3
    assert patterns[1].find(f"{SVG}path") is not None
    bars = root.findall(f".//{SVG}rect[@class='chart__bar']")
    fills = {bar.get("fill") for bar in bars}
    assert any(fill.endswith("-p0)") for fill in fills) and any(fill.endswith("-p1)") for fill in fills)
    # Physical men 1234, women 12, Sensory women 0, Mental women 7 and two legend swatches; none for <5 or None.
    assert len(bars) == 4 + 2
    suppressed = root.findall(f".//{SVG}rect[@class='chart__suppressed']")
    assert len(suppressed) == 2  # the bar's place and the legend
    assert all(rect.get("stroke-dasharray") for rect in suppressed)
    texts = [text.text for text in root.iter(f"{SVG}text") if text.text]
    assert "<5" in texts
    assert DASH in "".join("".join(t.itertext()) for t in root.iter(f"{SVG}text"))


def test_numbers_follow_the_language(table):
    with translation.override("id"):
        svg_id = bar_chart(table, label_key="ragam", value_keys=["men"], title="Penempatan")
    with translation.override("en"):
        svg_en = bar_chart(table, label_key="ragam", value_keys=["men"], title="Placements")
    assert ">1.234<" in svg_id and ">1,234<" not in svg_id
    assert ">1,234<" in svg_en


def test_line_chart_breaks_at_suppressed_and_missing_points():
    table = DataTable(
        slug="registrations-by-month",
        caption="Registrations by month",
        columns=[Column("month", "Month"), Column("registrations", "Registrations", "count")],
        rows=[
            {"month": "2026-01", "registrations": 10},
            {"month": "2026-02", "registrations": 12},
            {"month": "2026-03", "registrations": SUPPRESSED},
            {"month": "2026-04", "registrations": 20},
            {"month": "2026-05", "registrations": 25},
            {"month": "2026-06", "registrations": None},
        ],
    )
    with translation.override("en"):
        root = parse(line_chart(table, x_key="month", value_keys=["registrations"], title="Trend"))
    assert root.get("role") == "img"
    lines = root.findall(f".//{SVG}polyline")
    assert [len(line.get("points").split()) for line in lines] == [2, 2]
    hollow = [el for el in root.iter() if "chart__marker--hollow" in (el.get("class") or "")]
    assert len(hollow) == 1


def test_chart_rejects_unknown_keys_and_negative_values(table):
    with pytest.raises(KeyError):
        bar_chart(table, label_key="ragam", value_keys=["nope"], title="x")
    table.rows[0]["men"] = -1
    with pytest.raises(ValueError, match="negative"):
        bar_chart(table, label_key="ragam", value_keys=["men"], title="x")


def test_empty_table_still_renders():
    empty = DataTable(slug="empty", caption="Nothing", columns=[Column("a", "A"), Column("n", "N", "count")])
    root = parse(bar_chart(empty, label_key="a", value_keys=["n"], title="Nothing"))
    assert root.find(f"{SVG}title").text == "Nothing"


def test_colours_have_at_least_3_to_1_contrast_with_white():
    for colour in SERIES_COLOURS:
        assert contrast(colour, "#ffffff") >= 4.5, colour
    # Map classes: each neighbour pair differs visibly, and the darkest reads against white.
    assert contrast(MAP_CLASS_COLOURS[-1], "#ffffff") >= 3


def test_tile_map_lays_out_all_98_kota_by_province():
    tiles = kota_tiles()
    assert len(tiles) == 98
    assert len({tile.abbreviation for tile in tiles}) == 98
    assert len({(tile.column, tile.row) for tile in tiles}) == 98
    assert all(re.fullmatch(r"[A-Z]{3}", tile.abbreviation) for tile in tiles)
    by_code = {tile.code: tile for tile in tiles}
    # West to east: Aceh (11) is left of Papua (91..) in the same band or in an earlier band.
    banda_aceh, jayapura = by_code["11.71"], by_code["91.71"]
    assert (banda_aceh.row, banda_aceh.column) < (jayapura.row, jayapura.column)
    # A province's kota share one column.
    assert len({tile.column for tile in tiles if tile.province_code == "32"}) == 1


def test_tile_map_values_suppression_and_titles():
    with translation.override("id"):
        svg = kota_tile_map(
            {"11.71": 12345, "32.73": SUPPRESSED, "99.99": 3, "31.71": 0}, title="Penempatan", legend="Penempatan 2026"
        )
    root = parse(svg)
    assert root.get("role") == "img"
    kota = {group.get("data-code"): group for group in root.iter(f"{SVG}g") if group.get("data-code")}
    assert len(kota) == 98
    banda_aceh = kota["11.71"]
    assert banda_aceh.find(f"{SVG}title").text.startswith("Kota Banda Aceh (Aceh): 12.345")
    assert "chart__tile--suppressed" in kota["32.73"].find(f"{SVG}rect").get("class")
    assert "<5" in [t.text for t in kota["32.73"].iter(f"{SVG}text")]
    assert "chart__tile--missing" in kota["12.71"].find(f"{SVG}rect").get("class")
    assert "chart__tile--missing" not in kota["31.71"].find(f"{SVG}rect").get("class")
    desc = root.find(f"{SVG}desc").text
    assert "98 kota" in desc and "2 kota" in desc and "Kota Banda Aceh" in desc


def test_component_renders_chart_table_definition_note_and_exports(table):
    table.definition = "WG-SS cut-off"
    table.note = "Figures from 1 to 4 are shown as <5"
    with translation.override("en"):
        chart = bar_chart(table, label_key="ragam", value_keys=["men", "women"], title="Placements")
        html = render_to_string(
            "components/chart_with_table.html", {"table": table, "chart": chart, "export_url": "/x/export/"}
        )
    assert chart in html
    assert '<caption id="placements-by-ragam-caption">Placements by ragam</caption>' in html
    assert '<th scope="row">Physical</th>' in html
    assert '<td class="num">1,234</td>' in html
    assert (
        '<span class="cell-suppressed">&lt;5<span class="visually-hidden"> (a figure from 1 to 4, hidden)</span>'
        in html
    )
    assert "no data" in html
    assert "WG-SS cut-off" in html and "Figures from 1 to 4 are shown as &lt;5" in html
    assert 'href="/x/export/?table=placements-by-ragam&amp;format=csv"' in html
    assert 'href="/x/export/?table=placements-by-ragam&amp;format=xlsx"' in html


def test_component_in_indonesian_formats_numbers(table):
    with translation.override("id"):
        html = render_to_string("components/chart_with_table.html", {"table": table})
    assert '<td class="num">1.234</td>' in html
    assert "export" not in html  # no export_url, no links


def test_axis_ticks_are_whole_numbers_for_counts():
    from dashboards.charts.scales import nice_max, tick_values

    assert nice_max(42) == 50 and nice_max(1234) == 2000 and nice_max(0) == 1
    assert tick_values(50) == [0, 10, 20, 30, 40, 50]
    assert tick_values(2000) == [0, 500, 1000, 1500, 2000]
    assert all(float(tick).is_integer() for tick in tick_values(1))


def test_many_series_keep_distinct_pattern_and_colour_pairs():
    from dashboards.charts.palette import PATTERNS, series_colour

    pairs = {(PATTERNS[i % len(PATTERNS)], series_colour(i)) for i in range(12)}
    assert len(pairs) == 12
