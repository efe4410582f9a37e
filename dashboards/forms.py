"""The dashboards' filter forms (GET, no JavaScript): the city's month range; APEKSI's calendar year,
ranking and province."""

from __future__ import annotations

import datetime
import re

from django import forms
from django.utils.translation import gettext_lazy as _

from cities.calendar import add_months, month_start
from dashboards import indicators
from dashboards.figures import RANKABLE, Period
from dashboards.indicators import INDICATORS

MAX_MONTHS = 36
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


class MonthInput(forms.TextInput):
    input_type = "month"


class MonthField(forms.CharField):
    """A month as ``YYYY-MM`` (what ``<input type="month">`` sends; typed by hand where a browser
    has no month picker). Cleans to the month's first day."""

    widget = MonthInput

    def to_python(self, value):
        value = super().to_python(value).strip()
        if not value:
            return None
        match = _MONTH.match(value)
        if not match or not 1 <= int(match[2]) <= 12 or not 2000 <= int(match[1]) <= 2100:
            raise forms.ValidationError(_("Enter a month as year-month, for example 2026-03."), code="invalid")
        return datetime.date(int(match[1]), int(match[2]), 1)


class PeriodForm(forms.Form):
    """``dari`` (from) and ``sampai`` (to): both optional; the default is the 12 months up to ``today``'s."""

    dari = MonthField(label=_("From month"), required=False, help_text=_("Year and month, for example 2026-01."))
    sampai = MonthField(label=_("To month"), required=False, help_text=_("Year and month, for example 2026-12."))

    def __init__(self, *args, today: datetime.date, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today

    def default_period(self) -> Period:
        last = month_start(self.today)
        return Period(add_months(last, -11), last)

    def clean(self):
        cleaned = super().clean()
        first, last = cleaned.get("dari"), cleaned.get("sampai")
        if self.errors:
            return cleaned
        default = self.default_period()
        if first and not last:
            last = min(add_months(first, 11), default.last)
        if last and not first:
            first = add_months(last, -11)
        first, last = first or default.first, last or default.last
        if first > last:
            raise forms.ValidationError(_("The first month must not be after the last month."), code="order")
        if len(indicators.month_range(first, last)) > MAX_MONTHS:
            raise forms.ValidationError(_("Choose at most %(count)s months.") % {"count": MAX_MONTHS}, code="too_long")
        cleaned["period"] = Period(first, last)
        return cleaned

    def period(self) -> Period:
        """The valid period, or the default one when the form has errors (the errors are shown too)."""
        if self.is_valid():
            return self.cleaned_data["period"]
        return self.default_period()


YEARS_OFFERED = 10


def apeksi_year(year: int, today: datetime.date) -> Period:
    """APEKSI's only kind of period: calendar year ``year``, January to December, or January to
    ``today``'s month for the current year.

    APEKSI's figures are suppressed per request (``dashboards.suppression``), so two periods that
    overlap or nest could be subtracted to recover a small count suppressed in neither (September
    to October minus September = October). Calendar years never overlap: any two APEKSI periods
    are the same year or disjoint. Raises ``ValueError`` for a year after ``today``'s.
    """
    if year > today.year:
        raise ValueError("future year")
    last = month_start(today) if year == today.year else datetime.date(year, 12, 1)
    return Period(datetime.date(year, 1, 1), last)


class ApeksiFilterForm(forms.Form):
    """APEKSI's filters: ``tahun`` (the calendar year; default this year), the indicator to rank and
    map, and an optional province.

    The period is always one calendar year (``apeksi_year``): small-cell protection, see
    docs/dashboards.md. ``dari``/``sampai`` (``YYYY-MM``, the older interface) are still accepted
    without a ``tahun``: the year of ``sampai`` (or of ``dari`` when alone) decides; a malformed,
    reversed or longer than ``MAX_MONTHS`` pair is an error as before.
    """

    tahun = forms.TypedChoiceField(
        label=_("Year"),
        required=False,
        coerce=int,
        empty_value=None,
        help_text=_(
            "APEKSI figures are per calendar year, so that a small count hidden in one period "
            "cannot be worked out by subtracting another period."
        ),
    )
    peringkat = forms.ChoiceField(
        label=_("Rank and map cities by"),
        required=False,
        choices=[(code, INDICATORS[code].label) for code in RANKABLE],
    )
    provinsi = forms.ChoiceField(label=_("Province"), required=False)

    def __init__(self, *args, today: datetime.date, provinces: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today
        self.fields["tahun"].choices = [(year, str(year)) for year in range(today.year, today.year - YEARS_OFFERED, -1)]
        self.fields["provinsi"].choices = [("", _("All provinces")), *provinces]

    def default_period(self) -> Period:
        return apeksi_year(self.today.year, self.today)

    def _legacy_year(self) -> int | None:
        """The year from ``dari``/``sampai`` (no ``tahun`` given); form errors for bad months."""
        months = {}
        for name in ("dari", "sampai"):
            raw = self.data.get(name, "") if self.data else ""
            try:
                months[name] = MonthField(required=False).clean(raw)
            except forms.ValidationError as error:
                self.add_error(None, error)
                return None
        first, last = months["dari"], months["sampai"]
        if first and last and first > last:
            self.add_error(
                None, forms.ValidationError(_("The first month must not be after the last month."), code="order")
            )
            return None
        if first and last and len(indicators.month_range(first, last)) > MAX_MONTHS:
            self.add_error(
                None,
                forms.ValidationError(_("Choose at most %(count)s months.") % {"count": MAX_MONTHS}, code="too_long"),
            )
            return None
        month = last or first
        return month.year if month else None

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        year = cleaned.get("tahun") or self._legacy_year() or self.today.year
        if self.errors:
            return cleaned
        if year > self.today.year:
            raise forms.ValidationError(_("Choose a year up to %(year)s.") % {"year": self.today.year}, code="future")
        cleaned["tahun"] = year
        if str(self.data.get("tahun", "")) != str(year):
            # Show the year that decides (from dari/sampai, or the default) in the year field.
            self.data = self.data.copy() if hasattr(self.data, "copy") else dict(self.data)
            self.data["tahun"] = str(year)
        cleaned["period"] = apeksi_year(year, self.today)
        return cleaned

    def period(self) -> Period:
        """The chosen calendar year, or this year when the form has errors (the errors are shown too)."""
        if self.is_valid():
            return self.cleaned_data["period"]
        return self.default_period()

    def choice(self, name: str, default: str) -> str:
        if self.is_valid():
            return self.cleaned_data.get(name) or default
        return default


class ReportMonthForm(forms.Form):
    """The month of the monthly report (``bulan``); default: the previous month."""

    bulan = MonthField(label=_("Month"), required=False, help_text=_("Year and month, for example 2026-10."))

    def __init__(self, *args, today: datetime.date, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today

    def month(self) -> datetime.date:
        default = add_months(month_start(self.today), -1)
        if self.is_valid():
            return self.cleaned_data.get("bulan") or default
        return default
