"""Changing the profile's own fields: the one write that every profile form, the API and the
disclosure choice go through (so each change is saved, checked and announced the same way)."""

from __future__ import annotations

from django.db import transaction

from jobseekers.models import JobSeeker
from jobseekers.signals import profile_changed
from notifications import whatsapp
from notifications.models import WhatsAppOptIn

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


def whatsapp_opt_in_follow(*, actor, job_seeker: JobSeeker, was: tuple[str, str]) -> None:
    """Choosing WhatsApp as the way to be contacted (``contact_channel``) is the person's WhatsApp opt-in
    (``notifications.WhatsAppOptIn``): recorded with its time and how it was given (by the person on the
    portal, or told to the staff member or partner who saves it); choosing another way, or another
    number, withdraws it for the old number. ``was``: the ``(contact_channel, phone)`` before the change.
    A loader (``actor`` ``None``: an import) records none: a spreadsheet's column is not an opt-in."""
    old_channel, old_phone = was
    if old_channel == "whatsapp" and old_phone and (job_seeker.contact_channel, job_seeker.phone) != was:
        whatsapp.opt_in_withdraw(phone=old_phone)
    chosen = job_seeker.contact_channel == "whatsapp" and job_seeker.phone and actor is not None
    if chosen and whatsapp.active_opt_in(job_seeker.phone) is None:
        own = job_seeker.user_id is not None and actor.pk == job_seeker.user_id
        method = WhatsAppOptIn.Method.PORTAL if own else WhatsAppOptIn.Method.DESK
        whatsapp.opt_in_record(phone=job_seeker.phone, method=method, actor=None if own else actor)


@transaction.atomic
def jobseeker_update(*, actor, job_seeker: JobSeeker, step: int | None = None, **fields) -> JobSeeker:
    """Change profile fields (and the many-to-many ``skills``, ``occupations``, ``accommodations``).

    ``step`` records the last step of the stepped profile saved (save and continue later).
    Raises ``ValidationError`` as ``jobseeker_register``.
    """
    was = (job_seeker.contact_channel, job_seeker.phone)
    m2m = _apply(job_seeker, fields)
    if step is not None:
        job_seeker.profile_step = max(job_seeker.profile_step, step)
    job_seeker.full_clean(exclude=["city", "wg_disability"])
    job_seeker.save()
    for field, values in m2m.items():
        getattr(job_seeker, field).set(values)
    if "contact_channel" in fields or "phone" in fields:
        whatsapp_opt_in_follow(actor=actor, job_seeker=job_seeker, was=was)
    profile_changed.send(sender=JobSeeker, job_seeker=job_seeker, actor=actor)
    return job_seeker
