"""Server-side SVG charts that everyone can read (WCAG 2.2 SC 1.1.1, 1.4.1). No JavaScript, no CDN, no tiles.

Every chart:

- is an inline ``<svg role="img" aria-labelledby="<title id> <desc id>">`` whose ``<title>`` names it
  and whose ``<desc>`` summarises it in words and points to the table with the same figures
  (``templates/components/chart_with_table.html`` puts the table next to it);
- tells series and classes apart by an SVG ``<pattern>`` (solid, stripes, dots, cross-hatch ...) and,
  for lines, a dash pattern and a marker shape, as well as by colour, so it reads in greyscale, in
  print and in the high-contrast theme (``static/css/portal.css`` recolours ``.chart`` for
  ``html.contrast-high`` and ``forced-colors``);
- uses colours with at least 4.5:1 contrast against white and outlines every bar (WCAG 1.4.11 asks 3:1);
- shows ``SUPPRESSED`` values (counts 1 to 4) as "<5" in a dashed, hatched box, never as a zero bar,
  and missing values as a dash;
- writes numbers in the active language's format (``12.345`` in Indonesian, ``12,345`` in English).

The functions return ``SafeString`` markup; every text and attribute is escaped by ``_tag``.
"""

from __future__ import annotations

import csv
import functools
import hashlib
import math
import re
from dataclasses import dataclass
from pathlib import Path

from django.utils.formats import number_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from dashboards.tables import DASH, SUPPRESSED, DataTable, format_value, is_number

# Series colours: each has at least 4.5:1 contrast with white (so white marks on it and the bar
# against the page both pass 3:1). Paired with a pattern so colour is never the only cue.
SERIES_COLOURS = ("#0b3d6e", "#a34700", "#146c2e", "#5b2a86", "#8a1538", "#3d3d3d")
PATTERNS = ("solid", "diagonal", "dots", "cross", "horizontal", "vertical")
MARKERS = ("circle", "square", "triangle", "diamond", "circle", "square")
DASHES = ("", "8 4", "2 3", "10 3 2 3", "4 4", "1 2")
# Map classes from few to many: light to dark blue, each with its own pattern (dark marks on the two
# light ones, white marks on the dark ones).
MAP_CLASS_COLOURS = ("#dbe9f6", "#9ec5e8", "#4f8fcb", "#1f5d99", "#0b3d6e")
MAP_CLASS_PATTERNS = ("solid", "dots", "diagonal", "cross", "solid")
INK, MUTED, WHITE = "#1b1b1b", "#454545", "#ffffff"
DATA_FILE = Path(__file__).resolve().parent.parent / "reference" / "data" / "regions_kota.csv"

FONT = 14  # user units; the SVG scales with its container (viewBox), the table carries exact figures


def _tag(name: str, content: str = "", /, **attrs) -> str:
    """``<name attrs>content</name>``: attribute values escaped, floats to one decimal, ``class_`` for class,
    underscores to hyphens (``stroke_width`` is ``stroke-width``); None values left out. ``content`` is
    markup: escape text before passing it."""
    parts = [name]
    for key, value in attrs.items():
        if value is None:
            continue
        if isinstance(value, float):
            value = f"{value:.1f}"
        parts.append(f'{key.rstrip("_").replace("_", "-")}="{escape(str(value))}"')
    opening = " ".join(parts)
    return f"<{opening}>{content}</{name}>" if content else f"<{opening}/>"


def _colour(index: int) -> str:
    """Series ``index``'s colour. From the seventh series on, the colours shift against the six patterns,
    so every (pattern, colour) pair stays distinct up to 36 series."""
    return SERIES_COLOURS[(index + index // len(SERIES_COLOURS)) % len(SERIES_COLOURS)]


def _fmt(value) -> str:
    """A chart label: a number in the active language's format, "<5", a dash, or the text itself."""
    if is_number(value):
        if isinstance(value, int) or float(value).is_integer():
            return number_format(int(value), decimal_pos=0, use_l10n=True, force_grouping=True)
        return number_format(value, decimal_pos=1, use_l10n=True, force_grouping=True)
    return format_value(value)


def _uid(*parts) -> str:
    digest = hashlib.blake2s("\x1f".join(str(part) for part in parts).encode(), digest_size=4).hexdigest()
    first = re.sub(r"[^a-z0-9-]+", "-", str(parts[0]).lower()).strip("-") or "chart"
    return f"chart-{first}-{digest}"


def _truncate(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "\u2026"


def _text(content: str, *, x: float, y: float, css: str = "", tip: str | None = None, **attrs) -> str:
    """A ``<text>`` (content escaped here) with an optional tooltip ``<title>``."""
    inner = (_tag("title", escape(tip)) if tip else "") + escape(content)
    attrs.setdefault("fill", INK)
    return _tag("text", inner, class_=f"chart__text {css}".strip(), x=float(x), y=float(y), **attrs)


_MARKS = {
    "solid": None,
    "diagonal": ("path", {"d": "M-2,2 l4,-4 M0,8 l8,-8 M6,10 l4,-4", "stroke_width": "1.6"}),
    "dots": ("circle", {"cx": "4", "cy": "4", "r": "1.6"}),
    "cross": ("path", {"d": "M0,0 l8,8 M8,0 l-8,8", "stroke_width": "1.2"}),
    "horizontal": ("path", {"d": "M0,4 h8", "stroke_width": "1.6"}),
    "vertical": ("path", {"d": "M4,0 v8", "stroke_width": "1.6"}),
}


def _pattern(pid: str, css: str, kind: str, colour: str, mark: str = WHITE) -> str:
    """A ``<pattern>`` with a coloured ground (class ``css``) and marks in ``mark`` (none for ``solid``)."""
    ground = _tag("rect", class_=f"chart-pattern__ground {css}", width="8", height="8", fill=colour)
    marks = ""
    if _MARKS[kind]:
        element, attrs = _MARKS[kind]
        paint = {"fill": mark} if element == "circle" else {"stroke": mark}
        marks = _tag(element, class_="chart-pattern__mark", **attrs, **paint)
    return _tag("pattern", ground + marks, id=pid, width="8", height="8", patternUnits="userSpaceOnUse")


def _suppressed_pattern(uid: str) -> str:
    blank = _tag("rect", class_="chart-pattern__blank", width="6", height="6", fill=WHITE)
    ink = _tag("path", class_="chart-pattern__ink", d="M0,0 l6,6", stroke=MUTED, stroke_width="1")
    return _tag("pattern", blank + ink, id=f"{uid}-sup", width="6", height="6", patternUnits="userSpaceOnUse")


def _suppressed_box(uid: str, *, x: float, y: float, width: float, height: float, tip: str = "") -> str:
    return _tag(
        "rect",
        _tag("title", escape(tip)) if tip else "",
        class_="chart__suppressed",
        x=float(x),
        y=float(y),
        width=float(width),
        height=float(height),
        fill=f"url(#{uid}-sup)",
        stroke=MUTED,
        stroke_dasharray="3 2",
    )


def _svg(uid: str, width: float, height: float, title: str, desc: str, body: list[str], kind: str) -> SafeString:
    head = _tag("title", escape(title), id=f"{uid}-title") + _tag("desc", escape(desc), id=f"{uid}-desc")
    markup = _tag(
        "svg",
        head + "".join(body),
        class_=f"chart chart--{kind}",
        id=uid,
        role="img",
        aria_labelledby=f"{uid}-title {uid}-desc",
        viewBox=f"0 0 {width:.0f} {height:.0f}",
        width="100%",
        preserveAspectRatio="xMinYMin meet",
        xmlns="http://www.w3.org/2000/svg",
        font_family="system-ui, sans-serif",
        font_size=str(FONT),
    )
    return mark_safe(markup)  # noqa: S308 — every text and attribute went through escape()


def _nice_max(value: float) -> float:
    """The smallest 1/2/2.5/5 times 10^n at or above ``value`` (at least 1): a tidy end for the axis."""
    if value <= 0:
        return 1
    exponent = math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5):
        candidate = step * 10**exponent
        if candidate >= value:
            return candidate
    return 10 ** (exponent + 1)


def _ticks(top: float) -> list[float]:
    """Gridline values from 0 to ``top``: 4 or 5 steps (2 or 1 for small tops) of whole numbers when possible."""
    for count in (4, 5, 2, 1):
        if float(top / count).is_integer():
            return [top * i / count for i in range(count + 1)]
    return [top * i / 4 for i in range(5)]


def _series_labels(table: DataTable, value_keys: list[str]) -> list[str]:
    return [str(table.column(key).label) for key in value_keys]


def _marker(index: int, x: float, y: float, *, hollow: bool = False) -> str:
    """A series' marker shape (circle, square, triangle, diamond) at ``(x, y)``; hollow for a "<5" point."""
    shape = MARKERS[index % len(MARKERS)]
    colour = _colour(index)
    paint = {
        "class_": f"chart__marker chart-series-{index}" + (" chart__marker--hollow" if hollow else ""),
        "fill": WHITE if hollow else colour,
        "stroke": colour,
        "stroke_width": "2",
    }
    if shape == "circle":
        return _tag("circle", cx=float(x), cy=float(y), r="5", **paint)
    if shape == "square":
        return _tag("rect", x=float(x - 4.5), y=float(y - 4.5), width="9", height="9", **paint)
    if shape == "triangle":
        return _tag("path", d=f"M{x:.1f},{y - 6:.1f} L{x + 6:.1f},{y + 4.5:.1f} L{x - 6:.1f},{y + 4.5:.1f} Z", **paint)
    return _tag(
        "path", d=f"M{x:.1f},{y - 6:.1f} L{x + 6:.1f},{y:.1f} L{x:.1f},{y + 6:.1f} L{x - 6:.1f},{y:.1f} Z", **paint
    )


def _legend(uid: str, labels: list[str], *, width: float, line: bool, suppressed: bool) -> tuple[list[str], float]:
    """Legend items (swatch and label) flowed into rows from (10, 10) within ``width``; markup and height."""
    entries = [(label, index) for index, label in enumerate(labels)]
    if suppressed:
        entries.append((_("<5: a figure from 1 to 4, hidden"), -1))
    parts, x, y = ['<g class="chart__legend">'], 10.0, 10.0
    for label, index in entries:
        text = _truncate(label, 40)
        item_width = 30 + len(text) * FONT * 0.62 + 18
        if x + item_width > width - 10 and x > 10:
            x, y = 10.0, y + 24
        if index < 0:
            parts.append(_suppressed_box(uid, x=x, y=y, width=22, height=16))
        elif line:
            colour, dash = _colour(index), DASHES[index % 6] or None
            parts.append(
                _tag(
                    "line",
                    class_=f"chart__line chart-series-stroke-{index}",
                    x1=x,
                    y1=y + 8,
                    x2=x + 22,
                    y2=y + 8,
                    stroke=colour,
                    stroke_width="3",
                    stroke_dasharray=dash,
                )
                + _marker(index, x + 11, y + 8)
            )
        else:
            fill = f"url(#{uid}-p{index})"
            parts.append(_tag("rect", class_="chart__bar", x=x, y=y, width="22", height="16", fill=fill, stroke=INK))
        parts.append(_text(text, x=x + 28, y=y + 13))
        x += item_width
    parts.append("</g>")
    return parts, y + 14


def _describe(kind: str, table: DataTable, label_key: str, value_keys: list[str]) -> str:
    """The ``<desc>``: what the chart shows, the largest value per series, and where the table is."""
    labels = _series_labels(table, value_keys)
    sentences = [
        _("%(kind)s of %(count)s rows: %(series)s.")
        % {"kind": kind, "count": _fmt(len(table.rows)), "series": ", ".join(labels)}
    ]
    for key, label in zip(value_keys, labels, strict=True):
        numeric = [(row.get(key), row.get(label_key)) for row in table.rows if is_number(row.get(key))]
        if numeric:
            value, where = max(numeric, key=lambda pair: pair[0])
            values = {"series": label, "label": where, "value": _fmt(value)}
            sentences.append(_("Highest %(series)s: %(label)s, %(value)s.") % values)
    if table.has_suppressed:
        sentences.append(_("Some figures are from 1 to 4 and shown as <5."))
    sentences.append(_("The same figures are in the table “%(caption)s”.") % {"caption": table.caption})
    return " ".join(sentences)


def _numbers(table: DataTable, keys: list[str]) -> list[float]:
    return [float(row.get(key)) for row in table.rows for key in keys if is_number(row.get(key))]


def _check(table: DataTable, keys: list[str], chart: str) -> None:
    for key in keys:
        table.column(key)
    if any(value < 0 for value in _numbers(table, keys[1:])):
        raise ValueError(f"{chart} draws counts and rates: negative values are not supported.")


def bar_chart(
    table: DataTable, *, label_key: str, value_keys: list[str], title: str, horizontal: bool = True
) -> SafeString:
    """A grouped bar chart of ``table``: one group per row (labelled by ``label_key``), one bar per value key.

    Horizontal bars by default (long Indonesian labels stay readable); ``horizontal=False`` draws
    columns (for short labels such as months). Values are numbers, ``SUPPRESSED`` (a dashed, hatched
    box with "<5") or None (a dash). Raises ``KeyError`` if a key is not a column of the table and
    ``ValueError`` for negative values.
    """
    _check(table, [label_key, *value_keys], "bar_chart")
    uid = _uid(table.slug, "bar", title, label_key, *value_keys)
    series = len(value_keys)
    top = _nice_max(max(_numbers(table, value_keys), default=0))
    labels = _series_labels(table, value_keys)
    patterns = [_pattern(f"{uid}-p{i}", f"chart-series-{i}", PATTERNS[i % 6], _colour(i)) for i in range(series)]
    defs = _tag("defs", "".join(patterns) + _suppressed_pattern(uid))
    width = 720.0
    legend, legend_height = _legend(uid, labels, width=width, line=False, suppressed=table.has_suppressed)
    top_y = 20 + legend_height
    body: list[str] = []
    if horizontal:
        plot_x, plot_width = 230.0, width - 230 - 70
        bar, gap = 18, 14
        group = series * bar + gap
        plot_y = top_y + 20
        plot_height = max(group * len(table.rows), group)
        scale = plot_width / top
        for tick in _ticks(top):
            tx = plot_x + tick * scale
            body.append(_grid(tx, plot_y - 4, tx, plot_y + plot_height))
            body.append(_text(_fmt(tick), x=tx, y=plot_y - 8, css="chart__tick", text_anchor="middle", fill=MUTED))
        for r, row in enumerate(table.rows):
            gy = plot_y + r * group + gap / 2
            label = str(row.get(label_key, ""))
            body.append(
                _text(
                    _truncate(label, 30),
                    x=plot_x - 8,
                    y=gy + series * bar / 2 + 5,
                    css="chart__label",
                    tip=label,
                    text_anchor="end",
                )
            )
            for s, key in enumerate(value_keys):
                cell = _BarCell(uid, s, row.get(key), f"{label} \u2014 {labels[s]}")
                body.append(cell.horizontal(x=plot_x, y=gy + s * bar, scale=scale, thickness=bar - 3))
        body.append(_axis(plot_x, plot_y - 4, plot_x, plot_y + plot_height))
        height = plot_y + plot_height + 10
    else:
        plot_x = 60.0
        slot = max(series * 20 + 16, (width - plot_x - 10) / max(len(table.rows), 1))
        width = max(width, plot_x + slot * len(table.rows) + 10)
        base = top_y + 10 + 240
        scale = 240 / top
        for tick in _ticks(top):
            ty = base - tick * scale
            body.append(_grid(plot_x, ty, width - 10, ty))
            body.append(_text(_fmt(tick), x=plot_x - 6, y=ty + 5, css="chart__tick", text_anchor="end", fill=MUTED))
        bar = min(28, (slot - 16) / series)
        for r, row in enumerate(table.rows):
            gx = plot_x + r * slot + (slot - series * bar) / 2
            label = str(row.get(label_key, ""))
            short = _truncate(label, max(3, int(slot / (FONT * 0.6))))
            x = gx + series * bar / 2
            body.append(_text(short, x=x, y=base + 20, css="chart__label", tip=label, text_anchor="middle"))
            for s, key in enumerate(value_keys):
                cell = _BarCell(uid, s, row.get(key), f"{label} \u2014 {labels[s]}")
                body.append(cell.vertical(x=gx + s * bar, base=base, scale=scale, thickness=bar - 3))
        body.append(_axis(plot_x, base, width - 10, base))
        height = base + 30
    desc = _describe(_("Horizontal bar chart") if horizontal else _("Column chart"), table, label_key, value_keys)
    return _svg(uid, width, height, title, desc, [defs, *legend, *body], "bar")


def _grid(x1: float, y1: float, x2: float, y2: float) -> str:
    return _tag(
        "line",
        class_="chart__grid",
        x1=float(x1),
        y1=float(y1),
        x2=float(x2),
        y2=float(y2),
        stroke="#757575",
        stroke_width="0.5",
    )


def _axis(x1: float, y1: float, x2: float, y2: float) -> str:
    return _tag(
        "line",
        class_="chart__axis",
        x1=float(x1),
        y1=float(y1),
        x2=float(x2),
        y2=float(y2),
        stroke=INK,
        stroke_width="1.5",
    )


@dataclass(frozen=True)
class _BarCell:
    """One bar of a series, or the "<5" box or the dash in its place, with a tooltip."""

    uid: str
    series: int
    value: object
    name: str

    @property
    def tip(self) -> str:
        return f"{self.name}: {_fmt(self.value)}"

    def _rect(self, **box) -> str:
        fill = f"url(#{self.uid}-p{self.series})"
        return _tag("rect", _tag("title", escape(self.tip)), class_="chart__bar", fill=fill, stroke=INK, **box)

    def horizontal(self, *, x: float, y: float, scale: float, thickness: float) -> str:
        text_y = y + thickness - 3
        if is_number(self.value):
            length = float(self.value) * scale
            bar = self._rect(x=float(x), y=float(y), width=length, height=float(thickness))
            return bar + _text(_fmt(self.value), x=x + length + 5, y=text_y, css="chart__value")
        if self.value is SUPPRESSED:
            box = _suppressed_box(self.uid, x=x, y=y, width=26, height=thickness, tip=self.tip)
            label = _text(
                str(SUPPRESSED), x=x + 31, y=text_y, css="chart__value chart__value--suppressed", font_style="italic"
            )
            return box + label
        return _text(DASH, x=x + 5, y=text_y, css="chart__value chart__value--missing", tip=self.tip, fill=MUTED)

    def vertical(self, *, x: float, base: float, scale: float, thickness: float) -> str:
        middle = x + thickness / 2
        small = {"text_anchor": "middle", "font_size": "12"}
        if is_number(self.value):
            length = float(self.value) * scale
            bar = self._rect(x=float(x), y=base - length, width=float(thickness), height=length)
            return bar + _text(_fmt(self.value), x=middle, y=base - length - 4, css="chart__value", **small)
        if self.value is SUPPRESSED:
            box = _suppressed_box(self.uid, x=x, y=base - 20, width=thickness, height=20, tip=self.tip)
            css = "chart__value chart__value--suppressed"
            return box + _text(str(SUPPRESSED), x=middle, y=base - 24, css=css, font_style="italic", **small)
        return _text(
            DASH, x=middle, y=base - 4, css="chart__value chart__value--missing", tip=self.tip, fill=MUTED, **small
        )


def line_chart(table: DataTable, *, x_key: str, value_keys: list[str], title: str) -> SafeString:
    """A line chart (a trend by month): one line per value key over the rows in order, x labelled by ``x_key``.

    Each line has its own dash pattern and marker shape. A ``SUPPRESSED`` point is a hollow marker
    near the axis labelled "<5" and breaks the line, as does a missing (None) point. Raises
    ``KeyError`` for an unknown key and ``ValueError`` for negative values.
    """
    _check(table, [x_key, *value_keys], "line_chart")
    uid = _uid(table.slug, "line", title, x_key, *value_keys)
    labels = _series_labels(table, value_keys)
    top = _nice_max(max(_numbers(table, value_keys), default=0))
    width = 720.0
    defs = _tag("defs", _suppressed_pattern(uid))
    legend, legend_height = _legend(uid, labels, width=width, line=True, suppressed=table.has_suppressed)
    plot_x, plot_height = 60.0, 240
    count = max(len(table.rows), 1)
    step = max(36.0, (width - plot_x - 30) / max(count - 1, 1))
    width = max(width, plot_x + step * (count - 1) + 40)
    base = 30 + legend_height + plot_height
    scale = plot_height / top
    body: list[str] = []
    for tick in _ticks(top):
        ty = base - tick * scale
        body.append(_grid(plot_x, ty, width - 20, ty))
        body.append(_text(_fmt(tick), x=plot_x - 6, y=ty + 5, css="chart__tick", text_anchor="end", fill=MUTED))
    every = max(1, math.ceil(count / max(1, int((width - plot_x) / 60))))
    for r, row in enumerate(table.rows):
        if r % every == 0:
            label = str(row.get(x_key, ""))
            x = plot_x + 10 + r * step
            body.append(
                _text(_truncate(label, 10), x=x, y=base + 20, css="chart__label", tip=label, text_anchor="middle")
            )
    for s, key in enumerate(value_keys):
        segments: list[list[tuple[float, float]]] = [[]]
        marks: list[str] = []
        for r, row in enumerate(table.rows):
            x, value = plot_x + 10 + r * step, row.get(key)
            tip = _tag("title", escape(f"{row.get(x_key, '')} \u2014 {labels[s]}: {_fmt(value)}"))
            if is_number(value):
                y = base - float(value) * scale
                segments[-1].append((x, y))
                marks.append(_tag("g", _marker(s, x, y) + tip))
                continue
            if segments[-1]:
                segments.append([])
            if value is SUPPRESSED:
                label = _text(
                    str(SUPPRESSED),
                    x=x,
                    y=base - 18 - 12 * s,
                    css="chart__value--suppressed",
                    text_anchor="middle",
                    font_size="12",
                    font_style="italic",
                )
                marks.append(
                    _tag("g", _marker(s, x, base - 8, hollow=True) + label + tip, class_="chart__suppressed-point")
                )
        for points in segments:
            if len(points) > 1:
                body.append(
                    _tag(
                        "polyline",
                        class_=f"chart__line chart-series-stroke-{s}",
                        points=" ".join(f"{x:.1f},{y:.1f}" for x, y in points),
                        fill="none",
                        stroke=_colour(s),
                        stroke_width="3",
                        stroke_dasharray=DASHES[s % 6] or None,
                        stroke_linejoin="round",
                    )
                )
        body.extend(marks)
    body.append(_axis(plot_x, base, width - 20, base))
    desc = _describe(_("Line chart"), table, x_key, value_keys)
    return _svg(uid, width, base + 32, title, desc, [defs, *legend, *body], "line")


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
    low_text, high_text = _fmt(round(low, 1)), _fmt(round(high, 1))
    return low_text if low_text == high_text else f"{low_text} \u2013 {high_text}"


def _short(value) -> str:
    """A tile's value in few characters: 100,000 and more in thousands ("125k" / "125rb")."""
    if is_number(value) and float(value) >= 100_000:
        return _("%(thousands)sk") % {"thousands": _fmt(round(float(value) / 1000))}
    return _fmt(value)


def kota_tile_map(values: dict[str, object], *, title: str, legend: str) -> SafeString:
    """A tile-grid map of Indonesia's 98 kota: one square per kota, coloured and patterned by value class.

    values: ``{City.code: number | SUPPRESSED | None}``; kota not in ``values`` show as "no data".
    legend: the legend's heading (what the value is, e.g. "Placements in 2026"). Each tile shows a
    three-letter abbreviation and its value, and has a ``<title>`` with the full name. Codes that are
    not kota of the reference list are ignored. Up to five equal-width classes from the lowest to
    the highest figure.
    """
    tiles = kota_tiles()
    uid = _uid("map", title, legend)
    numbers = [float(v) for v in values.values() if is_number(v)]
    classes = _classes(numbers)
    size, gap, left, top = 46, 4, 10, 10
    columns = max(tile.column for tile in tiles) + 1
    rows = max(tile.row for tile in tiles) + 1
    width = max(left + columns * (size + gap) + 10, 720)
    patterns = [
        _pattern(f"{uid}-p{i}", f"chart-class-{i}", MAP_CLASS_PATTERNS[i], colour, mark=INK if i < 2 else WHITE)
        for i, colour in enumerate(MAP_CLASS_COLOURS)
    ]
    defs = _tag("defs", "".join(patterns) + _suppressed_pattern(uid))

    def fill_of(value: float) -> str:
        index = next(i for i, (_low, high) in enumerate(classes) if value <= high or i == len(classes) - 1)
        return f"url(#{uid}-p{_class_index(index, len(classes))})"

    body: list[str] = [defs]
    label = {"text_anchor": "middle", "stroke": WHITE, "stroke_width": "3", "paint_order": "stroke"}
    for tile in tiles:
        x, y = left + tile.column * (size + gap), top + tile.row * (size + gap)
        value = values.get(tile.code)
        box = {"x": str(x), "y": str(y), "width": str(size), "height": str(size), "stroke": INK}
        if is_number(value):
            square = _tag("rect", class_="chart__tile", fill=fill_of(float(value)), **box)
        elif value is SUPPRESSED:
            css = "chart__tile chart__tile--suppressed"
            square = _tag("rect", class_=css, fill=f"url(#{uid}-sup)", stroke_dasharray="3 2", **box)
        else:
            square = _tag("rect", class_="chart__tile chart__tile--missing", fill=WHITE, stroke_dasharray="3 2", **box)
        tip = _tag("title", escape(f"{tile.name} ({tile.province_name}): {_fmt(value)}"))
        name = _text(
            tile.abbreviation,
            x=x + size / 2,
            y=y + 18,
            css="chart__tile-label",
            font_size="12",
            font_weight="700",
            **label,
        )
        figure = _text(_short(value), x=x + size / 2, y=y + 36, css="chart__tile-label", font_size="11", **label)
        body.append(_tag("g", tip + square + name + figure, class_="chart__kota", data_code=tile.code))
    y = top + rows * (size + gap) + 10
    body.append(_text(legend, x=left, y=y + 14, css="chart__legend-title", font_weight="700"))
    y += 24
    entries = [
        (f"url(#{uid}-p{_class_index(i, len(classes))})", _class_label(low, high), None, "chart__tile")
        for i, (low, high) in enumerate(classes)
    ]
    entries.append(
        (f"url(#{uid}-sup)", _("<5: a figure from 1 to 4, hidden"), "3 2", "chart__tile chart__tile--suppressed")
    )
    entries.append((WHITE, _("No data"), "3 2", "chart__tile chart__tile--missing"))
    x = left
    for fill, text, dash, css in entries:
        item_width = 36 + len(text) * FONT * 0.62 + 18
        if x + item_width > width - 10 and x > left:
            x, y = left, y + 28
        swatch = _tag(
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
        body.append(_tag("g", swatch + _text(text, x=x + 32, y=y + 15), class_="chart__legend"))
        x += item_width
    shown = [tile for tile in tiles if is_number(values.get(tile.code))]
    suppressed = sum(1 for tile in tiles if values.get(tile.code) is SUPPRESSED)
    desc = _(
        "Tile map of Indonesia's %(total)s kota, one square per kota, grouped in columns by province from west to "
        "east. %(shown)s kota have a figure, %(suppressed)s are shown as <5, the others have no data. %(legend)s."
    ) % {"total": _fmt(len(tiles)), "shown": _fmt(len(shown)), "suppressed": _fmt(suppressed), "legend": legend}
    if shown:
        best = max(shown, key=lambda tile: values[tile.code])
        desc += " " + _("Highest: %(name)s, %(value)s.") % {"name": best.name, "value": _fmt(values[best.code])}
    return _svg(uid, width, y + 34, title, desc, body, "map")
