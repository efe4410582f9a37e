"""``{% load ui %}``: Indonesian number and currency formats, page titles.

Numbers are formatted explicitly rather than with ``USE_THOUSAND_SEPARATOR`` (which would also
put separators into ids and years): ``{{ 1250000|rupiah }}`` gives ``Rp 1.250.000`` in Indonesian and
``Rp 1,250,000`` in English (``cities.money``); ``{{ 12345|number }}`` gives ``12.345`` / ``12,345``. Phone numbers
stored in E.164 read as people write them: ``{{ "+6281234567890"|phone }}`` gives ``0812-3456-7890``.
A moment shows on the city's clock with its zone: ``{{ value|local_time }}`` gives
``08/12/2026 09:15 WITA`` (``{{ value|local_time:"j F Y H:i" }}`` for another format).
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django import template
from django.utils.formats import number_format

from cities import calendar
from cities.money import format_rupiah
from cities.phones import display_phone

register = template.Library()


def _to_decimal(value) -> Decimal | None:
    try:
        return Decimal(str(value))
    except (InvalidOperation, TypeError, ValueError):
        return None


@register.filter
def number(value, decimal_places: int | None = None):
    """A number with the active language's thousand and decimal separators; non-numbers pass through."""
    amount = _to_decimal(value)
    if amount is None:
        return value
    return number_format(amount, decimal_pos=decimal_places, use_l10n=True, force_grouping=True)


@register.filter
def rupiah(value):
    """An amount in whole rupiah, written the reader's way: ``Rp 1.250.000`` (``cities.money``)."""
    return format_rupiah(value)


@register.filter
def local_time(value, fmt: str = "d/m/Y H:i"):
    """``value`` (an aware datetime) on the current city's clock, followed by its zone (WIB, WITA, WIT)."""
    return calendar.local_time(value, fmt)


@register.filter
def phone(value):
    """A stored phone number as people read it (``cities.phones.display_phone``); other text unchanged."""
    return display_phone(value) if isinstance(value, str) else value


@register.simple_tag
def page_range(page_obj):
    """Page numbers to show around the current one, with ``paginator.ELLIPSIS`` for a gap: 1 … 4 5 6 … 20."""
    return list(page_obj.paginator.get_elided_page_range(page_obj.number, on_each_side=1, on_ends=1))


@register.simple_tag(takes_context=True)
def page_url(context, number) -> str:
    """The current URL's query string with ``page`` set to ``number`` (other filters kept)."""
    query = context["request"].GET.copy()
    query["page"] = number
    return "?" + query.urlencode()
