"""Interviews of a referral: schedule (or re-schedule) with the accommodations asked, and the
employer's confirmation of those accommodations."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from placements import notices
from placements.models import Interview, Referral, ReferralEvent
from placements.selectors import actor_kinds
from placements.services import dates
from placements.services.common import PlacementError
from placements.services.referrals import referral_move


@transaction.atomic
def interview_schedule(
    *,
    actor: User,
    referral: Referral,
    starts_at: datetime.datetime,
    place: str,
    accommodations: list[str],
    accommodation_note: str = "",
) -> Interview:
    """Schedule (or re-schedule) an interview with the accommodations asked; the employer confirms them.

    A confirmed referral moves to ``interview``; one already there gets another interview. The
    interview falls on or after the referral's day (``dates.check_interview_date``: ``ValidationError``
    on ``starts_at``).
    """
    if referral.status in (Referral.Status.CONFIRMED, Referral.Status.INTERVIEW):
        dates.check_interview_date(referral, starts_at)
    if referral.status == Referral.Status.CONFIRMED:
        referral_move(actor=actor, referral=referral, to=Referral.Status.INTERVIEW)
    elif referral.status != Referral.Status.INTERVIEW or not ({"employer", "staff"} & actor_kinds(actor, referral)):
        raise PlacementError(_("An interview can be scheduled only for a confirmed referral."))
    interview = Interview(
        referral=referral,
        starts_at=starts_at,
        place=place,
        accommodations=accommodations,
        accommodation_note=accommodation_note,
        scheduled_by=actor,
    )
    interview.full_clean()
    interview.save()
    notices.interview_notices(referral=referral, interview=interview)  # scheduled, or changed (old ones cancelled)
    notices.person_told(  # by the person's own channel, once per interview (their inbox has it already)
        actor=actor,
        referral=referral,
        kind="interview_scheduled",
        interview=interview,
        dedupe_key=notices.person_interview_key(interview),
        to_inbox=False,
    )
    return interview


@transaction.atomic
def interview_confirm(*, actor: User, interview: Interview) -> Interview:
    """The employer confirms the interview's accommodations (only a member of the organisation); the
    person is told by their channel (``interview_accommodations_confirmed``, once per interview)."""
    if "employer" not in actor_kinds(actor, interview.referral):
        raise PlacementError(_("Only the employer confirms the interview's accommodations."))
    interview.confirmed_at = timezone.now()
    interview.confirmed_by = actor
    interview.save(update_fields=["confirmed_at", "confirmed_by"])
    ReferralEvent.objects.create(
        referral=interview.referral,
        from_status=interview.referral.status,
        to_status=interview.referral.status,
        actor=actor,
        actor_kind="employer",
        note=_("Interview accommodations confirmed"),
    )
    if interview.accommodations or interview.accommodation_note:
        notices.person_told(
            actor=actor,
            referral=interview.referral,
            kind="interview_accommodations_confirmed",
            interview=interview,
            dedupe_key=f"person-interview-accommodations-confirmed:{interview.pk}",
        )
    return interview
