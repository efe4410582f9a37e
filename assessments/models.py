"""Workplace accessibility assessments against a versioned national checklist (Permen PUPR 14/PRT/M/2017).

- ``ChecklistPublication`` (national, not a tenant row): which ``reference.ChecklistVersion`` an
  APEKSI administrator published, and when. New assessments use the newest published version.
- ``Assessment`` (tenant): a visit to one ``employers.Workplace``, pinned to one checklist version;
  status scheduled → in progress → completed → shared with the employer (``ASSESSMENT_TRANSITIONS``).
- ``Assessor`` (tenant): the staff and partner users doing the visit.
- ``ItemResult`` (tenant): one checklist item of one assessment. It copies the item's requirement,
  threshold, unit, comparator and source when the assessment is created, so neither a new version
  nor a reload of the reference data ever changes an old assessment. ``computed`` is what
  ``assessments.rules.evaluate`` says; ``outcome`` is the result that counts: the override if an
  assessor gave one (only with a written reason, a database constraint), else ``computed``.

Rules live in ``assessments.services``; reads other apps need in ``assessments.selectors``.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cities.models import CityOwnedModel


class ChecklistPublication(models.Model):
    """A checklist version made current by an APEKSI administrator (national; no city, no RLS).

    The version itself (its items) comes from ``reference/data`` through ``load_reference``; this
    row is the decision to use it. City administrators cannot write it (``apeksi.publish_checklist``).
    """

    version = models.OneToOneField(
        "reference.ChecklistVersion", on_delete=models.PROTECT, related_name="publication", verbose_name=_("version")
    )
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    published_at = models.DateTimeField(_("published"), default=timezone.now)

    class Meta:
        ordering = ["-published_at", "-pk"]
        verbose_name = _("checklist publication")
        verbose_name_plural = _("checklist publications")

    def __str__(self) -> str:
        return str(self.version)


# Status machine: from → to → who ("assessor": staff or a partner assessing this visit; "staff").
ASSESSMENT_TRANSITIONS: dict[tuple[str, str], frozenset[str]] = {
    ("scheduled", "in_progress"): frozenset({"assessor", "staff"}),
    ("in_progress", "completed"): frozenset({"assessor", "staff"}),
    ("completed", "in_progress"): frozenset({"staff"}),  # reopened to correct it before sharing
    ("completed", "shared"): frozenset({"staff"}),
}


class Assessment(CityOwnedModel):
    """One visit to a workplace, against one checklist version (pinned when scheduled).

    ``previous`` is set on a re-assessment: it holds only the items that failed in ``previous``
    (``services.reassessment_schedule``); the other items keep their earlier result.
    """

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("Scheduled")
        IN_PROGRESS = "in_progress", _("In progress")
        COMPLETED = "completed", _("Completed")
        SHARED = "shared", _("Shared with the employer")

    workplace = models.ForeignKey(
        "employers.Workplace", on_delete=models.PROTECT, related_name="assessments", verbose_name=_("workplace")
    )
    version = models.ForeignKey(
        "reference.ChecklistVersion", on_delete=models.PROTECT, related_name="+", verbose_name=_("checklist version")
    )
    previous = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="reassessments", db_index=False
    )
    scheduled_on = models.DateField(_("visit date"))
    status = models.CharField(_("status"), max_length=12, choices=Status, default=Status.SCHEDULED)
    summary = models.TextField(_("summary for the employer"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    started_at = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)
    shared_at = models.DateTimeField(_("shared"), null=True, blank=True)

    class Meta:
        verbose_name = _("accessibility assessment")
        verbose_name_plural = _("accessibility assessments")
        ordering = ["-scheduled_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status__in=["completed", "shared"]) | Q(completed_at__isnull=False),
                name="assessment_completed_has_date",
            ),
            models.CheckConstraint(
                condition=~Q(status="shared") | Q(shared_at__isnull=False), name="assessment_shared_has_date"
            ),
        ]
        indexes = [
            models.Index(fields=["city", "workplace", "status"], name="assessment_workplace_idx"),
            models.Index(fields=["city", "status", "scheduled_on"], name="assessment_status_date_idx"),
            models.Index(fields=["city", "previous"], name="assessment_previous_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.workplace} · {self.scheduled_on}"

    @property
    def is_done(self) -> bool:
        return self.status in (self.Status.COMPLETED, self.Status.SHARED)


class Assessor(CityOwnedModel):
    """A staff member or partner (disability organisation) assessing one visit."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="assessors")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("assessor")
        verbose_name_plural = _("assessors")
        constraints = [
            models.UniqueConstraint(fields=["city", "assessment", "user"], name="assessor_once_per_assessment")
        ]
        indexes = [models.Index(fields=["city", "user"], name="assessor_user_idx")]


class Outcome(models.TextChoices):
    PASS = "pass", _("Meets the requirement")
    FAIL = "fail", _("Does not meet the requirement")
    NOT_APPLICABLE = "na", _("Not applicable")


class Priority(models.TextChoices):
    HIGH = "high", _("High: blocks access")
    MEDIUM = "medium", _("Medium")
    LOW = "low", _("Low")


class CostLevel(models.TextChoices):
    LOW = "low", _("Low (under Rp 5 million)")
    MEDIUM = "medium", _("Medium (Rp 5-50 million)")
    HIGH = "high", _("High (over Rp 50 million)")


class Progress(models.TextChoices):
    TODO = "todo", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")


class ItemResult(CityOwnedModel):
    """One checklist item in one assessment, with a copy of the item as it was (see module docs).

    ``measured`` is what the assessor typed (``1:9``, ``92``, ``160x230``, ``2/60``, ``yes``);
    ``computed`` is empty until something is measured. An override needs ``override_reason``
    (database constraint). The recommendation and the employer's remediation progress apply to
    failing items.
    """

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="results")
    item = models.ForeignKey("reference.ChecklistItem", on_delete=models.PROTECT, related_name="+")
    # The item as it was when the assessment was created (never updated afterwards).
    code = models.CharField(_("code"), max_length=20)
    position = models.PositiveSmallIntegerField(_("position"))
    area = models.CharField(_("area"), max_length=40)
    title = models.CharField(_("item"), max_length=100)
    requirement = models.TextField(_("requirement"))
    # The Indonesian texts of the item (empty when the checklist data has none: the English is shown).
    title_indonesian = models.CharField(_("item (Indonesian)"), max_length=150, blank=True)
    requirement_indonesian = models.TextField(_("requirement (Indonesian)"), blank=True)
    threshold = models.CharField(_("threshold"), max_length=20)
    unit = models.CharField(_("unit"), max_length=10)
    comparator = models.CharField(_("comparator"), max_length=10)
    source = models.CharField(_("source"), max_length=255)
    # What the assessor found.
    measured = models.CharField(_("measured value"), max_length=40, blank=True)
    not_applicable = models.BooleanField(_("not applicable here"), default=False)
    note = models.TextField(_("note"), blank=True)
    computed = models.CharField(_("computed result"), max_length=4, choices=Outcome, blank=True)
    override = models.CharField(_("overridden result"), max_length=4, choices=Outcome, blank=True)
    override_reason = models.TextField(_("reason for the override"), blank=True)
    outcome = models.CharField(_("result"), max_length=4, choices=Outcome, blank=True)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    checked_at = models.DateTimeField(null=True, blank=True)
    # Raised by one on every save of the assessor's answers: the on-site form sends back the revision
    # it showed, and a save made from an older one is a conflict (two assessors on one item).
    revision = models.PositiveIntegerField(default=0)
    # For a failing item.
    recommendation = models.TextField(_("recommended fix"), blank=True)
    priority = models.CharField(_("priority"), max_length=6, choices=Priority, blank=True)
    cost_level = models.CharField(_("rough cost"), max_length=6, choices=CostLevel, blank=True)
    progress = models.CharField(_("progress"), max_length=12, choices=Progress, default=Progress.TODO)
    progress_note = models.TextField(_("what has been done"), blank=True)
    progress_updated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("checklist item result")
        verbose_name_plural = _("checklist item results")
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["city", "assessment", "item"], name="item_result_once_per_assessment"),
            models.CheckConstraint(
                condition=Q(override="") | ~Q(override_reason=""), name="item_result_override_has_reason"
            ),
            models.CheckConstraint(
                condition=Q(override="") | Q(outcome=models.F("override")), name="item_result_outcome_is_override"
            ),
            models.CheckConstraint(
                condition=~Q(override="") | Q(outcome=models.F("computed")), name="item_result_outcome_is_computed"
            ),
        ]
        indexes = [models.Index(fields=["city", "assessment", "outcome"], name="item_result_outcome_idx")]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    @property
    def is_overridden(self) -> bool:
        return bool(self.override)

    def _in_language(self, english: str, indonesian: str) -> str:
        from django.utils.translation import get_language

        return indonesian if indonesian and (get_language() or "id").startswith("id") else english

    @property
    def title_text(self) -> str:
        """The item's name in the active language (Indonesian when the data has it, else English)."""
        return self._in_language(self.title, self.title_indonesian)

    @property
    def requirement_text(self) -> str:
        """The requirement in the active language (Indonesian when the data has it, else English)."""
        return self._in_language(self.requirement, self.requirement_indonesian)


PHOTOS_PER_ITEM = 10


class ItemPhoto(CityOwnedModel):
    """A photo of one checklist item, with the text alternative the report shows to a screen reader.

    Uploads are checked by content (JPEG, PNG, WebP; at most 5 MB) and re-encoded without their
    metadata (EXIF, GPS position, XMP) before they are stored (``assessments.photos``). Served only
    through the checked photo views, never from a public media URL.
    """

    result = models.ForeignKey(ItemResult, on_delete=models.CASCADE, related_name="photos")
    image = models.FileField(_("photo"), upload_to="assessments/%Y/%m/")
    alt_text = models.CharField(
        _("what the photo shows"),
        max_length=250,
        help_text=_(
            "For the report and for people who cannot see the photo, e.g. “Ramp at the main entrance, no handrail”."
        ),
    )
    content_type = models.CharField(max_length=20)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("item photo")
        verbose_name_plural = _("item photos")
        ordering = ["uploaded_at", "pk"]
        constraints = [models.CheckConstraint(condition=~Q(alt_text=""), name="item_photo_has_alt_text")]
        indexes = [models.Index(fields=["city", "result"], name="item_photo_result_idx")]

    def __str__(self) -> str:
        return self.alt_text
