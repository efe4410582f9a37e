"""Follow-ups of placements: the city's schedule, recording a follow-up, and the due notices."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from cities.calendar import city_today
from placements import notices, signals
from placements.models import FollowUp, Placement, PlacementSettings
from placements.services import dates
from placements.services.common import PlacementError, notify_user
from placements.services.placements import placement_close

FOLLOWUP_MONTHS_RANGE = (1, 24)  # the IJC follows a placement for at most two years


def followup_schedule_clean(months: list[int]) -> list[int]:
    """Check a follow-up schedule: whole months after the start date, each 1..24, ascending, no
    repeats, at least one. Returns the list; raises ``ValidationError`` (code ``empty``, ``range``,
    ``duplicate`` or ``order``) with a message for the form."""
    from django.core.exceptions import ValidationError

    low, high = FOLLOWUP_MONTHS_RANGE
    if not months:
        raise ValidationError(_("Give at least one follow-up month."), code="empty")
    outside = [m for m in months if not low <= m <= high]
    if outside:
        raise ValidationError(
            _("Each follow-up falls %(low)s to %(high)s months after the start; %(bad)s is outside."),
            code="range",
            params={"low": low, "high": high, "bad": outside[0]},
        )
    if len(set(months)) != len(months):
        raise ValidationError(_("Give each month once."), code="duplicate")
    if months != sorted(months):
        raise ValidationError(_("Give the months in ascending order, for example 1, 3, 6, 12."), code="order")
    return months


@transaction.atomic
def followup_schedule_save(*, actor: User, months: list[int]) -> PlacementSettings:
    """Set the current city's follow-up schedule (a city admin's decision; ``placements.configure_followups``).

    Validated by ``followup_schedule_clean`` (``ValidationError``). Applies to placements recorded
    from now on: ``placement_record`` writes each placement's follow-up rows from the schedule in
    force that day, so existing placements keep theirs. The change is in the audit trail (auditlog
    on ``PlacementSettings``: old and new months, who, when).
    """
    months = followup_schedule_clean(list(months))
    row = PlacementSettings.objects.select_for_update().first() or PlacementSettings()
    row.followup_months = months
    row.full_clean(exclude=["city"])
    row.save()
    return row


@transaction.atomic
def followup_record(
    *,
    actor: User,
    followup: FollowUp,
    still_employed: bool,
    accommodation_working: bool | None,
    issues: str = "",
    next_step: str = "",
    left_reason: str = "",
) -> FollowUp:
    """Record a follow-up. Not employed any more closes the case as *left* (a coded reason needed);
    the last scheduled follow-up with the person still employed closes it as *retained*. Recorded on
    or after the placement's start date, on the city's calendar (``dates.check_followup_date``:
    ``ValidationError``)."""
    if followup.done_at:
        raise PlacementError(_("This follow-up is already recorded."))
    placement = followup.placement
    if placement.outcome != Placement.Outcome.ACTIVE:
        raise PlacementError(_("This placement is already closed."))
    dates.check_followup_date(followup, city_today(followup.city_id))
    followup.still_employed = still_employed
    followup.accommodation_working = accommodation_working
    followup.issues = issues
    followup.next_step = next_step
    followup.done_at = timezone.now()
    followup.done_by = actor
    followup.full_clean()
    followup.save()
    if not still_employed:
        if left_reason not in Placement.LeftReason.values:
            raise PlacementError(_("Choose why the person left the job."))
        placement_close(actor=actor, placement=placement, outcome=Placement.Outcome.LEFT, left_reason=left_reason)
    elif not placement.followups.filter(done_at__isnull=True).exists():
        placement_close(actor=actor, placement=placement, outcome=Placement.Outcome.RETAINED)
    signals.followup_recorded.send(sender=FollowUp, followup=followup, actor=actor)
    return followup


def followups_notify_due(*, today: datetime.date) -> int:
    """Notify the officer of each due, not yet notified follow-up (idempotent); returns the count."""
    count = 0
    due = FollowUp.objects.filter(done_at__isnull=True, notified_at__isnull=True, due_on__lte=today).select_related(
        "placement__referral__job_seeker", "placement__referral__vacancy", "placement__referral__proposed_by"
    )
    for followup in due:
        referral = followup.placement.referral
        officer = referral.job_seeker.assigned_officer or referral.proposed_by
        with transaction.atomic():
            notify_user(
                officer,
                "followup_due",
                {
                    "person_name": referral.job_seeker.name,
                    "vacancy_title": referral.vacancy.title,
                    "due_on": followup.due_on.isoformat(),
                    "url": notices.followup_url(followup),
                },
                f"followup-due:{followup.pk}",
            )
            FollowUp.objects.filter(pk=followup.pk).update(notified_at=timezone.now())
        count += 1
    return count
