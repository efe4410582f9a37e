"""Registration and the profile: the person's fields, the stepped profile's entries, WG-SS answers."""

from __future__ import annotations

from collections.abc import Collection

from django.db import transaction

from jobseekers.models import ConsentRecord, FunctioningAnswer, JobSeeker, RegistrationChannel
from jobseekers.selectors import partner_organisation_of
from jobseekers.services.consent import basis_check, consent_record, disclosure_choose, paper_form_store
from jobseekers.services.fields import (  # noqa: F401  (re-exported)
    PROFILE_M2M,
    _apply,
    jobseeker_update,
    whatsapp_opt_in_follow,
)
from jobseekers.signals import profile_changed
from reference.models import WGDomain

# WG-SS DISABILITY3, the WG-recommended cut-off: "a lot of difficulty" (3) or "cannot do at all" (4).
WG_CUTOFF_CODES = frozenset({FunctioningAnswer.Code.A_LOT, FunctioningAnswer.Code.CANNOT})


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


@transaction.atomic
def jobseeker_register(
    *,
    actor,
    name: str,
    channel: str,
    user=None,
    consents: dict[str, bool] | None = None,
    consent_channel: str = "online",
    consent_basis: str | None = None,
    guardian_name: str = "",
    guardian_relation: str = "",
    paper_form=None,
    **fields,
) -> JobSeeker:
    """Register a job seeker in the current city.

    ``channel`` is a ``RegistrationChannel`` (self, staff, partner, import). For an assisted
    registration ``actor`` is the staff member or partner, recorded as ``registered_by`` and as the
    assistant of each consent; a partner's registration puts the person in their organisation's
    caseload (``partner_organisation``, from the partner's membership in this city). ``consents``
    maps ``ConsentPurpose`` values to the person's answer (``True`` given; ``False`` recorded
    nowhere: no consent is the default), recorded with ``consent_basis`` and the scan
    ``paper_form`` (``consent.basis_check``). Raises ``ValidationError`` (NIK shape or disagreement
    with birth date/gender, NIK already in the city, a basis that does not hold).
    """
    seeker = JobSeeker(name=name, user=user, registration_channel=channel)
    if channel in (RegistrationChannel.STAFF, RegistrationChannel.PARTNER, RegistrationChannel.IMPORT):
        seeker.registered_by = actor
    m2m = _apply(seeker, fields)
    if channel == RegistrationChannel.PARTNER and actor is not None and not seeker.partner_organisation:
        seeker.partner_organisation = partner_organisation_of(actor=actor)
    seeker.full_clean(exclude=["city", "wg_disability"])
    given = [purpose for purpose, answer in (consents or {}).items() if answer]
    if given:  # the basis is checked before the person is saved: nothing is written when it fails
        basis_check(
            actor=actor, job_seeker=seeker, basis=consent_basis, guardian_name=guardian_name, paper_form=paper_form
        )
    seeker.save()
    for field, values in m2m.items():
        getattr(seeker, field).set(values)
    if channel != RegistrationChannel.IMPORT:  # an imported file's column is not an opt-in
        whatsapp_opt_in_follow(actor=actor, job_seeker=seeker, was=("", ""))
    assisted = actor if channel in (RegistrationChannel.STAFF, RegistrationChannel.PARTNER) else None
    if given:
        paper_form = paper_form_store(actor=actor, job_seeker=seeker, paper_form=paper_form)
    for purpose in given:
        consent_record(
            actor=actor,
            job_seeker=seeker,
            purpose=purpose,
            decision=ConsentRecord.Decision.GIVEN,
            channel=consent_channel,
            basis=consent_basis,
            assisted_by=assisted,
            guardian_name=guardian_name,
            guardian_relation=guardian_relation,
            paper_form=paper_form,
        )
    profile_changed.send(sender=JobSeeker, job_seeker=seeker, actor=actor)
    return seeker


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


@transaction.atomic
def profile_step_save(
    *,
    actor,
    job_seeker: JobSeeker,
    step: int,
    fields: dict | None = None,
    answers: dict[str, int] | None = None,
    shared: Collection[str] | None = None,
    specific_data_consent: bool = False,
    how: dict | None = None,
) -> JobSeeker:
    """Save one step of the stepped profile, the same way whoever fills it (the person on their own
    pages, or staff or a partner for them): the audit trail gets the same entries either way.

    One of ``fields`` (profile fields, ``jobseeker_update``), ``answers`` (WG-SS ``{domain: code}``,
    ``functioning_record``) or ``shared`` (disclosure groups, ``consent.disclosure_choose``) is the
    step's content. ``how``: how a decision was given when someone records it for the person
    (``channel``, ``basis``, ``assisted_by``, ``guardian_name``, ``guardian_relation``,
    ``paper_form``; ``None`` for the person online). ``specific_data_consent``: the person's consent to
    processing their disability and health data is recorded first, with ``how`` (UU 27/2022 art.
    20: specific data needs explicit consent). Raises ``ValidationError`` as the services it calls.
    """
    how = how or {}
    if specific_data_consent:
        consent_record(
            actor=actor,
            job_seeker=job_seeker,
            purpose="specific_data",
            decision=ConsentRecord.Decision.GIVEN,
            **{"channel": "online", **how},
        )
    if answers is not None:
        functioning_record(actor=actor, job_seeker=job_seeker, answers=answers)
        return jobseeker_update(actor=actor, job_seeker=job_seeker, step=step)
    if shared is not None:
        disclosure_choose(actor=actor, job_seeker=job_seeker, groups=shared, step=step, **how)
        return job_seeker
    return jobseeker_update(actor=actor, job_seeker=job_seeker, step=step, **(fields or {}))
