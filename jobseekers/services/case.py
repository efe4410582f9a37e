"""Staff's case work: the case's status (allowed moves only), officer, next action, counselling notes."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from jobseekers.models import CASE_TRANSITIONS, CaseStatus, CounsellingNote, JobSeeker
from jobseekers.signals import profile_changed


@transaction.atomic
def case_status_change(*, actor, job_seeker: JobSeeker, status: str) -> JobSeeker:
    """Move a case along ``CASE_TRANSITIONS``; ``ValidationError`` for a move not allowed."""
    if status != job_seeker.status and status not in CASE_TRANSITIONS[job_seeker.status]:
        raise ValidationError(
            _("A case cannot move from %(old)s to %(new)s."),
            code="transition",
            params={"old": job_seeker.get_status_display(), "new": CaseStatus(status).label},
        )
    job_seeker.status = status
    job_seeker.save(update_fields=["status", "updated_at"])
    profile_changed.send(sender=JobSeeker, job_seeker=job_seeker, actor=actor)
    return job_seeker


@transaction.atomic
def case_update(*, actor, job_seeker: JobSeeker, status: str, assigned_officer, next_action_on) -> JobSeeker:
    """Status (checked by ``case_status_change``), assigned officer and next action date of a case."""
    case_status_change(actor=actor, job_seeker=job_seeker, status=status)
    job_seeker.assigned_officer = assigned_officer
    job_seeker.next_action_on = next_action_on
    job_seeker.save(update_fields=["assigned_officer", "next_action_on", "updated_at"])
    return job_seeker


@transaction.atomic
def counselling_note_add(*, actor, job_seeker: JobSeeker, met_on, text: str) -> CounsellingNote:
    """A counselling note by ``actor`` about ``job_seeker``; ``ValidationError`` for an invalid note."""
    note = CounsellingNote(job_seeker=job_seeker, author=actor, met_on=met_on, text=text)
    note.full_clean(exclude=["city", "author"])
    note.save()
    return note
