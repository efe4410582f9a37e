"""Forms of the placements pages (labels in English msgids; Indonesian via the catalogue)."""

from __future__ import annotations

import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from cities.choices import with_blank
from employers.models import EmploymentType, Vacancy
from jobseekers.models import ConsentBasis, ConsentChannel, on_behalf_problems
from placements.models import (
    InterviewAccommodation,
    Placement,
    Referral,
    SocialSecurityProgramme,
    validate_start_date,
)
from reference.widgets import SplitDateField, SplitDateTimeField

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
    starts_at = SplitDateTimeField(
        label=_("Date and time"), noun=_("The interview"), help_text=_("For example 5 3 2026, time 09.30.")
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
    reason = forms.ChoiceField(label=_("Reason"), choices=with_blank(Referral.RejectionReason.choices))
    note = forms.CharField(label=_("Details"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


BPJS_ENROLLED_CHOICES = [("yes", _("Yes")), ("no", _("No")), ("", _("Not known"))]


class SocialSecurityFields(forms.Form):
    """The worker's BPJS Ketenagakerjaan enrolment, at the placement and asked again at each follow-up;
    ``cleaned_data`` gives ``bpjs_enrolled`` (True, False or None), ``bpjs_kpj_number``, ``bpjs_programmes``."""

    bpjs_enrolled = forms.TypedChoiceField(
        label=_("Is the worker enrolled in BPJS Ketenagakerjaan?"),
        choices=BPJS_ENROLLED_CHOICES,
        coerce=lambda value: value == "yes",
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
    )
    bpjs_kpj_number = forms.CharField(
        label=_("KPJ number (optional)"),
        required=False,
        max_length=11,
        help_text=_("The 11 digits on the BPJS Ketenagakerjaan membership card."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    bpjs_programmes = forms.MultipleChoiceField(
        label=_("Programmes (optional)"),
        choices=SocialSecurityProgramme.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def clean(self):
        from django.core.exceptions import ValidationError

        from placements.services import enrolment_clean

        data = super().clean()
        try:
            enrolment_clean(data.get("bpjs_enrolled"), data.get("bpjs_kpj_number", ""), data.get("bpjs_programmes"))
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                if name not in self.errors:
                    for message in messages:
                        self.add_error(name, message)
        return data


def bpjs_initial(placement: Placement) -> dict:
    """The placement's last answer, as the follow-up form's initial values."""
    enrolled = {True: "yes", False: "no", None: ""}[placement.bpjs_enrolled]
    return {
        "bpjs_enrolled": enrolled,
        "bpjs_kpj_number": placement.bpjs_kpj_number,
        "bpjs_programmes": list(placement.bpjs_programmes),
    }


class PlacementForm(SocialSecurityFields):
    start_date = SplitDateField(label=_("Start date"), validators=[validate_start_date])
    wage = forms.IntegerField(label=_("Monthly wage (Rp)"), min_value=0, max_value=2**31 - 1)  # the column's range
    contract_type = forms.ChoiceField(label=_("Contract type"), choices=EmploymentType.choices)
    accommodation_provided = forms.CharField(
        label=_("Accommodation provided"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    backdated_reason = forms.CharField(
        label=_("Reason for a start before the offer (back-dated)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "Only when the person started work before the offer or the referral was recorded: write why. "
            "It is shown with the placement."
        ),
    )


YES_NO = [("yes", _("Yes")), ("no", _("No"))]


class FollowUpForm(SocialSecurityFields):
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
        choices=with_blank(Placement.LeftReason.choices),
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


# --- Requests from job seekers and confirming for the person (staff) ---------------------------------

#: The information groups as staff read them (the person's own form says "my ...").
STAFF_DISCLOSURE_CHOICES = [
    ("functioning", _("Functioning (WG-SS)")),
    ("ragam", _("Disability category (ragam)")),
    ("needs", _("Accommodation needs")),
    ("documents", _("Documents")),
]


class RequestChoiceForm(forms.Form):
    """The request an officer decides on the list (a hidden id): one that is not a waiting request of
    the city (decided meanwhile, another city's, junk) is a form error, not a server error."""

    referral = forms.ModelChoiceField(
        queryset=None,
        widget=forms.HiddenInput,
        error_messages={
            "required": _("This request is no longer waiting for a decision."),
            "invalid_choice": _("This request is no longer waiting for a decision."),
        },
    )

    def __init__(self, *args, **kwargs):
        from placements.selectors import referral_requests

        super().__init__(*args, **kwargs)
        self.fields["referral"].queryset = referral_requests()


class DeclineRequestForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for the person"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("The person reads this on their referrals page and is told it by their chosen channel."),
        error_messages={"required": _("Write the reason for the person.")},
    )


class ConfirmForPersonForm(forms.Form):
    """Staff confirm a referral for the person: what the employer may see, chosen together with the
    person, and how the person gave the decision (``jobseekers.OnBehalfRecord``)."""

    disclosed = forms.MultipleChoiceField(
        label=_("What the employer may see besides the name, contact, education, experience and skills"),
        choices=STAFF_DISCLOSURE_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Go through each group with the person. Nothing is shared unless ticked."),
    )
    give_sharing_consent = forms.BooleanField(
        label=_("The person consents to sharing their profile with employers on a referral"),
        required=False,
        help_text=_("Read the consent text to the person. It is recorded with the same basis as this confirmation."),
    )
    channel = forms.ChoiceField(label=_("Where you met the person"), choices=())
    basis = forms.ChoiceField(label=_("How the person gave the decision"), choices=(), widget=forms.RadioSelect)
    guardian_name = forms.CharField(
        label=_("Name of the family member or interpreter"),
        max_length=255,
        required=False,
        help_text=_("Needed when the person decided through a family member or an interpreter."),
    )
    guardian_relation = forms.CharField(label=_("Their relation to the person"), max_length=100, required=False)
    paper_form = forms.FileField(
        label=_("Scan or photo of the signed form"),
        required=False,
        help_text=_("Needed when the person signed or thumbprinted the paper form. PDF, JPEG or PNG."),
    )
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, sharing_allowed: bool, **kwargs):
        from placements.services import ON_BEHALF_CHANNELS

        super().__init__(*args, **kwargs)
        self.sharing_allowed = sharing_allowed
        if sharing_allowed:
            del self.fields["give_sharing_consent"]
        labels = dict(ConsentChannel.choices)
        self.fields["channel"].choices = with_blank((c, labels[c]) for c in ON_BEHALF_CHANNELS)
        self.fields["basis"].choices = [(v, label) for v, label in ConsentBasis.choices if v != ConsentBasis.SELF]

    def clean(self):
        data = super().clean()
        if not self.sharing_allowed and not data.get("give_sharing_consent"):
            self.add_error(
                "give_sharing_consent",
                _("The person has not consented to sharing their profile with employers. Record their consent first."),
            )
        problems = on_behalf_problems(
            basis=data.get("basis") or "",
            guardian_name=data.get("guardian_name") or "",
            has_paper_form=bool(data.get("paper_form")),
        )
        for field, message in problems.items():
            self.add_error(field, message)
        return data
