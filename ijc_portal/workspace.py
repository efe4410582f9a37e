"""Each role's workspace: what is waiting for the person, as counts with a link to the list that holds it.

The role homes (``dashboards:home-*``) show it above their list of tasks, through
``{% workspace_sections "<role>" as sections %}`` (``ijc_portal.templatetags.workspace``) and
``templates/workspace/sections.html``. It lives in the top layer because it reads every app.

Every count is one ``COUNT`` query (or one aggregate for several counts of the same table) in the
request's city context: the tenant managers and row-level security keep each count to the city, and
the employer's, the partner's and the job seeker's counts are narrowed further to their own
organisation, visits or record. ``tests/ui/test_workspace.py`` holds the number of queries of each.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.models import Invitation
from assessments.models import Assessment
from cities.calendar import city_today
from dashboards.views import APEKSI_SECTIONS
from employers.models import Employer, Vacancy, Workplace
from jobseekers.models import Document, JobSeeker, RightsRequest
from notifications.models import Notification
from placements.models import FollowUp, Interview, MatchSuggestion, Referral

# "New" match suggestions: those the matching computed within this many days.
NEW_SUGGESTION_DAYS = 7


@dataclass(frozen=True)
class Entry:
    """One line of the workspace: a link whose text states the count (never colour alone)."""

    text: str
    url: str
    count: int | None = None  # None: a link without a count


@dataclass
class Section:
    slug: str
    title: str
    entries: list[Entry] = field(default_factory=list)


def _counted(text: str, count: int) -> str:
    """``text`` (``ngettext``'s choice, with ``%(count)s``) with ``count`` in the language's number format."""
    return text % {"count": number_format(count, force_grouping=True)}


# --- city staff --------------------------------------------------------------------------------------
def staff_counts(*, today: datetime.date, now: datetime.datetime) -> dict[str, int]:
    """The staff work list's counts in the current city (one query each)."""
    return {
        "followups": FollowUp.objects.filter(done_at__isnull=True, due_on__lte=today).count(),
        "referrals": Referral.objects.filter(status__in=[Referral.Status.PROPOSED, Referral.Status.CONFIRMED]).count(),
        "suggestions": MatchSuggestion.objects.filter(
            computed_at__gte=now - datetime.timedelta(days=NEW_SUGGESTION_DAYS),
            vacancy__status=Vacancy.Status.PUBLISHED,
        ).count(),
        "assessments": Assessment.objects.filter(
            status__in=[Assessment.Status.SCHEDULED, Assessment.Status.IN_PROGRESS]
        ).count(),
        "employers": Employer.objects.filter(verified_at__isnull=True).count(),
        "vacancies": Vacancy.objects.filter(status=Vacancy.Status.SUBMITTED).count(),
        "imported": JobSeeker.objects.filter(consent_to_confirm=True).count(),
        "rights": RightsRequest.objects.filter(status=RightsRequest.Status.PENDING).count(),
    }


def staff(request: HttpRequest) -> list[Section]:
    counts = staff_counts(today=city_today(request.city), now=timezone.now())
    today_url = reverse("placements:staff-today")
    work = Section(
        "today",
        _("Waiting for you today"),
        [
            Entry(
                _counted(
                    ngettext("%(count)s follow-up due", "%(count)s follow-ups due", counts["followups"]),
                    counts["followups"],
                ),
                f"{today_url}#followups-title",
                counts["followups"],
            ),
            Entry(
                _counted(
                    ngettext(
                        "%(count)s referral waiting for the person or the employer",
                        "%(count)s referrals waiting for the person or the employer",
                        counts["referrals"],
                    ),
                    counts["referrals"],
                ),
                f"{today_url}#pending-title",
                counts["referrals"],
            ),
            Entry(
                _counted(
                    ngettext(
                        "%(count)s new match suggestion for published vacancies (last 7 days)",
                        "%(count)s new match suggestions for published vacancies (last 7 days)",
                        counts["suggestions"],
                    ),
                    counts["suggestions"],
                ),
                f"{today_url}#vacancies-title",
                counts["suggestions"],
            ),
            Entry(
                _counted(
                    ngettext(
                        "%(count)s workplace assessment scheduled or in progress",
                        "%(count)s workplace assessments scheduled or in progress",
                        counts["assessments"],
                    ),
                    counts["assessments"],
                ),
                reverse("assessments:list"),
                counts["assessments"],
            ),
        ],
    )
    checks = Section(
        "checks",
        _("To check and answer"),
        [
            Entry(
                _counted(
                    ngettext("%(count)s employer to verify", "%(count)s employers to verify", counts["employers"]),
                    counts["employers"],
                ),
                reverse("employers:staff-employer-list") + "?verified=no",
                counts["employers"],
            ),
            Entry(
                _counted(
                    ngettext("%(count)s vacancy to review", "%(count)s vacancies to review", counts["vacancies"]),
                    counts["vacancies"],
                ),
                reverse("employers:staff-vacancy-list"),
                counts["vacancies"],
            ),
            Entry(
                _counted(
                    ngettext(
                        "%(count)s imported person whose consent is to be confirmed",
                        "%(count)s imported people whose consent is to be confirmed",
                        counts["imported"],
                    ),
                    counts["imported"],
                ),
                reverse("jobseekers:import"),
                counts["imported"],
            ),
            Entry(
                _counted(
                    ngettext(
                        "%(count)s data request from job seekers to answer (within 3 x 24 hours)",
                        "%(count)s data requests from job seekers to answer (within 3 x 24 hours)",
                        counts["rights"],
                    ),
                    counts["rights"],
                ),
                reverse("jobseekers:rights-requests"),
                counts["rights"],
            ),
        ],
    )
    return [work, checks]


# --- city admin ----------------------------------------------------------------------------------------
def city_admin_counts(*, now: datetime.datetime) -> dict[str, int]:
    return {
        "invitations": Invitation.objects.filter(
            accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=now
        ).count(),
        "failed": Notification.objects.filter(status=Notification.Status.FAILED).count(),
    }


def city_admin(request: HttpRequest) -> list[Section]:
    counts = city_admin_counts(now=timezone.now())
    return [
        Section(
            "admin",
            _("Waiting for you"),
            [
                Entry(
                    _counted(
                        ngettext(
                            "%(count)s invitation not yet accepted",
                            "%(count)s invitations not yet accepted",
                            counts["invitations"],
                        ),
                        counts["invitations"],
                    ),
                    reverse("accounts:invitation-list"),
                    counts["invitations"],
                ),
                Entry(
                    _counted(
                        ngettext(
                            "%(count)s notification that could not be delivered",
                            "%(count)s notifications that could not be delivered",
                            counts["failed"],
                        ),
                        counts["failed"],
                    ),
                    reverse("notifications:failed-list"),
                    counts["failed"],
                ),
            ],
        )
    ]


# --- employer member -------------------------------------------------------------------------------------
def employer_counts(*, user_id: int) -> dict[str, int]:
    """The member's organisation's counts (the organisation by membership, in the current city)."""
    own = Q(employer__members__user_id=user_id)
    vacancies = Vacancy.objects.filter(own).aggregate(
        draft=Count("pk", filter=Q(status=Vacancy.Status.DRAFT)),
        submitted=Count("pk", filter=Q(status=Vacancy.Status.SUBMITTED)),
        published=Count("pk", filter=Q(status=Vacancy.Status.PUBLISHED)),
    )
    return {
        **vacancies,
        "candidates": Referral.objects.filter(
            vacancy__employer__members__user_id=user_id, status=Referral.Status.CONFIRMED
        ).count(),
        "workplaces": Workplace.objects.filter(own).count(),
        "assessments": Assessment.objects.filter(
            workplace__employer__members__user_id=user_id, status=Assessment.Status.SHARED
        ).count(),
    }


def employer(request: HttpRequest) -> list[Section]:
    counts = employer_counts(user_id=request.user.pk)
    dashboard = reverse("employers:dashboard")
    return [
        Section(
            "work",
            _("Your organisation at a glance"),
            [
                Entry(
                    _counted(
                        ngettext(
                            "%(count)s candidate waiting for your answer",
                            "%(count)s candidates waiting for your answer",
                            counts["candidates"],
                        ),
                        counts["candidates"],
                    ),
                    reverse("placements:employer-candidates"),
                    counts["candidates"],
                ),
                Entry(
                    _counted(
                        ngettext("%(count)s published vacancy", "%(count)s published vacancies", counts["published"]),
                        counts["published"],
                    ),
                    dashboard,
                    counts["published"],
                ),
                Entry(
                    _counted(
                        ngettext(
                            "%(count)s vacancy waiting for the city's review",
                            "%(count)s vacancies waiting for the city's review",
                            counts["submitted"],
                        ),
                        counts["submitted"],
                    ),
                    dashboard,
                    counts["submitted"],
                ),
                Entry(
                    _counted(
                        ngettext("%(count)s draft vacancy", "%(count)s draft vacancies", counts["draft"]),
                        counts["draft"],
                    ),
                    dashboard,
                    counts["draft"],
                ),
                Entry(
                    _counted(
                        ngettext("%(count)s workplace (site)", "%(count)s workplaces (sites)", counts["workplaces"]),
                        counts["workplaces"],
                    ),
                    reverse("employers:workplace-list"),
                    counts["workplaces"],
                ),
                Entry(
                    _counted(
                        ngettext(
                            "%(count)s accessibility assessment report shared with you",
                            "%(count)s accessibility assessment reports shared with you",
                            counts["assessments"],
                        ),
                        counts["assessments"],
                    ),
                    reverse("assessments:employer-list"),
                    counts["assessments"],
                ),
                Entry(_("Quota status: persons with disabilities employed"), reverse("employers:quota")),
            ],
        )
    ]


# --- job seeker ------------------------------------------------------------------------------------------
def job_seeker_counts(*, user_id: int, now: datetime.datetime) -> dict[str, int]:
    """The person's own counts (their record by their account, in the current city)."""
    return {
        "referrals": Referral.objects.filter(job_seeker__user_id=user_id, status=Referral.Status.PROPOSED).count(),
        "interviews": Interview.objects.filter(
            referral__job_seeker__user_id=user_id,
            referral__status=Referral.Status.INTERVIEW,
            starts_at__gte=now,
        ).count(),
        "documents": Document.objects.filter(job_seeker__user_id=user_id).count(),
        "requests": RightsRequest.objects.filter(
            job_seeker__user_id=user_id, status=RightsRequest.Status.PENDING
        ).count(),
    }


def job_seeker(request: HttpRequest) -> list[Section]:
    counts = job_seeker_counts(user_id=request.user.pk, now=timezone.now())
    matches = reverse("placements:my-matches")
    return [
        Section(
            "work",
            _("Your job search"),
            [
                Entry(
                    _counted(
                        ngettext(
                            "%(count)s referral waiting for your answer",
                            "%(count)s referrals waiting for your answer",
                            counts["referrals"],
                        ),
                        counts["referrals"],
                    ),
                    matches,
                    counts["referrals"],
                ),
                Entry(
                    _counted(
                        ngettext(
                            "%(count)s interview coming up", "%(count)s interviews coming up", counts["interviews"]
                        ),
                        counts["interviews"],
                    ),
                    matches,
                    counts["interviews"],
                ),
                Entry(_("Vacancies suggested for you, and your referrals"), matches),
                Entry(
                    _counted(
                        ngettext(
                            "%(count)s document (CV, certificates)",
                            "%(count)s documents (CV, certificates)",
                            counts["documents"],
                        ),
                        counts["documents"],
                    ),
                    reverse("jobseekers:my-documents"),
                    counts["documents"],
                ),
                Entry(
                    _counted(
                        ngettext(
                            "%(count)s request about your data waiting for the center",
                            "%(count)s requests about your data waiting for the center",
                            counts["requests"],
                        ),
                        counts["requests"],
                    ),
                    reverse("jobseekers:my-data"),
                    counts["requests"],
                ),
                Entry(
                    _("Everyday activities (how you see, hear, walk, remember, look after yourself, communicate)"),
                    reverse("jobseekers:my-profile-step", kwargs={"step": 3}),
                ),
            ],
        )
    ]


# --- partner (OPDis / CSO) -------------------------------------------------------------------------------
def partner_counts(*, user_id: int) -> dict[str, int]:
    return {
        "registered": JobSeeker.objects.filter(registered_by_id=user_id).count(),
        "assessments": Assessment.objects.filter(
            assessors__user_id=user_id,
            status__in=[Assessment.Status.SCHEDULED, Assessment.Status.IN_PROGRESS],
        ).count(),
    }


def partner(request: HttpRequest) -> list[Section]:
    counts = partner_counts(user_id=request.user.pk)
    return [
        Section(
            "caseload",
            _("Your caseload"),
            [
                Entry(
                    _counted(
                        ngettext(
                            "%(count)s person you registered: register another",
                            "%(count)s people you registered: register another",
                            counts["registered"],
                        ),
                        counts["registered"],
                    ),
                    reverse("jobseekers:register"),
                    counts["registered"],
                ),
                Entry(
                    _counted(
                        ngettext(
                            "%(count)s workplace assessment you are named on, scheduled or in progress",
                            "%(count)s workplace assessments you are named on, scheduled or in progress",
                            counts["assessments"],
                        ),
                        counts["assessments"],
                    ),
                    reverse("assessments:list"),
                    counts["assessments"],
                ),
            ],
        )
    ]


# --- APEKSI ------------------------------------------------------------------------------------------------
def apeksi(request: HttpRequest) -> list[Section]:
    """The APEKSI dashboard's sections (``dashboards.views.APEKSI_SECTIONS``): links only, no query."""
    return [
        Section(
            "dashboard",
            _("The dashboard of all cities"),
            [Entry(_("Summary of all cities"), reverse("dashboards:apeksi-dashboard"))]
            + [
                Entry(str(title), reverse("dashboards:apeksi-section", kwargs={"section": slug}))
                for slug, title in APEKSI_SECTIONS.items()
            ],
        )
    ]


WORKSPACES = {
    "staff": staff,
    "city_admin": city_admin,
    "employer": employer,
    "job_seeker": job_seeker,
    "partner": partner,
    "apeksi": apeksi,
}


def sections_for(request: HttpRequest, role: str) -> list[Section]:
    """The workspace of ``role`` for the request's user, in the request's city."""
    return WORKSPACES[role](request)


# --- links from one record to its work elsewhere (case page, employer page) ------------------------------
# Shown where staff look at one person or one employer, so that the person's referrals and follow-ups
# and the employer's assessments are a link away: two queries for a person, one for an employer.
RECORD_LINK_LIMIT = 50


def person_placement_work(job_seeker: JobSeeker) -> dict[str, list]:
    """The person's referrals (newest first) and the follow-ups of their placements (by due date)."""
    referrals = (
        Referral.objects.filter(job_seeker=job_seeker)
        .select_related("vacancy__employer")
        .order_by("-created_at", "-pk")[:RECORD_LINK_LIMIT]
    )
    followups = (
        FollowUp.objects.filter(placement__referral__job_seeker=job_seeker)
        .select_related("placement__referral__vacancy")
        .order_by("due_on", "pk")[:RECORD_LINK_LIMIT]
    )
    return {"referrals": list(referrals), "followups": list(followups)}


def employer_assessments(employer: Employer) -> list[Assessment]:
    """The accessibility assessments of the employer's workplaces, newest first."""
    return list(
        Assessment.objects.filter(workplace__employer=employer)
        .select_related("workplace")
        .order_by("-scheduled_on", "-pk")[:RECORD_LINK_LIMIT]
    )
