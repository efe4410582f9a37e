"""Forms of the assessment pages (plain Django forms: they work without JavaScript)."""

from __future__ import annotations

import filetype
from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import Membership, User
from assessments import rules
from assessments.models import CostLevel, ItemResult, Outcome, Progress
from employers.models import Workplace

PHOTO_MAX_BYTES = 5 * 1024 * 1024
PHOTO_TYPES = frozenset({"image/jpeg", "image/png", "image/webp"})  # sniffed from the content


class ScheduleForm(forms.Form):
    workplace = forms.ModelChoiceField(label=_("Workplace"), queryset=Workplace.all_cities.none())
    scheduled_on = forms.DateField(
        label=_("Visit date"), help_text=_("For example 2026-12-01."), widget=forms.DateInput(attrs={"type": "date"})
    )
    partners = forms.ModelMultipleChoiceField(
        label=_("Partner organisations assessing with you"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Optional. Partners named here can fill in the assessment."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["workplace"].queryset = Workplace.objects.select_related("employer").order_by("employer", "name")
        self.fields["workplace"].label_from_instance = lambda w: f"{w.employer}: {w.name}"
        partner_ids = Membership.objects.filter(role=Membership.Role.PARTNER).values_list("user_id", flat=True)
        self.fields["partners"].queryset = User.objects.filter(pk__in=list(partner_ids)).order_by("name")
        self.fields["partners"].label_from_instance = lambda u: u.name or u.email


class ItemForm(forms.Form):
    """One checklist item on the on-site form; the prefix is the result's id."""

    measured = forms.CharField(label=_("Measured"), max_length=40, required=False)
    not_applicable = forms.BooleanField(label=_("Not applicable here"), required=False)
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    photo = forms.FileField(
        label=_("Photo"), required=False, widget=forms.ClearableFileInput(attrs={"accept": "image/*"})
    )
    override = forms.ChoiceField(
        label=_("Override the computed result"),
        required=False,
        choices=[
            ("", _("No: use the computed result")),
            (Outcome.PASS, Outcome.PASS.label),
            (Outcome.FAIL, Outcome.FAIL.label),
        ],
    )
    override_reason = forms.CharField(
        label=_("Reason for the override"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required when you override the result."),
    )
    recommendation = forms.CharField(
        label=_("Recommended fix"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    priority = forms.ChoiceField(
        label=_("Priority"), required=False, choices=[("", "—"), *ItemResult._meta.get_field("priority").choices]
    )
    cost_level = forms.ChoiceField(label=_("Rough cost"), required=False, choices=[("", "—"), *CostLevel.choices])

    def __init__(self, *args, result: ItemResult, **kwargs):
        super().__init__(*args, prefix=f"r{result.pk}", **kwargs)
        self.result = result
        hint = rules.measurement_hint(threshold=result.threshold, unit=result.unit, comparator=result.comparator)
        unit = result.get_unit_display() if hasattr(result, "get_unit_display") else result.unit
        self.fields["measured"].help_text = f"{hint} ({unit})"
        self.fields["measured"].widget.attrs.update({"autocomplete": "off", "spellcheck": "false"})
        if result.unit not in ("boolean",) and result.threshold != "table" and "x" not in result.threshold:
            self.fields["measured"].widget.attrs["inputmode"] = "decimal" if result.unit != "ratio" else "text"

    def clean_photo(self):
        photo = self.cleaned_data.get("photo")
        if not photo:
            return None
        if photo.size > PHOTO_MAX_BYTES:
            raise forms.ValidationError(_("The photo is larger than 5 MB."))
        kind = filetype.guess(photo.read(261))
        photo.seek(0)
        if kind is None or kind.mime not in PHOTO_TYPES:
            raise forms.ValidationError(_("Upload a JPEG, PNG or WebP photo."))
        return photo

    def clean(self):
        data = super().clean()
        if data.get("override") and not (data.get("override_reason") or "").strip():
            self.add_error("override_reason", _("Write why the computed result is overridden."))
        if data.get("measured") and not data.get("not_applicable"):
            try:
                rules.evaluate(
                    measured=data["measured"],
                    threshold=self.result.threshold,
                    unit=self.result.unit,
                    comparator=self.result.comparator,
                )
            except rules.MeasurementError as error:
                self.add_error("measured", str(error))
        return data


class CompleteForm(forms.Form):
    summary = forms.CharField(
        label=_("Summary for the employer"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )


class ReassessForm(forms.Form):
    scheduled_on = forms.DateField(
        label=_("Date of the re-assessment"),
        help_text=_("For example 2027-02-01."),
        widget=forms.DateInput(attrs={"type": "date"}),
    )


class ProgressForm(forms.Form):
    progress = forms.ChoiceField(label=_("Progress"), choices=Progress.choices)
    note = forms.CharField(label=_("What has been done"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, result: ItemResult, **kwargs):
        super().__init__(*args, prefix=f"p{result.pk}", **kwargs)
        self.result = result
