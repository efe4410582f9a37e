"""Matching suggestions, referrals, interviews, placements and follow-ups. All tenant rows.

The referral workflow (``REFERRAL_TRANSITIONS``)::

    proposed → confirmed (the person chose what the employer may see) → interview → offered → placed
        ↘ declined (by the person)   ↘ rejected (coded reason) / withdrawn, from any open stage
    proposed → requested (the person asked for it) → confirmed (staff sent it on)
                                                   ↘ not_sent (staff declined, with a reason)

A referral the person asked for themselves (``Referral.is_self_request``) waits in ``requested``
until an officer decides it; the employer sees nothing before ``confirmed``. Staff may confirm a
referral for the person (at the desk, without an account) with the disclosure chosen together and
its consent basis (``Referral.disclosure``, a ``jobseekers.DisclosureRecord``).

Every move is a ``ReferralEvent`` (from, to, who, when, note): the history. A placement gets
follow-ups at about 1, 3 and 6 months (``PlacementSettings.followup_months``, per city) and ends
*retained* or *left* with a coded reason.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from cities.models import CityOwnedModel
from employers.models import EmploymentType
from jobseekers.models import DISCLOSURE_GROUPS


def default_followup_months() -> list[int]:
    return [1, 3, 6]


class PlacementSettings(CityOwnedModel):
    """A city's placement settings: when follow-ups fall due (months after the start date, 1..24,
    ascending; set by a city admin through ``services.followup_schedule_save``, audited). A
    placement's follow-ups are written from the schedule in force on the day it is recorded."""

    followup_months = ArrayField(
        models.PositiveSmallIntegerField(validators=[MinValueValidator(1), MaxValueValidator(24)]),
        verbose_name=_("follow-up after (months)"),
        default=default_followup_months,
    )

    class Meta:
        verbose_name = _("placement settings")
        constraints = [models.UniqueConstraint(fields=["city"], name="placementsettings_one_per_city")]


class MatchSuggestion(CityOwnedModel):
    """One suggested pair (job seeker, vacancy) with its score (0-100), components and reasons.

    Written only by ``placements.services`` (the matching tasks), which replace a vacancy's or a
    person's suggestions atomically. ``reasons`` are codes rendered by ``matching.reasons.render``.
    Advice only: a human decides every referral.
    """

    vacancy = models.ForeignKey("employers.Vacancy", on_delete=models.CASCADE, related_name="+")
    job_seeker = models.ForeignKey("jobseekers.JobSeeker", on_delete=models.CASCADE, related_name="+")
    score = models.DecimalField(_("score"), max_digits=5, decimal_places=2)
    components = models.JSONField(_("components"), default=dict)
    reasons = models.JSONField(_("reasons"), default=list)
    computed_at = models.DateTimeField(_("computed"))

    class Meta:
        verbose_name = _("match suggestion")
        verbose_name_plural = _("match suggestions")
        constraints = [
            models.UniqueConstraint(fields=["city", "vacancy", "job_seeker"], name="matchsuggestion_one_per_pair")
        ]
        indexes = [
            models.Index(fields=["city", "vacancy", "-score"], name="matchsuggestion_vacancy_idx"),
            models.Index(fields=["city", "job_seeker", "-score"], name="matchsuggestion_seeker_idx"),
            models.Index(fields=["city", "computed_at"], name="matchsuggestion_computed_idx"),
        ]


class CityMatchRun(CityOwnedModel):
    """One nightly re-match of a city for one date: the row that makes a double beat fire nothing twice."""

    run_on = models.DateField()
    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    vacancies = models.PositiveIntegerField(default=0)
    suggestions = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["city", "run_on"], name="citymatchrun_once_per_day")]


class Referral(CityOwnedModel):
    """A proposal to put one job seeker forward for one vacancy, and what became of it."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        REQUESTED = "requested", _("Requested, waiting for the job center")
        NOT_SENT = "not_sent", _("Not sent on by the job center")
        CONFIRMED = "confirmed", _("Confirmed, sent on to the employer")
        DECLINED = "declined", _("Declined by the person")
        INTERVIEW = "interview", _("Interview")
        OFFERED = "offered", _("Offer made")
        PLACED = "placed", _("Placed")
        REJECTED = "rejected", _("Not selected")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    class RejectionReason(models.TextChoices):
        SKILLS = "skills", _("Skills or qualifications do not fit")
        EXPERIENCE = "experience", _("Not enough experience")
        POSITION_FILLED = "position_filled", _("Position already filled")
        NO_SHOW = "no_show", _("Did not come to the interview")
        OFFER_DECLINED = "offer_declined", _("The person declined the offer")
        ACCOMMODATION = "accommodation", _("Accommodation could not be agreed")
        OTHER = "other", _("Other")

    job_seeker = models.ForeignKey("jobseekers.JobSeeker", on_delete=models.PROTECT, related_name="+")
    vacancy = models.ForeignKey("employers.Vacancy", on_delete=models.PROTECT, related_name="+")
    status = models.CharField(_("status"), max_length=12, choices=Status, default=Status.PROPOSED)
    # What the employer may see (UU 27/2022 art. 20): chosen by the person on confirming.
    disclosed = ArrayField(
        models.CharField(max_length=20, choices=[(g, g) for g in DISCLOSURE_GROUPS]),
        verbose_name=_("shared with the employer"),
        default=list,
        blank=True,
    )
    score = models.DecimalField(_("match score"), max_digits=5, decimal_places=2, null=True, blank=True)
    note = models.TextField(_("note from the staff"), blank=True)
    rejection_reason = models.CharField(_("reason"), max_length=20, choices=RejectionReason, blank=True)
    rejection_note = models.TextField(_("details"), blank=True)
    # Why the job center did not send the person's request on (shown to the person).
    not_sent_reason = models.TextField(_("reason it was not sent on"), blank=True)
    # The disclosure chosen with the person when staff confirmed the referral for them (with its basis).
    disclosure = models.ForeignKey(
        "jobseekers.DisclosureRecord",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("disclosure recorded for the person"),
    )
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["city", "job_seeker", "vacancy"],
                condition=~Q(status__in=["declined", "rejected", "withdrawn", "not_sent"]),
                name="referral_one_open_per_pair",
            ),
            models.CheckConstraint(
                condition=~Q(status="rejected") | ~Q(rejection_reason=""), name="referral_rejection_has_reason"
            ),
            models.CheckConstraint(
                condition=~Q(status="not_sent") | ~Q(not_sent_reason=""), name="referral_not_sent_has_reason"
            ),
        ]
        indexes = [
            models.Index(fields=["city", "status", "-updated_at"], name="referral_status_idx"),
            models.Index(fields=["city", "vacancy", "status"], name="referral_vacancy_idx"),
            models.Index(fields=["city", "job_seeker", "-created_at"], name="referral_seeker_idx"),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.get_status_display()}"

    @property
    def is_self_request(self) -> bool:
        """Whether the person asked for this referral themselves (proposed from their own login): it
        goes to ``requested`` for an officer to decide, never straight to the employer."""
        return self.job_seeker.user_id is not None and self.proposed_by_id == self.job_seeker.user_id


# (from, to) -> who may make the move: "person" (the job seeker's own login), "staff", "employer"
# (a member of the vacancy's organisation). Two moves depend on who proposed
# (``placements.selectors.transition_kinds``): the person's own request goes proposed → requested, not
# proposed → confirmed; staff confirm for the person only through ``referral_confirm_for_person``,
# which records the disclosure and its consent basis.
REFERRAL_TRANSITIONS: dict[tuple[str, str], frozenset[str]] = {
    ("proposed", "confirmed"): frozenset({"person", "staff"}),
    ("proposed", "requested"): frozenset({"person"}),
    ("proposed", "declined"): frozenset({"person"}),
    ("proposed", "withdrawn"): frozenset({"staff"}),
    ("requested", "confirmed"): frozenset({"staff"}),
    ("requested", "not_sent"): frozenset({"staff"}),
    ("requested", "withdrawn"): frozenset({"person"}),
    ("confirmed", "interview"): frozenset({"employer", "staff"}),
    ("confirmed", "rejected"): frozenset({"employer", "staff"}),
    ("confirmed", "withdrawn"): frozenset({"person", "staff"}),
    ("interview", "offered"): frozenset({"employer", "staff"}),
    ("interview", "rejected"): frozenset({"employer", "staff"}),
    ("interview", "withdrawn"): frozenset({"person", "staff"}),
    ("offered", "placed"): frozenset({"employer", "staff"}),
    ("offered", "rejected"): frozenset({"employer", "staff", "person"}),
}


class ReferralEvent(CityOwnedModel):
    """One move of a referral: the visible, append-only history."""

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="events")
    from_status = models.CharField(max_length=12, choices=Referral.Status, blank=True)
    to_status = models.CharField(max_length=12, choices=Referral.Status)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    actor_kind = models.CharField(max_length=10)
    note = models.TextField(blank=True)
    # A confirmation staff made for the person: the disclosure and its consent basis.
    disclosure = models.ForeignKey(
        "jobseekers.DisclosureRecord", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["city", "referral", "at"], name="referralevent_referral_idx")]


class InterviewAccommodation(models.TextChoices):
    INTERPRETER = "interpreter", _("Sign-language interpreter")
    EXTRA_TIME = "extra_time", _("Extra time")
    STEP_FREE_VENUE = "step_free_venue", _("Step-free venue")
    ONLINE = "online", _("Online interview")
    WRITTEN = "written", _("Questions in writing")
    COMPANION = "companion", _("A companion comes along")


class Interview(CityOwnedModel):
    """An interview of a referral, with the accommodations asked; the employer confirms them."""

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="interviews")
    starts_at = models.DateTimeField(_("date and time"))
    place = models.CharField(_("place or link"), max_length=255)
    accommodations = ArrayField(
        models.CharField(max_length=20, choices=InterviewAccommodation),
        verbose_name=_("accommodations for the interview"),
        default=list,
        blank=True,
    )
    accommodation_note = models.TextField(_("other accommodation"), blank=True)
    scheduled_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    confirmed_at = models.DateTimeField(_("accommodations confirmed"), null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    def get_accommodation_labels(self) -> list[str]:
        labels = dict(InterviewAccommodation.choices)
        return [str(labels.get(code, code)) for code in self.accommodations]

    class Meta:
        verbose_name = _("interview")
        ordering = ["-starts_at", "-pk"]
        indexes = [models.Index(fields=["city", "starts_at"], name="interview_city_starts_idx")]


# A start date the follow-ups can be counted from: the last follow-up (at most 24 months later, see
# ``services.FOLLOWUP_MONTHS_RANGE``) must still be a calendar date; years outside this range are typing
# mistakes (9999 would put the follow-ups past the last date Python and the database know).
START_DATE_RANGE = (datetime.date(2000, 1, 1), datetime.date(2100, 12, 31))


def validate_start_date(value: datetime.date) -> None:
    first, last = START_DATE_RANGE
    if not first <= value <= last:
        raise ValidationError(
            _("Enter a start date from %(first)s to %(last)s."),
            code="start_date_range",
            params={"first": first.year, "last": last.year},
        )


class SocialSecurityProgramme(models.TextChoices):
    """The programmes of BPJS Ketenagakerjaan a worker can be enrolled in."""

    JKK = "jkk", _("JKK (work accident insurance)")
    JKM = "jkm", _("JKM (death benefit)")
    JHT = "jht", _("JHT (old-age savings)")
    JP = "jp", _("JP (pension)")


#: The KPJ (Kartu Peserta Jamsostek) number of a BPJS Ketenagakerjaan member: 11 digits.
kpj_validator = RegexValidator(r"^\d{11}$", _("A KPJ number is 11 digits, without spaces."))


class Placement(CityOwnedModel):
    """A hire through a referral, and its outcome after the follow-ups.

    Social security (BPJS Ketenagakerjaan): whether the worker is enrolled (``bpjs_enrolled``: yes,
    no or not known), the KPJ number and the programmes, asked when the placement is recorded and
    again at each follow-up (``placements.services.bpjs``); ``bpjs_updated_at`` dates the last answer.
    """

    class Outcome(models.TextChoices):
        ACTIVE = "active", _("In work, being followed up")
        RETAINED = "retained", _("Retained")
        LEFT = "left", _("Left the job")

    class LeftReason(models.TextChoices):
        DISMISSED = "dismissed", _("Dismissed")
        RESIGNED_ACCOMMODATION = "resigned_accommodation", _("Resigned: accommodation")
        RESIGNED_OTHER = "resigned_other", _("Resigned: other reason")
        CONTRACT_ENDED = "contract_ended", _("Contract ended")
        HEALTH = "health", _("Health")
        OTHER = "other", _("Other")

    referral = models.ForeignKey(Referral, on_delete=models.PROTECT, related_name="placements")
    start_date = models.DateField(_("start date"))
    wage = models.PositiveIntegerField(_("monthly wage (Rp)"))
    contract_type = models.CharField(_("contract type"), max_length=20, choices=EmploymentType)
    accommodation_provided = models.TextField(_("accommodation provided"), blank=True)
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome, default=Outcome.ACTIVE)
    left_reason = models.CharField(_("reason for leaving"), max_length=30, choices=LeftReason, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    # The day of the offer (the referral's ``offered`` event, on the city's calendar), kept on the row so
    # the database can check the start against it; empty for placements recorded before it was kept.
    offered_on = models.DateField(_("offer made on"), null=True, blank=True)
    # Why the person started before the offer or referral (a placement recorded late): shown with the
    # placement as "back-dated: <reason>"; empty for a start on or after the offer.
    backdated_reason = models.TextField(_("reason for the back-dated start"), blank=True, default="", db_default="")
    bpjs_enrolled = models.BooleanField(_("enrolled in BPJS Ketenagakerjaan"), null=True, blank=True)
    bpjs_kpj_number = models.CharField(
        _("KPJ number"), max_length=11, blank=True, default="", db_default="", validators=[kpj_validator]
    )
    bpjs_programmes = ArrayField(
        models.CharField(max_length=3, choices=SocialSecurityProgramme),
        verbose_name=_("BPJS Ketenagakerjaan programmes"),
        default=list,
        blank=True,
    )
    bpjs_updated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("placement")
        constraints = [
            models.CheckConstraint(condition=~Q(outcome="left") | ~Q(left_reason=""), name="placement_left_has_reason"),
            models.UniqueConstraint(fields=["city", "referral"], name="placement_one_per_referral"),
            models.CheckConstraint(
                condition=Q(offered_on__isnull=True) | Q(start_date__gte=F("offered_on")) | ~Q(backdated_reason=""),
                name="placement_start_on_or_after_offer",
            ),
            models.CheckConstraint(
                condition=Q(bpjs_enrolled=True) | (Q(bpjs_kpj_number="") & Q(bpjs_programmes=[])),
                name="placement_bpjs_details_only_when_enrolled",
            ),
        ]

    def clean(self):
        super().clean()
        if self.start_date:
            try:
                validate_start_date(self.start_date)
            except ValidationError as error:
                raise ValidationError({"start_date": error}) from error
            if self.offered_on and self.start_date < self.offered_on and not self.backdated_reason.strip():
                raise ValidationError(
                    {"backdated_reason": _("The start date is before the offer: write why (a back-dated start).")},
                    code="back_dated",
                )

    @property
    def is_backdated(self) -> bool:
        """Started before its offer or referral, with the reason written (``backdated_reason``)."""
        return bool(self.backdated_reason)


class FollowUp(CityOwnedModel):
    """A follow-up of a placement, due on a date; filled in when done."""

    placement = models.ForeignKey(Placement, on_delete=models.CASCADE, related_name="followups")
    months = models.PositiveSmallIntegerField(_("months after the start"))
    due_on = models.DateField(_("due"))
    done_at = models.DateTimeField(_("done"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    still_employed = models.BooleanField(_("still employed"), null=True)
    accommodation_working = models.BooleanField(_("accommodation working"), null=True)
    issues = models.TextField(_("issues raised"), blank=True)
    next_step = models.TextField(_("next step"), blank=True)
    notified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("follow-up")
        ordering = ["due_on", "pk"]
        constraints = [models.UniqueConstraint(fields=["city", "placement", "months"], name="followup_once_per_month")]
        indexes = [models.Index(fields=["city", "done_at", "due_on"], name="followup_due_idx")]
