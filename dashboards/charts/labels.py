"""Text on the charts: numbers in the active language's format (``12.345`` in Indonesian, ``12,345``
in English), "<5" for suppressed figures, a dash for missing ones, and shortened labels."""

from __future__ import annotations

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from dashboards.tables import format_value, is_number


def format_label(value) -> str:
    """A chart label: a number in the active language's format, "<5", a dash, or the text itself."""
    if is_number(value):
        if isinstance(value, int) or float(value).is_integer():
            return number_format(int(value), decimal_pos=0, use_l10n=True, force_grouping=True)
        return number_format(value, decimal_pos=1, use_l10n=True, force_grouping=True)
    return format_value(value)


def truncate(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "\u2026"


def short_label(value) -> str:
    """A tile's value in few characters: 100,000 and more in thousands ("125k" / "125rb")."""
    if is_number(value) and float(value) >= 100_000:
        return _("%(thousands)sk") % {"thousands": format_label(round(float(value) / 1000))}
    return format_label(value)
