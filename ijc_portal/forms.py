"""Forms of the portal's own public pages (display preference, accessibility-barrier report) and, for
the portal's own use, the date field every form uses (``SplitDateField``, defined in
``reference.widgets`` because every app below this one needs it)."""

from __future__ import annotations

from django import forms
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from cities.models import City
from ijc_portal.display import CONTRASTS, TEXT_SIZES
from reference.widgets import DateInputs, SplitDateField  # the date field of every form (lowest layer)

__all__ = ["AdminCityForm", "BarrierReportForm", "DateInputs", "DisplayPreferencesForm", "SplitDateField"]

phone_number = RegexValidator(
    r"^\+?[0-9][0-9 ()-]{6,18}[0-9]$",
    _("Write a phone number with digits only, for example 0812 3456 7890 or +62 812 3456 7890."),
)


class DisplayPreferencesForm(forms.Form):
    text_size = forms.ChoiceField(label=_("Text size"), choices=TEXT_SIZES, widget=forms.RadioSelect)
    contrast = forms.ChoiceField(label=_("Contrast"), choices=CONTRASTS, widget=forms.RadioSelect)


class BarrierReportForm(forms.Form):
    """A report of something on the portal (or at a city's center) that stopped someone.

    Only ``location`` and ``description`` are required: a report must be possible anonymously.
    """

    location = forms.CharField(
        label=_("Where did you meet the barrier?"),
        help_text=_("For example the page address, the name of a button, or the place you visited."),
        max_length=300,
    )
    description = forms.CharField(
        label=_("What happened?"),
        help_text=_("Tell us what you were trying to do and what stopped you."),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    assistive_technology = forms.CharField(
        label=_("Assistive technology you use (optional)"),
        help_text=_("For example the TalkBack screen reader, a screen magnifier, or only a keyboard."),
        max_length=200,
        required=False,
    )
    city = forms.ModelChoiceField(
        label=_("City (optional)"),
        help_text=_("Choose a city if the barrier was at that city's center or on its pages."),
        queryset=City.objects.filter(is_active=True).order_by("name"),
        empty_label=_("Not about one city"),
        required=False,
        to_field_name="slug",
    )
    name = forms.CharField(label=_("Your name (optional)"), max_length=200, required=False)
    email = forms.EmailField(
        label=_("Email address (optional)"),
        help_text=_("Fill this in if you would like a reply by email."),
        required=False,
    )
    phone = forms.CharField(
        label=_("Phone or WhatsApp number (optional)"),
        help_text=_("Fill this in if you would like us to call or message you."),
        max_length=20,
        required=False,
        validators=[phone_number],
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Let phones and password managers help: the right keyboard and autofill for each field.
        self.fields["name"].widget.attrs["autocomplete"] = "name"
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        self.fields["phone"].widget.attrs.update(autocomplete="tel", inputmode="tel")
        self.fields["phone"].widget.input_type = "tel"

    def clean_location(self) -> str:
        # It becomes part of an email subject: one line only.
        return " ".join(self.cleaned_data["location"].split())


class AdminCityForm(forms.Form):
    """The city a superuser works in on the admin (``/admin/kota/``); empty: no city."""

    city = forms.ModelChoiceField(queryset=None, required=False)

    def __init__(self, *args, cities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["city"].queryset = cities
