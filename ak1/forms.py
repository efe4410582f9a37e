from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from ak1.models import CardSettings, Report
from ak1.services import validate_number_format
from reference.widgets import SplitDateField


class IssueForm(forms.Form):
    birth_place = forms.CharField(
        label=_("Place of birth (as on the KTP)"),
        max_length=100,
        required=False,
        help_text=_("Printed on the card with the date of birth."),
    )


class ReportForm(forms.Form):
    reported_on = SplitDateField(label=_("Date the person reported"), noun=_("The report date"))
    situation = forms.ChoiceField(
        label=_("The person's situation"), choices=Report.Situation.choices, widget=forms.RadioSelect
    )
    note = forms.CharField(label=_("Note (optional)"), max_length=255, required=False)


class SettingsForm(forms.ModelForm):
    class Meta:
        model = CardSettings
        fields = ["number_format", "office_name"]
        help_texts = {"office_name": _("Printed on every card, e.g. Dinas Tenaga Kerja Kota Bandung.")}

    def clean_number_format(self):
        value = self.cleaned_data["number_format"].strip()
        validate_number_format(value)
        return value
