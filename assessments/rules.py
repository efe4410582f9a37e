"""Pass/fail of one checklist item: the measured value against the item's threshold, unit and comparator.

Pure functions, no database. Every unit and comparator of the checklist data
(``reference/data/accessibility_checklist.csv``) is handled; values are in the item's own unit (the
form shows it), decimals may use a comma (``152,5``). Thresholds, as the source writes them:

============  ==============  =================================================================
threshold     measured        rule
============  ==============  =================================================================
``1:12``      ``1:9``,        ratio (rise:run), compared as the exact fraction rise/run: a ramp
              ``15:180``      of 1:9 is steeper than 1:12, so it fails ``<= 1:12``
``95``        ``92``          a number (cm, m, kg, N, degree, count) with ``<``, ``<=``, ``=``,
                              ``>=``, ``>``
``65-80``     ``70``          ``between``: low <= value <= high (inclusive)
``170x170``   ``180x160``     two dimensions (width x depth): each sorted pair compared, smaller
                              with smaller and larger with larger, so orientation does not matter
``244+152.5`` ``250+150``     parts in order (car space + access aisle): each part compared
``table``     ``3/60``        provided/total: the number required for ``total`` spaces comes from
                              the parking table (Permen PU 30/PRT/M/2006; ADA 208.2)
``yes``       ``yes``/``no``  boolean: the answer must be the threshold
============  ==============  =================================================================

``evaluate()`` returns ``PASS`` or ``FAIL``; input it cannot read raises ``MeasurementError``
with a message for the assessor.
"""

from __future__ import annotations

import math
import re
from decimal import Decimal, InvalidOperation
from fractions import Fraction

from django.utils.translation import gettext as _

PASS = "pass"  # noqa: S105 (a result, not a password)
FAIL = "fail"

YES_WORDS = frozenset({"yes", "ya", "y", "true", "1"})
NO_WORDS = frozenset({"no", "tidak", "t", "n", "false", "0"})


class MeasurementError(ValueError):
    """The measured value cannot be read for this item (the message says what is expected)."""


def _number(text: str) -> Fraction:
    cleaned = text.strip().replace(",", ".")
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        raise MeasurementError(_("Enter a number, e.g. 92 or 152.5.")) from None
    if not value.is_finite():
        raise MeasurementError(_("Enter a number, e.g. 92 or 152.5."))
    return Fraction(value)


def _ratio(text: str) -> Fraction:
    parts = text.replace(" ", "").split(":")
    if len(parts) != 2:
        raise MeasurementError(_("Enter the slope as rise:run, e.g. 1:12 or 15:180 (both in cm)."))
    rise, run = (_number(part) for part in parts)
    if run <= 0 or rise < 0:
        raise MeasurementError(_("Enter the slope as rise:run, e.g. 1:12 or 15:180 (both in cm)."))
    return rise / run


def _parts(text: str, separator: str) -> list[Fraction]:
    pieces = [piece for piece in re.split(rf"\s*[{re.escape(separator)}]\s*", text.strip().lower()) if piece]
    return [_number(piece) for piece in pieces]


def _compare(value: Fraction, comparator: str, threshold: Fraction) -> bool:
    if comparator == "<":
        return value < threshold
    if comparator == "<=":
        return value <= threshold
    if comparator == "=":
        return value == threshold
    if comparator == ">=":
        return value >= threshold
    if comparator == ">":
        return value > threshold
    raise ValueError(f"unknown comparator {comparator!r}")


def parking_bays_required(total: int) -> int:
    """Accessible bays required for ``total`` parking spaces (Permen PU 30/PRT/M/2006; ADA 208.2).

    1-25: 1, 26-50: 2, 51-75: 3, 76-100: 4, 101-150: 5, 151-200: 6, 201-300: 7, 301-400: 8,
    401-500: 9, 501-1000: 2% (rounded up), over 1000: 20 + 1 per 100 (or part) over 1000 — the
    Permen's table stops at 1000, so the ADA rule fills the rest. 0 spaces need 0 bays.
    """
    if total < 0:
        raise ValueError("total must not be negative")
    if total == 0:
        return 0
    steps = [(25, 1), (50, 2), (75, 3), (100, 4), (150, 5), (200, 6), (300, 7), (400, 8), (500, 9)]
    for limit, required in steps:
        if total <= limit:
            return required
    if total <= 1000:
        return math.ceil(total * 2 / 100)
    return 20 + math.ceil((total - 1000) / 100)


def evaluate(*, measured: str, threshold: str, unit: str, comparator: str) -> str:
    """``PASS`` or ``FAIL`` for ``measured`` against one item (see the module docstring for forms).

    Raises ``MeasurementError`` for input that does not fit the item, ``ValueError`` for a
    threshold or comparator the checklist data should never contain.
    """
    measured = (measured or "").strip()
    if not measured:
        raise MeasurementError(_("Enter the measured value, or mark the item not applicable."))
    threshold = threshold.strip()
    if unit == "boolean":
        answer = measured.lower()
        if answer in YES_WORDS:
            value = True
        elif answer in NO_WORDS:
            value = False
        else:
            raise MeasurementError(_("Answer yes or no."))
        expected = threshold.lower() in YES_WORDS
        return PASS if value == expected else FAIL
    if threshold == "table":
        match = re.fullmatch(r"\s*(\d+)\s*/\s*(\d+)\s*", measured)
        if not match:
            raise MeasurementError(_("Enter the accessible bays and the total spaces as provided/total, e.g. 2/60."))
        provided, total = int(match.group(1)), int(match.group(2))
        if provided > total:
            raise MeasurementError(_("There cannot be more accessible bays than spaces in total."))
        return PASS if _compare(Fraction(provided), comparator, Fraction(parking_bays_required(total))) else FAIL
    if unit == "ratio":
        return PASS if _compare(_ratio(measured), comparator, _ratio(threshold)) else FAIL
    if comparator == "between":
        low, high = _parts(threshold, "-")
        value = _number(measured)
        return PASS if low <= value <= high else FAIL
    for separator, ordered in (("x", False), ("+", True)):
        if separator in threshold:
            required = _parts(threshold, separator)
            try:
                values = _parts(measured.replace("\u00d7", "x"), separator)
            except MeasurementError:
                values = []
            if len(values) != len(required):
                if separator == "x":
                    raise MeasurementError(_("Enter both sizes as width x depth, e.g. 160x230."))
                raise MeasurementError(_("Enter each part in order, e.g. 250+155."))
            if not ordered:
                values, required = sorted(values), sorted(required)
            ok = all(_compare(v, comparator, r) for v, r in zip(values, required, strict=True))
            return PASS if ok else FAIL
    return PASS if _compare(_number(measured), comparator, _number(threshold)) else FAIL


def measurement_hint(*, threshold: str, unit: str, comparator: str) -> str:
    """What the form asks for, in words: the expected input form for this kind of item."""
    if unit == "boolean":
        return _("Answer yes or no.")
    if threshold == "table":
        return _("Accessible bays/total spaces, e.g. 2/60.")
    if unit == "ratio":
        return _("Rise:run, e.g. 1:12 or 15:180 (both in cm).")
    if "x" in threshold:
        return _("Width x depth, e.g. 160x230.")
    if "+" in threshold:
        return _("Each part in order, e.g. 250+155.")
    return _("A number, e.g. 92 or 152.5.")
