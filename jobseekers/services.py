"""Writes of the jobseekers app: registration, profile, WG-SS answers, case work and consent."""

from __future__ import annotations

from django.db import transaction

from jobseekers import notices
from jobseekers.models import FunctioningAnswer, JobSeeker
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
def functioning_record(*, job_seeker: JobSeeker, answers: dict[str, int]) -> JobSeeker:
    """Store WG-SS ``answers`` (``{domain: code}``, current city) and refresh ``wg_disability``.

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
    profile_changed.send(sender=JobSeeker, job_seeker=job_seeker, actor=None)
    return job_seeker


# --- Registration and profile ---------------------------------------------------------------------
PROFILE_M2M = ("skills", "occupations", "accommodations")


def duplicates(*, nik: str = "", name: str = "", birth_date=None, exclude_pk: int | None = None):
    """Job seekers of the current city that may be the same person: the same NIK, or the same name
    (case-insensitive) and birth date. Returns a queryset (possibly empty), never raises."""
    from django.db.models import Q

    from jobseekers.nik import normalise_nik

    condition = Q(pk__in=[])
    nik = normalise_nik(nik)
    if nik:
        condition |= Q(nik=nik)
    if name.strip() and birth_date:
        condition |= Q(name__iexact=name.strip(), birth_date=birth_date)
    found = JobSeeker.objects.filter(condition).filter(anonymised_at__isnull=True)
    if exclude_pk is not None:
        found = found.exclude(pk=exclude_pk)
    return found.order_by("name", "pk")


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
    from jobseekers.models import ConsentRecord, RegistrationChannel

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
def profile_start(*, user) -> JobSeeker:
    """The self-service profile of ``user`` in the current city: the existing one, else a new one
    (channel self, source online, name and email from the account; ``jobseeker_register``). Called
    at sign-up (``on_member_signed_up``) and by the "start my profile" button, never by a GET."""
    from jobseekers.models import RegistrationChannel

    seeker = JobSeeker.objects.filter(user=user).first()
    if seeker is not None:
        return seeker
    return jobseeker_register(
        actor=user,
        name=user.name or user.email,
        channel=RegistrationChannel.SELF,
        user=user,
        referral_source="online",
        email=user.email,
    )


def on_member_signed_up(sender, *, membership, user, **kwargs) -> None:
    """``accounts.signals.member_signed_up`` receiver: a job seeker who signs up gets their profile
    (``profile_start``) in the sign-up's transaction and city context."""
    from accounts.models import Membership

    if membership.role == Membership.Role.JOB_SEEKER:
        profile_start(user=user)


@transaction.atomic
def case_status_change(*, actor, job_seeker: JobSeeker, status: str) -> JobSeeker:
    """Move a case along ``CASE_TRANSITIONS``; ``ValidationError`` for a move not allowed."""
    from django.core.exceptions import ValidationError
    from django.utils.translation import gettext as _

    from jobseekers.models import CASE_TRANSITIONS, CaseStatus

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
def counselling_note_add(*, actor, job_seeker: JobSeeker, met_on, text: str):
    from jobseekers.models import CounsellingNote

    note = CounsellingNote(job_seeker=job_seeker, author=actor, met_on=met_on, text=text)
    note.full_clean(exclude=["city", "author"])
    note.save()
    return note


# --- Consent (UU 27/2022 arts. 20-22, 40: explicit, per purpose, withdrawable at once) ----------------
# Which mirror flag on JobSeeker each purpose drives.
CONSENT_FLAGS = {
    "specific_data": "specific_data_allowed",
    "matching": "matching_allowed",
    "sharing": "sharing_allowed",
    "notifications": "notifications_allowed",
}


def current_consent_text(purpose: str):
    from jobseekers.models import ConsentText

    return ConsentText.objects.filter(purpose=purpose).order_by("-version").first()


def current_consents(job_seeker: JobSeeker) -> dict[str, object]:
    """``{purpose: latest ConsentRecord or None}`` for every ``ConsentPurpose`` (one query)."""
    from jobseekers.models import ConsentPurpose

    latest: dict[str, object] = dict.fromkeys(ConsentPurpose.values)
    for record in job_seeker.consents.select_related("text", "assisted_by").order_by("recorded_at", "pk"):
        latest[record.text.purpose] = record
    return latest


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
):
    """Record a decision against the current text of ``purpose`` and update the person's flags.

    A withdrawal (or "to be confirmed") clears the flag **in the same transaction**: from the commit on,
    the person is out of matching (``matching_allowed``) and sharing (``sharing_allowed``). Records
    are append-only. Raises ``ValueError`` for a purpose without a published text.
    """
    from jobseekers.models import ConsentRecord

    text = current_consent_text(purpose)
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


def consent_withdraw(*, actor, job_seeker: JobSeeker, purpose: str, channel: str = "online"):
    """Withdraw consent for ``purpose``: effective immediately, recorded (see ``consent_record``)."""
    from jobseekers.models import ConsentRecord

    return consent_record(
        actor=actor, job_seeker=job_seeker, purpose=purpose, decision=ConsentRecord.Decision.WITHDRAWN, channel=channel
    )
