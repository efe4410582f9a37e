"""The dashboards' filter forms (GET, no JavaScript): the period, and APEKSI's ranking and province."""

from __future__ import annotations

import datetime
import re

from django import forms
from django.utils.translation import gettext_lazy as _

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
        last = indicators.month_start(self.today)
        return Period(indicators.add_months(last, -11), last)

    def clean(self):
        cleaned = super().clean()
        first, last = cleaned.get("dari"), cleaned.get("sampai")
        if self.errors:
            return cleaned
        default = self.default_period()
        if first and not last:
            last = min(indicators.add_months(first, 11), default.last)
        if last and not first:
            first = indicators.add_months(last, -11)
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


class ApeksiFilterForm(PeriodForm):
    """The period plus the indicator to rank and map, and an optional province."""

    peringkat = forms.ChoiceField(
        label=_("Rank and map cities by"),
        required=False,
        choices=[(code, INDICATORS[code].label) for code in RANKABLE],
    )
    provinsi = forms.ChoiceField(label=_("Province"), required=False)

    def __init__(self, *args, provinces: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["provinsi"].choices = [("", _("All provinces")), *provinces]

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
        default = indicators.add_months(indicators.month_start(self.today), -1)
        if self.is_valid():
            return self.cleaned_data.get("bulan") or default
        return default
