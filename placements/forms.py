"""Forms of the placements pages (labels in English msgids; Indonesian via the catalogue)."""

from __future__ import annotations

import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from employers.models import EmploymentType, Vacancy
from placements.models import InterviewAccommodation, Placement, Referral, validate_start_date

DISCLOSURE_CHOICES = [
    ("functioning", _("My answers about functioning (seeing, hearing, walking ...)")),
    ("ragam", _("My disability category (ragam)")),
    ("needs", _("My accommodation needs")),
    ("documents", _("My documents (CV, certificates)")),
]


class ConfirmForm(forms.Form):
    disclosed = forms.MultipleChoiceField(
        label=_("What the employer may see besides your name, contact, education, experience and skills"),
        choices=DISCLOSURE_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Nothing is shared unless you tick it. You can withdraw the referral later."),
    )


class VacancyChoiceForm(forms.Form):
    """The vacancy a job seeker asks to be referred to (the hidden field of each suggestion): an id
    that is not one of the city's vacancies is a form error, not a server error."""

    vacancy = forms.ModelChoiceField(
        queryset=None,
        widget=forms.HiddenInput,
        error_messages={
            "required": _("Choose a vacancy from the list."),
            "invalid_choice": _("Choose a vacancy from the list."),
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["vacancy"].queryset = Vacancy.objects.all()  # the city's: built inside its context


class InterviewChoiceForm(forms.Form):
    """The interview whose accommodations the employer confirms, among the referral's own."""

    interview = forms.ModelChoiceField(
        queryset=None,
        widget=forms.HiddenInput,
        error_messages={
            "required": _("Choose an interview of this referral."),
            "invalid_choice": _("Choose an interview of this referral."),
        },
    )

    def __init__(self, *args, referral: Referral, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["interview"].queryset = referral.interviews.all()


def first_error(form: forms.Form) -> str:
    """The first error message of an invalid form (for a page that shows it as a message)."""
    return next(str(message) for errors in form.errors.values() for message in errors)


class ProposeForm(forms.Form):
    job_seeker = forms.IntegerField(widget=forms.HiddenInput)
    note = forms.CharField(label=_("Note for the person"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class InterviewForm(forms.Form):
    starts_at = forms.DateTimeField(
        label=_("Date and time"),
        help_text=_("For example 2026-03-05 09:30."),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )
    place = forms.CharField(label=_("Place or link"), max_length=255)
    accommodations = forms.MultipleChoiceField(
        label=_("Accommodations for the interview"),
        choices=InterviewAccommodation.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    accommodation_note = forms.CharField(
        label=_("Other accommodation"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def clean_starts_at(self):
        """A time the database and the audit trail can store in UTC (0001-01-01 00:00 in the city's
        time zone is before the first UTC instant Python knows)."""
        starts_at = self.cleaned_data["starts_at"]
        try:
            starts_at.astimezone(datetime.UTC)
        except OverflowError as error:
            raise forms.ValidationError(_("This date and time is out of range."), code="overflow") from error
        return starts_at


class RejectForm(forms.Form):
    reason = forms.ChoiceField(label=_("Reason"), choices=[("", "---------"), *Referral.RejectionReason.choices])
    note = forms.CharField(label=_("Details"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class PlacementForm(forms.Form):
    start_date = forms.DateField(
        label=_("Start date"), widget=forms.DateInput(attrs={"type": "date"}), validators=[validate_start_date]
    )
    wage = forms.IntegerField(label=_("Monthly wage (Rp)"), min_value=0, max_value=2**31 - 1)  # the column's range
    contract_type = forms.ChoiceField(label=_("Contract type"), choices=EmploymentType.choices)
    accommodation_provided = forms.CharField(
        label=_("Accommodation provided"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


YES_NO = [("yes", _("Yes")), ("no", _("No"))]


class FollowUpForm(forms.Form):
    still_employed = forms.ChoiceField(
        label=_("Is the person still employed?"), choices=YES_NO, widget=forms.RadioSelect
    )
    accommodation_working = forms.ChoiceField(
        label=_("Is the accommodation working?"),
        choices=[*YES_NO, ("unknown", _("Not known"))],
        widget=forms.RadioSelect,
    )
    issues = forms.CharField(label=_("Issues raised"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    next_step = forms.CharField(label=_("Next step"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    left_reason = forms.ChoiceField(
        label=_("If the person left: why"),
        choices=[("", "---------"), *Placement.LeftReason.choices],
        required=False,
    )

    def clean(self):
        data = super().clean()
        if data.get("still_employed") == "no" and not data.get("left_reason"):
            self.add_error("left_reason", _("Choose why the person left the job."))
        return data


class FollowupScheduleForm(forms.Form):
    months = forms.CharField(
        label=_("Follow-up after (months)"),
        max_length=100,
        help_text=_(
            "Whole months after the start date, 1 to 24, in ascending order, separated by commas: 1, 3, 6, 12."
        ),
    )

    def clean_months(self) -> list[int]:
        from django.core.exceptions import ValidationError

        from placements.services import followup_schedule_clean

        parts = [part.strip() for part in self.cleaned_data["months"].replace(";", ",").split(",")]
        months = []
        for part in parts:
            if not part:
                continue
            if not (part.isascii() and part.isdigit()):  # "²".isdigit() is true, int("²") raises
                raise ValidationError(_("“%(value)s” is not a whole number of months."), params={"value": part})
            months.append(int(part))
        return followup_schedule_clean(months)


class ReachForm(forms.Form):
    """The staff's "within reach" filter on a vacancy's suggestions (``selectors.within_reach``)."""

    jangkauan = forms.ChoiceField(label=_("Where the person would work"), required=False)

    def __init__(self, *args, **kwargs):
        from placements.selectors import REACH_CHOICES

        super().__init__(*args, **kwargs)
        self.fields["jangkauan"].choices = REACH_CHOICES
