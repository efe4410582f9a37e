"""Rupiah as people in Indonesia write it, the one format every page, message and export uses.

``format_rupiah(4000000)`` gives ``Rp 4.000.000`` in Indonesian: the symbol, a space, dots between
thousands and no decimals (the sen is not used in practice; amounts are rounded to whole rupiah).
English pages keep the symbol and use English separators, ``Rp 4,000,000`` (the currency stays
the one the reader meets on payslips and job ads; the ISO code ``IDR`` is for machines: the JSON-LD
``baseSalary`` and the API). The template filter ``{{ amount|rupiah }}`` (``{% load ui %}``) is this
function. Files meant for spreadsheets keep amounts as numbers and give the XLSX cells the format
``XLSX_FORMAT``, which spreadsheets show with the reader's own separators.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.utils import translation
from django.utils.formats import number_format

SYMBOL = "Rp"
# An XLSX cell format: the symbol, then the amount grouped by thousands, no decimals.
XLSX_FORMAT = '"Rp" #,##0'


def to_decimal(value) -> Decimal | None:
    """``value`` as a ``Decimal``, or ``None`` when it is no number (None, text, NaN)."""
    if isinstance(value, bool):
        return None
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, TypeError, ValueError):
        return None
    return amount if amount.is_finite() else None


def format_rupiah(value, language: str | None = None):
    """``value`` in whole rupiah in ``language`` (the active one by default): ``Rp 4.000.000`` (id),
    ``Rp 4,000,000`` (en), ``-Rp 1.500`` for a negative amount. A non-number is returned unchanged."""
    amount = to_decimal(value)
    if amount is None:
        return value
    sign = "-" if amount < 0 else ""
    whole = abs(amount).quantize(Decimal(1))
    with translation.override(language or translation.get_language() or "id"):
        digits = number_format(whole, decimal_pos=0, use_l10n=True, force_grouping=True)
    return f"{sign}{SYMBOL} {digits}"
