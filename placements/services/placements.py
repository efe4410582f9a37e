"""Placements: recording the hire (with its follow-ups scheduled) and closing it as retained or left."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from cities.calendar import add_months
from placements import notices, signals
from placements.models import FollowUp, Placement, Referral
from placements.selectors import followup_months
from placements.services import bpjs, dates
from placements.services.cases import case_back_to_job_ready, case_to_placed
from placements.services.common import PlacementError, notify_user, referral_context
from placements.services.referrals import referral_move


@transaction.atomic
def placement_record(
    *,
    actor: User,
    referral: Referral,
    start_date: datetime.date,
    wage: int,
    contract_type: str,
    accommodation_provided: str = "",
    backdated_reason: str = "",
    bpjs_enrolled: bool | None = None,
    bpjs_kpj_number: str = "",
    bpjs_programmes: list[str] | tuple[str, ...] = (),
) -> Placement:
    """Record the hire: the referral becomes ``placed``, the person's case moves to ``placed``
    (``case_to_placed``, audited) and follow-ups are scheduled from the city's schedule in force
    today (``followup_months``; a later change of the schedule does not move them). One transaction:
    ``PlacementError`` (closed case, illegal move) or ``ValidationError`` leaves nothing written.

    The start is on or after the offer's day (or the referral's): an earlier one is a back-dated
    placement and needs ``backdated_reason`` (``dates.check_start_date``: ``ValidationError`` on
    ``start_date``); the reason is kept only for a start that is back-dated.

    Social security: the worker's BPJS Ketenagakerjaan enrolment (``bpjs.enrolment_clean``:
    ``ValidationError`` on the KPJ number or the programmes), not known when not given."""
    enrolment = bpjs.enrolment_clean(bpjs_enrolled, bpjs_kpj_number, bpjs_programmes)
    referral_move(actor=actor, referral=referral, to=Referral.Status.PLACED)
    case_to_placed(actor=actor, job_seeker=referral.job_seeker)
    reason = backdated_reason.strip()
    offered_on = dates.check_start_date(referral, start_date, reason)
    placement = Placement(
        referral=referral,
        start_date=start_date,
        wage=wage,
        contract_type=contract_type,
        accommodation_provided=accommodation_provided,
        recorded_by=actor,
        offered_on=offered_on,
        backdated_reason=reason if start_date < dates.earliest_start(referral, offered_on) else "",
    )
    bpjs.enrolment_apply(placement, enrolment)
    placement.full_clean()
    placement.save()
    FollowUp.objects.bulk_create(
        [FollowUp(placement=placement, months=m, due_on=add_months(start_date, m)) for m in followup_months()]
    )
    context = {**referral_context(referral, notices.person_url(referral)), "starts_on": start_date.isoformat()}
    notify_user(referral.job_seeker.user, "placement_confirmed", context, f"placement:{placement.pk}")
    signals.placement_made.send(sender=Placement, placement=placement, actor=actor)
    return placement


@transaction.atomic
def placement_close(*, actor: User, placement: Placement, outcome: str, left_reason: str = "") -> Placement:
    """Close a placement as retained or left (with a coded reason); open follow-ups are dropped.

    *Left* moves the person's case back to job-ready (``case_back_to_job_ready``, audited), in the
    same transaction; *retained* leaves it ``placed`` (the person is in work).
    """
    if outcome == Placement.Outcome.LEFT and left_reason not in Placement.LeftReason.values:
        raise PlacementError(_("Choose why the person left the job."))
    placement.outcome = outcome
    placement.left_reason = left_reason if outcome == Placement.Outcome.LEFT else ""
    placement.closed_at = timezone.now()
    placement.full_clean()
    placement.save()
    placement.followups.filter(done_at__isnull=True).delete()
    if outcome == Placement.Outcome.LEFT:
        case_back_to_job_ready(actor=actor, job_seeker=placement.referral.job_seeker)
    return placement
