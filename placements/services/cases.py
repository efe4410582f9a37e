"""The job seeker's case as a referral or placement moves it (``jobseekers.models.CASE_TRANSITIONS``).

Every move goes through ``jobseekers.services.case_status_change`` (one allowed move at a time,
saved and audited by auditlog on ``JobSeeker``) inside the caller's transaction.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from accounts.models import User
from jobseekers.models import JobSeeker
from placements.models import Referral
from placements.services.common import PlacementError

# The forward path of a case (DOMAIN.md: registered → active → job-ready → referred → placed).
CASE_PATH = ("registered", "active", "job_ready", "referred", "placed")


def case_to_placed(*, actor: User, job_seeker: JobSeeker) -> None:
    """Move the person's case forward to ``placed`` through ``jobseekers.services.case_status_change``.

    Each stage the case skipped (e.g. job-ready → referred → placed) is one allowed move, saved and
    written to the audit trail (auditlog on ``JobSeeker``), inside the caller's transaction. A closed
    case raises ``PlacementError``: reopening it is the staff's decision on the case page.
    """
    from jobseekers.services import case_status_change

    job_seeker.refresh_from_db(fields=["status"])
    if job_seeker.status == "closed":
        raise PlacementError(
            _("The person's case is closed. Reopen it on the case page before recording the placement.")
        )
    for status in CASE_PATH[CASE_PATH.index(job_seeker.status) + 1 :]:
        case_status_change(actor=actor, job_seeker=job_seeker, status=status)


#: A referral in one of these has reached the employer and is still open: it keeps the case "referred".
REFERRAL_WITH_EMPLOYER = ("confirmed", "interview", "offered")
#: A referral that ended without a hire.
CLOSED_WITHOUT_HIRE = ("declined", "rejected", "withdrawn")


def case_to_referred(*, actor: User, job_seeker: JobSeeker) -> None:
    """When the person confirms a referral (it now goes to the employer), move their case forward to
    ``referred`` (DOMAIN.md's path, each skipped stage one allowed move of ``CASE_TRANSITIONS``, saved
    and audited by auditlog on ``JobSeeker``), inside the caller's transaction. A case already
    referred or placed stays; a closed case is left closed (reopening is the staff's decision; the
    person's confirmation is not refused for it). A proposal alone does not move the case: nothing
    has reached an employer and the person may still decline."""
    from jobseekers.services import case_status_change

    job_seeker.refresh_from_db(fields=["status"])
    if job_seeker.status not in CASE_PATH or CASE_PATH.index(job_seeker.status) >= CASE_PATH.index("referred"):
        return
    for status in CASE_PATH[CASE_PATH.index(job_seeker.status) + 1 : CASE_PATH.index("referred") + 1]:
        case_status_change(actor=actor, job_seeker=job_seeker, status=status)


def case_back_from_referral(*, actor: User, job_seeker: JobSeeker) -> None:
    """After a referral ends without a hire (declined, rejected, withdrawn): when the case is
    ``referred`` and the person has no other referral still with an employer
    (``REFERRAL_WITH_EMPLOYER``), move it back to ``job_ready`` (the allowed move back,
    ``CASE_TRANSITIONS``), audited, in the caller's transaction. Any other status is left as staff
    set it."""
    from jobseekers.services import case_status_change

    job_seeker.refresh_from_db(fields=["status"])
    if job_seeker.status != "referred":
        return
    if Referral.objects.filter(job_seeker=job_seeker, status__in=REFERRAL_WITH_EMPLOYER).exists():
        return
    case_status_change(actor=actor, job_seeker=job_seeker, status="job_ready")


def case_back_to_job_ready(*, actor: User, job_seeker: JobSeeker) -> None:
    """After a placement ends with the person out of work: placed → job-ready (the allowed move back,
    ``jobseekers.models.CASE_TRANSITIONS``), so they are matched again. A case staff already moved
    elsewhere (closed, for example) is left as it is."""
    from jobseekers.services import case_status_change

    job_seeker.refresh_from_db(fields=["status"])
    if job_seeker.status == "placed":
        case_status_change(actor=actor, job_seeker=job_seeker, status="job_ready")
