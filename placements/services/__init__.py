"""Writes of the placements app, one module per sub-domain:

- ``matching``: the matching batch, replacing suggestions (a vacancy's, a person's, a whole city's);
- ``referrals``: the referral workflow (every move through ``referral_move``, which checks
  ``REFERRAL_TRANSITIONS``, saves and appends a ``ReferralEvent``);
- ``requests``: an officer sends a person's own request on, or declines it with a reason;
- ``on_behalf``: staff confirm a referral for the person, with the disclosure and its consent basis;
- ``interviews``: scheduling interviews and the employer's confirmation of their accommodations;
- ``placements``: recording the hire and closing it;
- ``followups``: the city's follow-up schedule, recording follow-ups, the due notices;
- ``bpjs``: the worker's BPJS Ketenagakerjaan enrolment, at the placement and asked again later;
- ``cases`` (the person's case as referrals and placements move it) and ``common`` (the error and
  the notices to one user) serve the others.

Every service is keyword-only and atomic. Errors: ``PlacementError`` (a message for the user) for
an illegal move or a rule broken. Reads (who the actor is, the follow-up schedule in force, the
suggestion lists) are ``placements.selectors``. The public names are re-exported here, so callers
write ``from placements import services`` and ``services.referral_propose(...)``.
"""

from placements.services.bpjs import Enrolment, enrolment_clean, placement_bpjs_update
from placements.services.cases import CASE_PATH, CLOSED_WITHOUT_HIRE, REFERRAL_WITH_EMPLOYER
from placements.services.common import PlacementError
from placements.services.followups import (
    FOLLOWUP_MONTHS_RANGE,
    followup_record,
    followup_schedule_clean,
    followup_schedule_save,
    followups_notify_due,
)
from placements.services.interviews import interview_confirm, interview_schedule
from placements.services.matching import (
    SUGGESTIONS_PER_SEEKER,
    SUGGESTIONS_PER_VACANCY,
    VACANCY_BLOCK,
    city_match_run_claim,
    city_suggestions_refresh,
    job_seeker_suggestions_refresh,
    rank_city,
    vacancy_suggestions_refresh,
)
from placements.services.on_behalf import ON_BEHALF_CHANNELS, referral_confirm_for_person
from placements.services.placements import placement_close, placement_record
from placements.services.referrals import (
    referral_confirm,
    referral_decline,
    referral_offer,
    referral_propose,
    referral_reject,
    referral_to_employer,
    referral_withdraw,
)
from placements.services.requests import REASON_MAX_LENGTH, referral_request_decline, referral_request_send_on

__all__ = [
    "CASE_PATH",
    "CLOSED_WITHOUT_HIRE",
    "FOLLOWUP_MONTHS_RANGE",
    "ON_BEHALF_CHANNELS",
    "REASON_MAX_LENGTH",
    "REFERRAL_WITH_EMPLOYER",
    "SUGGESTIONS_PER_SEEKER",
    "SUGGESTIONS_PER_VACANCY",
    "VACANCY_BLOCK",
    "Enrolment",
    "PlacementError",
    "city_match_run_claim",
    "city_suggestions_refresh",
    "enrolment_clean",
    "followup_record",
    "followup_schedule_clean",
    "followup_schedule_save",
    "followups_notify_due",
    "interview_confirm",
    "interview_schedule",
    "job_seeker_suggestions_refresh",
    "placement_bpjs_update",
    "placement_close",
    "placement_record",
    "rank_city",
    "referral_confirm",
    "referral_confirm_for_person",
    "referral_decline",
    "referral_offer",
    "referral_propose",
    "referral_reject",
    "referral_request_decline",
    "referral_request_send_on",
    "referral_to_employer",
    "referral_withdraw",
    "vacancy_suggestions_refresh",
]
