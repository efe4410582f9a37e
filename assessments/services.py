"""Every write of the assessments app: ``<entity>_<action>(*, actor, ...)``, atomic, validated.

Errors: ``AssessmentError`` (a rule refused the action; the message is for the user),
``django.core.exceptions.ValidationError`` (a field), ``PermissionDenied`` (publishing a checklist
without the APEKSI administrator role).
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Membership, User
from assessments import rules
from assessments.models import (
    ASSESSMENT_TRANSITIONS,
    PHOTOS_PER_ITEM,
    Assessment,
    Assessor,
    ChecklistPublication,
    ItemPhoto,
    ItemResult,
    Outcome,
    Progress,
)
from assessments.photos import PreparedPhoto
from employers.models import EmployerMember, Workplace
from notifications.services import notify
from reference.models import ChecklistItem, ChecklistVersion


class AssessmentError(Exception):
    """A rule of the assessment workflow refused the action (message for the user)."""


class EditConflict(AssessmentError):
    """Someone saved the item after the form was opened (``result`` is the item as saved now).

    The on-site form sends back the ``revision`` it showed; a save from an older revision is refused
    so that one assessor never silently overwrites another's answers.
    """

    def __init__(self, message: str, *, result):
        super().__init__(message)
        self.result = result


# --- Checklist versions ----------------------------------------------------------------------------------
def current_version() -> ChecklistVersion | None:
    """The newest published checklist version; before any publication, the newest loaded version
    (the one shipped in ``reference/data``), so a fresh installation can assess at once."""
    publication = ChecklistPublication.objects.select_related("version").first()
    if publication is not None:
        return publication.version
    return ChecklistVersion.objects.order_by("-pk").first()


@transaction.atomic
def checklist_version_publish(*, actor: User, version: ChecklistVersion) -> ChecklistPublication:
    """Make ``version`` the one new assessments use. Only an APEKSI administrator (or a superuser)
    may: the checklist is national, city administrators cannot change it. Assessments already
    created keep their own version and their copied items. Raises ``PermissionDenied``,
    ``AssessmentError`` (already published or without items)."""
    if not (actor.is_superuser or actor.cross_city_role == User.CrossCityRole.APEKSI_ADMIN):
        raise PermissionDenied(_("Only an APEKSI administrator can publish a checklist version."))
    if ChecklistPublication.objects.filter(version=version).exists():
        raise AssessmentError(_("This version is already published."))
    if not version.items.exists():
        raise AssessmentError(_("This version has no items."))
    publication = ChecklistPublication(version=version, published_by=actor)
    publication.full_clean()
    publication.save()
    return publication


# --- Who may do what --------------------------------------------------------------------------------------
def _roles(user: User) -> set[str]:
    return set(Membership.objects.filter(user_id=user.pk).values_list("role", flat=True))


def is_staff(user: User) -> bool:
    return Membership.Role.STAFF in _roles(user)


def is_assessor(user: User, assessment: Assessment) -> bool:
    return assessment.assessors.filter(user_id=user.pk).exists()


def can_conduct(user: User, assessment: Assessment) -> bool:
    """City staff, or a partner named as an assessor of this visit."""
    return is_staff(user) or is_assessor(user, assessment)


def _require_conduct(actor: User, assessment: Assessment) -> None:
    if not can_conduct(actor, assessment):
        raise AssessmentError(_("Only city staff or an assessor of this visit may do this."))


def _require_staff(actor: User) -> None:
    if not is_staff(actor):
        raise AssessmentError(_("Only city staff may do this."))


# --- Assessments ----------------------------------------------------------------------------------------
def _copy(item: ChecklistItem, assessment: Assessment) -> ItemResult:
    return ItemResult(
        assessment=assessment,
        item=item,
        code=item.code,
        position=item.position,
        area=item.area,
        title=item.item,
        requirement=item.requirement,
        title_indonesian=item.item_indonesian,
        requirement_indonesian=item.requirement_indonesian,
        threshold=item.threshold,
        unit=item.unit,
        comparator=item.comparator,
        source=item.source,
    )


def _set_assessors(assessment: Assessment, assessors) -> None:
    allowed = {Membership.Role.STAFF, Membership.Role.PARTNER}
    for user in assessors:
        if not Membership.objects.filter(user_id=user.pk, role__in=allowed).exists():
            raise AssessmentError(_("An assessor must be city staff or a partner organisation in this city."))
        Assessor.objects.get_or_create(assessment=assessment, user=user)


@transaction.atomic
def assessment_schedule(
    *, actor: User, workplace: Workplace, scheduled_on: datetime.date, assessors=(), version=None
) -> Assessment:
    """Schedule a visit (city staff). Pins ``version`` (default: ``current_version()``) and copies
    all its items into ``ItemResult`` rows, so later versions never change this assessment.
    ``assessors``: staff or partner users of this city (the actor is added). Raises
    ``AssessmentError``."""
    _require_staff(actor)
    version = version or current_version()
    if version is None:
        raise AssessmentError(_("No accessibility checklist is loaded yet."))
    assessment = Assessment(workplace=workplace, version=version, scheduled_on=scheduled_on, created_by=actor)
    assessment.full_clean()
    assessment.save()
    _set_assessors(assessment, [actor, *assessors])
    ItemResult.objects.bulk_create([_copy(item, assessment) for item in version.items.order_by("position")])
    return assessment


COPIED_FIELDS = (
    "code",
    "position",
    "area",
    "title",
    "requirement",
    "title_indonesian",
    "requirement_indonesian",
    "threshold",
    "unit",
    "comparator",
    "source",
)


@transaction.atomic
def reassessment_schedule(
    *, actor: User, assessment: Assessment, scheduled_on: datetime.date, assessors=()
) -> Assessment:
    """Re-assess only the items that failed in ``assessment`` (completed or shared), against the
    same checklist version and the same copied thresholds. Raises ``AssessmentError`` when nothing
    failed or the assessment is not finished."""
    _require_staff(actor)
    if not assessment.is_done:
        raise AssessmentError(_("Only a completed assessment can be re-assessed."))
    failed = list(effective_results(assessment).filter(outcome=Outcome.FAIL))
    if not failed:
        raise AssessmentError(_("Nothing failed, so there is nothing to re-assess."))
    again = Assessment(
        workplace=assessment.workplace,
        version=assessment.version,
        previous=assessment,
        scheduled_on=scheduled_on,
        created_by=actor,
    )
    again.full_clean()
    again.save()
    _set_assessors(again, [actor, *assessors])
    copies = []
    for old in failed:
        copy = ItemResult(assessment=again, item_id=old.item_id)
        for field in COPIED_FIELDS:
            setattr(copy, field, getattr(old, field))
        copy.recommendation, copy.priority, copy.cost_level = old.recommendation, old.priority, old.cost_level
        copies.append(copy)
    ItemResult.objects.bulk_create(copies)
    return again


def effective_results(assessment: Assessment):
    """The result of every item for ``assessment`` taking re-assessments into account: an item
    re-checked in ``assessment`` counts from there, the others from the chain of ``previous``
    assessments (newest first). Returns a queryset of ``ItemResult`` ordered by position."""
    chain = []
    current = assessment
    while current is not None:
        chain.append(current)
        current = current.previous
    if len(chain) == 1:
        return assessment.results.order_by("position", "pk")
    chosen: dict[int, int] = {}
    for link in chain:
        for item_id, pk in link.results.values_list("item_id", "pk"):
            chosen.setdefault(item_id, pk)
    return ItemResult.objects.filter(pk__in=chosen.values()).order_by("position", "pk")


def _transition(actor: User, assessment: Assessment, to: str, kind: str) -> None:
    allowed = ASSESSMENT_TRANSITIONS.get((assessment.status, to))
    if allowed is None or kind not in allowed:
        raise AssessmentError(_("This change of status is not possible."))
    assessment.status = to


@transaction.atomic
def item_result_record(
    *,
    actor: User,
    result: ItemResult,
    measured: str = "",
    not_applicable: bool = False,
    note: str = "",
    override: str = "",
    override_reason: str = "",
    recommendation: str = "",
    priority: str = "",
    cost_level: str = "",
    photo: PreparedPhoto | None = None,
    photo_alt: str = "",
    remove_photos=(),
    revision: int | None = None,
) -> ItemResult:
    """Record one item (a draft: the assessment starts when the first item is saved).

    ``computed`` comes from ``rules.evaluate`` (``na`` when not applicable, empty when nothing is
    measured yet); ``outcome`` is ``override`` when given — which needs a written
    ``override_reason`` — else ``computed``. ``photo`` (from ``photos.prepare``, with its
    ``photo_alt`` text, required) is added to the item's photos (at most ``PHOTOS_PER_ITEM``);
    ``remove_photos`` are ids of the item's photos to delete. ``revision``: the item's revision the
    form showed; when someone saved the item since, ``EditConflict`` is raised and nothing is
    written (``None`` skips the check). Raises ``ValidationError`` on ``measured`` (unreadable
    value), ``override_reason`` (missing), ``photo_alt`` / ``photo`` (missing text, too many),
    ``AssessmentError`` (not an assessor, finished).
    """
    assessment = result.assessment
    _require_conduct(actor, assessment)
    if assessment.is_done:
        raise AssessmentError(_("This assessment is finished. Reopen it to change it."))
    current = ItemResult.objects.select_for_update().get(pk=result.pk)
    if revision is not None and revision != current.revision:
        who = current.checked_by.name or current.checked_by.email if current.checked_by else _("someone")
        at = timezone.localtime(current.checked_at).strftime("%H:%M") if current.checked_at else ""
        raise EditConflict(
            _(
                "%(who)s saved this item at %(at)s, after you opened the form. Their answers are shown; "
                "your input is kept in the fields. Save again to replace their answers with yours."
            )
            % {"who": who, "at": at},
            result=current,
        )
    measured = (measured or "").strip()
    override_reason = (override_reason or "").strip()
    if not_applicable:
        computed = Outcome.NOT_APPLICABLE
        measured = ""
    elif measured:
        try:
            computed = rules.evaluate(
                measured=measured, threshold=result.threshold, unit=result.unit, comparator=result.comparator
            )
        except rules.MeasurementError as error:
            raise ValidationError({"measured": str(error)}) from None
    else:
        computed = ""
    if override and not override_reason:
        raise ValidationError({"override_reason": _("Write why the computed result is overridden.")})
    if override and override not in Outcome.values:
        raise ValidationError({"override": _("Choose a result.")})
    photo_alt = (photo_alt or "").strip()
    if photo is not None:
        if not isinstance(photo, PreparedPhoto):
            raise TypeError("photo must come from assessments.photos.prepare()")
        if not photo_alt:
            raise ValidationError({"photo_alt": _("Describe what the photo shows.")})
        kept = current.photos.exclude(pk__in=list(remove_photos)).count()
        if kept >= PHOTOS_PER_ITEM:
            raise ValidationError(
                {"photo": _("An item has at most %(count)d photos. Remove one first.") % {"count": PHOTOS_PER_ITEM}}
            )
    result.measured = measured
    result.not_applicable = not_applicable
    result.note = note
    result.computed = computed
    result.override = override or ""
    result.override_reason = override_reason if override else ""
    result.outcome = result.override or computed
    result.recommendation = recommendation
    result.priority = priority
    result.cost_level = cost_level
    result.checked_by = actor
    result.checked_at = timezone.now()
    result.revision = current.revision + 1
    result.full_clean()
    result.save()
    for old in current.photos.filter(pk__in=list(remove_photos)):
        storage, name = old.image.storage, old.image.name
        old.delete()
        transaction.on_commit(lambda storage=storage, name=name: storage.delete(name))  # the file goes with the row
    if photo is not None:
        added = ItemPhoto(
            result=result, image=photo.file, alt_text=photo_alt, content_type=photo.content_type, uploaded_by=actor
        )
        added.full_clean(exclude=["city", "image"])
        added.save()
    if assessment.status == Assessment.Status.SCHEDULED:
        _transition(actor, assessment, Assessment.Status.IN_PROGRESS, "assessor")
        assessment.started_at = timezone.now()
        assessment.save(update_fields=["status", "started_at", "updated_at"])
    return result


@transaction.atomic
def assessment_complete(*, actor: User, assessment: Assessment, summary: str = "") -> Assessment:
    """Finish the visit: every item has a result (measured, overridden or not applicable). Raises
    ``AssessmentError`` naming how many items are still open."""
    _require_conduct(actor, assessment)
    open_items = assessment.results.filter(outcome="").count()
    if open_items:
        raise AssessmentError(
            _("%(count)d items have no result yet. Measure them or mark them not applicable.") % {"count": open_items}
        )
    _transition(actor, assessment, Assessment.Status.COMPLETED, "assessor")
    assessment.completed_at = timezone.now()
    if summary:
        assessment.summary = summary
    assessment.full_clean()
    assessment.save()
    return assessment


@transaction.atomic
def assessment_reopen(*, actor: User, assessment: Assessment) -> Assessment:
    """Staff reopen a completed (not yet shared) assessment to correct it."""
    _require_staff(actor)
    _transition(actor, assessment, Assessment.Status.IN_PROGRESS, "staff")
    assessment.completed_at = None
    assessment.save()
    return assessment


@transaction.atomic
def assessment_share(*, actor: User, assessment: Assessment) -> Assessment:
    """Staff share the completed report with the employer (then the employer sees it and its plan);
    every member of the organisation is notified (kind ``assessment_shared``)."""
    _require_staff(actor)
    _transition(actor, assessment, Assessment.Status.SHARED, "staff")
    assessment.shared_at = timezone.now()
    assessment.full_clean()
    assessment.save()
    url = settings.PORTAL_BASE_URL + reverse("assessments:employer-report", kwargs={"pk": assessment.pk})
    members = EmployerMember.objects.filter(employer_id=assessment.workplace.employer_id).select_related("user")
    for member in members:
        notify(
            recipient=member.user,
            kind="assessment_shared",
            context={"workplace_name": assessment.workplace.name, "url": url},
            idempotency_key=f"assessment-shared:{assessment.pk}:{member.user_id}",
        )
    return assessment


@transaction.atomic
def remediation_progress(*, actor: User, result: ItemResult, progress: str, note: str = "") -> ItemResult:
    """An employer member marks progress on fixing a failing item of a shared assessment of their
    own workplace. Raises ``AssessmentError`` otherwise, ``ValidationError`` for a bad value."""
    assessment = result.assessment
    member = EmployerMember.objects.filter(user_id=actor.pk, employer_id=assessment.workplace.employer_id).exists()
    if not member:
        raise AssessmentError(_("Only the organisation's members may update its plan."))
    if assessment.status != Assessment.Status.SHARED or result.outcome != Outcome.FAIL:
        raise AssessmentError(_("Only failing items of a shared report are in the plan."))
    if progress not in Progress.values:
        raise ValidationError({"progress": _("Choose the progress.")})
    result.progress = progress
    result.progress_note = note
    result.progress_updated_at = timezone.now()
    result.full_clean()
    result.save(update_fields=["progress", "progress_note", "progress_updated_at"])
    return result
