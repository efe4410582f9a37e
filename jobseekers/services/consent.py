"""Consent (UU 27/2022 arts. 20-22, 40): explicit, per purpose, withdrawable at once; records are append-only."""

from __future__ import annotations

from collections.abc import Collection

from django.db import transaction

from jobseekers import notices
from jobseekers.models import ConsentPurpose, ConsentRecord, JobSeeker
from jobseekers.selectors import consent_text_current, consents_given
from jobseekers.signals import profile_changed

# Which mirror flag on JobSeeker each purpose drives.
CONSENT_FLAGS = {
    "specific_data": "specific_data_allowed",
    "matching": "matching_allowed",
    "sharing": "sharing_allowed",
    "notifications": "notifications_allowed",
}


@transaction.atomic
def consent_record(
    *,
    actor,
    job_seeker: JobSeeker,
    purpose: str,
    decision: str,
    channel: str,
    assisted_by=None,
    guardian_name: str = "",
    guardian_relation: str = "",
) -> ConsentRecord:
    """Record a decision against the current text of ``purpose`` and update the person's flags.

    A withdrawal (or "to be confirmed") clears the flag **in the same transaction**: from the commit on,
    the person is out of matching (``matching_allowed``) and sharing (``sharing_allowed``). Records
    are append-only. Raises ``ValueError`` for a purpose without a published text.
    """
    text = consent_text_current(purpose)
    if text is None:
        raise ValueError(f"No consent text is published for {purpose!r}.")
    record = ConsentRecord(
        job_seeker=job_seeker,
        text=text,
        decision=decision,
        channel=channel,
        recorded_by=actor,
        assisted_by=assisted_by,
        guardian_name=guardian_name,
        guardian_relation=guardian_relation,
    )
    record.full_clean(exclude=["city", "recorded_by", "assisted_by"])
    record.save()
    setattr(job_seeker, CONSENT_FLAGS[purpose], decision == ConsentRecord.Decision.GIVEN)
    if decision == ConsentRecord.Decision.GIVEN and job_seeker.consent_to_confirm:
        job_seeker.consent_to_confirm = False
    job_seeker.save(update_fields=[CONSENT_FLAGS[purpose], "consent_to_confirm", "updated_at"])
    profile_changed.send(sender=JobSeeker, job_seeker=job_seeker, actor=actor)
    if decision == ConsentRecord.Decision.WITHDRAWN:
        notices.consent_withdrawn(actor=actor, record=record)  # case staff told, in this transaction
    return record


def consent_withdraw(*, actor, job_seeker: JobSeeker, purpose: str, channel: str = "online") -> ConsentRecord:
    """Withdraw consent for ``purpose``: effective immediately, recorded (see ``consent_record``)."""
    return consent_record(
        actor=actor, job_seeker=job_seeker, purpose=purpose, decision=ConsentRecord.Decision.WITHDRAWN, channel=channel
    )


@transaction.atomic
def consents_update(
    *,
    actor,
    job_seeker: JobSeeker,
    granted: Collection[str],
    channel: str,
    assisted_by=None,
    guardian_name: str = "",
    guardian_relation: str = "",
    confirm_pending: bool = False,
) -> list[ConsentRecord]:
    """Bring the person's consent in line with ``granted`` (the ``ConsentPurpose`` values now given;
    every other purpose is not): one ``consent_record`` per purpose whose decision changes (given,
    or withdrawn when it was given), in the purposes' order, all in one transaction.

    ``confirm_pending`` (staff confirming an imported record's consent, "to be confirmed"): a purpose
    already given is recorded again while the person's consent is still to be confirmed; the first
    given record clears that state, so later purposes already given are left alone.
    Returns the records written. Raises ``ValueError`` as ``consent_record``.
    """
    given = consents_given(job_seeker)
    records = []
    for purpose in ConsentPurpose.values:
        wanted = purpose in granted
        if wanted == (purpose in given) and not (confirm_pending and wanted and job_seeker.consent_to_confirm):
            continue
        records.append(
            consent_record(
                actor=actor,
                job_seeker=job_seeker,
                purpose=purpose,
                decision=ConsentRecord.Decision.GIVEN if wanted else ConsentRecord.Decision.WITHDRAWN,
                channel=channel,
                assisted_by=assisted_by,
                guardian_name=guardian_name,
                guardian_relation=guardian_relation,
            )
        )
    return records
