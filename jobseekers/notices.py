"""Messages to the city's staff about a person's data rights (UU 27/2022): a data request received and
a consent withdrawn. Both must be acted on within 3 x 24 hours (``jobseekers.rights.DEADLINE``).

Called by ``jobseekers.rights.rights_request_create`` and ``jobseekers.services.consent_record``
**inside their transaction**: the outbox rows (``notifications.services.notify``) commit or roll
back with the request or the withdrawal.

Who is told: the person's case officer (``JobSeeker.assigned_officer``) when they are staff of the
city, else every staff member of the city; never the person who made the change (staff recording
a withdrawal on the person's behalf already know).
"""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse
from django.utils import translation

from accounts.models import Membership
from notifications.services import notify


def _msgid(label) -> str:
    """The English msgid of a choice's lazy label: the message is translated for each recipient."""
    with translation.override(None):
        return str(label)


def case_staff(job_seeker) -> list:
    """The users to tell about ``job_seeker`` (current city): the case officer if they are staff here,
    else all staff of the city, in a stable order."""
    staff = Membership.objects.filter(city_id=job_seeker.city_id, role=Membership.Role.STAFF).select_related("user")
    officer = job_seeker.assigned_officer_id
    if officer and any(member.user_id == officer for member in staff):
        return [member.user for member in staff if member.user_id == officer]
    return sorted({member.user for member in staff}, key=lambda user: user.pk)


def data_request_received(*, actor, request) -> int:
    """Tell staff about ``request`` (``jobseekers.models.RightsRequest``, saved with its ``due_at``);
    kind ``data_request_received``, key ``data-request:<request>:<user>``. Returns how many people."""
    from jobseekers.models import RightsRequest

    url = settings.PORTAL_BASE_URL + reverse("jobseekers:rights-request-act", kwargs={"pk": request.pk})
    context = {
        "person_name": request.job_seeker.name,
        "request_type": _msgid(RightsRequest.Kind(request.kind).label),
        "received_at": request.requested_at.isoformat(),
        "deadline_at": request.due_at.isoformat(),
        "url": url,
    }
    told = 0
    for user in case_staff(request.job_seeker):
        if user.pk == getattr(actor, "pk", None):
            continue
        notify(
            recipient=user,
            kind="data_request_received",
            context=context,
            idempotency_key=f"data-request:{request.pk}:{user.pk}",
        )
        told += 1
    return told


def consent_withdrawn(*, actor, record) -> int:
    """Tell staff that the person withdrew the consent of ``record`` (a ``ConsentRecord`` with decision
    ``withdrawn``); kind ``consent_withdrawn``, key ``consent-withdrawn:<record>:<user>``."""
    from jobseekers.models import ConsentPurpose

    job_seeker = record.job_seeker
    url = settings.PORTAL_BASE_URL + reverse("jobseekers:case", kwargs={"pk": job_seeker.pk})
    context = {
        "person_name": job_seeker.name,
        "consent_type": _msgid(ConsentPurpose(record.text.purpose).label),
        "withdrawn_at": record.recorded_at.isoformat(),
        "url": url,
    }
    told = 0
    for user in case_staff(job_seeker):
        if user.pk == getattr(actor, "pk", None):
            continue
        notify(
            recipient=user,
            kind="consent_withdrawn",
            context=context,
            idempotency_key=f"consent-withdrawn:{record.pk}:{user.pk}",
        )
        told += 1
    return told
