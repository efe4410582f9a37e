"""Changing the profile's own fields: the one write that every profile form, the API and the
disclosure choice go through (so each change is saved, checked and announced the same way)."""

from __future__ import annotations

from django.db import transaction

from jobseekers.models import JobSeeker
from jobseekers.signals import profile_changed

# The profile's many-to-many fields: set after the row is saved.
PROFILE_M2M = ("skills", "occupations", "accommodations")


def _apply(job_seeker: JobSeeker, fields: dict) -> dict:
    """Set plain fields on ``job_seeker``; return the many-to-many values to set after saving."""
    m2m = {}
    for field, value in fields.items():
        if field in PROFILE_M2M:
            m2m[field] = value
        else:
            setattr(job_seeker, field, value)
    return m2m


@transaction.atomic
def jobseeker_update(*, actor, job_seeker: JobSeeker, step: int | None = None, **fields) -> JobSeeker:
    """Change profile fields (and the many-to-many ``skills``, ``occupations``, ``accommodations``).

    ``step`` records the last step of the stepped profile saved (save and continue later).
    Raises ``ValidationError`` as ``jobseeker_register``.
    """
    m2m = _apply(job_seeker, fields)
    if step is not None:
        job_seeker.profile_step = max(job_seeker.profile_step, step)
    job_seeker.full_clean(exclude=["city", "wg_disability"])
    job_seeker.save()
    for field, values in m2m.items():
        getattr(job_seeker, field).set(values)
    profile_changed.send(sender=JobSeeker, job_seeker=job_seeker, actor=actor)
    return job_seeker
