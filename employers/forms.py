"""Forms of the employers pages. Labels and hints are written for the employer, in plain words."""

from __future__ import annotations

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from cities.phones import PhoneField
from employers.models import (
    AccessibilityFeature,
    Employer,
    EmployerService,
    QuotaReport,
    RecruitmentOption,
    Vacancy,
    WorkArrangement,
    Workplace,
)
from reference.models import AccommodationType, Industry, Occupation, Skill
from reference.skill_search import no_skill_found
from reference.widgets import (
    FilteredChoicesMixin,
    GroupedCheckboxes,
    SplitDateField,
    accommodation_group,
    accommodation_optgroups,
)


def localized(obj, field: str = "title") -> str:
    """The Indonesian or English text of a reference row, by the active language (falls back)."""
    first, second = (f"{field}_en", f"{field}_id") if get_language() == "en" else (f"{field}_id", f"{field}_en")
    return getattr(obj, first, "") or getattr(obj, second, "")


class LocalizedChoiceField(forms.ModelChoiceField):
    def __init__(self, *args, text_field: str = "title", with_code: bool = True, **kwargs):
        self.text_field = text_field
        self.with_code = with_code
        super().__init__(*args, **kwargs)

    def label_from_instance(self, obj) -> str:
        text = localized(obj, self.text_field)
        return f"{obj.code} {text}" if self.with_code else text


class AccommodationChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        return localized(obj, "text")


def _quiet(form: forms.Form) -> None:
    for field in form.fields.values():
        field.widget.attrs.pop("placeholder", None)


class EmployerForm(forms.ModelForm):
    industry = LocalizedChoiceField(
        queryset=Industry.objects.filter(level=Industry.Level.DIVISION).order_by("code"),
        required=False,
        label=_("Industry (KBLI 2020)"),
        help_text=_("The main business of the organisation, as in its NIB."),
    )

    class Meta:
        model = Employer
        fields = [
            "legal_name",
            "nib",
            "sector",
            "industry",
            "size",
            "address",
            "contact_name",
            "contact_email",
            "contact_phone",
            "website",
        ]
        widgets = {
            "sector": forms.RadioSelect,
            "size": forms.RadioSelect,
            "address": forms.Textarea(attrs={"rows": 3, "autocomplete": "street-address"}),
        }
        help_texts = {
            "legal_name": _("As written on the deed or the NIB, for example PT Maju Bersama."),
            "sector": _(
                "Government offices, BUMN and BUMD must employ at least 2% persons with disabilities; "
                "private companies at least 1% (UU 8/2016 article 53)."
            ),
            "contact_phone": _(
                "Optional. For example 0812 3456 7890, or a landline with its area code: (0271) 123456."
            ),
            "website": _("Optional."),
        }
        field_classes = {"contact_phone": PhoneField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _quiet(self)
        self.fields["contact_name"].widget.attrs["autocomplete"] = "name"
        self.fields["contact_email"].widget.attrs["autocomplete"] = "email"
        self.fields["nib"].widget.attrs["inputmode"] = "numeric"
        self.fields["sector"].choices = Employer.Sector.choices
        self.fields["size"].choices = Employer.Size.choices


class QuotaReportForm(forms.ModelForm):
    class Meta:
        model = QuotaReport
        fields = ["year", "headcount", "employees_with_disabilities", "reported_on", "source"]
        widgets = {"source": forms.RadioSelect}
        field_classes = {"reported_on": SplitDateField}
        help_texts = {
            "headcount": _("Everyone employed on the date of the report, with or without disabilities."),
            "employees_with_disabilities": _(
                "Count only people who agree to be counted. Nobody has to tell their employer about a disability."
            ),
        }

    def __init__(self, *args, staff: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        _quiet(self)
        choices = QuotaReport.Source.choices
        if not staff:
            choices = [choice for choice in choices if choice[0] != QuotaReport.Source.VERIFIED]
        self.fields["source"].choices = choices
        self.fields["year"].initial = timezone.localdate().year
        self.fields["year"].widget.attrs["inputmode"] = "numeric"


class FeaturesField(forms.MultipleChoiceField):
    widget = forms.CheckboxSelectMultiple


class WorkplaceForm(forms.ModelForm):
    features = FeaturesField(
        choices=AccessibilityFeature.choices,
        required=False,
        label=_("Accessibility features of the site"),
        help_text=_("Tick only what is there today. City staff can assess the site and confirm it."),
    )

    class Meta:
        model = Workplace
        fields = ["name", "address", "features", "notes"]
        widgets = {"address": forms.Textarea(attrs={"rows": 3}), "notes": forms.Textarea(attrs={"rows": 3})}
        help_texts = {"name": _("For example: head office, warehouse in Tallo.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _quiet(self)


class VacancyForm(FilteredChoicesMixin, forms.ModelForm):
    occupation = LocalizedChoiceField(
        queryset=Occupation.objects.filter(level=Occupation.Level.UNIT_GROUP).exclude(title_id="").order_by("code"),
        required=False,
        label=_("Occupation (KBJI 2014)"),
        help_text=_("The closest occupation group. It helps job seekers and staff find the vacancy."),
    )
    accommodations = AccommodationChoiceField(
        queryset=AccommodationType.objects.order_by("code"),
        required=False,
        widget=GroupedCheckboxes(group_of=accommodation_group),
        label=_("Accommodations you offer"),
        help_text=_("Reasonable accommodation (UU 8/2016 articles 47-48). Most cost little or nothing."),
    )
    workplace = forms.ModelChoiceField(
        queryset=Workplace.all_cities.none(),  # set per employer in __init__ (inside the city context)
        required=False,
        label=_("Workplace"),
        help_text=_("Add your sites on the Workplaces page first."),
    )
    recruitment_options = forms.MultipleChoiceField(
        choices=RecruitmentOption.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Accessible recruitment you offer"),
        help_text=_("How applicants can take part in selection on an equal footing (UU 8/2016 article 47)."),
    )

    esco_skills = forms.ModelMultipleChoiceField(
        queryset=Skill.objects.none(),  # the chosen skills and the search's suggestions: set in __init__
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Skills the job needs"),
        help_text=_("From the ESCO skills list. Untick a skill to remove it."),
    )
    skill_search = forms.CharField(
        required=False,
        max_length=100,
        label=_("Add a skill (ESCO)"),
        help_text=_(
            "Type a skill in Indonesian or English, for example 'menjahit', 'entri data' or 'customer "
            "service', and save. If more than one skill matches, they are listed above for you to tick."
        ),
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )

    class Meta:
        model = Vacancy
        fields = [
            "title",
            "occupation",
            "description",
            "essential_tasks",
            "education_level",
            "esco_skills",
            "skills",
            "experience_years",
            "experience",
            "openings",
            "employment_type",
            "arrangement",
            "working_hours",
            "wage_min",
            "wage_max",
            "wage_negotiable",
            "workplace",
            "deadline",
            "accommodations",
            "accommodations_other",
            "recruitment_options",
            "reserved_for_pwd",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 6}),
            "essential_tasks": forms.Textarea(attrs={"rows": 5}),
            "skills": forms.Textarea(attrs={"rows": 3}),
            "experience": forms.Textarea(attrs={"rows": 3}),
            "accommodations_other": forms.Textarea(attrs={"rows": 3}),
            "employment_type": forms.RadioSelect,
            "arrangement": forms.RadioSelect,
        }
        field_classes = {"deadline": SplitDateField}
        help_texts = {
            "description": _(
                "What the job is and what the team is like. You may use simple formatting: paragraphs, "
                "bold, lists and links. Other code is removed."
            ),
            "essential_tasks": _(
                "List the tasks the job really needs, one per line, for example 'enter 200 invoices a day "
                "into the accounting program'. Do not write which disabilities are excluded: describe the "
                "task, not the person. Many people with disabilities do a task in their own way or with an "
                "accommodation, and excluding a whole group of disabilities is discrimination "
                "(UU 8/2016 articles 11 and 143)."
            ),
            "working_hours": _("For example: Monday to Friday, 08.00-16.00, with a one-hour break."),
            "wage_min": _("In rupiah per month, numbers only. Leave both empty if the wage is negotiable."),
            "wage_max": _("In rupiah per month, numbers only."),
            "deadline": _("The last day to apply. After it the vacancy closes by itself."),
            "reserved_for_pwd": _("Tick if only persons with disabilities may apply (affirmative action)."),
            "skills": _("Skills the ESCO list does not name, in your own words."),
            "experience_years": _("Whole years, for example 2. Leave empty if no experience is needed."),
            "experience": _("What kind of experience helps, in a few words (optional)."),
        }
        labels = {"skills": _("Other skills (optional)"), "experience": _("Kind of experience (optional)")}

    def __init__(self, *args, employer: Employer, **kwargs):
        super().__init__(*args, **kwargs)
        _quiet(self)
        self.fields["workplace"].queryset = Workplace.objects.filter(employer=employer).order_by("name")
        self.fields["employment_type"].choices = Vacancy._meta.get_field("employment_type").choices
        self.fields["arrangement"].choices = WorkArrangement.choices
        for name in ("wage_min", "wage_max", "openings", "experience_years"):
            self.fields[name].widget.attrs["inputmode"] = "numeric"
        if self.instance.pk:
            self.initial["accommodations"] = list(
                self.instance.accommodations.values_list("pk", flat=True).order_by("pk")
            )
            self.initial["esco_skills"] = list(self.instance.esco_skills.values_list("pk", flat=True))
        self._set_skill_choices()
        # The search field sits right after the list it adds to.
        order = list(self.fields)
        order.remove("skill_search")
        order.insert(order.index("esco_skills") + 1, "skill_search")
        self.order_fields(order)
        self.setup_choice_filters()

    def _set_skill_choices(self) -> None:
        """Offer the chosen skills (saved, or ticked in this submission) and, for a search, up to
        ``SKILL_SUGGESTIONS`` skills whose label contains the words typed: a search without
        JavaScript that keeps everything else the employer typed."""
        chosen = set(self.initial.get("esco_skills") or [])
        if self.is_bound:
            key = self.add_prefix("esco_skills")
            values = self.data.getlist(key) if hasattr(self.data, "getlist") else self.data.get(key) or []
            chosen = {int(value) for value in map(str, values) if value.isascii() and value.isdigit()}
        term = self.data.get(self.add_prefix("skill_search"), "").strip() if self.is_bound else ""
        self.skill_suggestions = []
        if term and "\x00" not in term:  # the field's own validation refuses NUL characters
            self.skill_suggestions = list(
                Skill.objects.search(term).order_by("label_en").values_list("pk", flat=True)[: self.SKILL_SUGGESTIONS]
            )
        self.fields["esco_skills"].queryset = Skill.objects.filter(
            pk__in=chosen | set(self.skill_suggestions)
        ).order_by("label_en")
        self.fields["esco_skills"].label_from_instance = lambda skill: skill.label()

    SKILL_SUGGESTIONS = 20

    def clean(self):
        """A searched skill is added when its label matches exactly (or one suggestion is ticked);
        otherwise the suggestions are shown to tick and nothing is saved."""
        cleaned = super().clean()
        term = (cleaned.get("skill_search") or "").strip()
        if not term:
            return cleaned
        chosen = list(cleaned.get("esco_skills") or [])
        exact = Skill.objects.filter(Q(label_en__iexact=term) | Q(label_id__iexact=term)).first()
        if exact is not None:
            if exact not in chosen:
                chosen.append(exact)
            cleaned["esco_skills"] = chosen
        elif not any(skill.pk in self.skill_suggestions for skill in chosen):
            if self.skill_suggestions:
                self.add_error(
                    "skill_search",
                    _(
                        'No skill is called exactly "%(term)s". Tick the skills you mean in the list '
                        '"Skills the job needs", then save again.'
                    )
                    % {"term": term},
                )
            else:
                self.add_error(
                    "skill_search",
                    no_skill_found(term),
                )
        return cleaned

    def clean_deadline(self):
        deadline = self.cleaned_data.get("deadline")
        if deadline is not None and deadline < timezone.localdate():
            raise forms.ValidationError(_("The deadline is in the past."))
        return deadline


class EmployerServiceForm(forms.ModelForm):
    class Meta:
        model = EmployerService
        fields = ["kind", "date", "participants", "notes", "follow_up", "follow_up_due"]
        widgets = {
            "kind": forms.RadioSelect,
            "notes": forms.Textarea(attrs={"rows": 3}),
            "follow_up": forms.Textarea(attrs={"rows": 3}),
        }
        field_classes = {"date": SplitDateField, "follow_up_due": SplitDateField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _quiet(self)
        self.fields["kind"].choices = EmployerService.Kind.choices
        self.fields["date"].initial = timezone.localdate


class ReviewNoteForm(forms.Form):
    note = forms.CharField(
        label=_("What should the employer change?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=True,
    )


class InterestForm(forms.Form):
    message = forms.CharField(
        label=_("Message to the staff (optional)"),
        help_text=_(
            "For example: when and how to reach you. Please do not write health details here: the staff "
            "will ask you in person about any support you need."
        ),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=2000,
    )


class ServiceYearForm(forms.Form):
    """The year the services log shows (``?year=``; empty: every year)."""

    year = forms.IntegerField(
        label=_("Year"),
        required=False,
        min_value=2000,
        max_value=2100,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )


class EmployerFilterForm(forms.Form):
    q = forms.CharField(label=_("Name or NIB"), required=False)
    quota = forms.ChoiceField(
        label=_("Quota status"),
        required=False,
        choices=[
            ("", _("All")),
            ("shortfall", _("Below the quota")),
            ("met", _("Quota met")),
            ("no_report", _("No report yet")),
        ],
    )
    verified = forms.ChoiceField(
        label=_("Verification"),
        required=False,
        choices=[("", _("All")), ("yes", _("Verified")), ("no", _("Not verified yet"))],
    )
    sector = forms.ChoiceField(label=_("Sector"), required=False, choices=[("", _("All")), *Employer.Sector.choices])


class BoardSearchForm(forms.Form):
    q = forms.CharField(label=_("Words"), required=False, help_text=_("For example: administrasi, gudang, penjahit."))
    occupation = forms.ChoiceField(label=_("Occupation group"), required=False)
    arrangement = forms.ChoiceField(
        label=_("Work arrangement"), required=False, choices=[("", _("Any")), *WorkArrangement.choices]
    )
    accommodation = forms.TypedChoiceField(
        label=_("Accommodation offered"), required=False, coerce=int, empty_value=None
    )
    reserved = forms.BooleanField(label=_("Only vacancies reserved for persons with disabilities"), required=False)

    def __init__(self, *args, cities=None, **kwargs):
        super().__init__(*args, **kwargs)
        majors = Occupation.objects.filter(level=Occupation.Level.MAJOR_GROUP).order_by("code")
        self.fields["occupation"].choices = [("", _("Any"))] + [(o.code, localized(o)) for o in majors]
        accommodations = AccommodationType.objects.order_by("code")
        self.fields["accommodation"].choices = [
            ("", _("Any")),
            *accommodation_optgroups(accommodations, lambda a: localized(a, "text")),
        ]
        if cities is not None:
            self.fields["city"] = forms.TypedChoiceField(
                label=_("City"),
                required=False,
                coerce=int,
                empty_value=None,
                choices=[("", _("All cities"))] + [(c.pk, c.name) for c in cities],
            )
            self.order_fields(["q", "city"])
