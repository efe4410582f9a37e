"""Forms of the job-seeker pages. Labels and hints are plain language; errors are tied to fields."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from cities.phones import PhoneField
from jobseekers.documents import MAX_BYTES
from jobseekers.models import (
    AssistiveDevice,
    CaseStatus,
    CommunicationNeed,
    ConsentBasis,
    ConsentChannel,
    ConsentPurpose,
    ContactChannel,
    Document,
    Education,
    Experience,
    FunctioningAnswer,
    Gender,
    JobSeeker,
    RightsRequest,
    Training,
    WorkArrangement,
    on_behalf_problems,
    validate_birth_date,
)
from reference.models import AccommodationType, Occupation, Ragam, Skill, WGQuestion
from reference.skill_search import no_skill_found
from reference.widgets import (
    FilteredChoicesMixin,
    FoldedCheckboxes,
    GroupedCheckboxes,
    SplitDateField,
    accommodation_group,
)


def birth_date_field() -> SplitDateField:
    """Day, month and year boxes (``ijc_portal.forms.SplitDateField``) with the birthday autofill."""
    return SplitDateField(
        label=_("Date of birth (optional)"),
        noun=_("Date of birth"),
        help_text=_("For example 17 8 1995."),
        birth=True,
        required=False,
    )


def checkboxes(choices, label, help_text="", widget=forms.CheckboxSelectMultiple):
    return forms.MultipleChoiceField(label=label, help_text=help_text, choices=choices, required=False, widget=widget)


class NIKField(forms.CharField):
    """A NIK as people type it (with spaces between the groups), stored as 16 digits."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 22)
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)
        self.widget.attrs.update(inputmode="numeric", autocomplete="off")

    def to_python(self, value):
        from jobseekers.nik import normalise_nik

        return normalise_nik(super().to_python(value))


class IdentityForm(forms.ModelForm):
    """Step 1: who you are and how to reach you."""

    nik = NIKField(
        label=_("NIK (optional)"),
        help_text=_("The 16 digits on your KTP or family card (KK). We check its shape and show it to staff only."),
    )
    birth_date = birth_date_field()

    class Meta:
        model = JobSeeker
        fields = [
            "name",
            "nik",
            "birth_date",
            "gender",
            "address",
            "kelurahan",
            "kecamatan",
            "phone",
            "email",
            "contact_channel",
            "language",
            "ak1_number",
            "kpd_number",
        ]
        labels = {
            "name": _("Full name"),
            "nik": _("NIK (optional)"),
            "gender": _("Gender (optional)"),
            "address": _("Street address (optional)"),
            "kelurahan": _("Kelurahan (optional)"),
            "kecamatan": _("Kecamatan (optional)"),
            "phone": _("Phone number (optional)"),
            "email": _("Email address (optional)"),
            "contact_channel": _("How should we contact you? (optional)"),
            "language": _("Language"),
            "ak1_number": _("AK/1 card number (optional)"),
            "kpd_number": _("Disability card (KPD) number (optional)"),
        }
        help_texts = {
            "nik": _("The 16 digits on your KTP or family card (KK). We check its shape and show it to staff only."),
            "ak1_number": _("The number on the yellow job-seeker card from Disnaker, if you have one."),
            "kpd_number": _("Never required."),
            "phone": _("For example 0812 3456 7890, or a landline with its area code: (0271) 123456."),
            "contact_channel": _(
                "Choosing WhatsApp means you agree that the job center sends you messages on WhatsApp at this "
                "number; the date is recorded. Choose another way at any time to stop."
            ),
        }
        widgets = {"gender": forms.RadioSelect, "contact_channel": forms.RadioSelect}
        field_classes = {"phone": PhoneField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["gender"].choices = [("", _("Prefer not to say")), *list(Gender.choices)]
        self.fields["contact_channel"].choices = [("", _("No preference")), *list(ContactChannel.choices)]
        self.fields["nik"].widget.attrs.update(inputmode="numeric", autocomplete="off")
        self.fields["name"].widget.attrs["autocomplete"] = "name"
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        self.fields["address"].widget.attrs["autocomplete"] = "street-address"

    def clean_birth_date(self):
        """Not in the future, an age of 15-100 (``jobseekers.models.validate_birth_date``)."""
        value = self.cleaned_data.get("birth_date")
        if value:
            validate_birth_date(value)
        return value


class WorkForm(forms.ModelForm):
    """Step 2: the work you want and what you can do. Skills and occupations are searched (no JavaScript)."""

    skills = forms.ModelMultipleChoiceField(
        label=_("Skills"), queryset=Skill.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )
    occupations = forms.ModelMultipleChoiceField(
        label=_("Jobs you want"),
        queryset=Occupation.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    work_arrangements = checkboxes(WorkArrangement.choices, _("Work arrangements you can take (optional)"))

    class Meta:
        model = JobSeeker
        fields = [
            "referral_source",
            "skills",
            "skills_text",
            "occupations",
            "work_arrangements",
            "max_travel_minutes",
            "expected_wage",
        ]
        labels = {
            "referral_source": _("How did you come to the center? (optional)"),
            "skills_text": _("Other skills, in your own words (optional)"),
            "max_travel_minutes": _("Longest travel to work, in minutes (optional)"),
            "expected_wage": _("Expected monthly wage in rupiah (optional)"),
        }
        help_texts = {"expected_wage": _("Numbers only, for example 3500000.")}
        widgets = {"referral_source": forms.RadioSelect, "skills_text": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, skill_query: str = "", occupation_query: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        sources = list(self.fields["referral_source"].choices)[1:]
        self.fields["referral_source"].choices = [("", _("Not given")), *sources]
        saved = self.instance.pk is not None
        chosen_skills = list(self.instance.skills.values_list("pk", flat=True)) if saved else []
        chosen_occupations = list(self.instance.occupations.values_list("pk", flat=True)) if saved else []
        skills = Skill.objects.filter(pk__in=chosen_skills)
        self.skill_search_message = ""  # said when the search finds nothing
        if skill_query:
            found = list(Skill.objects.search(skill_query).order_by("label_en").values_list("pk", flat=True)[:20])
            skills = skills | Skill.objects.filter(pk__in=found)
            self.skill_search_message = "" if found else no_skill_found(skill_query)
        self.fields["skills"].queryset = skills.order_by("label_en")
        self.fields["skills"].label_from_instance = lambda skill: skill.label()
        from django.db.models import Q

        occupations = Occupation.objects.filter(pk__in=chosen_occupations)
        if occupation_query:
            match = Occupation.objects.filter(
                Q(title_id__icontains=occupation_query)
                | Q(title_en__icontains=occupation_query)
                | Q(code__startswith=occupation_query)
            )
            occupations = occupations | Occupation.objects.filter(pk__in=match.order_by("code").values("pk")[:20])
        self.fields["occupations"].queryset = occupations.order_by("code")
        self.fields["occupations"].label_from_instance = lambda o: f"{o.title_id or o.title_en} ({o.code})"
        self.fields["expected_wage"].widget.attrs["inputmode"] = "numeric"
        self.fields["max_travel_minutes"].widget.attrs["inputmode"] = "numeric"


class FunctioningForm(forms.Form):
    """Step 3: the six WG-SS questions (Washington Group Short Set). Answers are optional."""

    def __init__(self, *args, initial_codes: dict | None = None, language: str = "id", **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(str(c.value), c.label) for c in FunctioningAnswer.Code]
        for question in WGQuestion.objects.order_by("order"):
            self.fields[question.domain] = forms.TypedChoiceField(
                label=question.text_id if language == "id" else question.text_en,
                choices=choices,
                coerce=int,
                required=False,
                empty_value=None,
                widget=forms.RadioSelect,
                initial=str((initial_codes or {}).get(question.domain, "")),
            )


class NeedsForm(FilteredChoicesMixin, forms.ModelForm):
    """Step 4: disability category (self-declared), devices, communication, accommodations."""

    # Each list folded into one closed group, and the accommodations in closed groups by functional
    # domain: a keyboard user crosses the whole step in a dozen Tabs and opens only what applies.
    ragam = checkboxes(
        Ragam.choices,
        _("Disability category (ragam, optional)"),
        _("Choose all that apply. You may leave it empty."),
        widget=FoldedCheckboxes,
    )
    assistive_devices = checkboxes(
        AssistiveDevice.choices, _("Assistive devices you use (optional)"), widget=FoldedCheckboxes
    )
    communication_needs = checkboxes(
        CommunicationNeed.choices, _("Communication needs (optional)"), widget=FoldedCheckboxes
    )
    accommodations = forms.ModelMultipleChoiceField(
        label=_("Accommodations that help you work (optional)"),
        help_text=_("Grouped by the activity they help with. Open a group to choose, or find one by a word."),
        queryset=AccommodationType.objects.none(),
        required=False,
        widget=GroupedCheckboxes(group_of=accommodation_group),
    )

    class Meta:
        model = JobSeeker
        fields = [
            "ragam",
            "assistive_devices",
            "assistive_devices_text",
            "communication_needs",
            "accommodations",
            "accommodations_text",
        ]
        labels = {
            "assistive_devices_text": _("Other devices (optional)"),
            "accommodations_text": _("Other accommodation needs, in your own words (optional)"),
        }
        widgets = {"accommodations_text": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, language: str = "id", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["accommodations"].queryset = AccommodationType.objects.order_by("code")
        self.fields["accommodations"].label_from_instance = lambda a: a.text_id if language == "id" else a.text_en
        self.setup_choice_filters()


class DisclosureForm(forms.ModelForm):
    """Step 5: what an employer may see on a referral. Nothing is shared unless ticked."""

    class Meta:
        model = JobSeeker
        fields = ["share_functioning", "share_ragam", "share_needs", "share_documents"]
        labels = {
            "share_functioning": _("My answers about everyday difficulties (WG-SS)"),
            "share_ragam": _("My disability category (ragam)"),
            "share_needs": _("My accommodation needs and assistive devices"),
            "share_documents": _("My documents (CV, certificates)"),
        }


STEPS = {
    1: (_("About you"), IdentityForm),
    2: (_("The work you want"), WorkForm),
    3: (_("Everyday activities"), FunctioningForm),
    4: (_("Disability and needs"), NeedsForm),
    5: (_("What employers may see"), DisclosureForm),
}


class EducationForm(forms.ModelForm):
    class Meta:
        model = Education
        fields = ["level", "major", "institution", "year_finished"]
        labels = {
            "level": _("Level"),
            "major": _("Major or subject (optional)"),
            "institution": _("School or institution (optional)"),
            "year_finished": _("Year finished (optional)"),
        }


class TrainingForm(forms.ModelForm):
    class Meta:
        model = Training
        fields = ["name", "provider", "year", "certified"]
        labels = {
            "name": _("Training or certificate"),
            "provider": _("Provider (optional)"),
            "year": _("Year (optional)"),
            "certified": _("I received a certificate"),
        }


class ExperienceForm(forms.ModelForm):
    class Meta:
        model = Experience
        fields = ["job_title", "employer_name", "start_year", "end_year", "description"]
        labels = {
            "job_title": _("Job title"),
            "employer_name": _("Employer (optional)"),
            "start_year": _("From year (optional)"),
            "end_year": _("Until year (optional)"),
            "description": _("What the work involved (optional)"),
        }
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


CHILD_FORMS = {"pendidikan": EducationForm, "pelatihan": TrainingForm, "pengalaman": ExperienceForm}


class ConsentForm(forms.Form):
    """One checkbox per purpose; the text of each is shown beside it. Unticking withdraws at once."""

    def __init__(self, *args, texts: dict, **kwargs):
        super().__init__(*args, **kwargs)
        for purpose, text in texts.items():
            self.fields[purpose] = forms.BooleanField(
                label=ConsentPurpose(purpose).label, help_text=text, required=False
            )


# Where a decision recorded for the person was given, and how (never "online" or "self": those are
# the person's own, on their account).
ON_BEHALF_CHANNELS = [c for c in ConsentChannel.choices if c[0] not in ("online", "import")]
ON_BEHALF_BASES = [c for c in ConsentBasis.choices if c[0] != ConsentBasis.SELF]


def basis_field(required: bool = False) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=_("How did the person give it?"),
        help_text=_("Say how you know this is the person's own decision. It is kept with the record."),
        choices=ON_BEHALF_BASES,
        required=required,
        widget=forms.RadioSelect,
    )


def paper_form_field() -> forms.FileField:
    return forms.FileField(
        label=_("Scan or photo of the signed form"),
        help_text=_("Needed when the person signed or thumbprinted the paper form. PDF, JPEG or PNG, up to 5 MB."),
        required=False,
    )


class DecisionForm(forms.Form):
    """How a decision was given when staff or a partner records it for the person (``OnBehalfRecord``):
    where, on what basis, the family member or interpreter who spoke with the person, the scan of a
    signed form. The same rules as the record (``on_behalf_problems``) on the fields they concern."""

    channel = forms.ChoiceField(label=_("Where was it given?"), choices=ON_BEHALF_CHANNELS, widget=forms.RadioSelect)
    basis = basis_field()
    guardian_name = forms.CharField(
        label=_("Name of the family member or interpreter, if one spoke with the person"),
        max_length=255,
        required=False,
    )
    guardian_relation = forms.CharField(
        label=_("Their relation to the person (optional)"),
        help_text=_("For example: mother, sign-language interpreter."),
        max_length=100,
        required=False,
    )
    paper_form = paper_form_field()

    def clean(self):
        cleaned = super().clean()
        problems = on_behalf_problems(
            basis=cleaned.get("basis", ""),
            guardian_name=cleaned.get("guardian_name", ""),
            has_paper_form=bool(cleaned.get("paper_form")),
        )
        for field, message in problems.items():
            self.add_error(field, message)
        return cleaned

    def how(self, *, assisted_by) -> dict:
        """The keyword arguments the consent services take (``channel``, ``basis`` ...)."""
        data = self.cleaned_data
        return {
            "channel": data["channel"],
            "basis": data["basis"],
            "assisted_by": assisted_by,
            "guardian_name": data["guardian_name"],
            "guardian_relation": data["guardian_relation"],
            "paper_form": data.get("paper_form") or None,
        }


class SpecificDataConsentForm(DecisionForm):
    """On a step with disability or health data filled for the person while their consent to
    processing it is not in force: the consent is recorded first, in the same form (UU 27/2022 art. 20)."""

    specific_data = forms.BooleanField(
        label=_("The person agrees: processing their disability and health data"),
        error_messages={"required": _("Record the person's consent first: read them the text and tick the box.")},
    )
    field_order = ["specific_data", "channel", "basis", "guardian_name", "guardian_relation", "paper_form"]

    def __init__(self, *args, text: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["specific_data"].help_text = text
        self.fields["basis"].required = True


class AssistedRegistrationForm(forms.Form):
    """Staff or a partner registers someone on their behalf, with the consent the person gave."""

    name = forms.CharField(label=_("Full name"), max_length=255)
    nik = NIKField(label=_("NIK (optional)"), help_text=_("The 16 digits on the KTP or family card (KK)."))
    birth_date = birth_date_field()
    gender = forms.ChoiceField(
        label=_("Gender (optional)"),
        choices=[("", _("Not given")), *list(Gender.choices)],
        required=False,
        widget=forms.RadioSelect,
    )
    phone = PhoneField(
        label=_("Phone number (optional)"),
        help_text=_("For example 0812 3456 7890, or a landline with its area code: (0271) 123456."),
    )
    kelurahan = forms.CharField(label=_("Kelurahan (optional)"), max_length=100, required=False)
    kecamatan = forms.CharField(label=_("Kecamatan (optional)"), max_length=100, required=False)
    referral_source = forms.ChoiceField(
        label=_("How did the person come to the center?"),
        choices=JobSeeker._meta.get_field("referral_source").choices,
        widget=forms.RadioSelect,
    )
    consents = forms.MultipleChoiceField(
        label=_("Consent the person gave"),
        help_text=_(
            "Read each text to the person (or their guardian) in a way they understand. Tick only what they agreed to."
        ),
        choices=ConsentPurpose.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    consent_channel = forms.ChoiceField(
        label=_("How was consent given?"),
        choices=[c for c in ConsentChannel.choices if c[0] not in ("online", "import")],
        widget=forms.RadioSelect,
    )
    guardian_name = forms.CharField(
        label=_("Guardian's name, if a guardian consented (optional)"), max_length=255, required=False
    )
    basis = basis_field()
    guardian_relation = forms.CharField(
        label=_("Guardian's relation to the person (optional)"), max_length=100, required=False
    )
    paper_form = paper_form_field()
    not_a_duplicate = forms.BooleanField(label=_("I checked: this is a different person"), required=False)
    # Staff only (the AK/1 card is issued by the city's Disnaker): the card page follows the registration.
    wants_ak1 = forms.BooleanField(label=_("The person wants an AK/1 card: issue it next"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["nik"].widget.attrs.update(inputmode="numeric", autocomplete="off")

    def clean_birth_date(self):
        """Not in the future, an age of 15-100 (``jobseekers.models.validate_birth_date``)."""
        value = self.cleaned_data.get("birth_date")
        if value:
            validate_birth_date(value)
        return value

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("consents"):  # a decision is recorded: the basis's rules (``on_behalf_problems``)
            problems = on_behalf_problems(
                basis=cleaned.get("basis", ""),
                guardian_name=cleaned.get("guardian_name", ""),
                has_paper_form=bool(cleaned.get("paper_form")),
            )
            for field, message in problems.items():
                self.add_error(field, message)
        return cleaned


class StaffConsentForm(DecisionForm):
    """Staff or a partner record the person's consent decisions (e.g. to confirm an imported record's
    consent), with how they were given (``DecisionForm``)."""

    consents = forms.MultipleChoiceField(
        label=_("Consent the person gives now"),
        help_text=_("Unticked purposes the person had agreed to are withdrawn."),
        choices=ConsentPurpose.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    field_order = ["consents", "channel", "basis", "guardian_name", "guardian_relation", "paper_form"]


class CaseForm(forms.ModelForm):
    next_action_on = SplitDateField(label=_("Next action date (optional)"), noun=_("Next action date"), required=False)

    class Meta:
        model = JobSeeker
        fields = ["status", "assigned_officer", "next_action_on"]
        labels = {
            "status": _("Status"),
            "assigned_officer": _("Assigned officer"),
        }

    def __init__(self, *args, officers=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assigned_officer"].queryset = officers
        self.fields["assigned_officer"].empty_label = _("Nobody yet")
        self.fields["assigned_officer"].label_from_instance = lambda user: user.name or user.email
        self.fields["status"].choices = CaseStatus.choices


class NoteForm(forms.Form):
    met_on = SplitDateField(label=_("Date of the meeting"))
    text = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 4}), max_length=5000)


class DocumentForm(forms.Form):
    # A signed consent form is stored with the decision it proves (``DecisionForm.paper_form``).
    kind = forms.ChoiceField(
        label=_("Kind of document"),
        choices=[c for c in Document.Kind.choices if c[0] != Document.Kind.CONSENT_FORM],
        widget=forms.RadioSelect,
    )
    title = forms.CharField(label=_("Title (optional)"), max_length=200, required=False)
    file = forms.FileField(
        label=_("File"),
        help_text=_("PDF, Word (DOCX), JPEG or PNG, up to %(size)s MB.") % {"size": MAX_BYTES // (1024 * 1024)},
    )


class DocumentRemoveForm(forms.Form):
    """The document to remove (the value of its "Remove" button), among the person's own."""

    delete = forms.ModelChoiceField(
        queryset=None,
        error_messages={
            "required": _("Choose one of your documents to remove."),
            "invalid_choice": _("Choose one of your documents to remove."),
        },
    )

    def __init__(self, *args, documents, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["delete"].queryset = documents


class RightsRequestForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("What do you ask for?"), choices=RightsRequest.Kind.choices, widget=forms.RadioSelect
    )
    details = forms.CharField(
        label=_("Details (optional)"),
        help_text=_("For a correction: what is wrong and what it should say."),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=5000,
    )


class RightsHandleForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Decision"),
        choices=[(RightsRequest.Status.DONE, _("Done")), (RightsRequest.Status.REFUSED, _("Refused"))],
        widget=forms.RadioSelect,
    )
    response = forms.CharField(
        label=_("Answer to the person"), widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=5000
    )


class ImportForm(forms.Form):
    file = forms.FileField(label=_("File (XLSX or CSV)"), help_text=_("Use the template. At most 20,000 rows."))
