"""Form widgets and fields every app's forms share (this is the lowest layer, so all may import it).

Dates (``SplitDateField``): day, month and year boxes.

Long choice lists (``GroupedCheckboxes``): a long list of checkboxes people can get through: the
options in groups, each group a closed ``<details>`` (one Tab) whose summary counts what is chosen
in it, and a filter box. A shorter list (``FoldedCheckboxes``) is one such closed group. A keyboard
user crosses a closed group with one Tab: the checkboxes in it are not in the Tab order until it is
opened (Enter or Space on its summary), with or without JavaScript.

The filter works without JavaScript: its button (``<name>_filter_go``) posts the form, which then is
not valid (``FilteredChoicesMixin``) and comes back showing only the options that match, the other
chosen options kept as hidden inputs. With JavaScript ``static/js/portal.js`` filters in place.
"""

from __future__ import annotations

import datetime
import re

from django import forms
from django.core.exceptions import ValidationError
from django.forms.utils import from_current_timezone
from django.utils import timezone
from django.utils.dates import MONTHS
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from reference.models import WGDomain

# --- Dates as three labelled boxes: day, month, year (the GOV.UK Design System's date input) ---------
# A single ``type=date`` control shows its parts in the browser's order, not the page's: a hint "17/08/1995"
# can contradict it and a typed date can be read as another. Three boxes cannot be misread, and each
# error names the part that is wrong. A date typed whole into the day box ("17/08/1995", day first as
# Indonesians write it, or ISO "1995-08-17") is split, never reinterpreted: "08/17/1995" is refused.

DATE_SEPARATORS = re.compile(r"[/.\- ]+")
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")

MISSING_PARTS = {
    ("day",): _("%(date)s must include a day."),
    ("month",): _("%(date)s must include a month."),
    ("year",): _("%(date)s must include a year."),
    ("day", "month"): _("%(date)s must include a day and a month."),
    ("day", "year"): _("%(date)s must include a day and a year."),
    ("month", "year"): _("%(date)s must include a month and a year."),
}


class DateInputs(forms.MultiWidget):
    """Day, month and year boxes (``name_0``, ``name_1``, ``name_2``) in a fieldset, each with its label,
    ``inputmode="numeric"`` and, for a birth date, ``autocomplete="bday-day"`` / ``bday-month`` / ``bday-year``.

    A request that sends the date under the field's own name as ISO ``yyyy-mm-dd`` (an old link, a
    filter URL) is read as well."""

    template_name = "reference/widgets/date_inputs.html"
    use_fieldset = True

    def __init__(self, attrs=None, *, birth: bool = False):
        parts = []
        for part, size in (("day", 2), ("month", 2), ("year", 4)):
            part_attrs = {"inputmode": "numeric", "maxlength": "10" if part == "day" else str(size)}
            part_attrs["class"] = f"date-input__{part}"
            part_attrs["autocomplete"] = f"bday-{part}" if birth else "off"
            parts.append(forms.TextInput(attrs=part_attrs))
        super().__init__(parts, attrs)

    def decompress(self, value):
        if isinstance(value, datetime.date):
            return [str(value.day), str(value.month), str(value.year)]
        if isinstance(value, str) and ISO_DATE.match(value):
            year, month, day = value.split("-")
            return [str(int(day)), str(int(month)), year]
        return [None, None, None]

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        labels = (_("Day"), _("Month"), _("Year"), _("Time"))
        for subwidget, label in zip(context["widget"]["subwidgets"], labels, strict=False):
            subwidget["part_label"] = label
        return context

    def value_from_datadict(self, data, files, name):
        parts = super().value_from_datadict(data, files, name)
        if not any(parts) and data.get(name):
            return [data.get(name), "", ""]  # the whole date under the field's own name: split in the field
        return parts

    def value_omitted_from_data(self, data, files, name):
        return name not in data and super().value_omitted_from_data(data, files, name)


class SplitDateField(forms.MultiValueField):
    """A date typed as day, month and year (``DateInputs``). ``noun`` names the date in errors
    ("Date of birth must include a month."); ``birth`` turns on the ``bday-*`` autocomplete."""

    def __init__(self, *, noun=None, birth: bool = False, **kwargs):
        kwargs.pop("max_length", None)
        for key in ("input_formats", "widget"):
            kwargs.pop(key, None)
        self.noun = noun
        fields = (forms.CharField(required=False), forms.CharField(required=False), forms.CharField(required=False))
        super().__init__(fields, require_all_fields=False, widget=DateInputs(birth=birth), **kwargs)

    def clean(self, value):
        if isinstance(value, list | tuple):
            value = [str(part or "").strip() for part in value]
        return super().clean(value)

    def compress(self, data_list):
        day, month, year = [str(part or "").strip() for part in [*data_list, "", "", ""][:3]]
        if not (day or month or year):
            return None
        if day and not month and not year and DATE_SEPARATORS.search(day):
            pieces = DATE_SEPARATORS.split(day.strip("/.- "))
            if len(pieces) != 3:
                raise ValidationError(_("Write the day, the month and the year in their own boxes."), code="invalid")
            day, month, year = reversed(pieces) if ISO_DATE.match(day) else pieces
        missing = tuple(part for part, text in (("day", day), ("month", month), ("year", year)) if not text)
        noun = self.noun or self.label or _("The date")
        if missing:
            raise ValidationError(MISSING_PARTS[missing], code="incomplete", params={"date": noun})
        if not day.isascii() or not day.isdigit() or not 1 <= int(day) <= 31:
            raise ValidationError(_("The day must be a number from 1 to 31."), code="invalid_day")
        if not month.isascii() or not month.isdigit() or not 1 <= int(month) <= 12:
            raise ValidationError(_("The month must be a number from 1 to 12."), code="invalid_month")
        if not year.isascii() or not year.isdigit() or len(year) != 4:
            raise ValidationError(_("The year must have 4 digits, for example 1995."), code="invalid_year")
        try:
            return datetime.date(int(year), int(month), int(day))
        except ValueError:
            raise ValidationError(
                _("%(day)s %(month)s %(year)s does not exist: that month has fewer days."),
                code="invalid_date",
                params={"day": int(day), "month": MONTHS[int(month)], "year": year},
            ) from None

    def has_changed(self, initial, data):
        try:
            return self.compress(data) != (
                initial if not isinstance(initial, str) else self.compress([initial, "", ""])
            )
        except ValidationError:
            return True


TIME = re.compile(r"^(\d{1,2})[.:](\d{2})$")


class DateTimeInputs(DateInputs):
    """``DateInputs`` and a fourth box for the time (``name_3``), hours and minutes ("09.30")."""

    def __init__(self, attrs=None):
        super().__init__(attrs)
        time = forms.TextInput(attrs={"class": "date-input__time", "maxlength": "5", "autocomplete": "off"})
        self.widgets = [*self.widgets, time]
        self.widgets_names = [f"_{index}" for index in range(len(self.widgets))]

    def decompress(self, value):
        if isinstance(value, datetime.datetime):
            local = timezone.localtime(value) if timezone.is_aware(value) else value
            return [str(local.day), str(local.month), str(local.year), local.strftime("%H.%M")]
        return [None, None, None, None]

    def value_from_datadict(self, data, files, name):
        parts = forms.MultiWidget.value_from_datadict(self, data, files, name)
        whole = str(data.get(name) or "")
        if not any(parts) and whole:  # "2026-03-05T09:30" under the field's own name (a link, a script)
            date_part, _sep, time_part = whole.replace("T", " ").partition(" ")
            return [date_part, "", "", time_part[:5]]
        return parts


class SplitDateTimeField(SplitDateField):
    """A date in day, month and year boxes and a time box ("09.30" or "09:30"), in the city's time
    zone (the active one)."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.fields = (*self.fields, forms.CharField(required=False))
        self.widget = DateTimeInputs()
        self.widget.is_required = self.required

    def compress(self, data_list):
        parts = [str(part or "").strip() for part in [*data_list, "", "", "", ""][:4]]
        day = super().compress(parts[:3])
        if day is None and not parts[3]:
            return None
        noun = self.noun or self.label or _("The date")
        if day is None:
            raise ValidationError(_("%(date)s must include a date."), code="incomplete", params={"date": noun})
        match = TIME.match(parts[3])
        if not parts[3]:
            raise ValidationError(_("%(date)s must include a time."), code="incomplete", params={"date": noun})
        if not match or int(match[1]) > 23 or int(match[2]) > 59:
            raise ValidationError(_("Write the time as hours and minutes, for example 09.30."), code="invalid_time")
        return from_current_timezone(datetime.datetime.combine(day, datetime.time(int(match[1]), int(match[2]))))

    def has_changed(self, initial, data):
        try:
            return self.compress(data) != initial
        except ValidationError:
            return True


def folded(text: str) -> str:
    return " ".join(str(text).casefold().split())


class GroupedCheckboxes(forms.CheckboxSelectMultiple):
    """Checkboxes in groups. ``group_of(option_value)`` gives a group's ``(order, label)``;
    ``filter_term`` (set by the form from the request) keeps only the options whose label contains it."""

    template_name = "reference/widgets/grouped_checkboxes.html"
    use_fieldset = True
    filter_label = _("Find in this list")
    filter_button = _("Show matching choices")

    def __init__(self, *args, group_of=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.group_of = group_of or (lambda value: (0, ""))
        self.filter_term = ""

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        term = folded(self.filter_term)
        groups: dict = {}
        hidden = []
        shown = 0
        for _group, options, _index in context["widget"]["optgroups"]:
            for option in options:
                if term and term not in folded(option["label"]):
                    if option["selected"]:
                        hidden.append(option["value"])
                    continue
                order, label = self.group_of(option["value"])
                group = groups.setdefault(order, {"label": label, "options": [], "selected": 0})
                group["options"].append(option)
                group["selected"] += bool(option["selected"])
                shown += 1
        for group in groups.values():
            group["open"] = bool(term)  # closed otherwise, even with choices in it: its summary counts them
        context["widget"].update(
            groups=[groups[key] for key in sorted(groups)],
            hidden_values=hidden,
            filter_term=self.filter_term,
            filter_label=self.filter_label,
            filter_button=self.filter_button,
            shown=shown,
        )
        return context


class FoldedCheckboxes(forms.CheckboxSelectMultiple):
    """Checkboxes folded into one closed ``<details>`` whose summary says how many choices there are and
    how many are chosen; the field's legend stays above it as the question."""

    template_name = "reference/widgets/folded_checkboxes.html"
    use_fieldset = True

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        options = [
            option for _group, group_options, _index in context["widget"]["optgroups"] for option in group_options
        ]
        context["widget"].update(
            options=options, total=len(options), selected=sum(bool(option["selected"]) for option in options)
        )
        return context


class FilteredChoicesMixin:
    """For a form with ``GroupedCheckboxes`` fields: reads each field's filter box from the data, and is
    not valid when a filter button sent the form (the page comes back filtered, nothing saved)."""

    def setup_choice_filters(self) -> None:
        self.filter_requested = False
        for name, field in self.fields.items():
            if isinstance(field.widget, GroupedCheckboxes) and self.is_bound:
                key = self.add_prefix(name)
                field.widget.filter_term = str(self.data.get(f"{key}_filter", ""))[:100]
                self.filter_requested |= f"{key}_filter_go" in self.data

    def is_valid(self) -> bool:
        return super().is_valid() and not getattr(self, "filter_requested", False)


def accommodation_group(value) -> tuple[int, str]:
    """An accommodation's group: its WG-SS functional domain (``AccommodationType.wg_domain``), in WG
    order; the ones for every domain (blank) come last."""
    domain = getattr(getattr(value, "instance", value), "wg_domain", "")
    if domain in WGDomain.values:
        return WGDomain.values.index(domain), capfirst(WGDomain(domain).label)
    return len(WGDomain.values), str(_("For every kind of disability"))


def accommodation_optgroups(accommodations, label) -> list:
    """The accommodations as ``<optgroup>`` choices by functional domain (the job board's filter)."""
    groups: dict = {}
    for accommodation in accommodations:
        order, group = accommodation_group(accommodation)
        groups.setdefault((order, group), []).append((accommodation.pk, label(accommodation)))
    return [(group, options) for (_order, group), options in sorted(groups.items())]
