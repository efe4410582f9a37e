"""Job seekers: the profile (linked to a login when the person has an account), WG-SS functioning
answers, accommodation needs, consent records and documents."""

from __future__ import annotations

import datetime
import secrets

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import TruncDate
from django.utils.translation import gettext_lazy as _

from cities.calendar import CROSS_CITY_ZONE
from cities.models import CityOwnedModel
from jobseekers.birth import MAX_AGE, MIN_AGE, birth_date_to_check, validate_birth_date  # noqa: F401
from jobseekers.choices import (  # noqa: F401  (re-exported: the models' vocabularies)
    BASES_WITH_INTERMEDIARY,
    CASE_TRANSITIONS,
    DISCLOSURE_GROUPS,
    AssistiveDevice,
    CaseStatus,
    CommunicationNeed,
    ConsentBasis,
    ConsentChannel,
    ConsentPurpose,
    ContactChannel,
    Gender,
    ReferralSource,
    RegistrationChannel,
    WorkArrangement,
)
from jobseekers.nik import validate_nik_shape
from reference.education import EducationLevel
from reference.models import AccommodationType, Occupation, Ragam, Skill, WGDomain


def _empty_list() -> list:
    return []


class JobSeeker(CityOwnedModel):
    """A person with a disability registered with a city's IJC (a tenant row: one city only): the profile.

    ``user`` is the person's own login, when they have one (staff may register people who don't).
    ``wg_disability`` is the WG-SS DISABILITY3 statistic (any domain "a lot of difficulty" or worse),
    stored for statistics and never used as a gate; ``None`` until all six answers are known.
    ``matching_allowed`` / ``sharing_allowed`` / ``notifications_allowed`` mirror the person's current
    consents (``jobseekers.consent``); a withdrawal clears them at once. ``anonymised_at`` is set when
    a deletion request was carried out: identity gone, de-identified statistics kept.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Identity and contact.
    name = models.CharField(_("name"), max_length=255)
    nik = models.CharField(
        _("NIK"),
        max_length=16,
        blank=True,
        validators=[validate_nik_shape],
        help_text=_("The 16-digit number on the KTP or family card (KK)."),
    )
    birth_date = models.DateField(_("birth date"), null=True, blank=True)
    gender = models.CharField(_("gender"), max_length=10, choices=Gender, blank=True)
    address = models.CharField(_("address"), max_length=255, blank=True)
    kelurahan = models.CharField(_("kelurahan"), max_length=100, blank=True)
    kecamatan = models.CharField(_("kecamatan"), max_length=100, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    email = models.EmailField(_("email"), blank=True)
    contact_channel = models.CharField(_("preferred contact"), max_length=20, choices=ContactChannel, blank=True)
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES, default="id")
    ak1_number = models.CharField(_("AK/1 number"), max_length=30, blank=True)
    kpd_number = models.CharField(_("KPD disability-card number"), max_length=30, blank=True)
    referral_source = models.CharField(
        _("how they came to the center"), max_length=20, choices=ReferralSource, blank=True
    )
    # Skills and wishes.
    skills = models.ManyToManyField(Skill, through="JobSeekerSkill", related_name="+", blank=True)
    skills_text = models.TextField(_("other skills"), blank=True)
    occupations = models.ManyToManyField(Occupation, through="JobSeekerOccupation", related_name="+", blank=True)
    work_arrangements = ArrayField(
        models.CharField(max_length=20, choices=WorkArrangement), default=_empty_list, blank=True
    )
    max_travel_minutes = models.PositiveSmallIntegerField(
        _("maximum travel time (minutes)"), null=True, blank=True, validators=[MaxValueValidator(600)]
    )
    expected_wage = models.PositiveIntegerField(
        _("expected monthly wage (Rp)"), null=True, blank=True, validators=[MinValueValidator(0)]
    )
    # Disability (self-declared), functioning, needs.
    wg_disability = models.BooleanField(_("WG disability (a lot of difficulty or worse in any domain)"), null=True)
    ragam = ArrayField(models.CharField(max_length=20, choices=Ragam), default=_empty_list, blank=True)
    assistive_devices = ArrayField(
        models.CharField(max_length=30, choices=AssistiveDevice), default=_empty_list, blank=True
    )
    assistive_devices_text = models.CharField(_("other assistive devices"), max_length=255, blank=True)
    communication_needs = ArrayField(
        models.CharField(max_length=20, choices=CommunicationNeed), default=_empty_list, blank=True
    )
    accommodations = models.ManyToManyField(
        AccommodationType, through="JobSeekerAccommodation", related_name="+", blank=True
    )
    accommodations_text = models.TextField(_("other accommodation needs"), blank=True)
    # Disclosure to employers on a referral: default not shared (UU 27/2022 art. 20, explicit consent).
    share_functioning = models.BooleanField(_("share functioning answers"), default=False)
    share_ragam = models.BooleanField(_("share disability category"), default=False)
    share_needs = models.BooleanField(_("share accommodation needs"), default=False)
    share_documents = models.BooleanField(_("share documents"), default=False)
    # Consent mirrors (jobseekers.consent keeps the records).
    matching_allowed = models.BooleanField(_("included in matching"), default=False)
    sharing_allowed = models.BooleanField(_("may be shared with employers"), default=False)
    notifications_allowed = models.BooleanField(_("receives notifications"), default=False)
    specific_data_allowed = models.BooleanField(_("specific data may be processed"), default=False)
    consent_to_confirm = models.BooleanField(_("consent to be confirmed"), default=False)
    # Case.
    status = models.CharField(_("status"), max_length=20, choices=CaseStatus, default=CaseStatus.REGISTERED)
    assigned_officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("assigned officer"),
    )
    next_action_on = models.DateField(_("next action date"), null=True, blank=True)
    # Registration.
    registration_channel = models.CharField(
        _("registered by"), max_length=10, choices=RegistrationChannel, default=RegistrationChannel.SELF
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # The partner organisation (OPDis/CSO, as written on its members' memberships) whose caseload the
    # person is in: its partners may act for the person; other partners may not.
    partner_organisation = models.CharField(_("partner organisation"), max_length=200, blank=True)
    profile_step = models.PositiveSmallIntegerField(_("last profile step saved"), default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    anonymised_at = models.DateTimeField(_("anonymised"), null=True, blank=True)

    class Meta:
        verbose_name = _("job seeker")
        verbose_name_plural = _("job seekers")
        indexes = [
            models.Index(fields=["city", "name", "id"], name="jobseeker_city_name_id_idx"),  # the caseload order
            models.Index(fields=["city", "status", "name"], name="jobseeker_city_status_idx"),
            models.Index(fields=["city", "created_at"], name="jobseeker_city_created_idx"),
            models.Index(fields=["city", "ak1_number"], name="jobseeker_city_ak1_idx"),
            models.Index(fields=["city", "name", "birth_date"], name="jobseeker_city_dup_idx"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["city", "user"], name="jobseeker_one_profile_per_user"),
            models.UniqueConstraint(fields=["city", "nik"], condition=~Q(nik=""), name="jobseeker_nik_per_city"),
            # Born before the day of registration (on WIB, the westernmost clock). The age rule
            # (``validate_birth_date``, 15-100 on the city's calendar) is the services' and the forms'.
            models.CheckConstraint(
                condition=Q(birth_date__isnull=True)
                | Q(birth_date__lt=TruncDate("created_at", tzinfo=CROSS_CITY_ZONE)),
                name="jobseeker_born_before_registration",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @classmethod
    def from_db(cls, db, field_names, values, *args, **kwargs):
        instance = super().from_db(db, field_names, values, *args, **kwargs)
        # The birth date as stored: ``clean`` checks the age only when it changes (or is implausible),
        # so a person registered long ago is not refused an unrelated change for being older now.
        instance._stored_birth_date = instance.__dict__.get("birth_date")
        return instance

    def clean(self) -> None:
        """The NIK agrees with the birth date and gender when they are given (``jobseekers.nik``); a
        new or changed birth date is in the past and gives an age of ``MIN_AGE``-``MAX_AGE`` on the
        city's calendar (``validate_birth_date``)."""
        from django.core.exceptions import ValidationError

        from cities.calendar import city_today
        from cities.tenancy import require_city_id
        from jobseekers.nik import normalise_nik, validate_nik

        if birth_date_to_check(self):
            try:
                validate_birth_date(self.birth_date, today=city_today(self.city_id or require_city_id()))
            except ValidationError as error:
                raise ValidationError({"birth_date": error}) from error
        if self.nik:
            self.nik = normalise_nik(self.nik)
            try:
                validate_nik(self.nik, birth_date=self.birth_date, gender=self.gender)
            except ValidationError as error:
                raise ValidationError({"nik": error}) from error
            # The unique constraint includes the city, which full_clean leaves out: check it here.
            if JobSeeker.objects.filter(nik=self.nik).exclude(pk=self.pk).exists():
                raise ValidationError(
                    {"nik": _("A job seeker with this NIK is already registered in this city.")}, code="unique"
                )

    @property
    def nik_masked(self) -> str:
        from jobseekers.nik import mask_nik

        return mask_nik(self.nik)

    def disclosures(self) -> dict[str, bool]:
        """``{group: shared}`` for ``DISCLOSURE_GROUPS``."""
        return {group: getattr(self, f"share_{group}") for group in DISCLOSURE_GROUPS}


class JobSeekerSkill(CityOwnedModel):
    job_seeker = models.ForeignKey(JobSeeker, on_delete=models.CASCADE, related_name="+")
    skill = models.ForeignKey(Skill, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["city", "job_seeker", "skill"], name="jobseekerskill_unique")]
        indexes = [models.Index(fields=["city", "skill"], name="jobseekerskill_city_skill_idx")]


class JobSeekerOccupation(CityOwnedModel):
    job_seeker = models.ForeignKey(JobSeeker, on_delete=models.CASCADE, related_name="+")
    occupation = models.ForeignKey(Occupation, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["city", "job_seeker", "occupation"], name="jobseekeroccupation_unique")
        ]
        indexes = [models.Index(fields=["city", "occupation"], name="jobseekerocc_city_occ_idx")]


class JobSeekerAccommodation(CityOwnedModel):
    job_seeker = models.ForeignKey(JobSeeker, on_delete=models.CASCADE, related_name="+")
    accommodation = models.ForeignKey(AccommodationType, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["city", "job_seeker", "accommodation"], name="jobseekeraccommodation_unique"
            )
        ]


class Education(CityOwnedModel):
    job_seeker = models.ForeignKey(JobSeeker, on_delete=models.CASCADE, related_name="education")
    level = models.CharField(_("level"), max_length=10, choices=EducationLevel)
    major = models.CharField(_("major or subject"), max_length=200, blank=True)
    institution = models.CharField(_("school or institution"), max_length=200, blank=True)
    year_finished = models.PositiveSmallIntegerField(
        _("year finished"), null=True, blank=True, validators=[MinValueValidator(1940), MaxValueValidator(2100)]
    )

    class Meta:
        verbose_name = _("education")
        indexes = [models.Index(fields=["city", "level"], name="education_city_level_idx")]


class Training(CityOwnedModel):
    job_seeker = models.ForeignKey(JobSeeker, on_delete=models.CASCADE, related_name="trainings")
    name = models.CharField(_("training or certificate"), max_length=200)
    provider = models.CharField(_("provider"), max_length=200, blank=True)
    year = models.PositiveSmallIntegerField(
        _("year"), null=True, blank=True, validators=[MinValueValidator(1940), MaxValueValidator(2100)]
    )
    certified = models.BooleanField(_("certificate received"), default=False)

    class Meta:
        verbose_name = _("training")


class Experience(CityOwnedModel):
    job_seeker = models.ForeignKey(JobSeeker, on_delete=models.CASCADE, related_name="experience")
    job_title = models.CharField(_("job title"), max_length=200)
    employer_name = models.CharField(_("employer"), max_length=200, blank=True)
    start_year = models.PositiveSmallIntegerField(
        _("from (year)"), null=True, blank=True, validators=[MinValueValidator(1940), MaxValueValidator(2100)]
    )
    end_year = models.PositiveSmallIntegerField(
        _("until (year)"), null=True, blank=True, validators=[MinValueValidator(1940), MaxValueValidator(2100)]
    )
    description = models.TextField(_("what the work involved"), blank=True)

    class Meta:
        verbose_name = _("work experience")


class CounsellingNote(CityOwnedModel):
    """A dated note by the officer who counselled the person (who wrote it is kept)."""

    job_seeker = models.ForeignKey(JobSeeker, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    met_on = models.DateField(_("date"))
    text = models.TextField(_("note"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("counselling note")
        indexes = [models.Index(fields=["city", "job_seeker", "met_on"], name="note_city_seeker_idx")]


class FunctioningAnswer(CityOwnedModel):
    """One WG-SS answer: the difficulty a person has in one domain (Washington Group Short Set).

    ``code``: 1 no difficulty, 2 some, 3 a lot, 4 cannot do at all; 7 refused, 9 don't know
    (``reference.WGResponseOption``). Functioning, not diagnosis (DOMAIN.md).
    """

    class Code(models.IntegerChoices):
        NO_DIFFICULTY = 1, _("No difficulty")
        SOME = 2, _("Some difficulty")
        A_LOT = 3, _("A lot of difficulty")
        CANNOT = 4, _("Cannot do at all")
        REFUSED = 7, _("Refused to answer")
        DONT_KNOW = 9, _("Don't know")

    job_seeker = models.ForeignKey(JobSeeker, on_delete=models.CASCADE, related_name="functioning")
    domain = models.CharField(_("domain"), max_length=20, choices=WGDomain)
    code = models.PositiveSmallIntegerField(_("answer"), choices=Code)
    recorded_at = models.DateTimeField(_("recorded"), auto_now=True)

    class Meta:
        verbose_name = _("functioning answer (WG-SS)")
        verbose_name_plural = _("functioning answers (WG-SS)")
        constraints = [
            models.UniqueConstraint(fields=["city", "job_seeker", "domain"], name="functioning_one_answer_per_domain")
        ]

    def __str__(self) -> str:
        # Never the answer itself: this text is copied into audit entries (object_repr) and admin titles.
        return f"WG-SS {self.domain} #{self.job_seeker_id}"


class ConsentText(models.Model):
    """One version of the plain-language text a person agrees to for one purpose (shared by all cities).

    A text is never edited once published: a change is a new ``version``; each consent record points
    at the exact text the person saw.
    """

    purpose = models.CharField(_("purpose"), max_length=20, choices=ConsentPurpose)
    version = models.PositiveSmallIntegerField(_("version"))
    text_id = models.TextField(_("text (Indonesian)"))
    text_en = models.TextField(_("text (English)"))
    published_on = models.DateField(_("published on"))

    class Meta:
        verbose_name = _("consent text")
        constraints = [models.UniqueConstraint(fields=["purpose", "version"], name="consenttext_purpose_version")]
        ordering = ["purpose", "-version"]

    def __str__(self) -> str:
        return f"{self.get_purpose_display()} v{self.version}"

    def text(self, language: str) -> str:
        return self.text_id if language == "id" else self.text_en


class OnBehalfRecord(CityOwnedModel):
    """What every decision recorded for a person carries: where and how it was given, who recorded
    it, who assisted, the family member or interpreter who spoke with the person, and the scanned
    paper form when it was signed. Append-only: a change is a new record."""

    channel = models.CharField(_("channel"), max_length=12, choices=ConsentChannel)
    basis = models.CharField(_("how it was given"), max_length=12, choices=ConsentBasis, blank=True)
    recorded_at = models.DateTimeField(_("time"), auto_now_add=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    assisted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    guardian_name = models.CharField(_("guardian"), max_length=255, blank=True)
    guardian_relation = models.CharField(_("guardian's relation to the person"), max_length=100, blank=True)
    paper_form = models.ForeignKey(
        "jobseekers.Document",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("scanned paper form"),
    )

    class Meta(CityOwnedModel.Meta):
        abstract = True

    def clean(self):
        super().clean()
        errors = on_behalf_problems(
            basis=self.basis, guardian_name=self.guardian_name, has_paper_form=self.paper_form_id is not None
        )
        if errors:
            raise ValidationError(errors)


def on_behalf_problems(*, basis: str, guardian_name: str, has_paper_form: bool) -> dict[str, str]:
    """``{field: message}`` of what a decision recorded with ``basis`` lacks (``OnBehalfRecord.clean``,
    and the forms that ask for it before anything is stored): a family member or interpreter needs
    their name; a signed form needs its scan (UU 27/2022 art. 22: consent must be provable)."""
    errors = {}
    if basis in BASES_WITH_INTERMEDIARY and not guardian_name.strip():
        errors["guardian_name"] = _("Give the name of the family member or interpreter who spoke with the person.")
    if basis == ConsentBasis.SIGNED and not has_paper_form:
        errors["paper_form"] = _("Attach the scan or photo of the signed form.")
    return errors


class ConsentRecord(OnBehalfRecord):
    """One decision of a person about one purpose, against the exact text version shown.

    ``decision`` is ``given``, ``withdrawn`` or ``to_confirm`` (imported people: no consent yet).
    The latest record per purpose is the one in force; records are never edited or deleted.
    """

    class Decision(models.TextChoices):
        GIVEN = "given", _("Given")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        TO_CONFIRM = "to_confirm", _("To be confirmed")

    job_seeker = models.ForeignKey(JobSeeker, on_delete=models.CASCADE, related_name="consents")
    text = models.ForeignKey(ConsentText, on_delete=models.PROTECT, related_name="+")
    decision = models.CharField(_("decision"), max_length=12, choices=Decision)

    class Meta:
        verbose_name = _("consent record")
        indexes = [models.Index(fields=["city", "job_seeker", "recorded_at"], name="consent_city_seeker_idx")]


class DisclosureRecord(OnBehalfRecord):
    """One choice of what employers may see on a referral (the four ``share_*`` groups), with how it
    was given. The profile's choice is the latest record without a referral; a referral confirmed for
    the person records the groups chosen for that referral (``placements.Referral.disclosure``)."""

    job_seeker = models.ForeignKey(JobSeeker, on_delete=models.CASCADE, related_name="disclosure_records")
    share_functioning = models.BooleanField(_("share functioning answers"), default=False)
    share_ragam = models.BooleanField(_("share disability category"), default=False)
    share_needs = models.BooleanField(_("share accommodation needs"), default=False)
    share_documents = models.BooleanField(_("share documents"), default=False)
    for_referral = models.BooleanField(_("for one referral"), default=False)

    class Meta:
        verbose_name = _("disclosure choice")
        indexes = [models.Index(fields=["city", "job_seeker", "recorded_at"], name="disclosure_city_seeker_idx")]


def document_path(instance, filename: str) -> str:
    """An unguessable name under MEDIA_ROOT (never the uploaded name): ``jobseekers/<city>/<random>``."""
    return f"jobseekers/{instance.city_id}/{secrets.token_urlsafe(24)}"


class Document(CityOwnedModel):
    """A CV or certificate. Stored under ``MEDIA_ROOT`` (outside the web root) with a random name;
    served only by ``jobseekers:document-download`` after a permission check, each read audited."""

    class Kind(models.TextChoices):
        CV = "cv", _("CV")
        CERTIFICATE = "certificate", _("Certificate")
        AK1 = "ak1", _("AK/1 card")
        KPD = "kpd", _("Disability card (KPD)")
        OTHER = "other", _("Other")
        # The scan of a consent or disclosure form the person signed (``OnBehalfRecord.paper_form``):
        # stored through the same checks, never offered on the upload forms, never shown to employers.
        CONSENT_FORM = "consent_form", _("Signed consent form")

    job_seeker = models.ForeignKey(JobSeeker, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(_("kind of document"), max_length=20, choices=Kind)
    title = models.CharField(_("title"), max_length=200, blank=True)
    file = models.FileField(upload_to=document_path, max_length=200)
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("document")


class RightsRequest(CityOwnedModel):
    """A person's request under UU 27/2022 (correction, deletion): staff must act within 3 x 24 hours."""

    class Kind(models.TextChoices):
        CORRECTION = "correction", _("Correct my data")
        DELETION = "deletion", _("Delete my data")

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        DONE = "done", _("Done")
        REFUSED = "refused", _("Refused")

    job_seeker = models.ForeignKey(JobSeeker, on_delete=models.CASCADE, related_name="rights_requests")
    kind = models.CharField(_("request"), max_length=12, choices=Kind)
    details = models.TextField(_("details"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.PENDING)
    requested_at = models.DateTimeField(_("requested"), auto_now_add=True)
    due_at = models.DateTimeField(_("due"))
    handled_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    handled_at = models.DateTimeField(_("handled"), null=True, blank=True)
    response = models.TextField(_("response"), blank=True)

    class Meta:
        verbose_name = _("rights request")
        indexes = [models.Index(fields=["city", "status", "due_at"], name="rights_city_status_idx")]


class ClaimCode(CityOwnedModel):
    """A one-time code (6 digits) and link with which a person registered without an account (at the
    desk, by a partner, by import) takes over their own profile (``jobseekers.services.claim``).

    Sent by staff to the phone (SMS, WhatsApp) or email on the profile; ``address`` is where it went
    (E.164 or the lower-cased email). Neither the code nor the link's token is stored: only their
    HMAC-SHA256 under ``SECRET_KEY`` (the code salted with ``salt``). Usable while not used, not void
    and not expired (``CLAIM_CODE_VALID_FOR``); a new code voids the previous one, and the
    ``CLAIM_CODE_MAX_FAILURES``-th wrong code voids it too.
    """

    class VoidReason(models.TextChoices):
        REPLACED = "replaced", _("A newer code was sent")
        FAILURES = "failures", _("Too many wrong codes")
        CLAIMED = "claimed", _("The profile got an account")

    job_seeker = models.ForeignKey(JobSeeker, on_delete=models.CASCADE, related_name="claim_codes")
    channel = models.CharField(_("channel"), max_length=10)
    address = models.CharField(_("sent to"), max_length=254)
    salt = models.CharField(max_length=32)
    code_hash = models.CharField(max_length=64)
    token_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(_("sent"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", db_index=False
    )
    expires_at = models.DateTimeField(_("valid until"))
    failed_attempts = models.PositiveSmallIntegerField(_("wrong codes entered"), default=0)
    used_at = models.DateTimeField(_("used"), null=True, blank=True)
    used_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", db_index=False
    )
    voided_at = models.DateTimeField(_("void since"), null=True, blank=True)
    void_reason = models.CharField(_("why void"), max_length=10, choices=VoidReason, blank=True)

    class Meta:
        verbose_name = _("account code")
        ordering = ["-created_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["city", "token_hash"], name="claimcode_token_per_city")]
        indexes = [
            models.Index(fields=["city", "address", "created_at"], name="claimcode_city_address_idx"),
            models.Index(fields=["city", "job_seeker", "created_at"], name="claimcode_city_seeker_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.job_seeker_id} ({self.channel}, {self.created_at:%Y-%m-%d %H:%M})"

    def status(self, now: datetime.datetime | None = None) -> str:
        """``used``, ``void``, ``expired`` or ``usable``."""
        from django.utils import timezone

        if self.used_at is not None:
            return "used"
        if self.voided_at is not None:
            return "void"
        if self.expires_at <= (now or timezone.now()):
            return "expired"
        return "usable"
