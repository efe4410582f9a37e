"""Forms of the assessment pages (plain Django forms: they work without JavaScript)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import Membership, User
from assessments import photos, rules
from assessments.models import PHOTOS_PER_ITEM, CostLevel, ItemResult, Outcome, Progress
from employers.models import Workplace
from reference.models import ChecklistUnit, ChecklistVersion
from reference.widgets import SplitDateField


class ScheduleForm(forms.Form):
    workplace = forms.ModelChoiceField(label=_("Workplace"), queryset=Workplace.all_cities.none())
    scheduled_on = SplitDateField(label=_("Visit date"))
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
        label=_("Add a photo"),
        required=False,
        widget=forms.FileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )
    photo_alt = forms.CharField(
        label=_("What the photo shows"),
        max_length=250,
        required=False,
        help_text=_("Required with a photo, e.g. “Ramp at the main entrance, no handrail”."),
    )
    remove_photos = forms.MultipleChoiceField(
        label=_("Remove photos"), required=False, widget=forms.CheckboxSelectMultiple
    )
    revision = forms.IntegerField(widget=forms.HiddenInput, required=False)
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
        self.saved_photos = list(result.photos.all())
        self.fields["remove_photos"].choices = [(str(p.pk), p.alt_text) for p in self.saved_photos]
        self.fields["photo"].help_text = _(
            "JPEG, PNG or WebP, at most 5 MB; up to %(count)d photos per item. "
            "Its location and camera data are removed."
        ) % {"count": PHOTOS_PER_ITEM}
        hint = rules.measurement_hint(threshold=result.threshold, unit=result.unit, comparator=result.comparator)
        # The result keeps the unit's code (a copy of the item): show the unit's label, in the reader's language.
        unit = dict(ChecklistUnit.choices).get(result.unit, result.unit)
        self.fields["measured"].help_text = f"{hint} ({unit})"
        self.fields["measured"].widget.attrs.update({"autocomplete": "off", "spellcheck": "false"})
        if result.unit not in ("boolean",) and result.threshold != "table" and "x" not in result.threshold:
            self.fields["measured"].widget.attrs["inputmode"] = "decimal" if result.unit != "ratio" else "text"

    def clean_photo(self):
        upload = self.cleaned_data.get("photo")
        if not upload:
            return None
        return photos.prepare(upload)  # ValidationError: size, type by content, unreadable

    def clean_remove_photos(self) -> list[int]:
        return [int(pk) for pk in self.cleaned_data.get("remove_photos") or []]

    def clean(self):
        data = super().clean()
        if data.get("photo") and not (data.get("photo_alt") or "").strip():
            self.add_error("photo_alt", _("Describe what the photo shows."))
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
    scheduled_on = SplitDateField(label=_("Date of the re-assessment"))


class ProgressForm(forms.Form):
    progress = forms.ChoiceField(label=_("Progress"), choices=Progress.choices)
    note = forms.CharField(label=_("What has been done"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, result: ItemResult, **kwargs):
        super().__init__(*args, prefix=f"p{result.pk}", **kwargs)
        self.result = result


class ChecklistVersionForm(forms.Form):
    """The checklist version APEKSI publishes (the hidden field of its "Publish" button)."""

    version = forms.ModelChoiceField(
        queryset=ChecklistVersion.objects.all(),
        widget=forms.HiddenInput,
        error_messages={
            "required": _("Choose a checklist version from the list."),
            "invalid_choice": _("Choose a checklist version from the list."),
        },
    )
