"""SVG building blocks of the charts: elements with escaped attributes, text, fill patterns, the
"<5" box, gridlines and axes, series markers, and the ``<svg role="img">`` root with its title and
description. Every text and attribute goes through ``escape`` in ``tag``."""

from __future__ import annotations

import hashlib
import re

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from dashboards.charts.palette import FONT, INK, MARKERS, MUTED, WHITE, series_colour


def tag(name: str, content: str = "", /, **attrs) -> str:
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


def chart_id(*parts) -> str:
    digest = hashlib.blake2s("\x1f".join(str(part) for part in parts).encode(), digest_size=4).hexdigest()
    first = re.sub(r"[^a-z0-9-]+", "-", str(parts[0]).lower()).strip("-") or "chart"
    return f"chart-{first}-{digest}"


def text_tag(content: str, *, x: float, y: float, css: str = "", tip: str | None = None, **attrs) -> str:
    """A ``<text>`` (content escaped here) with an optional tooltip ``<title>``."""
    inner = (tag("title", escape(tip)) if tip else "") + escape(content)
    attrs.setdefault("fill", INK)
    return tag("text", inner, class_=f"chart__text {css}".strip(), x=float(x), y=float(y), **attrs)


_MARKS = {
    "solid": None,
    "diagonal": ("path", {"d": "M-2,2 l4,-4 M0,8 l8,-8 M6,10 l4,-4", "stroke_width": "1.6"}),
    "dots": ("circle", {"cx": "4", "cy": "4", "r": "1.6"}),
    "cross": ("path", {"d": "M0,0 l8,8 M8,0 l-8,8", "stroke_width": "1.2"}),
    "horizontal": ("path", {"d": "M0,4 h8", "stroke_width": "1.6"}),
    "vertical": ("path", {"d": "M4,0 v8", "stroke_width": "1.6"}),
}


def pattern_def(pid: str, css: str, kind: str, colour: str, mark: str = WHITE) -> str:
    """A ``<pattern>`` with a coloured ground (class ``css``) and marks in ``mark`` (none for ``solid``)."""
    ground = tag("rect", class_=f"chart-pattern__ground {css}", width="8", height="8", fill=colour)
    marks = ""
    if _MARKS[kind]:
        element, attrs = _MARKS[kind]
        paint = {"fill": mark} if element == "circle" else {"stroke": mark}
        marks = tag(element, class_="chart-pattern__mark", **attrs, **paint)
    return tag("pattern", ground + marks, id=pid, width="8", height="8", patternUnits="userSpaceOnUse")


def suppressed_pattern(uid: str) -> str:
    blank = tag("rect", class_="chart-pattern__blank", width="6", height="6", fill=WHITE)
    ink = tag("path", class_="chart-pattern__ink", d="M0,0 l6,6", stroke=MUTED, stroke_width="1")
    return tag("pattern", blank + ink, id=f"{uid}-sup", width="6", height="6", patternUnits="userSpaceOnUse")


def suppressed_box(uid: str, *, x: float, y: float, width: float, height: float, tip: str = "") -> str:
    return tag(
        "rect",
        tag("title", escape(tip)) if tip else "",
        class_="chart__suppressed",
        x=float(x),
        y=float(y),
        width=float(width),
        height=float(height),
        fill=f"url(#{uid}-sup)",
        stroke=MUTED,
        stroke_dasharray="3 2",
    )


def svg_root(uid: str, width: float, height: float, title: str, desc: str, body: list[str], kind: str) -> SafeString:
    head = tag("title", escape(title), id=f"{uid}-title") + tag("desc", escape(desc), id=f"{uid}-desc")
    markup = tag(
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


def grid_line(x1: float, y1: float, x2: float, y2: float) -> str:
    return tag(
        "line",
        class_="chart__grid",
        x1=float(x1),
        y1=float(y1),
        x2=float(x2),
        y2=float(y2),
        stroke="#757575",
        stroke_width="0.5",
    )


def axis_line(x1: float, y1: float, x2: float, y2: float) -> str:
    return tag(
        "line",
        class_="chart__axis",
        x1=float(x1),
        y1=float(y1),
        x2=float(x2),
        y2=float(y2),
        stroke=INK,
        stroke_width="1.5",
    )


def marker(index: int, x: float, y: float, *, hollow: bool = False) -> str:
    """A series' marker shape (circle, square, triangle, diamond) at ``(x, y)``; hollow for a "<5" point."""
    shape = MARKERS[index % len(MARKERS)]
    colour = series_colour(index)
    paint = {
        "class_": f"chart__marker chart-series-{index}" + (" chart__marker--hollow" if hollow else ""),
        "fill": WHITE if hollow else colour,
        "stroke": colour,
        "stroke_width": "2",
    }
    if shape == "circle":
        return tag("circle", cx=float(x), cy=float(y), r="5", **paint)
    if shape == "square":
        return tag("rect", x=float(x - 4.5), y=float(y - 4.5), width="9", height="9", **paint)
    if shape == "triangle":
        return tag("path", d=f"M{x:.1f},{y - 6:.1f} L{x + 6:.1f},{y + 4.5:.1f} L{x - 6:.1f},{y + 4.5:.1f} Z", **paint)
    return tag(
        "path", d=f"M{x:.1f},{y - 6:.1f} L{x + 6:.1f},{y:.1f} L{x:.1f},{y + 6:.1f} L{x - 6:.1f},{y:.1f} Z", **paint
    )
