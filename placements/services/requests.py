"""Requests from job seekers: a referral the person asked for themselves (``Referral.is_self_request``)
waits in ``requested`` until an officer sends it on to the employer or declines it with a reason.

A human decides every referral (UU 27/2022 art. 10: no decision by automated processing alone);
until an officer sends it on, the employer sees nothing of it (``selectors.EMPLOYER_VISIBLE_STATUSES``).
Both decisions are ``ReferralEvent`` rows naming the officer, and the person is told by their chosen
channel (``notices.person_told``).
"""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from placements import notices
from placements.models import Referral
from placements.services.common import PlacementError
from placements.services.referrals import referral_move, referral_to_employer

# The longest reason an officer writes to the person (the textarea's limit).
REASON_MAX_LENGTH = 1000


def _locked_request(referral: Referral) -> Referral:
    """``referral`` re-read under a row lock: two officers deciding the same request at once decide it once."""
    fresh = Referral.objects.select_for_update().select_related("job_seeker", "vacancy__employer").get(pk=referral.pk)
    if fresh.status != Referral.Status.REQUESTED:
        raise PlacementError(_("This request has already been decided."))
    return fresh


@transaction.atomic
def referral_request_send_on(*, actor: User, referral: Referral, note: str = "") -> Referral:
    """An officer sends the person's request on: ``requested`` → ``confirmed`` with the disclosure the
    person chose, the case moves to ``referred`` and the employer is told (``referral_to_employer``);
    the person is told (``referral_request_sent_on``). ``PlacementError`` when the actor is not staff
    of the city or the request was already decided."""
    referral = _locked_request(referral)
    referral_to_employer(actor=actor, referral=referral, note=note)
    notices.person_told(
        actor=actor,
        referral=referral,
        kind="referral_request_sent_on",
        dedupe_key=f"referral-request-sent-on:{referral.pk}",
    )
    return referral


@transaction.atomic
def referral_request_decline(*, actor: User, referral: Referral, reason: str) -> Referral:
    """An officer declines the person's request with a ``reason`` the person reads on their referrals
    page and is told by their channel (``referral_request_declined``): ``requested`` → ``not_sent``.
    The employer never saw it. ``PlacementError`` without a reason, for a reason longer than
    ``REASON_MAX_LENGTH``, when the actor is not staff or the request was already decided."""
    reason = (reason or "").strip()
    if not reason:
        raise PlacementError(_("Write the reason for the person."))
    if len(reason) > REASON_MAX_LENGTH:
        raise PlacementError(_("Keep the reason to %(max)s characters.") % {"max": REASON_MAX_LENGTH})
    referral = _locked_request(referral)
    referral.not_sent_reason = reason
    referral_move(actor=actor, referral=referral, to=Referral.Status.NOT_SENT, note=reason)
    notices.person_told(
        actor=actor,
        referral=referral,
        kind="referral_request_declined",
        dedupe_key=f"referral-request-declined:{referral.pk}",
        reason=reason,
    )
    return referral
