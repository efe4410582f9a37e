"""The city admin's form for the city profile (docs/city-profile.md) and its partner organisations."""

from __future__ import annotations

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cities.models import CityPartner, CityProfile
from reference.widgets import SplitDateField

FIRST_PERDA_YEAR = 1945  # no earlier local regulation can be in force


class CityProfileForm(forms.ModelForm):
    """All fields of ``CityProfile``. Rules (errors name the field to fix):

    - ULD: a date is needed when it is established; a date or decree without "established" is refused.
    - Perda: title, number and year are needed when one is in force; the year is 1945 to this year.
    - Budget: an amount needs its year; a year needs an amount or a budget line.
    - Quota (city government and BUMD, UU 8/2016 art. 53): headcount, employees with disabilities
      and "as of" date go together; employees with disabilities cannot exceed the headcount.
    - Dates cannot be in the future. A sign-language video call needs the way to make it.
    """

    class Meta:
        model = CityProfile
        fields = [
            "uld_established",
            "uld_established_on",
            "uld_decree_number",
            "has_perda",
            "perda_title",
            "perda_number",
            "perda_year",
            "perda_employment_articles",
            "budget_line",
            "budget_amount",
            "budget_year",
            "staff_count",
            "government_headcount",
            "government_with_disabilities",
            "government_as_of",
            "bumd_headcount",
            "bumd_with_disabilities",
            "bumd_as_of",
            "address",
            "opening_hours",
            "phone",
            "whatsapp",
            "sms",
            "email",
            "sign_language_video_call",
            "video_call_details",
        ]
        widgets = {
            "perda_employment_articles": forms.Textarea(attrs={"rows": 5}),
            "address": forms.Textarea(attrs={"rows": 3}),
            "opening_hours": forms.Textarea(attrs={"rows": 3}),
        }
        field_classes = dict.fromkeys(("uld_established_on", "government_as_of", "bumd_as_of"), SplitDateField)
        help_texts = {
            "uld_decree_number": _("Optional. The number of the mayor's decree (SK Wali Kota) that set up the ULD."),
            "perda_title": _(
                "For example: Perda on the Protection and Fulfilment of the Rights of Persons with Disabilities."
            ),
            "perda_employment_articles": _("Optional. Copy or summarise the articles on work and employment."),
            "budget_line": _("Optional. The programme or activity in the city budget (APBD) that funds the center."),
            "budget_amount": _("Optional. Whole rupiah, digits only, for example 250000000."),
            "staff_count": _("Optional. People working for the IJC or the ULD, full or part time."),
            "government_headcount": _("Optional. All civil servants and contract staff of the city government."),
            "bumd_headcount": _("Optional. All employees of the city-owned enterprises together."),
            "opening_hours": _("For example: Monday to Friday, 08.00 to 16.00 WIB."),
            "phone": _("Optional. For example 0271 123 456."),
            "whatsapp": _("Optional. For example 0812 3456 7890."),
            "sms": _("Optional. A number that receives text messages, for people who are deaf or hard of hearing."),
            "video_call_details": _(
                "For example: WhatsApp video call to 0812 3456 7890, Monday to Friday 09.00 to 15.00."
            ),
        }
        labels = {
            "uld_established_on": _("Date established"),
            "uld_decree_number": _("Decree number (optional)"),
            "perda_title": _("Title of the Perda"),
            "perda_number": _("Number of the Perda"),
            "perda_year": _("Year of the Perda"),
            "perda_employment_articles": _("Articles on employment (optional)"),
            "budget_line": _("Budget line (optional)"),
            "budget_amount": _("Amount in rupiah (optional)"),
            "budget_year": _("Budget year (optional)"),
            "staff_count": _("Number of IJC/ULD staff (optional)"),
            "government_headcount": _("City government employees (optional)"),
            "government_with_disabilities": _("Of whom employees with disabilities (optional)"),
            "government_as_of": _("City government figures as of (optional)"),
            "bumd_headcount": _("Employees of the city's BUMD, all together (optional)"),
            "bumd_with_disabilities": _("Of whom employees with disabilities (optional)"),
            "bumd_as_of": _("BUMD figures as of (optional)"),
            "address": _("Address of the center (optional)"),
            "opening_hours": _("Opening hours (optional)"),
            "phone": _("Phone (optional)"),
            "whatsapp": _("WhatsApp (optional)"),
            "sms": _("SMS (optional)"),
            "email": _("Email (optional)"),
            "sign_language_video_call": _("The center takes video calls with a sign-language interpreter"),
            "video_call_details": _("How to make the video call"),
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for name in ("phone", "whatsapp", "sms"):
            self.fields[name].widget.attrs.update(autocomplete="off", inputmode="tel")
        self.fields["email"].widget.attrs.update(autocomplete="off")
        for name in ("budget_amount", "perda_year", "budget_year", "staff_count"):
            self.fields[name].widget = forms.TextInput(attrs={"inputmode": "numeric"})
        for prefix in ("government", "bumd"):
            for suffix in ("headcount", "with_disabilities"):
                self.fields[f"{prefix}_{suffix}"].widget = forms.TextInput(attrs={"inputmode": "numeric"})

    def _not_future(self, cleaned: dict, name: str, today: datetime.date) -> None:
        value = cleaned.get(name)
        if value and value > today:
            self.add_error(name, _("This date is in the future. Enter the date it happened."))

    def clean(self) -> dict:
        cleaned = super().clean()
        today = timezone.localdate()
        for name in ("uld_established_on", "government_as_of", "bumd_as_of"):
            self._not_future(cleaned, name, today)
        self._clean_uld(cleaned)
        self._clean_perda(cleaned, today)
        self._clean_budget(cleaned, today)
        for prefix in ("government", "bumd"):
            self._clean_quota(cleaned, prefix)
        if cleaned.get("sign_language_video_call") and not cleaned.get("video_call_details"):
            self.add_error("video_call_details", _("Say how people can make the video call."))
        return cleaned

    def _clean_uld(self, cleaned: dict) -> None:
        if cleaned.get("uld_established"):
            if not cleaned.get("uld_established_on") and "uld_established_on" not in self.errors:
                self.add_error("uld_established_on", _("Enter the date the ULD was established."))
        else:
            for name in ("uld_established_on", "uld_decree_number"):
                if cleaned.get(name):
                    self.add_error(name, _("Tick “ULD Ketenagakerjaan established” first, or clear this field."))

    def _clean_perda(self, cleaned: dict, today: datetime.date) -> None:
        year = cleaned.get("perda_year")
        if year is not None and not FIRST_PERDA_YEAR <= year <= today.year:
            self.add_error("perda_year", _("Enter a year from 1945 to this year."))
        if cleaned.get("has_perda"):
            missing = {
                "perda_title": _("Enter the title of the Perda."),
                "perda_number": _("Enter the number of the Perda."),
                "perda_year": _("Enter the year of the Perda."),
            }
            for name, message in missing.items():
                if cleaned.get(name) in (None, "") and name not in self.errors:
                    self.add_error(name, message)
        else:
            for name in ("perda_title", "perda_number", "perda_year", "perda_employment_articles"):
                if cleaned.get(name) not in (None, "") and name not in self.errors:
                    self.add_error(name, _("Tick “Perda on disability rights in force” first, or clear this field."))

    def _clean_budget(self, cleaned: dict, today: datetime.date) -> None:
        amount, year = cleaned.get("budget_amount"), cleaned.get("budget_year")
        if amount is not None and amount < 0:
            self.add_error("budget_amount", _("The amount cannot be negative."))
        if year is not None and not 2000 <= year <= today.year + 1:
            self.add_error("budget_year", _("Enter a year from 2000 to next year."))
        if amount is not None and year is None and "budget_year" not in self.errors:
            self.add_error("budget_year", _("Enter the budget year of the amount."))
        if year is not None and amount is None and not cleaned.get("budget_line") and "budget_year" not in self.errors:
            self.add_error("budget_year", _("Enter the budget line or the amount of this year."))

    def _clean_quota(self, cleaned: dict, prefix: str) -> None:
        names = (f"{prefix}_headcount", f"{prefix}_with_disabilities", f"{prefix}_as_of")
        if any(name in self.errors for name in names):
            return
        values = [cleaned.get(name) for name in names]
        if all(value is None for value in values):
            return
        messages = (
            _("Enter the number of employees."),
            _("Enter the number of employees with disabilities (0 if none)."),
            _("Enter the date these figures are from."),
        )
        for name, value, message in zip(names, values, messages, strict=True):
            if value is None:
                self.add_error(name, message)
        headcount, with_disabilities = values[0], values[1]
        if headcount is not None and with_disabilities is not None and with_disabilities > headcount:
            self.add_error(names[1], _("This cannot be more than the number of employees."))


class CityPartnerForm(forms.ModelForm):
    class Meta:
        model = CityPartner
        fields = ["name", "kind"]
        labels = {"name": _("Name of the organisation"), "kind": _("Kind of organisation")}


class BaseCityPartnerFormSet(forms.BaseModelFormSet):
    """The city's partners plus three empty rows; a name needs its kind; names are unique (any case)."""

    def clean(self) -> None:
        super().clean()
        seen: set[str] = set()
        for form in self.forms:
            if not hasattr(form, "cleaned_data") or (not form.has_changed() and form.instance.pk is None):
                continue
            if self.can_delete and self._should_delete_form(form):
                continue
            name = (form.cleaned_data.get("name") or "").strip()
            if not name:
                continue
            key = name.casefold()
            if key in seen:
                form.add_error("name", _("This organisation is listed twice."))
            seen.add(key)


CityPartnerFormSet = forms.modelformset_factory(
    CityPartner, form=CityPartnerForm, formset=BaseCityPartnerFormSet, extra=3, can_delete=True, max_num=100
)
