"""Staff confirm a referral for the person: someone without an account, or who came to the desk,
agrees at the center (or by phone, or through a family member or interpreter) to be put forward.

The officer records, in one transaction and with one consent basis (``jobseekers.ConsentBasis``):
the person's consent to sharing their profile with employers when it is not in force yet
(``jobseekers.services.consent_record``), and the information groups the employer may see on this
referral, chosen together with the person (``jobseekers.services.consent.disclosure_choose`` with
``for_referral``: a ``DisclosureRecord`` with the channel, basis, intermediary and the scan of a
signed form, stored by the jobseekers document service). The referral then proceeds exactly like
the person's own confirmation (``referral_to_employer``: case → referred, the employer sees only the
disclosed groups); its ``ReferralEvent`` names the officer and links the disclosure record, and the
person is told by their channel (``referral_confirmed_for_person``).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from jobseekers.models import DISCLOSURE_GROUPS, ConsentChannel, ConsentPurpose, ConsentRecord
from placements import notices
from placements.models import Referral
from placements.selectors import actor_kinds
from placements.services.common import PlacementError
from placements.services.referrals import referral_to_employer

# How staff meet the person to record a decision for them (not the person's own online form, not an import).
ON_BEHALF_CHANNELS = (ConsentChannel.IN_PERSON, ConsentChannel.PHONE, ConsentChannel.PAPER)


@transaction.atomic
def referral_confirm_for_person(
    *,
    actor: User,
    referral: Referral,
    disclosed: list[str],
    channel: str,
    basis: str,
    guardian_name: str = "",
    guardian_relation: str = "",
    paper_form=None,
    give_sharing_consent: bool = False,
    note: str = "",
) -> Referral:
    """Confirm ``referral`` (``proposed``, or a request of the person who came to the desk about it:
    ``requested``) for its person, with ``disclosed`` (of ``DISCLOSURE_GROUPS``)
    chosen together with them, recorded with ``channel`` (``ON_BEHALF_CHANNELS``), ``basis`` (not
    ``self``), the intermediary's name and relation, and ``paper_form`` (an uploaded scan, needed when
    the basis is ``signed``).

    Sharing consent must be in force, or ``give_sharing_consent`` records it now with the same basis
    and the same scan. Raises ``PlacementError`` (not staff of the city, a referral not waiting for
    confirmation, no sharing consent, an unknown group or channel) and ``ValidationError`` keyed
    ``basis`` / ``guardian_name`` / ``paper_form`` for a basis that does not hold; nothing is written
    then.
    """
    from jobseekers.services import consent_record
    from jobseekers.services.consent import disclosure_choose

    if "staff" not in actor_kinds(actor, referral):
        raise PlacementError(_("Only the job center's staff confirm a referral for the person."))
    if referral.status not in (Referral.Status.PROPOSED, Referral.Status.REQUESTED):
        raise PlacementError(_("Only a referral waiting for the person's confirmation can be confirmed for them."))
    if set(disclosed) - set(DISCLOSURE_GROUPS):
        raise PlacementError(_("Unknown information group."))
    if channel not in ON_BEHALF_CHANNELS:
        raise PlacementError(_("Choose how you met the person."))
    person = referral.job_seeker
    how = {"channel": channel, "basis": basis, "guardian_name": guardian_name, "guardian_relation": guardian_relation}
    if not person.sharing_allowed:
        if not give_sharing_consent:
            raise PlacementError(
                _("The person has not consented to sharing their profile with employers. Record their consent first.")
            )
        try:
            consent = consent_record(
                actor=actor,
                job_seeker=person,
                purpose=ConsentPurpose.SHARING,
                decision=ConsentRecord.Decision.GIVEN,
                paper_form=paper_form,
                **how,
            )
        except ValueError as error:  # no consent text published for sharing
            raise PlacementError(_("No consent text for sharing is published yet.")) from error
        paper_form = consent.paper_form or paper_form  # the same scan, stored once
    groups = [g for g in DISCLOSURE_GROUPS if g in disclosed]
    record = disclosure_choose(
        actor=actor, job_seeker=person, groups=groups, paper_form=paper_form, for_referral=True, **how
    )
    if record is None:  # a choice for one referral is always recorded
        raise ValidationError(_("The disclosure choice could not be recorded."))
    referral.disclosed = groups
    referral.disclosure = record
    referral_to_employer(actor=actor, referral=referral, note=note, disclosure=record)
    notices.person_told(
        actor=actor,
        referral=referral,
        kind="referral_confirmed_for_person",
        dedupe_key=f"referral-confirmed-for-person:{referral.pk}",
    )
    return referral
