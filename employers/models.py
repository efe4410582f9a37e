"""Employers: organisations, their members, quota reports, workplaces, vacancies, the IJC's services
to employers, and job seekers' expressions of interest.

Every model here is a tenant row (``CityOwnedModel``) except ``PublishedVacancy``: the public,
cross-city index of published vacancies that the national job board (``/lowongan/``) reads without
a city context. It holds only what the public detail page shows anyway and is written only by the
publish / close / expire services (see docs/employers.md).
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex, GistIndex
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models.functions import TruncDate
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cities.calendar import CROSS_CITY_ZONE
from cities.models import CityOwnedModel
from reference.education import REQUIREMENT_CHOICES, EducationLevel

nib_validator = RegexValidator(r"^\d{13}$", _("An NIB (business registration number) has 13 digits."))


def quota_required(headcount: int, rate_percent: int) -> int:
    """Employees with disabilities required: ``ceil(headcount x rate_percent / 100)`` (UU 8/2016 art. 53).

    Integer arithmetic, so 100 x 2% is exactly 2 and 101 x 1% is 2 (never a float rounding error).
    ``headcount`` 0 requires 0. Raises ``ValueError`` for a negative headcount or rate.
    """
    if headcount < 0 or rate_percent < 0:
        raise ValueError("headcount and rate must not be negative")
    return -(-headcount * rate_percent // 100)


class Employer(CityOwnedModel):
    """An organisation that hires in the city (a tenant row).

    ``sector`` decides the quota rate (UU 8/2016 art. 53): government, BUMN and BUMD employ at least
    2% persons with disabilities, private companies at least 1%. Self-registered employers start
    unverified; city staff verify them (``verified_at``) before any of their vacancies is published.
    """

    class Sector(models.TextChoices):
        PRIVATE = "private", _("Private company")
        GOVERNMENT = "government", _("Government (central or regional)")
        BUMN = "bumn", _("State-owned enterprise (BUMN)")
        BUMD = "bumd", _("Regional-government-owned enterprise (BUMD)")

    class Size(models.TextChoices):
        MICRO = "micro", _("Micro (1-4 employees)")
        SMALL = "small", _("Small (5-19 employees)")
        MEDIUM = "medium", _("Medium (20-99 employees)")
        LARGE = "large", _("Large (100 employees or more)")

    QUOTA_RATE_PERCENT = {Sector.PRIVATE: 1, Sector.GOVERNMENT: 2, Sector.BUMN: 2, Sector.BUMD: 2}

    legal_name = models.CharField(_("legal name"), max_length=255)
    nib = models.CharField(
        _("NIB (business registration number)"),
        max_length=13,
        blank=True,
        validators=[nib_validator],
        help_text=_("13 digits, from OSS. Government offices leave this empty."),
    )
    sector = models.CharField(_("sector"), max_length=20, choices=Sector)
    industry = models.ForeignKey(
        "reference.Industry",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("industry (KBLI 2020)"),
    )
    size = models.CharField(_("size"), max_length=10, choices=Size)
    address = models.TextField(_("address"))
    contact_name = models.CharField(_("contact person"), max_length=255)
    contact_email = models.EmailField(_("contact email"))
    contact_phone = models.CharField(_("contact phone"), max_length=30, blank=True)
    website = models.URLField(_("website"), blank=True)
    verified_at = models.DateTimeField(_("verified"), null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # Re-verification: a member changed the legal name or NIB that staff had verified. The
    # verification is cleared and the verified values are kept here for staff to compare.
    details_changed_at = models.DateTimeField(_("details changed since verification"), null=True, blank=True)
    verified_details = models.JSONField(_("details as verified"), default=dict, blank=True)
    created_at = models.DateTimeField(_("registered"), default=timezone.now)

    class Meta:
        verbose_name = _("employer")
        verbose_name_plural = _("employers")
        ordering = ["legal_name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["city", "nib"], condition=~models.Q(nib=""), name="employer_nib_unique_per_city"
            ),
        ]
        indexes = [models.Index(fields=["city", "legal_name"], name="employer_city_name_idx")]

    def __str__(self) -> str:
        return self.legal_name

    @property
    def is_verified(self) -> bool:
        return self.verified_at is not None

    @property
    def quota_rate_percent(self) -> int:
        """1 (private) or 2 (government, BUMN, BUMD): UU 8/2016 art. 53."""
        return self.QUOTA_RATE_PERCENT[self.sector]


class EmployerMember(CityOwnedModel):
    """Which user belongs to which organisation: a user with the employer role is a member of one
    organisation per city."""

    employer = models.ForeignKey(Employer, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("employer member")
        verbose_name_plural = _("employer members")
        constraints = [models.UniqueConstraint(fields=["city", "user"], name="employer_member_one_org_per_city")]
        indexes = [models.Index(fields=["city", "employer"], name="employer_member_employer_idx")]

    def __str__(self) -> str:
        return f"{self.user} · {self.employer}"


class QuotaReport(CityOwnedModel):
    """One report of an employer's headcount and employees with disabilities for a year.

    ``required`` = ceil(headcount x rate) with the employer's rate (UU 8/2016 art. 53);
    ``difference`` = employees with disabilities - required (negative: shortfall, positive: surplus).
    Hires made through the portal are counted separately (``selectors.portal_hires``), never added here.
    """

    class Source(models.TextChoices):
        WLKP = "wlkp", _("WLKP report (compulsory manpower report)")
        SELF = "self", _("Self-declared by the employer")
        VERIFIED = "verified", _("Verified by city staff")

    employer = models.ForeignKey(Employer, on_delete=models.CASCADE, related_name="quota_reports")
    year = models.PositiveSmallIntegerField(_("year"), validators=[MinValueValidator(2016)])
    headcount = models.PositiveIntegerField(_("total number of employees"))
    employees_with_disabilities = models.PositiveIntegerField(_("employees with disabilities"))
    reported_on = models.DateField(_("date of the report"), default=timezone.localdate)
    source = models.CharField(_("source"), max_length=10, choices=Source)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("quota report")
        verbose_name_plural = _("quota reports")
        ordering = ["-year", "-reported_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(employees_with_disabilities__lte=models.F("headcount")),
                name="quota_report_pwd_within_headcount",
            ),
        ]
        indexes = [models.Index(fields=["city", "employer", "-year"], name="quota_report_employer_year_idx")]

    def __str__(self) -> str:
        return f"{self.employer} · {self.year}"

    @property
    def rate_percent(self) -> int:
        return self.employer.quota_rate_percent

    @property
    def required(self) -> int:
        return quota_required(self.headcount, self.rate_percent)

    @property
    def difference(self) -> int:
        return self.employees_with_disabilities - self.required

    @property
    def shortfall(self) -> int:
        return max(0, -self.difference)

    @property
    def surplus(self) -> int:
        return max(0, self.difference)


class AccessibilityFeature(models.TextChoices):
    STEP_FREE = "step_free", _("Step-free entrance (level or ramp)")
    LIFT = "lift", _("Lift to every floor used")
    TOILET = "toilet", _("Accessible toilet")
    PARKING = "parking", _("Accessible parking close to the entrance")
    GUIDING_BLOCKS = "guiding_blocks", _("Guiding blocks (tactile paving)")
    QUIET_SPACE = "quiet_space", _("Quiet space")
    VISUAL_ALARM = "visual_alarm", _("Visual fire alarm")
    SIGNAGE = "signage", _("Clear signage with large print or braille")
    TRANSPORT = "transport", _("Public transport stop nearby")


class Workplace(CityOwnedModel):
    """A site where people work, with the accessibility features the employer declares.

    Once the IJC has assessed the site and shared the report (``providers.verified_accessibility``),
    its verified result replaces these declarations on the pages (with its date).
    """

    employer = models.ForeignKey(Employer, on_delete=models.CASCADE, related_name="workplaces")
    name = models.CharField(_("name of the site"), max_length=200)
    address = models.TextField(_("address"))
    features = ArrayField(
        models.CharField(max_length=20, choices=AccessibilityFeature),
        verbose_name=_("accessibility features"),
        default=list,
        blank=True,
    )
    notes = models.TextField(_("other accessibility information"), blank=True)

    class Meta:
        verbose_name = _("workplace")
        verbose_name_plural = _("workplaces")
        ordering = ["name", "pk"]
        indexes = [models.Index(fields=["city", "employer"], name="workplace_employer_idx")]

    def __str__(self) -> str:
        return self.name

    def get_features_display(self) -> list[str]:
        labels = dict(AccessibilityFeature.choices)
        return [labels.get(code, code) for code in self.features]


class EmploymentType(models.TextChoices):
    PERMANENT = "permanent", _("Permanent (PKWTT)")
    FIXED_TERM = "fixed_term", _("Fixed-term contract (PKWT)")
    PART_TIME = "part_time", _("Part-time")
    INTERNSHIP = "internship", _("Internship or apprenticeship")
    DAILY = "daily", _("Daily or freelance")


class WorkArrangement(models.TextChoices):
    ON_SITE = "on_site", _("On site")
    HYBRID = "hybrid", _("Hybrid (partly from home)")
    REMOTE = "remote", _("From home (remote)")


class RecruitmentOption(models.TextChoices):
    """Accessible recruitment the employer offers (UU 8/2016 art. 47 / PP 60/2020)."""

    ADAPTED_TEST = "adapted_test", _("Adapted selection test")
    EXTRA_TIME = "extra_time", _("Extra time for tests")
    FORM_HELP = "form_help", _("Help filling in application forms")
    SIGN_INTERPRETER = "sign_interpreter", _("Sign-language interpreter at the interview")
    REMOTE_INTERVIEW = "remote_interview", _("Interview by video call or in writing")
    ACCESSIBLE_VENUE = "accessible_venue", _("Accessible venue for the interview")
    COMPANION = "companion", _("A companion may come along")


# Vacancy status machine: from → to → the kind of actor allowed ("employer": a member of the
# vacancy's organisation; "staff": city staff; "system": the deadline task).
VACANCY_TRANSITIONS: dict[tuple[str, str], frozenset[str]] = {
    ("draft", "submitted"): frozenset({"employer"}),
    ("submitted", "draft"): frozenset({"staff", "employer"}),  # returned for changes / withdrawn
    ("submitted", "published"): frozenset({"staff"}),
    ("published", "filled"): frozenset({"employer", "staff"}),
    ("published", "closed"): frozenset({"employer", "staff"}),
    ("draft", "closed"): frozenset({"employer", "staff"}),
    ("submitted", "closed"): frozenset({"employer", "staff"}),
    ("published", "expired"): frozenset({"system", "staff"}),
}


class Vacancy(CityOwnedModel):
    """A job offered by an employer. Status: draft → submitted → published (by staff, only for a
    verified employer) → filled / closed / expired (``VACANCY_TRANSITIONS``; services in
    ``employers.services``). ``description`` is HTML sanitised with an nh3 allow-list on every save
    by the services. No vacancy excludes a category of disability: essential tasks say what the job
    needs (UU 8/2016 art. 11, 53)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Waiting for review")
        PUBLISHED = "published", _("Published")
        FILLED = "filled", _("Filled")
        CLOSED = "closed", _("Closed")
        EXPIRED = "expired", _("Expired")

    employer = models.ForeignKey(Employer, on_delete=models.PROTECT, related_name="vacancies")
    title = models.CharField(_("job title"), max_length=200)
    occupation = models.ForeignKey(
        "reference.Occupation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("occupation (KBJI 2014)"),
    )
    description = models.TextField(_("description"))
    essential_tasks = models.TextField(_("essential tasks"))
    education_level = models.CharField(
        _("education"), max_length=10, choices=REQUIREMENT_CHOICES, default=EducationLevel.NONE
    )
    skills = models.TextField(_("other skills"), blank=True)  # free text: what the ESCO list does not name
    esco_skills = models.ManyToManyField(
        "reference.Skill",
        through="VacancySkill",
        blank=True,
        related_name="+",
        verbose_name=_("skills (ESCO)"),
    )
    experience = models.TextField(_("experience"), blank=True)  # what kind of experience, in words
    experience_years = models.PositiveSmallIntegerField(
        _("years of experience required"), null=True, blank=True, validators=[MaxValueValidator(50)]
    )
    openings = models.PositiveSmallIntegerField(_("number of openings"), default=1, validators=[MinValueValidator(1)])
    employment_type = models.CharField(_("employment type"), max_length=20, choices=EmploymentType)
    arrangement = models.CharField(_("work arrangement"), max_length=10, choices=WorkArrangement)
    working_hours = models.CharField(_("working hours"), max_length=200)
    wage_min = models.PositiveIntegerField(_("lowest monthly wage (Rp)"), null=True, blank=True)
    wage_max = models.PositiveIntegerField(_("highest monthly wage (Rp)"), null=True, blank=True)
    wage_negotiable = models.BooleanField(_("wage negotiable"), default=False)
    workplace = models.ForeignKey(
        Workplace,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="vacancies",
        verbose_name=_("workplace"),
    )
    deadline = models.DateField(_("application deadline"), null=True, blank=True)
    accommodations = models.ManyToManyField(
        "reference.AccommodationType",
        through="VacancyAccommodation",
        blank=True,
        related_name="+",
        verbose_name=_("accommodations offered"),
    )
    accommodations_other = models.TextField(_("other accommodations offered"), blank=True)
    recruitment_options = ArrayField(
        models.CharField(max_length=20, choices=RecruitmentOption),
        verbose_name=_("accessible recruitment"),
        default=list,
        blank=True,
    )
    reserved_for_pwd = models.BooleanField(_("reserved for persons with disabilities"), default=False)
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.DRAFT)
    review_note = models.TextField(_("note from the staff"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("vacancy")
        verbose_name_plural = _("vacancies")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(wage_min__isnull=True)
                | models.Q(wage_max__isnull=True)
                | models.Q(wage_min__lte=models.F("wage_max")),
                name="vacancy_wage_range_ordered",
            ),
            models.CheckConstraint(condition=models.Q(openings__gte=1), name="vacancy_openings_positive"),
            models.CheckConstraint(
                condition=~models.Q(status="published") | models.Q(published_at__isnull=False),
                name="vacancy_published_has_date",
            ),
            # The deadline is not before the day of publication. On WIB, the westernmost clock: a city's
            # own date is never earlier, so the services' check on the city's calendar is the stricter.
            models.CheckConstraint(
                condition=models.Q(deadline__isnull=True)
                | models.Q(published_at__isnull=True)
                | models.Q(deadline__gte=TruncDate("published_at", tzinfo=CROSS_CITY_ZONE)),
                name="vacancy_deadline_on_or_after_publication",
            ),
        ]
        indexes = [
            models.Index(fields=["city", "employer", "status"], name="vacancy_employer_status_idx"),
            models.Index(fields=["city", "status", "deadline"], name="vacancy_status_deadline_idx"),
        ]

    def __str__(self) -> str:
        return self.title


class VacancyAccommodation(CityOwnedModel):
    """An accommodation from the catalogue (``reference.AccommodationType``) a vacancy offers."""

    vacancy = models.ForeignKey(Vacancy, on_delete=models.CASCADE, related_name="+")
    accommodation = models.ForeignKey("reference.AccommodationType", on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("accommodation offered")
        verbose_name_plural = _("accommodations offered")
        constraints = [
            models.UniqueConstraint(fields=["city", "vacancy", "accommodation"], name="vacancy_accommodation_unique")
        ]


class VacancySkill(CityOwnedModel):
    """A skill (``reference.Skill``, ESCO) a vacancy asks for: a tenant through table, like
    ``VacancyAccommodation``, so the link carries ``city_id`` and row-level security. Matching
    (placements) compares these ids with the job seekers' chosen skills."""

    vacancy = models.ForeignKey(Vacancy, on_delete=models.CASCADE, related_name="+")
    skill = models.ForeignKey("reference.Skill", on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("skill asked for")
        constraints = [models.UniqueConstraint(fields=["city", "vacancy", "skill"], name="vacancy_skill_unique")]
        indexes = [models.Index(fields=["city", "vacancy"], name="vacancy_skill_vacancy_idx")]


SEARCH_CONFIG = "indonesian"  # PostgreSQL's built-in text search configuration (Snowball stemmer)


class PublishedVacancy(models.Model):
    """The public, cross-city index of published vacancies (NOT a tenant row; no RLS).

    One row per published vacancy, written by ``employers.services`` when a vacancy is published
    and deleted when it is filled, closed or expired. It copies only what the public detail page
    shows, so the national board (``/lowongan/``) searches every city in one query without a city
    context. ``portal_city`` is named so on purpose: this table has no ``city_id`` column because it
    is public, not tenant data (docs/employers.md).
    """

    portal_city = models.ForeignKey("cities.City", on_delete=models.CASCADE, related_name="+")
    vacancy_id = models.BigIntegerField()
    title = models.CharField(max_length=200)
    employer_name = models.CharField(max_length=255)
    occupation = models.ForeignKey("reference.Occupation", on_delete=models.SET_NULL, null=True, related_name="+")
    arrangement = models.CharField(max_length=10, choices=WorkArrangement)
    employment_type = models.CharField(max_length=20, choices=EmploymentType)
    accommodation_ids = ArrayField(models.IntegerField(), default=list, blank=True)
    reserved_for_pwd = models.BooleanField(default=False)
    wage_min = models.PositiveIntegerField(null=True)
    wage_max = models.PositiveIntegerField(null=True)
    wage_negotiable = models.BooleanField(default=False)
    deadline = models.DateField(null=True)
    published_at = models.DateTimeField()
    search_text = models.TextField()  # lower-cased title, employer, occupation, description text
    # Full-text search (``employers.selectors.board_search``): the words stemmed by PostgreSQL's
    # ``indonesian`` configuration, weighted title (A) > employer (B) > the rest (D). Computed by
    # the database on every write, so no writer can forget it; searched on a GIN index.
    search_vector = models.GeneratedField(
        expression=SearchVector("title", weight="A", config=SEARCH_CONFIG)
        + SearchVector("employer_name", weight="B", config=SEARCH_CONFIG)
        + SearchVector("search_text", weight="D", config=SEARCH_CONFIG),
        output_field=SearchVectorField(),
        db_persist=True,
    )

    class Meta:
        verbose_name = _("published vacancy (public index)")
        verbose_name_plural = _("published vacancies (public index)")
        ordering = ["-published_at", "-vacancy_id"]
        constraints = [
            models.UniqueConstraint(fields=["portal_city", "vacancy_id"], name="published_vacancy_unique"),
        ]
        indexes = [
            models.Index(fields=["-published_at", "-vacancy_id"], name="published_vacancy_recent_idx"),
            # One city's board and feed, newest first, ties by id: the order board_search walks.
            models.Index(fields=["portal_city", "-published_at", "-vacancy_id"], name="published_vacancy_city_recent"),
            GinIndex(fields=["search_vector"], name="published_vacancy_fts_idx"),
        ]

    def __str__(self) -> str:
        return self.title


class BoardWord(models.Model):
    """A word of a published vacancy's title: the job board's vocabulary for typos (NOT a tenant row).

    ``employers.selectors.board_search`` also searches, for each word typed, the nearest word here
    by trigram distance (pg_trgm K-nearest on a GiST index), so "penjhit" finds "Penjahit".
    Added by a trigger on ``PublishedVacancy`` (migration ``0004``: every writer, none can forget)
    and never removed: public words of public titles (a word whose vacancies have closed only
    suggests an alternative that finds nothing).
    """

    word = models.CharField(max_length=60, primary_key=True)

    class Meta:
        indexes = [GistIndex(fields=["word"], opclasses=["gist_trgm_ops"], name="board_word_trgm")]

    def __str__(self) -> str:
        return self.word


class EmployerService(CityOwnedModel):
    """The IJC's work with an employer, for the city's reports of its employer-side work."""

    class Kind(models.TextChoices):
        AWARENESS = "awareness", _("Disability-awareness session")
        ACCOMMODATION = "accommodation", _("Accommodation orientation")
        ASSESSMENT_REQUEST = "assessment_request", _("Accessibility assessment requested")
        QUOTA_ADVICE = "quota_advice", _("Advice on the hiring quota")
        OTHER = "other", _("Other")

    employer = models.ForeignKey(Employer, on_delete=models.CASCADE, related_name="services")
    kind = models.CharField(_("kind of service"), max_length=20, choices=Kind)
    date = models.DateField(_("date"))
    staff = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    participants = models.PositiveIntegerField(_("number of participants"), default=0)
    notes = models.TextField(_("what was done"), blank=True)
    follow_up = models.TextField(_("follow-up"), blank=True)
    follow_up_due = models.DateField(_("follow-up by"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("employer service")
        verbose_name_plural = _("employer services")
        ordering = ["-date", "-pk"]
        indexes = [models.Index(fields=["city", "-date"], name="employer_service_date_idx")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.date}"


class Interest(CityOwnedModel):
    """A signed-in job seeker's "I am interested" in a published vacancy: a request for staff to
    review (referrals are made in the placements app)."""

    class Status(models.TextChoices):
        NEW = "new", _("New")
        REVIEWED = "reviewed", _("Reviewed")

    vacancy = models.ForeignKey(Vacancy, on_delete=models.CASCADE, related_name="interests")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    message = models.TextField(_("message to the staff"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.NEW)
    created_at = models.DateTimeField(_("sent"), auto_now_add=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("expression of interest")
        verbose_name_plural = _("expressions of interest")
        ordering = ["-created_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["city", "vacancy", "user"], name="interest_once_per_vacancy")]
        indexes = [models.Index(fields=["city", "status", "-created_at"], name="interest_status_idx")]

    def __str__(self) -> str:
        return f"{self.user} · {self.vacancy}"
