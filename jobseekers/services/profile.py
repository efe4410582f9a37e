"""Registration and the profile: the person's fields, the stepped profile's entries, WG-SS answers."""

from __future__ import annotations

from django.db import transaction

from jobseekers.models import ConsentRecord, FunctioningAnswer, JobSeeker, RegistrationChannel
from jobseekers.services.consent import consent_record
from jobseekers.signals import profile_changed
from reference.models import WGDomain

# WG-SS DISABILITY3, the WG-recommended cut-off: "a lot of difficulty" (3) or "cannot do at all" (4).
WG_CUTOFF_CODES = frozenset({FunctioningAnswer.Code.A_LOT, FunctioningAnswer.Code.CANNOT})
PROFILE_M2M = ("skills", "occupations", "accommodations")


def wg_disability(codes: dict[str, int]) -> bool | None:
    """The DISABILITY3 flag from ``{domain: code}``: ``True`` when any domain is 3 or 4; ``False``
    when all six are answered 1 or 2; ``None`` when an answer is missing, refused (7) or unknown (9)
    and no domain reaches the cut-off. Source: Washington Group, WG-SS analytic guidelines."""
    if any(code in WG_CUTOFF_CODES for code in codes.values()):
        return True
    if set(codes) >= set(WGDomain.values) and all(code in (1, 2) for code in codes.values()):
        return False
    return None


@transaction.atomic
def functioning_record(*, job_seeker: JobSeeker, answers: dict[str, int], actor=None) -> JobSeeker:
    """Store WG-SS ``answers`` (``{domain: code}``, current city) and refresh ``wg_disability``.
    ``actor`` (``None`` for loaders) is passed on with ``profile_changed``.

    Raises ``ValueError`` for an unknown domain and ``django.core.exceptions.ValidationError`` for
    an unknown code.
    """
    unknown = set(answers) - set(WGDomain.values)
    if unknown:
        raise ValueError(f"Unknown WG-SS domains: {sorted(unknown)}")
    for domain, code in answers.items():
        answer = FunctioningAnswer.objects.filter(job_seeker=job_seeker, domain=domain).first() or FunctioningAnswer(
            job_seeker=job_seeker, domain=domain
        )
        answer.code = code
        answer.full_clean(exclude=["city"])
        answer.save()
    codes = dict(FunctioningAnswer.objects.filter(job_seeker=job_seeker).values_list("domain", "code"))
    job_seeker.wg_disability = wg_disability(codes)
    job_seeker.save(update_fields=["wg_disability"])
    profile_changed.send(sender=JobSeeker, job_seeker=job_seeker, actor=actor)
    return job_seeker


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
def jobseeker_register(
    *,
    actor,
    name: str,
    channel: str,
    user=None,
    consents: dict[str, bool] | None = None,
    consent_channel: str = "online",
    guardian_name: str = "",
    guardian_relation: str = "",
    **fields,
) -> JobSeeker:
    """Register a job seeker in the current city.

    ``channel`` is a ``RegistrationChannel`` (self, staff, partner, import). For an assisted
    registration ``actor`` is the staff member or partner, recorded as ``registered_by`` and as the
    assistant of each consent. ``consents`` maps ``ConsentPurpose`` values to the person's answer
    (``True`` given; ``False`` recorded nowhere: no consent is the default). Raises
    ``ValidationError`` (NIK shape or disagreement with birth date/gender, NIK already in the city).
    """
    seeker = JobSeeker(name=name, user=user, registration_channel=channel)
    if channel in (RegistrationChannel.STAFF, RegistrationChannel.PARTNER, RegistrationChannel.IMPORT):
        seeker.registered_by = actor
    m2m = _apply(seeker, fields)
    seeker.full_clean(exclude=["city", "wg_disability"])
    seeker.save()
    for field, values in m2m.items():
        getattr(seeker, field).set(values)
    assisted = actor if channel in (RegistrationChannel.STAFF, RegistrationChannel.PARTNER) else None
    for purpose, given in (consents or {}).items():
        if given:
            consent_record(
                actor=actor,
                job_seeker=seeker,
                purpose=purpose,
                decision=ConsentRecord.Decision.GIVEN,
                channel=consent_channel,
                assisted_by=assisted,
                guardian_name=guardian_name,
                guardian_relation=guardian_relation,
            )
    profile_changed.send(sender=JobSeeker, job_seeker=seeker, actor=actor)
    return seeker


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


@transaction.atomic
def profile_start(*, actor) -> JobSeeker:
    """The self-service profile of ``actor`` (a user) in the current city: the existing one, else a
    new one (channel self, source online, name and email from the account; ``jobseeker_register``).
    Called at sign-up (``on_member_signed_up``) and by the "start my profile" button, never by a GET."""
    seeker = JobSeeker.objects.filter(user=actor).first()
    if seeker is not None:
        return seeker
    return jobseeker_register(
        actor=actor,
        name=actor.name or actor.email,
        channel=RegistrationChannel.SELF,
        user=actor,
        referral_source="online",
        email=actor.email,
    )


def on_member_signed_up(sender, *, membership, user, **kwargs) -> None:
    """``accounts.signals.member_signed_up`` receiver: a job seeker who signs up gets their profile
    (``profile_start``) in the sign-up's transaction and city context."""
    from accounts.models import Membership

    if membership.role == Membership.Role.JOB_SEEKER:
        profile_start(actor=user)


@transaction.atomic
def profile_entry_add(*, actor, job_seeker: JobSeeker, entry):
    """Save a new ``Education``, ``Training`` or ``Experience`` ``entry`` (unsaved, validated by its
    form) for ``job_seeker`` and send ``profile_changed``."""
    entry.job_seeker = job_seeker
    entry.save()
    profile_changed.send(sender=JobSeeker, job_seeker=job_seeker, actor=actor)
    return entry


@transaction.atomic
def profile_entry_remove(*, actor, job_seeker: JobSeeker, entry) -> None:
    """Delete one ``Education``, ``Training`` or ``Experience`` ``entry`` of ``job_seeker``; sends
    ``profile_changed``. ``ValueError`` when the entry is someone else's."""
    if entry.job_seeker_id != job_seeker.pk:
        raise ValueError("The entry belongs to another job seeker.")
    entry.delete()
    profile_changed.send(sender=JobSeeker, job_seeker=job_seeker, actor=actor)
