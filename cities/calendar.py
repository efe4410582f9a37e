"""Dates as a city sees them: its own clock (WIB, WITA or WIT) and calendar-month arithmetic.

Each city carries its IANA time zone (Keppres 41/1987 splits Indonesia into three), so "today",
deadlines, due dates and monthly figures are worked out here rather than in UTC.
"""

from __future__ import annotations

import calendar
import datetime
import zoneinfo

from django.utils import timezone
from django.utils.formats import date_format

#: The one clock of cross-city pages and figures (APEKSI): WIB, the same as ``settings.TIME_ZONE``.
CROSS_CITY_ZONE = zoneinfo.ZoneInfo("Asia/Jakarta")


def city_today(city, now: datetime.datetime | None = None) -> datetime.date:
    """``now`` (default: the current time) as a date on ``city``'s own clock. ``city`` is a City or
    its primary key."""
    return (now or timezone.now()).astimezone(city_zone(city)).date()


def city_zone(city) -> zoneinfo.ZoneInfo:
    """``city``'s time zone (a City or its primary key)."""
    if not hasattr(city, "timezone"):
        from cities.models import City

        city = City.objects.only("timezone").get(pk=city)
    return zoneinfo.ZoneInfo(city.timezone)


def local_time(value: datetime.datetime | None, fmt: str = "d/m/Y H:i", zone: datetime.tzinfo | None = None) -> str:
    """An aware ``value`` on the current time zone's clock (a request's or task's city, WIB without
    a city) or on ``zone``, formatted with the ``date`` filter's ``fmt`` and followed by the zone's
    name: ``08/12/2026 09:15 WITA``. Empty for ``None``; a naive value is taken as the default zone's."""
    if value is None or value == "":
        return ""
    if not isinstance(value, datetime.datetime):
        return str(value)
    if timezone.is_naive(value):
        value = timezone.make_aware(value, timezone.get_default_timezone())
    local = timezone.localtime(value, zone)
    return f"{date_format(local, fmt)} {local.tzname()}"


def month_start(day: datetime.date) -> datetime.date:
    """The first day of ``day``'s month."""
    return day.replace(day=1)


def add_months(day: datetime.date, months: int) -> datetime.date:
    """``day`` plus whole calendar months (``months`` may be negative), clamped to the month's last
    day: 31 January + 1 month is 28 or 29 February. The first of a month stays the first."""
    index = day.year * 12 + day.month - 1 + months
    year, month = index // 12, index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))
