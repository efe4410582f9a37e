"""The tile map of Indonesia's 98 kota: one square per kota, laid out by province, coloured and
patterned by value class (no coordinates, no tiles from a server)."""

from __future__ import annotations

import csv
import functools
import math
import re
from dataclasses import dataclass
from pathlib import Path

from django.utils.html import escape
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from dashboards.charts.labels import format_label, short_label
from dashboards.charts.legend import protected_legend
from dashboards.charts.palette import FONT, INK, MAP_CLASS_COLOURS, MAP_CLASS_PATTERNS, WHITE
from dashboards.charts.svg import chart_id, pattern_def, suppressed_pattern, svg_root, tag, text_tag
from dashboards.tables import PROTECTED, SUPPRESSED, is_hidden, is_number

DATA_FILE = Path(__file__).resolve().parent.parent.parent / "reference" / "data" / "regions_kota.csv"


@dataclass(frozen=True)
class Tile:
    """One kota on the tile map: Kemendagri ``code``, full ``name``, ``abbreviation``, grid ``column``/``row``."""

    code: str
    name: str
    province_code: str
    province_name: str
    abbreviation: str
    column: int
    row: int


def _abbreviation_candidates(name: str) -> list[str]:
    words = re.sub(r"^Kota\s+", "", name).replace("-", " ").split()
    letters = "".join(words).upper()
    candidates = []
    if len(words) > 1:
        candidates.append((words[0][:2] + words[1][0]).upper())
        candidates.append((words[0][0] + words[1][:2]).upper())
    candidates.append(letters[:3])
    consonants = [c for c in letters[1:] if c not in "AEIOU"]
    candidates.extend(letters[0] + a + b for i, a in enumerate(consonants) for b in consonants[i + 1 :])
    candidates.extend(
        letters[0] + letters[i] + letters[j] for i in range(1, len(letters)) for j in range(i + 1, len(letters))
    )
    return candidates


@functools.cache
def kota_tiles() -> tuple[Tile, ...]:
    """The 98 kota laid out by province: provinces west to east by Kemendagri code, each a column,
    its kota stacked by code; wrapped into two bands (west, east) so the map is not too wide.

    Read once from ``reference/data/regions_kota.csv`` (no coordinates exist there). Abbreviations
    are three letters, unique across the map.
    """
    with DATA_FILE.open(encoding="utf-8", newline="") as handle:
        rows = sorted(csv.DictReader(handle), key=lambda row: row["code"])
    provinces: dict[str, list[dict]] = {}
    for row in rows:
        provinces.setdefault(row["province_code"], []).append(row)
    per_band = math.ceil(len(provinces) / 2)
    tallest = max(len(kota) for kota in provinces.values())
    used: set[str] = set()
    tiles = []
    for index, (province_code, kota) in enumerate(sorted(provinces.items())):
        band, column = divmod(index, per_band)
        for position, row in enumerate(kota):
            abbreviation = next(c for c in _abbreviation_candidates(row["name"]) if c not in used)
            used.add(abbreviation)
            tiles.append(
                Tile(
                    code=row["code"],
                    name=row["name"],
                    province_code=province_code,
                    province_name=row["province_name"],
                    abbreviation=abbreviation,
                    column=column,
                    row=band * (tallest + 1) + position,
                )
            )
    return tuple(tiles)


def _classes(numbers: list[float]) -> list[tuple[float, float]]:
    """Up to five equal-width value classes ``(low, high)`` covering ``numbers``."""
    if not numbers:
        return []
    low, high = min(numbers), max(numbers)
    if low == high:
        return [(low, high)]
    count = min(5, len(set(numbers)))
    width = (high - low) / count
    return [(low + i * width, high if i == count - 1 else low + (i + 1) * width) for i in range(count)]


def _class_index(i: int, count: int) -> int:
    """Spread ``count`` classes over the five palette steps so few classes still span light to dark."""
    if count <= 1:
        return len(MAP_CLASS_COLOURS) - 1
    return round(i * (len(MAP_CLASS_COLOURS) - 1) / (count - 1))


def _class_label(low: float, high: float) -> str:
    """A legend entry: "12 \u2013 40", or just "12" when the class is a single value."""
    low_text, high_text = format_label(round(low, 1)), format_label(round(high, 1))
    return low_text if low_text == high_text else f"{low_text} \u2013 {high_text}"


_TILE_LABEL = {"text_anchor": "middle", "stroke": WHITE, "stroke_width": "3", "paint_order": "stroke"}


def _tile(uid: str, tile: Tile, value, *, x: float, y: float, size: int, fill_of) -> str:
    """One kota's square (class pattern, "<5"/"x" hatch or "no data"), abbreviation, short value and tooltip."""
    box = {"x": str(x), "y": str(y), "width": str(size), "height": str(size), "stroke": INK}
    if is_number(value):
        square = tag("rect", class_="chart__tile", fill=fill_of(float(value)), **box)
    elif is_hidden(value):
        css = "chart__tile chart__tile--suppressed"
        square = tag("rect", class_=css, fill=f"url(#{uid}-sup)", stroke_dasharray="3 2", **box)
    else:
        square = tag("rect", class_="chart__tile chart__tile--missing", fill=WHITE, stroke_dasharray="3 2", **box)
    tip = tag("title", escape(f"{tile.name} ({tile.province_name}): {format_label(value)}"))
    name = text_tag(
        tile.abbreviation,
        x=x + size / 2,
        y=y + 18,
        css="chart__tile-label",
        font_size="12",
        font_weight="700",
        **_TILE_LABEL,
    )
    figure = text_tag(
        short_label(value), x=x + size / 2, y=y + 36, css="chart__tile-label", font_size="11", **_TILE_LABEL
    )
    return tag("g", tip + square + name + figure, class_="chart__kota", data_code=tile.code)


def _map_legend(
    uid: str, classes, legend: str, *, left: float, y: float, width: float, protected: bool = False
) -> tuple[list[str], float]:
    """The legend under the tiles from ``y``: its heading, one swatch per class, "<5", "x" (when a
    tile has it: ``protected``) and "no data",
    flowed into rows within ``width``; the markup and the last row's ``y``."""
    parts = [text_tag(legend, x=left, y=y + 14, css="chart__legend-title", font_weight="700")]
    y += 24
    entries = [
        (f"url(#{uid}-p{_class_index(i, len(classes))})", _class_label(low, high), None, "chart__tile")
        for i, (low, high) in enumerate(classes)
    ]
    entries.append(
        (f"url(#{uid}-sup)", _("<5: a figure from 1 to 4, hidden"), "3 2", "chart__tile chart__tile--suppressed")
    )
    if protected:
        entries.append((f"url(#{uid}-sup)", protected_legend(), "3 2", "chart__tile chart__tile--suppressed"))
    entries.append((WHITE, _("No data"), "3 2", "chart__tile chart__tile--missing"))
    x = left
    for fill, text, dash, css in entries:
        item_width = 36 + len(text) * FONT * 0.62 + 18
        if x + item_width > width - 10 and x > left:
            x, y = left, y + 28
        swatch = tag(
            "rect",
            class_=css,
            x=str(x),
            y=str(y),
            width="26",
            height="20",
            fill=fill,
            stroke=INK,
            stroke_dasharray=dash,
        )
        parts.append(tag("g", swatch + text_tag(text, x=x + 32, y=y + 15), class_="chart__legend"))
        x += item_width
    return parts, y


def _map_description(tiles: tuple[Tile, ...], values: dict[str, object], legend: str) -> str:
    """The ``<desc>``: how many kota have a figure, are shown as <5 or have none, and the highest."""
    shown = [tile for tile in tiles if is_number(values.get(tile.code))]
    suppressed = sum(1 for tile in tiles if values.get(tile.code) is SUPPRESSED)
    protected = sum(1 for tile in tiles if values.get(tile.code) is PROTECTED)
    desc = _(
        "Tile map of Indonesia's %(total)s kota, one square per kota, grouped in columns by province from west to "
        "east. %(shown)s kota have a figure, %(suppressed)s are shown as <5, the others have no data. %(legend)s."
    ) % {
        "total": format_label(len(tiles)),
        "shown": format_label(len(shown)),
        "suppressed": format_label(suppressed),
        "legend": legend,
    }
    if protected:
        desc = _(
            "Tile map of Indonesia's %(total)s kota, one square per kota, grouped in columns by province from west "
            "to east. %(shown)s kota have a figure, %(suppressed)s are shown as <5, %(protected)s as x (hidden only "
            "to protect another figure), the others have no data. %(legend)s."
        ) % {
            "total": format_label(len(tiles)),
            "shown": format_label(len(shown)),
            "suppressed": format_label(suppressed),
            "protected": format_label(protected),
            "legend": legend,
        }
    if shown:
        best = max(shown, key=lambda tile: values[tile.code])
        desc += " " + _("Highest: %(name)s, %(value)s.") % {"name": best.name, "value": format_label(values[best.code])}
    return desc


def kota_tile_map(values: dict[str, object], *, title: str, legend: str) -> SafeString:
    """A tile-grid map of Indonesia's 98 kota: one square per kota, coloured and patterned by value class.

    values: ``{City.code: number | SUPPRESSED | PROTECTED | None}``; kota not in ``values`` show as "no data".
    legend: the legend's heading (what the value is, e.g. "Placements in 2026"). Each tile shows a
    three-letter abbreviation and its value, and has a ``<title>`` with the full name. Codes that are
    not kota of the reference list are ignored. Up to five equal-width classes from the lowest to
    the highest figure.
    """
    tiles = kota_tiles()
    uid = chart_id("map", title, legend)
    numbers = [float(v) for v in values.values() if is_number(v)]
    classes = _classes(numbers)
    size, gap, left, top = 46, 4, 10, 10
    columns = max(tile.column for tile in tiles) + 1
    rows = max(tile.row for tile in tiles) + 1
    width = max(left + columns * (size + gap) + 10, 720)
    patterns = [
        pattern_def(f"{uid}-p{i}", f"chart-class-{i}", MAP_CLASS_PATTERNS[i], colour, mark=INK if i < 2 else WHITE)
        for i, colour in enumerate(MAP_CLASS_COLOURS)
    ]
    defs = tag("defs", "".join(patterns) + suppressed_pattern(uid))

    def fill_of(value: float) -> str:
        index = next(i for i, (_low, high) in enumerate(classes) if value <= high or i == len(classes) - 1)
        return f"url(#{uid}-p{_class_index(index, len(classes))})"

    body: list[str] = [defs]
    for tile in tiles:
        x, y = left + tile.column * (size + gap), top + tile.row * (size + gap)
        body.append(_tile(uid, tile, values.get(tile.code), x=x, y=y, size=size, fill_of=fill_of))
    protected = any(value is PROTECTED for value in values.values())
    legend_parts, y = _map_legend(
        uid, classes, legend, left=left, y=top + rows * (size + gap) + 10, width=width, protected=protected
    )
    body.extend(legend_parts)
    return svg_root(uid, width, y + 34, title, _map_description(tiles, values, legend), body, "map")
