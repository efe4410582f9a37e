"""Serializers of the API: shapes only (types, lengths, choices). Rules live in the services.

Output serializers name what a response carries; input serializers check types and pass
``validated_data`` to a service (``employers.services``, ``jobseekers.services``), which applies
every rule the pages apply (verification, transitions, NIK checks, duplicates, consent).
Relations to tenant rows take ids and are looked up in the current city at validation time
(``CityPrimaryKeyField``), so another city's id is "does not exist" like a missing one.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import models
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from cities.phones import normalise_phone
from employers.models import Employer, PublishedVacancy, Vacancy, Workplace
from employers.services import VACANCY_FIELDS
from jobseekers.choices import ConsentBasis
from jobseekers.models import (
    CaseStatus,
    ConsentChannel,
    ConsentPurpose,
    ContactChannel,
    Gender,
    JobSeeker,
    ReferralSource,
)
from jobseekers.models import validate_birth_date as check_birth_date
from reference.education import REQUIREMENT_CHOICES, parse_education
from reference.models import AccommodationType, Occupation, Skill

# How a decision recorded for the person was given, through the API (a signed paper form needs its
# scan: the pages take it), and the channels staff record it by. Named once in the schema
# (SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"]).
ON_BEHALF_BASES = [c for c in ConsentBasis.choices if c[0] not in (ConsentBasis.SELF, ConsentBasis.SIGNED)]
ON_BEHALF_CHANNELS = [c for c in ConsentChannel.choices if c[0] not in ("online", "import")]


class PhoneField(serializers.CharField):
    """A phone number as people write it (``0812-3456-7890``, ``+62 812…``, ``(0271) 123456``), stored
    in E.164 (``cities.phones.normalise_phone``); an impossible number is a 400 saying why."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 40)
        kwargs.setdefault("required", False)
        kwargs.setdefault("allow_blank", True)
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        try:
            return normalise_phone(super().to_internal_value(data))
        except DjangoValidationError as error:
            raise serializers.ValidationError(error.messages) from error


class EducationLevelField(serializers.ChoiceField):
    """An education code of ``reference.education``; the forms people write ("S1", "D3", "SMA",
    "Magister") and the vacancies' former codes (``diploma``, ``s1``) are read as their code."""

    def __init__(self, **kwargs):
        super().__init__(choices=REQUIREMENT_CHOICES, **kwargs)

    def to_internal_value(self, data):
        if isinstance(data, str) and data not in self.choices:
            data = parse_education(data) or data
        return super().to_internal_value(data)


class CityPrimaryKeyField(serializers.PrimaryKeyRelatedField):
    """A tenant row by id, looked up through the city-scoped manager when the input is validated."""

    def __init__(self, model: type[models.Model], **kwargs):
        self.model = model
        kwargs["queryset"] = models.QuerySet(model=model).none()  # a type for the schema; never queried
        super().__init__(**kwargs)

    def get_queryset(self):
        return self.model.objects.all()


# --- Public vacancies (the cross-city index; nothing a public page does not show) ---------------------------
class PublicVacancySerializer(serializers.ModelSerializer):
    id = serializers.IntegerField(source="vacancy_id", help_text="The vacancy's id in its city.")
    city = serializers.CharField(source="portal_city.slug", help_text="The city's slug.")
    occupation = serializers.CharField(
        source="occupation.code", default=None, allow_null=True, help_text="KBJI 2014 code."
    )
    url = serializers.SerializerMethodField(help_text="The vacancy's public page.")

    class Meta:
        model = PublishedVacancy
        fields = [
            "id",
            "city",
            "title",
            "employer_name",
            "occupation",
            "arrangement",
            "employment_type",
            "accommodation_ids",
            "reserved_for_pwd",
            "wage_min",
            "wage_max",
            "wage_negotiable",
            "deadline",
            "published_at",
            "url",
        ]

    def get_url(self, row: PublishedVacancy) -> str:
        from django.urls import reverse

        path = reverse("employers:vacancy-public", kwargs={"city_slug": row.portal_city.slug, "pk": row.vacancy_id})
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path


JOBPOSTING_SCHEMA = {
    "type": "object",
    "description": "schema.org JobPosting (employers.jobposting.job_posting): JSON-LD.",
    "properties": {
        "@context": {"type": "string", "enum": ["https://schema.org/"]},
        "@type": {"type": "string", "enum": ["JobPosting"]},
        "title": {"type": "string"},
        "description": {"type": "string", "description": "HTML (sanitised)."},
        "datePosted": {
            "type": "string",
            "format": "date-time",
            "description": "Publication time on the city's clock, with its UTC offset (e.g. +07:00 in WIB).",
        },
        "validThrough": {
            "type": "string",
            "format": "date-time",
            "description": "End of the deadline day on the city's clock, with its offset.",
        },
        "employmentType": {"type": "string"},
        "hiringOrganization": {"type": "object"},
        "jobLocation": {"type": "object"},
        "jobLocationType": {"type": "string"},
        "applicantLocationRequirements": {"type": "object"},
        "baseSalary": {"type": "object", "description": "IDR per month."},
        "identifier": {"type": "object"},
        "totalJobOpenings": {"type": "integer"},
        "directApply": {"type": "boolean"},
        "url": {"type": "string", "format": "uri"},
    },
    "required": ["@context", "@type", "title", "description", "datePosted", "hiringOrganization", "jobLocation"],
}


# --- Employers and vacancies (staff; the employer's own) -------------------------------------------------
class EmployerSerializer(serializers.ModelSerializer):
    is_verified = serializers.BooleanField(read_only=True)
    industry = serializers.CharField(source="industry.code", default=None, allow_null=True, read_only=True)
    website = serializers.CharField(read_only=True, help_text="A URL, or empty.")

    class Meta:
        model = Employer
        fields = [
            "id",
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
            "is_verified",
            "verified_at",
            "details_changed_at",
            "created_at",
        ]
        read_only_fields = fields


class EscoSkillSerializer(serializers.ModelSerializer):
    """An ESCO skill (``reference.Skill``): its ESCO label in English and our Indonesian one
    (``label_id``; ESCO has no Indonesian labels, reference/data/SOURCES.md)."""

    class Meta:
        model = Skill
        fields = ["code", "label_en", "label_id", "esco_uri"]
        read_only_fields = fields


# What a draft's input carries besides the service's plain fields (``VACANCY_FIELDS``): the links.
VACANCY_LINK_FIELDS = ("accommodations", "esco_skills")


class VacancySerializer(serializers.ModelSerializer):
    """A vacancy as its employer and the city's staff see it.

    The editable fields are ``employers.services.VACANCY_FIELDS`` (one list for the page, the
    service and the API) plus the links ``accommodations`` (ids) and ``esco_skills`` (ESCO skills,
    sorted by label); the rest is the record's workflow state. Needs ``esco_skills`` and
    ``accommodations`` prefetched (``api.endpoints.employers._vacancies``) for a fixed number of
    queries per page.
    """

    employer = serializers.PrimaryKeyRelatedField(read_only=True)
    employer_name = serializers.CharField(source="employer.legal_name", read_only=True)
    occupation = serializers.CharField(source="occupation.code", default=None, allow_null=True, read_only=True)
    workplace = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)
    accommodations = serializers.SerializerMethodField()
    esco_skills = serializers.SerializerMethodField()

    class Meta:
        model = Vacancy
        fields = [
            "id",
            "employer",
            "employer_name",
            *VACANCY_FIELDS,
            *VACANCY_LINK_FIELDS,
            "status",
            "review_note",
            "created_at",
            "updated_at",
            "submitted_at",
            "published_at",
            "ended_at",
        ]
        read_only_fields = fields

    @extend_schema_field(EscoSkillSerializer(many=True))
    def get_esco_skills(self, vacancy: Vacancy) -> list[dict]:
        skills = sorted(vacancy.esco_skills.all(), key=lambda skill: (skill.label_en, skill.code))
        return EscoSkillSerializer(skills, many=True).data

    def get_accommodations(self, vacancy: Vacancy) -> list[int]:
        return sorted(a.pk for a in vacancy.accommodations.all())


class VacancyInputSerializer(serializers.Serializer):
    """A draft's fields for ``employers.services.vacancy_save`` (every rule is checked there).

    Exactly ``VACANCY_FIELDS`` + ``VACANCY_LINK_FIELDS`` (a test holds them equal). ``esco_skills``
    is a list of ESCO codes (``reference.Skill.code``) and replaces the vacancy's skills; leave it
    out to keep them. An unknown code is a 400 on ``esco_skills``.
    """

    title = serializers.CharField(max_length=200)
    occupation = serializers.SlugRelatedField(
        slug_field="code", queryset=Occupation.objects.all(), required=False, allow_null=True
    )
    description = serializers.CharField(help_text="HTML; sanitised with the portal's allow-list.")
    essential_tasks = serializers.CharField()
    education_level = EducationLevelField(required=False)
    skills = serializers.CharField(required=False, allow_blank=True)
    experience = serializers.CharField(required=False, allow_blank=True)
    experience_years = serializers.IntegerField(required=False, allow_null=True, min_value=0, max_value=50)
    openings = serializers.IntegerField(required=False, min_value=1, max_value=32767)
    employment_type = serializers.ChoiceField(choices=Vacancy._meta.get_field("employment_type").choices)
    arrangement = serializers.ChoiceField(choices=Vacancy._meta.get_field("arrangement").choices)
    working_hours = serializers.CharField(max_length=200)
    wage_min = serializers.IntegerField(required=False, allow_null=True, min_value=0, max_value=2_147_483_647)
    wage_max = serializers.IntegerField(required=False, allow_null=True, min_value=0, max_value=2_147_483_647)
    wage_negotiable = serializers.BooleanField(required=False)
    workplace = CityPrimaryKeyField(Workplace, required=False, allow_null=True)
    deadline = serializers.DateField(required=False, allow_null=True)
    accommodations = serializers.PrimaryKeyRelatedField(
        queryset=AccommodationType.objects.all(), many=True, required=False
    )
    accommodations_other = serializers.CharField(required=False, allow_blank=True)
    recruitment_options = serializers.ListField(
        child=serializers.ChoiceField(choices=Vacancy._meta.get_field("recruitment_options").base_field.choices),
        required=False,
    )
    reserved_for_pwd = serializers.BooleanField(required=False)
    esco_skills = serializers.SlugRelatedField(
        slug_field="code",
        queryset=Skill.objects.all(),
        many=True,
        required=False,
        help_text="ESCO skill codes (the last segment of the ESCO URI); replaces the vacancy's skills.",
    )


class TransitionSerializer(serializers.Serializer):
    to = serializers.ChoiceField(choices=Vacancy.Status.choices, help_text="The status to move to.")
    note = serializers.CharField(required=False, allow_blank=True, help_text="Why (returned for changes).")


# --- Job seekers (staff) -------------------------------------------------------------------------------
class JobSeekerSerializer(serializers.ModelSerializer):
    """A case as the caseload and case page show it: the NIK masked, no disability or needs data."""

    nik_masked = serializers.CharField(read_only=True)
    email = serializers.CharField(read_only=True, help_text="An email address, or empty.")
    gender = serializers.ChoiceField(choices=Gender.choices, allow_blank=True, read_only=True)
    contact_channel = serializers.ChoiceField(choices=ContactChannel.choices, allow_blank=True, read_only=True)
    referral_source = serializers.ChoiceField(choices=ReferralSource.choices, allow_blank=True, read_only=True)
    assigned_officer = serializers.SerializerMethodField()
    consents = serializers.SerializerMethodField(help_text="Purpose → current decision (given, withdrawn ...).")

    class Meta:
        model = JobSeeker
        fields = [
            "id",
            "name",
            "nik_masked",
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
            "referral_source",
            "status",
            "assigned_officer",
            "next_action_on",
            "registration_channel",
            "matching_allowed",
            "sharing_allowed",
            "notifications_allowed",
            "consent_to_confirm",
            "consents",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    def get_assigned_officer(self, seeker: JobSeeker) -> str | None:
        officer = seeker.assigned_officer
        return (officer.name or officer.email) if officer else None

    def get_consents(self, seeker: JobSeeker) -> dict[str, str | None]:
        current = self.context.get("consents", {}).get(seeker.pk)
        if current is None:
            return {}
        return {purpose: (record.decision if record else None) for purpose, record in current.items()}


class JobSeekerSensitiveSerializer(serializers.ModelSerializer):
    """What the audited sensitive page shows: full NIK, disability category, devices, needs, disclosures."""

    accommodations = serializers.SerializerMethodField()
    disclosures = serializers.SerializerMethodField()

    class Meta:
        model = JobSeeker
        fields = [
            "id",
            "name",
            "nik",
            "kpd_number",
            "wg_disability",
            "ragam",
            "assistive_devices",
            "assistive_devices_text",
            "communication_needs",
            "accommodations",
            "accommodations_text",
            "disclosures",
        ]
        read_only_fields = fields

    def get_accommodations(self, seeker: JobSeeker) -> list[str]:
        return [a.code for a in seeker.accommodations.order_by("code")]

    def get_disclosures(self, seeker: JobSeeker) -> dict[str, bool]:
        return seeker.disclosures()


class JobSeekerCreateSerializer(serializers.Serializer):
    """An assisted registration (``jobseekers.services.jobseeker_register``), like the staff page."""

    name = serializers.CharField(max_length=255)
    nik = serializers.CharField(max_length=22, required=False, allow_blank=True, help_text="16 digits; optional.")
    birth_date = serializers.DateField(required=False, allow_null=True)
    gender = serializers.ChoiceField(choices=Gender.choices, required=False, allow_blank=True)
    phone = PhoneField()
    kelurahan = serializers.CharField(max_length=100, required=False, allow_blank=True)
    kecamatan = serializers.CharField(max_length=100, required=False, allow_blank=True)
    referral_source = serializers.ChoiceField(choices=ReferralSource.choices)
    consents = serializers.ListField(
        child=serializers.ChoiceField(choices=ConsentPurpose.choices),
        required=False,
        help_text="The purposes the person agreed to, after the texts were read to them.",
    )
    consent_channel = serializers.ChoiceField(choices=ON_BEHALF_CHANNELS)
    consent_basis = serializers.ChoiceField(
        choices=ON_BEHALF_BASES,
        required=False,
        allow_blank=True,
        default="",
        help_text="How the person gave the consents (needed with consents). A family member or interpreter needs "
        "guardian_name; a signed paper form needs its scan, so use the page for it.",
    )
    guardian_name = serializers.CharField(max_length=255, required=False, allow_blank=True)
    guardian_relation = serializers.CharField(max_length=100, required=False, allow_blank=True)
    not_a_duplicate = serializers.BooleanField(
        required=False,
        default=False,
        help_text="Set after checking the possible duplicates a first attempt returned.",
    )

    def validate_birth_date(self, value):
        """Not in the future, an age of 15-100 (``jobseekers.models.validate_birth_date``)."""
        if value:
            try:
                check_birth_date(value)
            except DjangoValidationError as error:
                raise serializers.ValidationError(error.messages) from error
        return value


class JobSeekerUpdateSerializer(serializers.Serializer):
    """Contact and administrative fields staff may correct (``jobseekers.services.jobseeker_update``)."""

    name = serializers.CharField(max_length=255, required=False)
    address = serializers.CharField(max_length=255, required=False, allow_blank=True)
    kelurahan = serializers.CharField(max_length=100, required=False, allow_blank=True)
    kecamatan = serializers.CharField(max_length=100, required=False, allow_blank=True)
    phone = PhoneField()
    email = serializers.EmailField(required=False, allow_blank=True)
    contact_channel = serializers.ChoiceField(choices=ContactChannel.choices, required=False, allow_blank=True)
    ak1_number = serializers.CharField(max_length=30, required=False, allow_blank=True)
    referral_source = serializers.ChoiceField(choices=ReferralSource.choices, required=False, allow_blank=True)


class CaseSerializer(serializers.Serializer):
    """``jobseekers.services.case_update``: status (allowed moves only), officer, next action date."""

    status = serializers.ChoiceField(choices=CaseStatus.choices)
    assigned_officer = serializers.IntegerField(
        required=False, allow_null=True, help_text="User id of a staff member of this city."
    )
    next_action_on = serializers.DateField(required=False, allow_null=True)


# --- Exchange formats ------------------------------------------------------------------------------------
class ImportProblemSerializer(serializers.Serializer):
    row = serializers.IntegerField(help_text="Row number as the spreadsheet shows it (the header is row 1).")
    column = serializers.CharField()
    message = serializers.CharField()


class ImportReportSerializer(serializers.Serializer):
    ok = serializers.BooleanField(help_text="True when every row is valid.")
    committed = serializers.BooleanField(help_text="True when the rows were written (never part of them).")
    created = serializers.IntegerField(help_text="Job seekers written (0 on a dry run or a failure).")
    rows = serializers.IntegerField(help_text="Data rows read.")
    fatal = serializers.CharField(help_text="A problem with the whole file (empty when none).")
    problems = ImportProblemSerializer(many=True)


class ImportUploadSerializer(serializers.Serializer):
    file = serializers.FileField(help_text="XLSX or UTF-8 CSV with the template's columns.")
    dry_run = serializers.BooleanField(
        required=False, default=True, help_text="Check only (default). false: check and write all rows or none."
    )
