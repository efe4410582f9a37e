"""Line charts: a trend by month, one line per series."""

from __future__ import annotations

import math

from django.utils.html import escape
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from dashboards.charts.labels import format_label, truncate
from dashboards.charts.legend import describe, legend_items, series_labels
from dashboards.charts.palette import DASHES, MUTED, series_colour
from dashboards.charts.scales import check_columns, nice_max, numeric_values, tick_values
from dashboards.charts.svg import axis_line, chart_id, grid_line, marker, suppressed_pattern, svg_root, tag, text_tag
from dashboards.tables import DataTable, is_hidden, is_number


def line_chart(table: DataTable, *, x_key: str, value_keys: list[str], title: str) -> SafeString:
    """A line chart (a trend by month): one line per value key over the rows in order, x labelled by ``x_key``.

    Each line has its own dash pattern and marker shape. A ``SUPPRESSED`` (``PROTECTED``) point is a hollow marker
    near the axis labelled "<5" ("x") and breaks the line, as does a missing (None) point. Raises
    ``KeyError`` for an unknown key and ``ValueError`` for negative values.
    """
    check_columns(table, [x_key, *value_keys], "line_chart")
    uid = chart_id(table.slug, "line", title, x_key, *value_keys)
    labels = series_labels(table, value_keys)
    top = nice_max(max(numeric_values(table, value_keys), default=0))
    width = 720.0
    defs = tag("defs", suppressed_pattern(uid))
    legend, legend_height = legend_items(
        uid, labels, width=width, line=True, suppressed=table.has_suppressed, protected=table.has_protected
    )
    plot_x, plot_height = 60.0, 240
    count = max(len(table.rows), 1)
    step = max(36.0, (width - plot_x - 30) / max(count - 1, 1))
    width = max(width, plot_x + step * (count - 1) + 40)
    base = 30 + legend_height + plot_height
    scale = plot_height / top
    body: list[str] = []
    for tick in tick_values(top):
        ty = base - tick * scale
        body.append(grid_line(plot_x, ty, width - 20, ty))
        body.append(
            text_tag(format_label(tick), x=plot_x - 6, y=ty + 5, css="chart__tick", text_anchor="end", fill=MUTED)
        )
    every = max(1, math.ceil(count / max(1, int((width - plot_x) / 60))))
    for r, row in enumerate(table.rows):
        if r % every == 0:
            label = str(row.get(x_key, ""))
            x = plot_x + 10 + r * step
            body.append(
                text_tag(truncate(label, 10), x=x, y=base + 20, css="chart__label", tip=label, text_anchor="middle")
            )
    for s, key in enumerate(value_keys):
        segments: list[list[tuple[float, float]]] = [[]]
        marks: list[str] = []
        for r, row in enumerate(table.rows):
            x, value = plot_x + 10 + r * step, row.get(key)
            tip = tag("title", escape(f"{row.get(x_key, '')} \u2014 {labels[s]}: {format_label(value)}"))
            if is_number(value):
                y = base - float(value) * scale
                segments[-1].append((x, y))
                marks.append(tag("g", marker(s, x, y) + tip))
                continue
            if segments[-1]:
                segments.append([])
            if is_hidden(value):
                label = text_tag(
                    str(value),
                    x=x,
                    y=base - 18 - 12 * s,
                    css="chart__value--suppressed",
                    text_anchor="middle",
                    font_size="12",
                    font_style="italic",
                )
                marks.append(
                    tag("g", marker(s, x, base - 8, hollow=True) + label + tip, class_="chart__suppressed-point")
                )
        for points in segments:
            if len(points) > 1:
                body.append(
                    tag(
                        "polyline",
                        class_=f"chart__line chart-series-stroke-{s}",
                        points=" ".join(f"{x:.1f},{y:.1f}" for x, y in points),
                        fill="none",
                        stroke=series_colour(s),
                        stroke_width="3",
                        stroke_dasharray=DASHES[s % 6] or None,
                        stroke_linejoin="round",
                    )
                )
        body.extend(marks)
    body.append(axis_line(plot_x, base, width - 20, base))
    desc = describe(_("Line chart"), table, x_key, value_keys)
    return svg_root(uid, width, base + 32, title, desc, [defs, *legend, *body], "line")
