"""The person's rights over their data (UU 27/2022 arts. 5-13, 32-33): correction and deletion
requests, and carrying out a deletion. Staff act on a request within 3 x 24 hours (``DEADLINE``).
The access right (download everything) is a read: ``jobseekers.selectors.personal_data``."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jobseekers import notices
from jobseekers.models import JobSeeker, RightsRequest
from jobseekers.services.documents import document_delete
from jobseekers.signals import profile_changed

DEADLINE = datetime.timedelta(hours=72)  # UU 27/2022: 3 x 24 hours
ANONYMISED_NAME = "—"


@transaction.atomic
def rights_request_create(*, actor, job_seeker: JobSeeker, kind: str, details: str = "") -> RightsRequest:
    """A correction or deletion request, due 3 x 24 hours from now. ``ValidationError`` when one of the
    same kind is already pending."""
    if job_seeker.rights_requests.filter(kind=kind, status=RightsRequest.Status.PENDING).exists():
        raise ValidationError(_("You already have a request of this kind waiting."), code="pending")
    request = RightsRequest(job_seeker=job_seeker, kind=kind, details=details, due_at=timezone.now() + DEADLINE)
    request.full_clean(exclude=["city", "handled_by"])
    request.save()
    request.due_at = request.requested_at + DEADLINE  # exactly 72 hours from the recorded time
    request.save(update_fields=["due_at"])
    notices.data_request_received(actor=actor, request=request)  # staff told, in this transaction
    return request


@transaction.atomic
def rights_request_handle(*, actor, request: RightsRequest, status: str, response: str = "") -> RightsRequest:
    """Staff close a pending request: ``done`` (a deletion is carried out by ``jobseeker_anonymise``:
    profile, login and audit trail, in this transaction) or ``refused`` (a reason is required).
    ``ValidationError`` otherwise."""
    if request.status != RightsRequest.Status.PENDING:
        raise ValidationError(_("This request has already been handled."), code="handled")
    if status == RightsRequest.Status.REFUSED and not response.strip():
        raise ValidationError(_("Write why the request is refused: the person reads it."), code="reason")
    if status == RightsRequest.Status.DONE and request.kind == RightsRequest.Kind.DELETION:
        jobseeker_anonymise(actor=actor, job_seeker=request.job_seeker)
    request.status = status
    request.response = response
    request.handled_by = actor
    request.handled_at = timezone.now()
    request.save()
    return request


# Profile fields a deletion blanks (``jobseeker_anonymise``) and whose old values are erased from the
# audit trail too; the many-to-many ones are wishes and needs. What stays is listed in the docstring.
ERASED_TEXT_FIELDS = (
    "nik",
    "address",
    "kelurahan",
    "kecamatan",
    "phone",
    "email",
    "ak1_number",
    "kpd_number",
    "skills_text",
    "accommodations_text",
    "assistive_devices_text",
    "contact_channel",
)
ERASED_FIELDS = (
    "name",
    *ERASED_TEXT_FIELDS,
    "birth_date",
    "user",
    "assigned_officer",
    "registered_by",
    "next_action_on",
    "expected_wage",
    "max_travel_minutes",
    "work_arrangements",
    "assistive_devices",
    "communication_needs",
    "skills",
    "occupations",
    "accommodations",
)
# Education rows stay (their level is counted); these of their fields go.
ERASED_EDUCATION_FIELDS = ("major", "institution", "year_finished")


@transaction.atomic
def jobseeker_anonymise(*, actor, job_seeker: JobSeeker) -> JobSeeker:
    """Carry out a deletion: delete the person's identity, free text and login; keep the de-identified
    statistics (UU 27/2022 art. 8). One transaction, inside the city's context.

    Kept: city, registration date and channel, how they came, gender, ragam, the WG-SS answers and
    flag, education levels, case status — what the dashboards count. Gone: name, NIK, birth date,
    contact, card numbers, address, the login link, free text, skills and wishes, needs, experience,
    trainings, counselling notes, documents (files deleted). Consents are withdrawn (nothing is
    shared or matched any more); consent records stay as proof of past processing.

    The login: ``accounts.services.account_erase`` removes the job-seeker membership here and, when
    the account is used by nothing else, closes it (inactive, no password, name, email, phone, MFA
    and sessions erased, API tokens revoked), which frees the email for a new sign-up.

    The audit trail keeps every entry (who did or saw what, when, from where) but no longer the
    erased values: older entries about the profile and its removed rows are redacted
    (``accounts.audit.redact``), the writes of this function make no entries of their own, and one
    entry records the deletion itself (the fields erased, the rows removed, whether the login was
    closed), without the values.
    """
    from auditlog.context import disable_auditlog

    from accounts import audit
    from accounts.models import AuditLogEntry, Membership, User
    from accounts.services import account_erase
    from jobseekers.models import CounsellingNote, Document, Education, Experience, Training
    from notifications.person_messages import person_messages_erase
    from notifications.whatsapp import opt_in_erase

    user = job_seeker.user
    phone = job_seeker.phone
    removed = {
        Document: list(job_seeker.documents.values_list("pk", flat=True)),
        CounsellingNote: list(job_seeker.notes.values_list("pk", flat=True)),
        Experience: list(job_seeker.experience.values_list("pk", flat=True)),
        Training: list(job_seeker.trainings.values_list("pk", flat=True)),
    }
    education = list(job_seeker.education.values_list("pk", flat=True))
    with disable_auditlog():  # these writes would copy the erased values into the trail
        for document in list(job_seeker.documents.all()):
            document_delete(actor=actor, document=document)
        job_seeker.notes.all().delete()
        job_seeker.experience.all().delete()
        job_seeker.trainings.all().delete()
        job_seeker.education.update(major="", institution="", year_finished=None)
        job_seeker.skills.clear()
        job_seeker.occupations.clear()
        job_seeker.accommodations.clear()
        for field in ERASED_TEXT_FIELDS:
            setattr(job_seeker, field, "")
        job_seeker.name = ANONYMISED_NAME
        job_seeker.birth_date = None
        job_seeker.user = None
        job_seeker.assigned_officer = None
        job_seeker.registered_by = None
        job_seeker.next_action_on = None
        job_seeker.expected_wage = None
        job_seeker.max_travel_minutes = None
        job_seeker.work_arrangements = []
        job_seeker.assistive_devices = []
        job_seeker.communication_needs = []
        for flag in (
            "matching_allowed",
            "sharing_allowed",
            "notifications_allowed",
            "share_functioning",
            "share_ragam",
            "share_needs",
            "share_documents",
        ):
            setattr(job_seeker, flag, False)
        job_seeker.anonymised_at = timezone.now()
        job_seeker.save()

    audit.redact(audit.entries_about(JobSeeker, [job_seeker.pk]), fields=ERASED_FIELDS, object_repr=ANONYMISED_NAME)
    for model, pks in removed.items():
        audit.redact(audit.entries_about(model, pks), object_repr=audit.REDACTED)
    audit.redact(audit.entries_about(Education, education), fields=ERASED_EDUCATION_FIELDS)

    login = "none"
    if user is not None:
        closed = account_erase(actor=actor, user=user, role=Membership.Role.JOB_SEEKER)
        login = "closed" if closed else "kept"
    # What notifications kept to tell the person by their channel (calls, letters, texts to their number).
    person_messages_erase(actor=actor, job_seeker_id=job_seeker.pk)
    opt_in_erase(phone=phone)  # the WhatsApp opt-in names their number
    AuditLogEntry.objects.log_create(
        job_seeker,
        force_log=True,
        action=AuditLogEntry.Action.UPDATE,
        actor=actor if isinstance(actor, User) else None,
        changes={field: [audit.REDACTED, audit.REDACTED] for field in ERASED_FIELDS},
        additional_data={
            "erasure": {
                "documents": len(removed[Document]),
                "notes": len(removed[CounsellingNote]),
                "experience": len(removed[Experience]),
                "trainings": len(removed[Training]),
                "login": login,
            }
        },
    )
    profile_changed.send(sender=JobSeeker, job_seeker=job_seeker, actor=actor)
    return job_seeker
