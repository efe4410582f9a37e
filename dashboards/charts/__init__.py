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
- shows ``SUPPRESSED`` values (counts 1 to 4) as "<5" and ``PROTECTED`` ones (hidden to protect
  another figure) as "x" in a dashed, hatched box, never as a zero bar,
  and missing values as a dash;
- writes numbers in the active language's format (``12.345`` in Indonesian, ``12,345`` in English).

The functions return ``SafeString`` markup; every text and attribute is escaped by ``svg.tag``.

The package: the building blocks (``palette``: colours, patterns, markers; ``svg``: elements,
patterns, axes, the root; ``scales``: axis ends and gridlines; ``labels``: number and text
formatting; ``legend``: legend and description) apart from each chart kind (``bar``, ``line``,
``tile_map``).
"""

from __future__ import annotations

from dashboards.charts.bar import bar_chart
from dashboards.charts.line import line_chart
from dashboards.charts.palette import MAP_CLASS_COLOURS, PATTERNS, SERIES_COLOURS
from dashboards.charts.tile_map import Tile, kota_tile_map, kota_tiles

__all__ = [
    "MAP_CLASS_COLOURS",
    "PATTERNS",
    "SERIES_COLOURS",
    "Tile",
    "bar_chart",
    "kota_tile_map",
    "kota_tiles",
    "line_chart",
]
