"""Messages to the city's staff about a person's data rights (UU 27/2022): a data request received and
a consent withdrawn. Both must be acted on within 3 x 24 hours (``jobseekers.services.rights.DEADLINE``).

Called by ``jobseekers.services.rights_request_create`` and ``jobseekers.services.consent_record``
**inside their transaction**: the outbox rows (``notifications.services.notify``) commit or roll
back with the request or the withdrawal.

Who is told: the person's case officer (``JobSeeker.assigned_officer``) when they are staff of the
city, else every staff member of the city; never the person who made the change (staff recording
a withdrawal on the person's behalf already know). A city without staff yet tells its city admins
instead; when there is no admin either, a warning is logged (logger ``jobseekers.notices``) so the
3 x 24-hour deadline is not missed silently.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.urls import reverse
from django.utils import translation

from accounts.models import Membership
from notifications.services import notify

logger = logging.getLogger(__name__)


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


def city_admins(city_id) -> list:
    """The city admins of ``city_id`` (current city), in a stable order."""
    admins = Membership.objects.filter(city_id=city_id, role=Membership.Role.CITY_ADMIN).select_related("user")
    return sorted({member.user for member in admins}, key=lambda user: user.pk)


def recipients(job_seeker, *, actor, what: str) -> list:
    """Who hears about ``job_seeker``: ``case_staff``; when the city has no staff, its city admins;
    in both cases without ``actor`` (one of the people responsible made the change and knows). When the
    city has neither staff nor admins, ``[]`` after a warning naming ``what`` (e.g. "data request 12")."""
    actor_pk = getattr(actor, "pk", None)
    for candidates in (case_staff(job_seeker), city_admins(job_seeker.city_id)):
        if candidates:
            return [user for user in candidates if user.pk != actor_pk]
    logger.warning(
        "Nobody to tell about %s for job seeker %s in city %s: the city has no staff member or city admin.",
        what,
        job_seeker.pk,
        job_seeker.city_id,
    )
    return []


def data_request_received(*, actor, request) -> int:
    """Tell staff (else admins, see ``recipients``) about ``request`` (``jobseekers.models.RightsRequest``,
    saved with its ``due_at``); kind ``data_request_received``, key ``data-request:<request>:<user>``.
    Returns how many people."""
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
    for user in recipients(request.job_seeker, actor=actor, what=f"data request {request.pk}"):
        notify(
            recipient=user,
            kind="data_request_received",
            context=context,
            idempotency_key=f"data-request:{request.pk}:{user.pk}",
        )
        told += 1
    return told


def consent_withdrawn(*, actor, record) -> int:
    """Tell staff (else admins, see ``recipients``) that the person withdrew the consent of ``record`` (a
    ``ConsentRecord`` with decision ``withdrawn``); kind ``consent_withdrawn``, key
    ``consent-withdrawn:<record>:<user>``."""
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
    for user in recipients(job_seeker, actor=actor, what=f"withdrawn consent {record.pk}"):
        notify(
            recipient=user,
            kind="consent_withdrawn",
            context=context,
            idempotency_key=f"consent-withdrawn:{record.pk}:{user.pk}",
        )
        told += 1
    return told
