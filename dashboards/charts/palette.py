"""Colours, fill patterns, dash patterns and marker shapes of the charts, and the type size.

Colour is never the only cue (WCAG 2.2 SC 1.4.1): each series also has a pattern and, for lines, a
dash pattern and a marker shape; each map class its own pattern.
"""

from __future__ import annotations

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

FONT = 14  # user units; the SVG scales with its container (viewBox), the table carries exact figures


def series_colour(index: int) -> str:
    """Series ``index``'s colour. From the seventh series on, the colours shift against the six patterns,
    so every (pattern, colour) pair stays distinct up to 36 series."""
    return SERIES_COLOURS[(index + index // len(SERIES_COLOURS)) % len(SERIES_COLOURS)]
