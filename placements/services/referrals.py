"""The referral workflow: propose, confirm, decline, withdraw, reject, offer.

Every move goes through ``referral_move`` only, which checks ``REFERRAL_TRANSITIONS`` (from, to,
kind of actor; narrowed by who proposed, ``selectors.transition_kinds``), saves, appends a
``ReferralEvent`` and moves the person's case (``placements.services.cases``). Errors:
``PlacementError`` (a message for the user). The person's confirmation of a referral they asked for
themselves makes it a request (``requested``) an officer decides (``placements.services.requests``);
staff confirm a referral for the person in ``placements.services.on_behalf``.
"""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import Membership, User
from cities.tenancy import require_city_id
from employers.models import Vacancy
from jobseekers.models import DISCLOSURE_GROUPS, JobSeeker
from placements import notices
from placements.models import MatchSuggestion, Referral, ReferralEvent
from placements.selectors import actor_kinds, transition_kinds
from placements.services import dates
from placements.services.cases import CLOSED_WITHOUT_HIRE, case_back_from_referral, case_to_referred
from placements.services.common import PlacementError, employer_users, notify_user, referral_context


def referral_move(*, actor: User, referral: Referral, to: str, note: str = "", disclosure=None) -> Referral:
    """Move ``referral`` to ``to`` inside the caller's transaction: ``PlacementError`` when
    ``REFERRAL_TRANSITIONS`` has no such move or the actor's kind may not make it
    (``selectors.transition_kinds``). ``disclosure``: the ``DisclosureRecord`` the move rests on (a
    confirmation staff recorded for the person), linked from the event."""
    allowed = transition_kinds(referral, to)
    if allowed is None:
        raise PlacementError(
            _("A referral cannot go from “%(from)s” to “%(to)s”.")
            % {"from": referral.get_status_display(), "to": Referral.Status(to).label}
        )
    kinds = allowed & actor_kinds(actor, referral)
    if not kinds:
        raise PlacementError(_("You may not make this change to the referral."))
    previous = referral.status
    referral.status = to
    referral.full_clean()
    referral.save()
    ReferralEvent.objects.create(
        referral=referral,
        from_status=previous,
        to_status=to,
        actor=actor,
        actor_kind=sorted(kinds)[0],
        note=note,
        disclosure=disclosure,
    )
    notices.referral_moved(actor=actor, referral=referral, previous=previous)
    if to == Referral.Status.CONFIRMED:
        case_to_referred(actor=actor, job_seeker=referral.job_seeker)
    elif to in CLOSED_WITHOUT_HIRE:
        case_back_from_referral(actor=actor, job_seeker=referral.job_seeker)
    return referral


@transaction.atomic
def referral_propose(*, actor: User, job_seeker: JobSeeker, vacancy: Vacancy, note: str = "") -> Referral:
    """Propose ``job_seeker`` for ``vacancy`` (staff; or the person, for a vacancy suggested to them).

    The disclosure choices start from the person's defaults (``JobSeeker.share_*``). Raises
    ``PlacementError`` for an unpublished vacancy, an open referral for the pair, or a person
    proposing a vacancy that was not suggested to them. A human decides: UU 27/2022 art. 10.
    """
    if vacancy.status != Vacancy.Status.PUBLISHED:
        raise PlacementError(_("Only a published vacancy can receive referrals."))
    is_person = job_seeker.user_id is not None and job_seeker.user_id == actor.pk
    is_staff = Membership.objects.filter(
        user_id=actor.pk, city_id=require_city_id(), role=Membership.Role.STAFF
    ).exists()
    if not is_staff:
        suggested = MatchSuggestion.objects.filter(job_seeker=job_seeker, vacancy=vacancy).exists()
        if not (is_person and suggested):
            raise PlacementError(_("You may propose a referral only for a vacancy suggested to you."))
    if (
        Referral.objects.filter(job_seeker=job_seeker, vacancy=vacancy)
        .exclude(status__in=[*CLOSED_WITHOUT_HIRE, Referral.Status.NOT_SENT])
        .exists()
    ):
        raise PlacementError(_("This person already has an open referral for this vacancy."))
    suggestion = MatchSuggestion.objects.filter(job_seeker=job_seeker, vacancy=vacancy).first()
    referral = Referral(
        job_seeker=job_seeker,
        vacancy=vacancy,
        proposed_by=actor,
        note=note,
        score=suggestion.score if suggestion else None,
        disclosed=[group for group, shared in job_seeker.disclosures().items() if shared],
    )
    referral.full_clean()
    referral.save()
    ReferralEvent.objects.create(
        referral=referral,
        to_status=Referral.Status.PROPOSED,
        actor=actor,
        actor_kind="staff" if is_staff else "person",
        note=note,
    )
    if not is_person:
        notify_user(
            job_seeker.user,
            "referral_proposed",
            referral_context(referral, notices.person_url(referral)),
            f"referral-proposed:{referral.pk}",
        )
    return referral


def referral_to_employer(*, actor: User, referral: Referral, note: str = "", disclosure=None) -> Referral:
    """Move ``referral`` to ``confirmed`` (the moment it reaches the employer, inside the caller's
    transaction): the case moves to ``referred`` (``referral_move``) and the employer's members are
    told (``referral_confirmed``). The person's confirmation, an officer sending a request on and a
    confirmation staff record for the person all end here."""
    referral_move(actor=actor, referral=referral, to=Referral.Status.CONFIRMED, note=note, disclosure=disclosure)
    for user in employer_users(referral):
        notify_user(
            user,
            "referral_confirmed",
            referral_context(referral, notices.employer_url(referral)),
            f"referral-confirmed:{referral.pk}",
        )
    return referral


@transaction.atomic
def referral_confirm(*, actor: User, referral: Referral, disclosed: list[str]) -> Referral:
    """The person confirms and chooses what the employer may see (``DISCLOSURE_GROUPS``).

    Needs the person's consent to sharing with employers (UU 27/2022 art. 20): ``PlacementError``
    without it. A referral staff proposed goes to the employer (``referral_to_employer``: the case
    moves to ``referred`` in this transaction). One the person asked for themselves becomes a
    request (``requested``) that an officer sends on or declines (``placements.services.requests``);
    the employer sees nothing of it until then. Only the person's own login confirms here; staff
    confirm for the person through ``referral_confirm_for_person``.
    """
    if "person" not in actor_kinds(actor, referral):  # staff confirm for the person: referral_confirm_for_person
        raise PlacementError(_("You may not make this change to the referral."))
    unknown = set(disclosed) - set(DISCLOSURE_GROUPS)
    if unknown:
        raise PlacementError(_("Unknown information group."))
    if not referral.job_seeker.sharing_allowed:
        raise PlacementError(_("Give your consent to sharing your profile with employers first."))
    referral.disclosed = [g for g in DISCLOSURE_GROUPS if g in disclosed]
    if referral.status == Referral.Status.PROPOSED and referral.is_self_request:
        return referral_move(actor=actor, referral=referral, to=Referral.Status.REQUESTED)
    return referral_to_employer(actor=actor, referral=referral)


@transaction.atomic
def referral_decline(*, actor: User, referral: Referral, note: str = "") -> Referral:
    return referral_move(actor=actor, referral=referral, to=Referral.Status.DECLINED, note=note)


@transaction.atomic
def referral_withdraw(*, actor: User, referral: Referral, note: str = "") -> Referral:
    return referral_move(actor=actor, referral=referral, to=Referral.Status.WITHDRAWN, note=note)


@transaction.atomic
def referral_reject(*, actor: User, referral: Referral, reason: str, note: str = "") -> Referral:
    """Not selected (or the offer declined), with a coded reason (``Referral.RejectionReason``)."""
    if reason not in Referral.RejectionReason.values:
        raise PlacementError(_("Choose a reason."))
    referral.rejection_reason = reason
    referral.rejection_note = note
    return referral_move(actor=actor, referral=referral, to=Referral.Status.REJECTED, note=note)


@transaction.atomic
def referral_offer(*, actor: User, referral: Referral, note: str = "") -> Referral:
    """An offer after the interview; the latest interview's accommodations must be confirmed first.

    Recorded on or after the latest interview's day (``dates.check_offer_date``: ``ValidationError``).
    """
    interview = referral.interviews.order_by("-starts_at", "-pk").first()
    if interview and (interview.accommodations or interview.accommodation_note) and not interview.confirmed_at:
        raise PlacementError(_("The employer has not yet confirmed the interview's accommodations."))
    if referral.status == Referral.Status.INTERVIEW:
        dates.check_offer_date(referral)
    referral_move(actor=actor, referral=referral, to=Referral.Status.OFFERED, note=note)
    notify_user(
        referral.job_seeker.user,
        "offer_made",
        referral_context(referral, notices.person_url(referral)),
        f"offer-made:{referral.pk}",
    )
    return referral
