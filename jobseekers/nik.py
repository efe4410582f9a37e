"""The NIK (*Nomor Induk Kependudukan*), Indonesia's 16-digit national identity number.

Shape (UU 24/2013 on civil administration, Permendagri 73/2022 on the NIK): ``PPKKCC DDMMYY SSSS``

- ``PPKKCC`` — the 6-digit region code of the place of first registration: province ``PP``,
  regency/city ``KK`` and district (*kecamatan*) ``CC``, none of them ``00``;
- ``DDMMYY`` — the birth date; **women add 40 to the day** (a woman born on the 7th has ``47``);
- ``SSSS`` — a serial number, never ``0000``.

The shape is checked by python-stdnum (``stdnum.id.nik``: 16 digits, a birth date that exists in
19YY or 20YY, a province in its region table), plus what stdnum leaves out: its table predates
Kalimantan Utara (``65``, 2012) and the Papua provinces of 2022 (``92``, ``93``, ``95``, ``96``),
which are accepted from the Kemendagri list in ``reference/data/provinces.csv``; a ``00`` regency
or district, a day above 71 (stdnum reads the day modulo 40, so ``81`` would pass as the 1st) and
the serial ``0000`` are refused here. The agreement with a known birth date and gender, and the
masking, are ours. Whether the number was issued is only known to Dukcapil. A NIK is personal data:
show it masked (``mask_nik``).
"""

from __future__ import annotations

import csv
import datetime
import functools
import re
from dataclasses import dataclass
from pathlib import Path

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum import exceptions as stdnum_errors
from stdnum.id import nik as stdnum_nik

FEMALE = "female"
MALE = "male"

PROVINCES_FILE = Path(__file__).resolve().parent.parent / "reference" / "data" / "provinces.csv"


@functools.cache
def _kemendagri_provinces() -> frozenset[str]:
    with PROVINCES_FILE.open(encoding="utf-8") as file:
        return frozenset(row["code"] for row in csv.DictReader(file))


@dataclass(frozen=True)
class NIKParts:
    region: str  # 6 digits
    day: int  # the real day of birth (40 taken off for women)
    month: int
    year2: int  # two-digit year
    is_female: bool
    serial: str


def normalise_nik(value: str) -> str:
    """Drop spaces, dots and dashes people type between the groups (``3372 0547 0190 0001``)."""
    return re.sub(r"[\s.\-]", "", value or "")


def _birth_date_error() -> ValidationError:
    return ValidationError(
        _("Digits 7 to 12 of a NIK are the birth date (DDMMYY, with 40 added to the day for women)."),
        code="birth_date",
    )


def _region_error() -> ValidationError:
    return ValidationError(
        _("The first 6 digits of a NIK are the region code (province, city or regency, district)."), code="region"
    )


def parse_nik(value: str) -> NIKParts:
    """Split a NIK into its parts; raises ``ValidationError`` (code names the broken rule).

    Codes: ``length`` (not 16 digits), ``region`` (a province stdnum and Kemendagri do not know, or
    a ``00`` regency or district), ``birth_date`` (no such day/month, day + 40 included),
    ``serial`` (``0000``).
    """
    nik = normalise_nik(value)
    try:
        stdnum_nik.validate(nik)
    except (stdnum_errors.InvalidFormat, stdnum_errors.InvalidLength) as error:
        raise ValidationError(_("A NIK has exactly 16 digits."), code="length") from error
    except stdnum_errors.InvalidComponent as error:
        try:
            stdnum_nik.get_birth_date(nik)
        except stdnum_errors.ValidationError:
            raise _birth_date_error() from error
        if nik[:2] not in _kemendagri_provinces():
            raise _region_error() from error
    if nik[2:4] == "00" or nik[4:6] == "00":
        raise _region_error()
    raw_day, month, year2 = int(nik[6:8]), int(nik[8:10]), int(nik[10:12])
    if raw_day > 71:
        raise _birth_date_error()
    is_female = raw_day > 40
    serial = nik[12:]
    if serial == "0000":
        raise ValidationError(_("The last 4 digits of a NIK (the serial number) cannot be 0000."), code="serial")
    return NIKParts(
        region=nik[:6],
        day=raw_day - 40 if is_female else raw_day,
        month=month,
        year2=year2,
        is_female=is_female,
        serial=serial,
    )


def validate_nik_shape(value: str) -> None:
    """Model/form validator: the shape rules of ``parse_nik``."""
    parse_nik(value)


def validate_nik(value: str, *, birth_date: datetime.date | None = None, gender: str = "") -> NIKParts:
    """The shape rules, plus agreement with the person's ``birth_date`` and ``gender`` when given.

    ``gender`` is ``"female"``, ``"male"`` or ``""`` (unknown / not given). Raises
    ``ValidationError`` with code ``birth_date_mismatch`` or ``gender_mismatch``.
    """
    parts = parse_nik(value)
    if birth_date is not None and (parts.day, parts.month, parts.year2) != (
        birth_date.day,
        birth_date.month,
        birth_date.year % 100,
    ):
        raise ValidationError(
            _(
                "Digits 7 to 12 of the NIK say the person was born on %(nik_date)s (DDMMYY), "
                "but the birth date given is %(date)s."
            ),
            code="birth_date_mismatch",
            params={
                "nik_date": f"{parts.day:02d}/{parts.month:02d}/{parts.year2:02d}",
                "date": birth_date.strftime("%d/%m/%Y"),
            },
        )
    if gender in (FEMALE, MALE) and parts.is_female != (gender == FEMALE):
        raise ValidationError(
            _("The NIK does not match the gender given: for women the day of birth in the NIK is increased by 40."),
            code="gender_mismatch",
        )
    return parts


def mask_nik(value: str) -> str:
    """``3372054701900001`` → ``3372 •••• •••• 0001``: enough to recognise, not to reuse."""
    nik = normalise_nik(value)
    if len(nik) != 16:
        return "•" * len(nik)
    return f"{nik[:4]} •••• •••• {nik[12:]}"
