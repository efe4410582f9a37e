"""What every bar and line chart says besides its marks: the legend (a swatch per series, and the
"<5" or "x" box when a figure is hidden) and the ``<desc>`` that summarises the chart in words."""

from __future__ import annotations

from django.utils.translation import gettext as _

from dashboards.charts.labels import format_label, truncate
from dashboards.charts.palette import DASHES, FONT, INK, series_colour
from dashboards.charts.svg import marker, suppressed_box, tag, text_tag
from dashboards.tables import PROTECTED, DataTable, is_number


def protected_legend() -> str:
    """The legend entry of a ``PROTECTED`` figure."""
    return _("%(mark)s: hidden to protect another figure") % {"mark": PROTECTED}


def series_labels(table: DataTable, value_keys: list[str]) -> list[str]:
    return [str(table.column(key).label) for key in value_keys]


def legend_items(
    uid: str, labels: list[str], *, width: float, line: bool, suppressed: bool, protected: bool = False
) -> tuple[list[str], float]:
    """Legend items (swatch and label) flowed into rows from (10, 10) within ``width``; markup and height.
    ``suppressed``/``protected``: add the "<5" / "x" entry."""
    entries = [(label, index) for index, label in enumerate(labels)]
    if suppressed:
        entries.append((_("<5: a figure from 1 to 4, hidden"), -1))
    if protected:
        entries.append((protected_legend(), -1))
    parts, x, y = ['<g class="chart__legend">'], 10.0, 10.0
    for label, index in entries:
        text = truncate(label, 40)
        item_width = 30 + len(text) * FONT * 0.62 + 18
        if x + item_width > width - 10 and x > 10:
            x, y = 10.0, y + 24
        if index < 0:
            parts.append(suppressed_box(uid, x=x, y=y, width=22, height=16))
        elif line:
            colour, dash = series_colour(index), DASHES[index % 6] or None
            parts.append(
                tag(
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
                + marker(index, x + 11, y + 8)
            )
        else:
            fill = f"url(#{uid}-p{index})"
            parts.append(tag("rect", class_="chart__bar", x=x, y=y, width="22", height="16", fill=fill, stroke=INK))
        parts.append(text_tag(text, x=x + 28, y=y + 13))
        x += item_width
    parts.append("</g>")
    return parts, y + 14


def describe(kind: str, table: DataTable, label_key: str, value_keys: list[str]) -> str:
    """The ``<desc>``: what the chart shows, the largest value per series, and where the table is."""
    labels = series_labels(table, value_keys)
    sentences = [
        _("%(kind)s of %(count)s rows: %(series)s.")
        % {"kind": kind, "count": format_label(len(table.rows)), "series": ", ".join(labels)}
    ]
    for key, label in zip(value_keys, labels, strict=True):
        numeric = [(row.get(key), row.get(label_key)) for row in table.rows if is_number(row.get(key))]
        if numeric:
            value, where = max(numeric, key=lambda pair: pair[0])
            values = {"series": label, "label": where, "value": format_label(value)}
            sentences.append(_("Highest %(series)s: %(label)s, %(value)s.") % values)
    if table.has_suppressed:
        sentences.append(_("Some figures are from 1 to 4 and shown as <5."))
    if table.has_protected:
        sentences.append(_("Some figures are hidden only to protect another figure and shown as x."))
    sentences.append(_("The same figures are in the table “%(caption)s”.") % {"caption": table.caption})
    return " ".join(sentences)
