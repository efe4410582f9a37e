"""Grouped bar charts: horizontal bars (long labels) or columns (short labels such as months)."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from dashboards.charts.labels import format_label, truncate
from dashboards.charts.legend import describe, legend_items, series_labels
from dashboards.charts.palette import FONT, INK, MUTED, PATTERNS, series_colour
from dashboards.charts.scales import check_columns, nice_max, numeric_values, tick_values
from dashboards.charts.svg import (
    axis_line,
    chart_id,
    grid_line,
    pattern_def,
    suppressed_box,
    suppressed_pattern,
    svg_root,
    tag,
    text_tag,
)
from dashboards.tables import DASH, DataTable, is_hidden, is_number


def bar_chart(
    table: DataTable, *, label_key: str, value_keys: list[str], title: str, horizontal: bool = True
) -> SafeString:
    """A grouped bar chart of ``table``: one group per row (labelled by ``label_key``), one bar per value key.

    Horizontal bars by default (long Indonesian labels stay readable); ``horizontal=False`` draws
    columns (for short labels such as months). Values are numbers, ``SUPPRESSED`` (a dashed, hatched
    box with "<5"), ``PROTECTED`` (the same box with "x") or None (a dash). Raises ``KeyError`` if a
    key is not a column of the table and ``ValueError`` for negative values.
    """
    check_columns(table, [label_key, *value_keys], "bar_chart")
    uid = chart_id(table.slug, "bar", title, label_key, *value_keys)
    series = len(value_keys)
    top = nice_max(max(numeric_values(table, value_keys), default=0))
    labels = series_labels(table, value_keys)
    patterns = [
        pattern_def(f"{uid}-p{i}", f"chart-series-{i}", PATTERNS[i % 6], series_colour(i)) for i in range(series)
    ]
    defs = tag("defs", "".join(patterns) + suppressed_pattern(uid))
    width = 720.0
    legend, legend_height = legend_items(
        uid, labels, width=width, line=False, suppressed=table.has_suppressed, protected=table.has_protected
    )
    top_y = 20 + legend_height
    plot = _horizontal_bars if horizontal else _columns
    body, width, height = plot(uid, table, label_key, value_keys, labels, top=top, top_y=top_y, width=width)
    desc = describe(_("Horizontal bar chart") if horizontal else _("Column chart"), table, label_key, value_keys)
    return svg_root(uid, width, height, title, desc, [defs, *legend, *body], "bar")


@dataclass(frozen=True)
class _BarCell:
    """One bar of a series, or the "<5" box or the dash in its place, with a tooltip."""

    uid: str
    series: int
    value: object
    name: str

    @property
    def tip(self) -> str:
        return f"{self.name}: {format_label(self.value)}"

    def _rect(self, **box) -> str:
        fill = f"url(#{self.uid}-p{self.series})"
        return tag("rect", tag("title", escape(self.tip)), class_="chart__bar", fill=fill, stroke=INK, **box)

    def horizontal(self, *, x: float, y: float, scale: float, thickness: float) -> str:
        text_y = y + thickness - 3
        if is_number(self.value):
            length = float(self.value) * scale
            bar = self._rect(x=float(x), y=float(y), width=length, height=float(thickness))
            return bar + text_tag(format_label(self.value), x=x + length + 5, y=text_y, css="chart__value")
        if is_hidden(self.value):
            box = suppressed_box(self.uid, x=x, y=y, width=26, height=thickness, tip=self.tip)
            label = text_tag(
                str(self.value), x=x + 31, y=text_y, css="chart__value chart__value--suppressed", font_style="italic"
            )
            return box + label
        return text_tag(DASH, x=x + 5, y=text_y, css="chart__value chart__value--missing", tip=self.tip, fill=MUTED)

    def vertical(self, *, x: float, base: float, scale: float, thickness: float) -> str:
        middle = x + thickness / 2
        small = {"text_anchor": "middle", "font_size": "12"}
        if is_number(self.value):
            length = float(self.value) * scale
            bar = self._rect(x=float(x), y=base - length, width=float(thickness), height=length)
            return bar + text_tag(format_label(self.value), x=middle, y=base - length - 4, css="chart__value", **small)
        if is_hidden(self.value):
            box = suppressed_box(self.uid, x=x, y=base - 20, width=thickness, height=20, tip=self.tip)
            css = "chart__value chart__value--suppressed"
            return box + text_tag(str(self.value), x=middle, y=base - 24, css=css, font_style="italic", **small)
        return text_tag(
            DASH, x=middle, y=base - 4, css="chart__value chart__value--missing", tip=self.tip, fill=MUTED, **small
        )


def _horizontal_bars(
    uid: str,
    table: DataTable,
    label_key: str,
    value_keys: list[str],
    labels: list[str],
    *,
    top: float,
    top_y: float,
    width: float,
) -> tuple[list[str], float, float]:
    """Bars from the left, a row of groups per table row, the value axis on top: markup, width, height."""
    series = len(value_keys)
    body: list[str] = []
    plot_x, plot_width = 230.0, width - 230 - 70
    bar, gap = 18, 14
    group = series * bar + gap
    plot_y = top_y + 20
    plot_height = max(group * len(table.rows), group)
    scale = plot_width / top
    for tick in tick_values(top):
        tx = plot_x + tick * scale
        body.append(grid_line(tx, plot_y - 4, tx, plot_y + plot_height))
        body.append(
            text_tag(format_label(tick), x=tx, y=plot_y - 8, css="chart__tick", text_anchor="middle", fill=MUTED)
        )
    for r, row in enumerate(table.rows):
        gy = plot_y + r * group + gap / 2
        label = str(row.get(label_key, ""))
        body.append(
            text_tag(
                truncate(label, 30),
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
    body.append(axis_line(plot_x, plot_y - 4, plot_x, plot_y + plot_height))
    height = plot_y + plot_height + 10
    return body, width, height


def _columns(
    uid: str,
    table: DataTable,
    label_key: str,
    value_keys: list[str],
    labels: list[str],
    *,
    top: float,
    top_y: float,
    width: float,
) -> tuple[list[str], float, float]:
    """Columns above a base line, a group per table row, the value axis on the left: markup, width, height."""
    series = len(value_keys)
    body: list[str] = []
    plot_x = 60.0
    slot = max(series * 20 + 16, (width - plot_x - 10) / max(len(table.rows), 1))
    width = max(width, plot_x + slot * len(table.rows) + 10)
    base = top_y + 10 + 240
    scale = 240 / top
    for tick in tick_values(top):
        ty = base - tick * scale
        body.append(grid_line(plot_x, ty, width - 10, ty))
        body.append(
            text_tag(format_label(tick), x=plot_x - 6, y=ty + 5, css="chart__tick", text_anchor="end", fill=MUTED)
        )
    bar = min(28, (slot - 16) / series)
    for r, row in enumerate(table.rows):
        gx = plot_x + r * slot + (slot - series * bar) / 2
        label = str(row.get(label_key, ""))
        short = truncate(label, max(3, int(slot / (FONT * 0.6))))
        x = gx + series * bar / 2
        body.append(text_tag(short, x=x, y=base + 20, css="chart__label", tip=label, text_anchor="middle"))
        for s, key in enumerate(value_keys):
            cell = _BarCell(uid, s, row.get(key), f"{label} \u2014 {labels[s]}")
            body.append(cell.vertical(x=gx + s * bar, base=base, scale=scale, thickness=bar - 3))
    body.append(axis_line(plot_x, base, width - 10, base))
    height = base + 30
    return body, width, height
