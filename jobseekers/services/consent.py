"""Consent (UU 27/2022 arts. 20-22, 40): explicit, per purpose, withdrawable at once; records are append-only.

Every decision carries how it was given (``ConsentBasis``): ``self`` when the person acts on their
own account; otherwise the basis staff or a partner recorded for them (signed paper form with its
scan, read aloud, through a named family member or interpreter, by phone). The same holds for the
disclosure choices (what an employer may see on a referral, ``disclosure_choose``).
"""

from __future__ import annotations

from collections.abc import Collection

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from jobseekers import notices
from jobseekers.models import (
    DISCLOSURE_GROUPS,
    ConsentBasis,
    ConsentChannel,
    ConsentPurpose,
    ConsentRecord,
    DisclosureRecord,
    Document,
    JobSeeker,
    on_behalf_problems,
)
from jobseekers.selectors import consent_text_current, consents_given, disclosure_current
from jobseekers.services.documents import document_upload
from jobseekers.services.fields import jobseeker_update
from jobseekers.signals import profile_changed

# Which mirror flag on JobSeeker each purpose drives.
CONSENT_FLAGS = {
    "specific_data": "specific_data_allowed",
    "matching": "matching_allowed",
    "sharing": "sharing_allowed",
    "notifications": "notifications_allowed",
}


def acts_for_self(*, actor, job_seeker: JobSeeker) -> bool:
    """Whether ``actor`` is the person of ``job_seeker`` (their own login)."""
    return actor is not None and job_seeker.user_id is not None and job_seeker.user_id == actor.pk


def basis_check(*, actor, job_seeker: JobSeeker, basis: str | None, guardian_name: str = "", paper_form=None) -> str:
    """The basis a decision about ``job_seeker`` by ``actor`` is recorded with, or ``ValidationError``
    (keyed ``basis``, ``guardian_name``, ``paper_form``) before anything is written.

    - The person on their own account: ``self`` (another basis is refused).
    - Anyone else (staff, a partner): a basis other than ``self`` is required; a family member or
      interpreter needs their name; a signed form needs its scan (``on_behalf_problems``).
    - ``basis=None``: a caller that records no decision of the person through a form (``actor``
      ``None`` for loaders and the import): recorded as not stated (``""``), or ``self`` for the
      person. Every page and the API's assisted registration (``consent_basis``) pass one.
    """
    if acts_for_self(actor=actor, job_seeker=job_seeker):
        if basis not in (None, "", ConsentBasis.SELF):
            raise ValidationError({"basis": _("A decision the person makes on their own account is their own.")})
        return ConsentBasis.SELF
    if basis is None:
        return ""
    if not basis:
        raise ValidationError({"basis": _("Say how the person gave this decision.")})
    if basis == ConsentBasis.SELF or basis not in ConsentBasis.values:
        raise ValidationError({"basis": _("Choose how the person gave this decision: you are recording it for them.")})
    problems = on_behalf_problems(basis=basis, guardian_name=guardian_name, has_paper_form=paper_form is not None)
    if problems:
        raise ValidationError(problems)
    return basis


def paper_form_store(*, actor, job_seeker: JobSeeker, paper_form) -> Document | None:
    """The scan of the signed form as a ``Document`` (kind ``consent_form``): ``paper_form`` is an
    uploaded file (checked and stored by ``document_upload``), a stored ``Document`` of the person,
    or ``None``. ``ValidationError`` keyed ``paper_form`` for a file the checks refuse."""
    if paper_form is None or isinstance(paper_form, Document):
        if paper_form is not None and paper_form.job_seeker_id != job_seeker.pk:
            raise ValueError("The paper form belongs to another job seeker.")
        return paper_form
    try:
        return document_upload(
            actor=actor, job_seeker=job_seeker, kind=Document.Kind.CONSENT_FORM, title="", uploaded=paper_form
        )
    except ValidationError as error:
        raise ValidationError({"paper_form": error.messages}) from error


@transaction.atomic
def consent_record(
    *,
    actor,
    job_seeker: JobSeeker,
    purpose: str,
    decision: str,
    channel: str,
    basis: str | None = None,
    assisted_by=None,
    guardian_name: str = "",
    guardian_relation: str = "",
    paper_form=None,
) -> ConsentRecord:
    """Record a decision against the current text of ``purpose`` and update the person's flags.

    ``basis``, ``guardian_name`` and ``paper_form`` (an uploaded scan or a ``Document``): how the
    decision was given, checked by ``basis_check`` (a decision "to be confirmed" has none).
    A withdrawal (or "to be confirmed") clears the flag **in the same transaction**: from the commit on,
    the person is out of matching (``matching_allowed``) and sharing (``sharing_allowed``). Records
    are append-only. Raises ``ValueError`` for a purpose without a published text and
    ``ValidationError`` for a basis that does not hold.
    """
    text = consent_text_current(purpose)
    if text is None:
        raise ValueError(f"No consent text is published for {purpose!r}.")
    if decision == ConsentRecord.Decision.TO_CONFIRM:
        basis = ""
    else:
        basis = basis_check(
            actor=actor, job_seeker=job_seeker, basis=basis, guardian_name=guardian_name, paper_form=paper_form
        )
    record = ConsentRecord(
        job_seeker=job_seeker,
        text=text,
        decision=decision,
        channel=channel,
        basis=basis,
        recorded_by=actor,
        assisted_by=assisted_by,
        guardian_name=guardian_name,
        guardian_relation=guardian_relation,
        paper_form=paper_form_store(actor=actor, job_seeker=job_seeker, paper_form=paper_form),
    )
    record.full_clean(exclude=["city", "recorded_by", "assisted_by", "paper_form"])
    record.save()
    setattr(job_seeker, CONSENT_FLAGS[purpose], decision == ConsentRecord.Decision.GIVEN)
    if decision == ConsentRecord.Decision.GIVEN and job_seeker.consent_to_confirm:
        job_seeker.consent_to_confirm = False
    job_seeker.save(update_fields=[CONSENT_FLAGS[purpose], "consent_to_confirm", "updated_at"])
    profile_changed.send(sender=JobSeeker, job_seeker=job_seeker, actor=actor)
    if decision == ConsentRecord.Decision.WITHDRAWN:
        notices.consent_withdrawn(actor=actor, record=record)  # case staff told, in this transaction
    return record


def consent_withdraw(*, actor, job_seeker: JobSeeker, purpose: str, channel: str = "online", **how) -> ConsentRecord:
    """Withdraw consent for ``purpose``: effective immediately, recorded (see ``consent_record``;
    ``how``: its ``basis``, ``guardian_name`` ... when someone records it for the person)."""
    return consent_record(
        actor=actor,
        job_seeker=job_seeker,
        purpose=purpose,
        decision=ConsentRecord.Decision.WITHDRAWN,
        channel=channel,
        **how,
    )


@transaction.atomic
def consents_update(
    *,
    actor,
    job_seeker: JobSeeker,
    granted: Collection[str],
    channel: str,
    basis: str | None = None,
    assisted_by=None,
    guardian_name: str = "",
    guardian_relation: str = "",
    paper_form=None,
    confirm_pending: bool = False,
) -> list[ConsentRecord]:
    """Bring the person's consent in line with ``granted`` (the ``ConsentPurpose`` values now given;
    every other purpose is not): one ``consent_record`` per purpose whose decision changes (given,
    or withdrawn when it was given), in the purposes' order, all in one transaction, each with the
    same ``basis`` and the same scan of the signed form (stored once).

    ``confirm_pending`` (staff confirming an imported record's consent, "to be confirmed"): a purpose
    already given is recorded again while the person's consent is still to be confirmed; the first
    given record clears that state, so later purposes already given are left alone.
    Returns the records written. Raises ``ValueError`` and ``ValidationError`` as ``consent_record``;
    the basis is checked before anything is written.
    """
    given = consents_given(job_seeker)
    changes = []
    pending = job_seeker.consent_to_confirm
    for purpose in ConsentPurpose.values:
        wanted = purpose in granted
        if wanted == (purpose in given) and not (confirm_pending and wanted and pending):
            continue
        changes.append((purpose, wanted))
        if wanted:  # a given record clears "to be confirmed"
            pending = False
    if not changes:
        return []
    basis = basis_check(
        actor=actor, job_seeker=job_seeker, basis=basis, guardian_name=guardian_name, paper_form=paper_form
    )
    paper_form = paper_form_store(actor=actor, job_seeker=job_seeker, paper_form=paper_form)
    return [
        consent_record(
            actor=actor,
            job_seeker=job_seeker,
            purpose=purpose,
            decision=ConsentRecord.Decision.GIVEN if wanted else ConsentRecord.Decision.WITHDRAWN,
            channel=channel,
            basis=basis or None,
            assisted_by=assisted_by,
            guardian_name=guardian_name,
            guardian_relation=guardian_relation,
            paper_form=paper_form,
        )
        for purpose, wanted in changes
    ]


@transaction.atomic
def disclosure_choose(
    *,
    actor,
    job_seeker: JobSeeker,
    groups: Collection[str],
    channel: str = ConsentChannel.ONLINE,
    basis: str | None = None,
    assisted_by=None,
    guardian_name: str = "",
    guardian_relation: str = "",
    paper_form=None,
    for_referral: bool = False,
    step: int | None = None,
) -> DisclosureRecord | None:
    """Record what an employer may see on a referral: ``groups`` (of ``DISCLOSURE_GROUPS``) shared,
    the others not, with how the choice was given (``basis_check``: ``self`` for the person online).

    The profile's choice (``for_referral`` false) also sets the person's ``share_*`` flags through
    ``jobseeker_update`` (``step``: the stepped profile's step saved). A ``DisclosureRecord`` is
    written when the choice differs from the one in force or none was recorded yet (``None`` is
    returned otherwise); a choice for one referral is always recorded and leaves the flags alone.
    Raises ``ValueError`` for an unknown group and ``ValidationError`` for a basis that does not hold.
    """
    unknown = set(groups) - set(DISCLOSURE_GROUPS)
    if unknown:
        raise ValueError(f"Unknown disclosure groups: {sorted(unknown)}")
    shares = {f"share_{group}": group in groups for group in DISCLOSURE_GROUPS}
    record = None
    current = None if for_referral else disclosure_current(job_seeker)
    unchanged = current is not None and all(getattr(current, name) == value for name, value in shares.items())
    if not unchanged:
        basis = basis_check(
            actor=actor, job_seeker=job_seeker, basis=basis, guardian_name=guardian_name, paper_form=paper_form
        )
        if basis == ConsentBasis.SELF:
            channel = ConsentChannel.ONLINE
        record = DisclosureRecord(
            job_seeker=job_seeker,
            channel=channel,
            basis=basis,
            recorded_by=actor,
            assisted_by=assisted_by,
            guardian_name=guardian_name,
            guardian_relation=guardian_relation,
            paper_form=paper_form_store(actor=actor, job_seeker=job_seeker, paper_form=paper_form),
            for_referral=for_referral,
            **shares,
        )
        record.full_clean(exclude=["city", "recorded_by", "assisted_by", "paper_form"])
        record.save()
    if not for_referral:
        jobseeker_update(actor=actor, job_seeker=job_seeker, step=step, **shares)
    return record
