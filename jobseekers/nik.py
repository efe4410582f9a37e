"""The NIK (*Nomor Induk Kependudukan*), Indonesia's 16-digit national identity number.

Shape (UU 24/2013 on civil administration, Permendagri 73/2022 on the NIK): ``PPKKCC DDMMYY SSSS``

- ``PPKKCC`` — the 6-digit region code of the place of first registration: province ``PP`` (11-99),
  regency/city ``KK`` and district (*kecamatan*) ``CC``, none of them ``00``;
- ``DDMMYY`` — the birth date; **women add 40 to the day** (a woman born on the 7th has ``47``);
- ``SSSS`` — a serial number, never ``0000``.

Only the shape is checked here (and its agreement with a known birth date and gender); whether the
number was issued is only known to Dukcapil. A NIK is personal data: show it masked (``mask_nik``).
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

FEMALE = "female"
MALE = "male"

_DIGITS = re.compile(r"^\d{16}$")


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


def _valid_day(day: int, month: int, year2: int) -> bool:
    # The century is not in the NIK: accept the date when it exists in 19YY or 20YY (29 February).
    for century in (1900, 2000):
        try:
            datetime.date(century + year2, month, day)
            return True
        except ValueError:
            continue
    return False


def parse_nik(value: str) -> NIKParts:
    """Split a NIK into its parts; raises ``ValidationError`` (code names the broken rule).

    Codes: ``length`` (not 16 digits), ``region`` (province below 11 or a ``00`` part),
    ``birth_date`` (no such day/month, day + 40 included), ``serial`` (``0000``).
    """
    nik = normalise_nik(value)
    if not _DIGITS.match(nik):
        raise ValidationError(_("A NIK has exactly 16 digits."), code="length")
    region = nik[:6]
    province, regency, district = int(region[:2]), int(region[2:4]), int(region[4:6])
    if province < 11 or regency == 0 or district == 0:
        raise ValidationError(
            _("The first 6 digits of a NIK are the region code (province, city or regency, district)."),
            code="region",
        )
    raw_day, month, year2 = int(nik[6:8]), int(nik[8:10]), int(nik[10:12])
    is_female = raw_day > 40
    day = raw_day - 40 if is_female else raw_day
    if not (1 <= month <= 12 and 1 <= day <= 31 and _valid_day(day, month, year2)):
        raise ValidationError(
            _("Digits 7 to 12 of a NIK are the birth date (DDMMYY, with 40 added to the day for women)."),
            code="birth_date",
        )
    serial = nik[12:]
    if serial == "0000":
        raise ValidationError(_("The last 4 digits of a NIK (the serial number) cannot be 0000."), code="serial")
    return NIKParts(region=region, day=day, month=month, year2=year2, is_female=is_female, serial=serial)


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
            _("The birth date in the NIK (digits 7 to 12) is not the birth date given."), code="birth_date_mismatch"
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
