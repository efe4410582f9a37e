"""The permission matrix (pretix style): every named URL of the project by every kind of user.

``MATRIX`` maps each URL name (``namespace:name`` or a plain name) found by walking the whole
resolver — ours, allauth's (``account_*``, ``mfa_*``) and the admin's (``admin:*``) — to how its
arguments are built and the status each kind of user gets on a GET. A new URL fails
``test_every_url_name_is_in_the_matrix`` until it is added here; a removed one fails
``test_the_matrix_has_no_stale_entry``.

Expected values are a status code (``200``, ``403``, ``404``, ``405`` for POST-only views) or
``to("url-name")``: a redirect whose target path resolves to that URL name. Every user whose role
requires MFA has a confirmed TOTP here, so the matrix tests permissions only; the MFA redirect has
its own tests at the end. All objects belong to city A; ``other_city_staff`` is staff of city B
(with TOTP) and must get a 404 for city A's objects.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from io import StringIO
from urllib.parse import urlparse

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import NoReverseMatch, Resolver404, URLPattern, URLResolver, get_resolver, resolve, reverse

from accounts.models import AuditLogEntry, Membership, User
from accounts.services import invitation_send, member_register
from ak1.services import issue as ak1_issue
from cities.middleware import ADMIN_CITY_SESSION_KEY
from cities.tenancy import city_context
from jobseekers.models import JobSeeker
from tests import personas
from tests.factories import UserFactory, give_totp

pytestmark = pytest.mark.django_db

ANONYMOUS = "anonymous"
JOB_SEEKER = "job_seeker"
EMPLOYER = "employer"
STAFF = "staff"
CITY_ADMIN = "city_admin"
PARTNER = "partner"
APEKSI_ANALYST = "apeksi_analyst"
APEKSI_ADMIN = "apeksi_admin"
OTHER_CITY_STAFF = "other_city_staff"
KINDS = (
    ANONYMOUS,
    JOB_SEEKER,
    EMPLOYER,
    STAFF,
    CITY_ADMIN,
    PARTNER,
    APEKSI_ANALYST,
    APEKSI_ADMIN,
    OTHER_CITY_STAFF,
)
SIGNED_IN = tuple(kind for kind in KINDS if kind != ANONYMOUS)
MFA_KINDS = (STAFF, CITY_ADMIN, PARTNER, APEKSI_ANALYST, APEKSI_ADMIN, OTHER_CITY_STAFF)


def to(url_name: str) -> str:
    """A redirect (301/302) whose Location path resolves to ``url_name``."""
    return f"302→{url_name}"


LOGIN = to("account_login")


def expect(default, **per_kind) -> dict[str, object]:
    """``default`` for every kind, with per-kind exceptions: ``expect(403, staff=200)``."""
    unknown = set(per_kind) - set(KINDS)
    assert not unknown, f"unknown user kinds {unknown}"
    return {kind: per_kind.get(kind, default) for kind in KINDS}


def city_page(*allowed: str, ok=200, other_city_staff=None) -> dict[str, object]:
    """A page behind a city permission: ``allowed`` kinds get ``ok``, anonymous the login, others 403."""
    result = expect(403, anonymous=LOGIN, **dict.fromkeys(allowed, ok))
    if other_city_staff is not None:
        result[OTHER_CITY_STAFF] = other_city_staff
    return result


def api_endpoint(*allowed: str, other_city_staff=None) -> dict[str, object]:
    """An API endpoint behind a city permission: ``allowed`` kinds 200, anonymous 401, others 403."""
    result = expect(403, anonymous=401, **dict.fromkeys(allowed, 200))
    if other_city_staff is not None:
        result[OTHER_CITY_STAFF] = other_city_staff
    return result


def signed_in(status, anonymous=LOGIN) -> dict[str, object]:
    return expect(status, anonymous=anonymous)


# --- kwargs builders: each gets the world (users and city A's objects) --------------------------
def none(world) -> dict:
    return {}


def city_a_slug(world) -> dict:
    return {"city_slug": world["city_a"].slug}


def jobseeker_pk(world) -> dict:
    return {"pk": world["seeker"].pk}


def assessment_pk(world) -> dict:
    return {"pk": world["assessment"].pk}


def shared_assessment_pk(world) -> dict:
    return {"pk": world["shared_assessment"].pk}


def const(**kwargs) -> Callable[[dict], dict]:
    return lambda world: kwargs


def person_message_pk(way: str) -> Callable[[dict], dict]:
    """The call to make (``way="phone"``) or the letter to print (``"visit"``) of city A."""
    return lambda world: {"pk": world[f"person_message_{way}"].pk}


# Non-admin URLs, one by one.
MATRIX: dict[str, tuple[Callable[[dict], dict], dict[str, object]]] = {
    # Public pages.
    "home": (none, expect(200)),
    "cities:list": (none, expect(200)),
    "cities:detail": (city_a_slug, expect(200)),
    "accessibility": (none, expect(200)),
    "privacy": (none, expect(200)),
    "display-preferences": (none, expect(200)),
    "session-keepalive": (none, expect(405)),
    "healthz": (none, expect(200)),  # every part up: see live_worker_and_beat
    "set_language": (none, expect(to("home"))),  # GET changes nothing and goes back
    # allauth: account.
    "account_login": (none, expect(to("dashboards:role-home"), anonymous=200)),
    "account_logout": (none, expect(200, anonymous=to("home"))),
    "account_inactive": (none, expect(200)),
    "account_signup": (none, expect(to("dashboards:role-home"), anonymous=200)),
    "account_reauthenticate": (none, signed_in(200)),
    "account_email": (none, signed_in(200)),
    "account_email_verification_sent": (none, expect(200)),
    "account_change_password": (none, signed_in(200)),
    "account_set_password": (none, signed_in(to("account_change_password"))),
    "account_reset_password": (none, expect(200)),
    "account_confirm_login_code": (none, signed_in(to("dashboards:role-home"))),  # no code pending
    "account_confirm_email": (const(key="bogus-key"), expect(200)),  # "link invalid or expired" page
    "account_reset_password_from_key_done": (none, expect(200)),
    "account_reset_password_from_key": (const(uidb36="zz", key="bogus-key"), expect(200)),  # "bad token" page
    "account_reset_password_done": (none, expect(200)),
    # allauth: MFA. The MFA kinds have a TOTP (no recovery codes); job seekers and employers have none,
    # and only the job seeker has a verified address (allauth wants one before TOTP set-up).
    # force_login leaves no recent authentication, so sensitive MFA pages ask to reauthenticate first.
    "mfa_index": (none, signed_in(200)),
    "mfa_authenticate": (none, signed_in(to("dashboards:role-home"))),  # no login stage pending
    "mfa_reauthenticate": (
        none,
        signed_in(200) | {JOB_SEEKER: to("account_reauthenticate"), EMPLOYER: to("account_reauthenticate")},
    ),
    "mfa_activate_totp": (
        none,
        signed_in(to("mfa_index"))  # already active / employer: no verified email address yet
        | {JOB_SEEKER: to("account_reauthenticate")},
    ),
    "mfa_deactivate_totp": (none, signed_in(to("account_reauthenticate")) | {JOB_SEEKER: 404, EMPLOYER: 404}),
    "mfa_view_recovery_codes": (none, signed_in(404)),
    "mfa_generate_recovery_codes": (none, signed_in(to("account_reauthenticate"))),
    "mfa_download_recovery_codes": (none, signed_in(404)),
    # accounts.
    "accounts:profile": (none, signed_in(200)),
    "accounts:choose-city": (none, signed_in(200)),
    # A pending invitation of city A for an address nobody has: sign-up form for the anonymous,
    # "for another email address" (403) for anyone signed in.
    "accounts:invitation-accept": (
        lambda world: {"city_slug": world["city_a"].slug, "token": world["token"]},
        expect(403, anonymous=200),
    ),
    "accounts:member-list": (none, city_page(CITY_ADMIN)),
    "accounts:member-remove": (lambda world: {"pk": world["staff_membership"].pk}, expect(405)),
    "accounts:invitation-list": (none, city_page(CITY_ADMIN)),
    "accounts:invitation-revoke": (lambda world: {"pk": world["invitation"].pk}, expect(405)),
    # A job seeker's trail needs the right to see job seekers too: staff yes, city admins no.
    "accounts:audit-trail": (
        lambda world: {"model": "jobseekers.jobseeker", "pk": world["seeker"].pk},
        city_page(STAFF, other_city_staff=404),
    ),
    "accounts:city-admin-invite": (none, city_page(APEKSI_ADMIN)),
    # dashboards.
    "dashboards:role-home": (
        none,
        {
            ANONYMOUS: LOGIN,
            JOB_SEEKER: to("dashboards:home-job-seeker"),
            EMPLOYER: to("dashboards:home-employer"),
            STAFF: to("dashboards:home-staff"),
            CITY_ADMIN: to("dashboards:home-city-admin"),
            PARTNER: to("dashboards:home-partner"),
            APEKSI_ANALYST: to("dashboards:home-apeksi"),
            APEKSI_ADMIN: to("dashboards:home-apeksi"),
            OTHER_CITY_STAFF: to("dashboards:home-staff"),
        },
    ),
    "dashboards:home-job-seeker": (none, city_page(JOB_SEEKER)),
    "dashboards:home-employer": (none, city_page(EMPLOYER)),
    "dashboards:home-staff": (none, city_page(STAFF, OTHER_CITY_STAFF)),  # staff of B: B's home
    "dashboards:home-city-admin": (none, city_page(CITY_ADMIN)),
    "dashboards:home-partner": (none, city_page(PARTNER)),
    "dashboards:home-apeksi": (none, city_page(APEKSI_ANALYST, APEKSI_ADMIN)),
    # City profile (issue 10, item 5): the city admin's form; APEKSI's side-by-side page and its
    # download (404 here: the matrix sends no ?table=...&format=...).
    "city_profile:edit": (none, city_page(CITY_ADMIN)),
    "city_profile:letterhead": (none, city_page(CITY_ADMIN)),
    "city_profile:apeksi": (none, city_page(APEKSI_ANALYST, APEKSI_ADMIN)),
    "city_profile:apeksi-export": (none, city_page(APEKSI_ANALYST, APEKSI_ADMIN, ok=404)),
    # The city's dashboard (its own rollups) and APEKSI's (all cities, rollups only). Exports without
    # ?table= are a 404 for those allowed; refreshes are POST only (405 on a GET after the permission).
    "dashboards:city-dashboard": (none, city_page(STAFF, CITY_ADMIN, OTHER_CITY_STAFF)),
    "dashboards:city-section": (const(section="pendaftaran"), city_page(STAFF, CITY_ADMIN, OTHER_CITY_STAFF)),
    "dashboards:city-export": (
        const(dari="2026-01", sampai="2026-03"),
        city_page(STAFF, CITY_ADMIN, OTHER_CITY_STAFF, ok=404),
    ),
    "dashboards:city-refresh": (none, city_page(STAFF, CITY_ADMIN, OTHER_CITY_STAFF, ok=405)),
    "dashboards:city-report": (none, city_page(STAFF, CITY_ADMIN, OTHER_CITY_STAFF)),
    "dashboards:city-report-pdf": (none, city_page(STAFF, CITY_ADMIN, OTHER_CITY_STAFF)),
    "dashboards:apeksi-dashboard": (none, city_page(APEKSI_ANALYST, APEKSI_ADMIN)),
    "dashboards:apeksi-section": (const(section="kota"), city_page(APEKSI_ANALYST, APEKSI_ADMIN)),
    "dashboards:apeksi-export": (
        const(dari="2026-01", sampai="2026-03", peringkat="placements", provinsi="semua"),
        city_page(APEKSI_ANALYST, APEKSI_ADMIN, ok=404),
    ),
    "dashboards:apeksi-refresh": (none, city_page(APEKSI_ADMIN, ok=405)),
    # jobseekers.
    "jobseekers:list": (none, city_page(STAFF, OTHER_CITY_STAFF)),  # staff of B: B's list
    "jobseekers:functioning": (jobseeker_pk, city_page(STAFF, other_city_staff=404)),
    "jobseekers:access-log": (none, city_page(JOB_SEEKER)),
    # notifications: each member's inbox in their own city; preferences for anyone signed in.
    "notifications:inbox": (none, city_page(JOB_SEEKER, EMPLOYER, STAFF, CITY_ADMIN, PARTNER, OTHER_CITY_STAFF)),
    "notifications:inbox-mark-read": (none, expect(405)),
    "notifications:preferences": (none, signed_in(200)),
    "notifications:failed-list": (none, city_page(CITY_ADMIN)),
    "notifications:failed-retry": (const(pk=1), expect(405)),
    # Telling a person registered at the desk: staff's calls to make and letters to print.
    "notifications:calls": (none, city_page(STAFF, OTHER_CITY_STAFF)),
    "notifications:call": (person_message_pk("phone"), city_page(STAFF, other_city_staff=404)),
    "notifications:letters": (none, city_page(STAFF, OTHER_CITY_STAFF)),
    "notifications:letter": (person_message_pk("visit"), city_page(STAFF, other_city_staff=404)),
    "notifications:letter-printed": (person_message_pk("visit"), expect(405)),
    # Meta's WhatsApp webhook: a GET without the verify token is refused to everyone (no user, no city).
    "notifications:whatsapp-webhook": (none, expect(403)),
    # API v1 of placements and assessments (tests/api/test_placements_api.py, test_assessments_api.py):
    # 401 anonymous, 403 without the permission, 404 for city A's object from city B, 405 on GET of a POST action.
    "api:referral-list": (none, expect(403, anonymous=401, staff=200, other_city_staff=200)),
    "api:referral-detail": (
        lambda world: {"pk": world["referral"].pk},
        expect(403, anonymous=401, staff=200, other_city_staff=404),
    ),
    "api:referral-interview": (lambda world: {"pk": world["referral"].pk}, expect(405)),
    "api:referral-offer": (lambda world: {"pk": world["referral"].pk}, expect(405)),
    "api:referral-reject": (lambda world: {"pk": world["referral"].pk}, expect(405)),
    "api:referral-withdraw": (lambda world: {"pk": world["referral"].pk}, expect(405)),
    "api:referral-place": (lambda world: {"pk": world["referral"].pk}, expect(405)),
    "api:referral-send-on": (lambda world: {"pk": world["referral"].pk}, expect(405)),
    "api:referral-decline-request": (lambda world: {"pk": world["referral"].pk}, expect(405)),
    "api:referral-confirm-for-person": (lambda world: {"pk": world["referral"].pk}, expect(405)),
    "api:placement-list": (none, expect(403, anonymous=401, staff=200, other_city_staff=200)),
    "api:placement-detail": (
        lambda world: {"pk": world["followup"].placement_id},
        expect(403, anonymous=401, staff=200, other_city_staff=404),
    ),
    "api:placement-close": (lambda world: {"pk": world["followup"].placement_id}, expect(405)),
    "api:followup-list": (none, expect(403, anonymous=401, staff=200, other_city_staff=200)),
    "api:followup-detail": (
        lambda world: {"pk": world["followup"].pk},
        expect(403, anonymous=401, staff=200, other_city_staff=404),
    ),
    "api:followup-record": (lambda world: {"pk": world["followup"].pk}, expect(405)),
    "api:assessment-list": (none, expect(403, anonymous=401, staff=200, partner=200, other_city_staff=200)),
    "api:assessment-detail": (
        assessment_pk,
        expect(403, anonymous=401, staff=200, partner=200, other_city_staff=404),
    ),
    "api:employer-assessment-list": (none, expect(403, anonymous=401, employer=200)),
    "api:employer-assessment-detail": (shared_assessment_pk, expect(403, anonymous=401, employer=200)),
    # webhooks: the city admin's endpoints (other cities' endpoints are 404s: tests/webhooks/test_pages.py).
    "webhooks:list": (none, city_page(CITY_ADMIN)),
    "webhooks:create": (none, city_page(CITY_ADMIN)),
    "webhooks:endpoint": (lambda world: {"pk": world["webhook_endpoint"].pk}, city_page(CITY_ADMIN)),
    "webhooks:edit": (lambda world: {"pk": world["webhook_endpoint"].pk}, city_page(CITY_ADMIN)),
    "webhooks:delete": (lambda world: {"pk": world["webhook_endpoint"].pk}, city_page(CITY_ADMIN)),
    "webhooks:rotate": (lambda world: {"pk": world["webhook_endpoint"].pk}, expect(405)),
    "webhooks:pause": (lambda world: {"pk": world["webhook_endpoint"].pk}, expect(405)),
    "webhooks:resume": (lambda world: {"pk": world["webhook_endpoint"].pk}, expect(405)),
    "webhooks:retry": (
        lambda world: {"pk": world["webhook_endpoint"].pk, "delivery_pk": "6f1d3c2a-8a43-5c1e-9b1e-2f5d6c7b8a90"},
        expect(405),
    ),
    # jobseekers (issue 5): the job seeker's own pages (the profile is made on first visit).
    "jobseekers:my-profile": (none, city_page(JOB_SEEKER)),
    "jobseekers:my-profile-step": (const(step=1), city_page(JOB_SEEKER)),
    "jobseekers:my-profile-add": (const(kind="pendidikan"), city_page(JOB_SEEKER)),
    "jobseekers:my-profile-remove": (const(kind="pendidikan", pk=1), expect(405)),
    "jobseekers:my-consent": (none, city_page(JOB_SEEKER)),
    "jobseekers:my-documents": (none, city_page(JOB_SEEKER)),
    "jobseekers:my-document-download": (const(pk=999999), city_page(JOB_SEEKER, ok=404)),  # not theirs
    "jobseekers:my-data": (none, city_page(JOB_SEEKER)),
    "jobseekers:my-data-json": (none, city_page(JOB_SEEKER)),
    "jobseekers:my-data-html": (none, city_page(JOB_SEEKER)),
    # jobseekers (issue 5): staff (and partners for assisted registration); staff of B work on B's.
    "jobseekers:register": (none, city_page(STAFF, PARTNER, OTHER_CITY_STAFF)),
    "jobseekers:import": (none, city_page(STAFF, OTHER_CITY_STAFF)),
    "jobseekers:import-template": (none, city_page(STAFF, OTHER_CITY_STAFF)),
    "jobseekers:export": (const(fmt="csv"), city_page(STAFF, OTHER_CITY_STAFF)),
    "jobseekers:case": (jobseeker_pk, city_page(STAFF, other_city_staff=404)),
    # AK/1 cards: staff issue and stamp them, the city admin sets the number format, the holder sees
    # their own; the verification page of the card's QR code is public.
    "ak1:person": (jobseeker_pk, city_page(STAFF, other_city_staff=404)),
    "ak1:due": (none, city_page(STAFF, OTHER_CITY_STAFF)),
    "ak1:settings": (none, city_page(CITY_ADMIN)),
    "ak1:print": (lambda world: {"pk": world["ak1_card"].pk}, city_page(STAFF, other_city_staff=404)),
    "ak1:pdf": (lambda world: {"pk": world["ak1_card"].pk}, city_page(STAFF, other_city_staff=404)),
    "ak1:mine": (none, city_page(JOB_SEEKER)),
    "ak1:mine-pdf": (none, city_page(JOB_SEEKER)),
    "ak1:verify": (
        lambda world: {"city_slug": world["city_a"].slug, "token": world["ak1_card"].verification_token},
        expect(200),
    ),
    "jobseekers:case-sensitive": (jobseeker_pk, city_page(STAFF, other_city_staff=404)),
    "jobseekers:document-download": (const(pk=999999), city_page(STAFF, ok=404, other_city_staff=404)),
    "jobseekers:rights-requests": (none, city_page(STAFF, OTHER_CITY_STAFF)),
    "jobseekers:rights-request-act": (const(pk=1), expect(405)),
    # Acting for the person (staff; partners only for their organisation's people: 404 here, the
    # matrix's person is in no caseload); the person's "who changed my data"; the partner's caseload.
    "jobseekers:change-log": (none, city_page(JOB_SEEKER)),
    "jobseekers:act-profile": (jobseeker_pk, city_page(STAFF, other_city_staff=404) | {PARTNER: 404}),
    "jobseekers:act-step": (
        lambda world: {"pk": world["seeker"].pk, "step": 1},
        city_page(STAFF, other_city_staff=404) | {PARTNER: 404},
    ),
    "jobseekers:act-add": (
        lambda world: {"pk": world["seeker"].pk, "kind": "pendidikan"},
        city_page(STAFF, other_city_staff=404) | {PARTNER: 404},
    ),
    "jobseekers:act-remove": (
        lambda world: {"pk": world["seeker"].pk, "kind": "pendidikan", "entry": 1},
        expect(405),
    ),
    "jobseekers:act-consent": (jobseeker_pk, city_page(STAFF, other_city_staff=404) | {PARTNER: 404}),
    "jobseekers:partner-caseload": (none, city_page(PARTNER)),
    # Taking over one's own profile: public pages for the person (anyone signed in goes home); staff
    # send the code by POST from the case page.
    "jobseekers:claim-start": (none, expect(to("dashboards:role-home"), anonymous=200)),
    "jobseekers:claim": (city_a_slug, expect(to("dashboards:role-home"), anonymous=200)),
    "jobseekers:claim-link": (
        lambda world: {"city_slug": world["city_a"].slug, "token": "tidak-berlaku"},
        expect(to("dashboards:role-home"), anonymous=404),
    ),
    "jobseekers:claim-account": (city_a_slug, expect(to("dashboards:role-home"), anonymous=to("jobseekers:claim"))),
    "jobseekers:claim-code-send": (jobseeker_pk, expect(405)),
    # employers (issue 6): the employer's pages, staff pages, the public job board.
    # Placements (issue 8).
    "placements:staff-today": (none, city_page(STAFF, OTHER_CITY_STAFF)),
    # Karirhub exchange: staff of each city export and import their own city's records.
    "exchange:karirhub": (none, city_page(STAFF, OTHER_CITY_STAFF)),
    "exchange:vacancies-export": (const(fmt="csv"), city_page(STAFF, OTHER_CITY_STAFF)),
    "exchange:registrations-export": (const(fmt="xlsx"), city_page(STAFF, OTHER_CITY_STAFF)),
    "placements:vacancy-suggestions": (
        lambda world: {"pk": world["vacancy"].pk},
        city_page(STAFF, other_city_staff=404),
    ),
    "placements:staff-referral": (lambda world: {"pk": world["referral"].pk}, city_page(STAFF, other_city_staff=404)),
    "placements:followup": (lambda world: {"pk": world["followup"].pk}, city_page(STAFF, other_city_staff=404)),
    "placements:referral-requests": (none, city_page(STAFF, OTHER_CITY_STAFF)),
    "placements:confirm-for-person": (
        lambda world: {"pk": world["referral"].pk},
        city_page(STAFF, other_city_staff=404),
    ),
    "placements:employer-candidates": (none, city_page(EMPLOYER)),
    "placements:employer-referral": (lambda world: {"pk": world["referral"].pk}, city_page(EMPLOYER)),
    "placements:api-employer-candidates": (none, expect(403, anonymous=401, employer=200)),
    "placements:my-matches": (none, city_page(JOB_SEEKER)),
    "placements:my-referral": (lambda world: {"pk": world["referral"].pk}, city_page(JOB_SEEKER)),
    "placements:followup-schedule": (none, city_page(CITY_ADMIN)),
    "employers:dashboard": (none, city_page(EMPLOYER)),
    "employers:organisation": (none, city_page(EMPLOYER)),
    "employers:quota": (none, city_page(EMPLOYER)),
    "employers:workplace-list": (none, city_page(EMPLOYER)),
    "employers:workplace-edit": (lambda world: {"pk": world["workplace"].pk}, city_page(EMPLOYER)),
    "employers:vacancy-create": (none, city_page(EMPLOYER)),
    "employers:vacancy": (lambda world: {"pk": world["vacancy"].pk}, city_page(EMPLOYER)),
    "employers:vacancy-status": (lambda world: {"pk": world["vacancy"].pk}, expect(405)),
    "employers:staff-employer-list": (none, city_page(STAFF, OTHER_CITY_STAFF)),  # staff of B: B's list
    "employers:staff-reverify-list": (none, city_page(STAFF, OTHER_CITY_STAFF)),  # staff of B: B's queue
    "employers:staff-employer": (lambda world: {"pk": world["employer"].pk}, city_page(STAFF, other_city_staff=404)),
    "employers:staff-employer-verify": (lambda world: {"pk": world["employer"].pk}, expect(405)),
    "employers:staff-quota-add": (lambda world: {"pk": world["employer"].pk}, city_page(STAFF, other_city_staff=404)),
    "employers:staff-service-add": (lambda world: {"pk": world["employer"].pk}, city_page(STAFF, other_city_staff=404)),
    "employers:staff-service-list": (none, city_page(STAFF, OTHER_CITY_STAFF)),
    "employers:staff-vacancy-list": (none, city_page(STAFF, OTHER_CITY_STAFF)),
    "employers:staff-vacancy": (lambda world: {"pk": world["vacancy"].pk}, city_page(STAFF, other_city_staff=404)),
    "employers:staff-interest-list": (none, city_page(STAFF, OTHER_CITY_STAFF)),
    "employers:staff-interest-review": (lambda world: {"pk": world["interest"].pk}, expect(405)),
    "employers:board": (none, expect(200)),
    "employers:city-board": (city_a_slug, expect(200)),
    "employers:city-feed": (city_a_slug, expect(200)),
    "employers:city-atom-feed": (city_a_slug, expect(200)),
    "employers:vacancy-public": (
        lambda world: {"city_slug": world["city_a"].slug, "pk": world["vacancy"].pk},
        expect(200),
    ),
    "employers:express-interest": (
        lambda world: {"city_slug": world["city_a"].slug, "pk": world["vacancy"].pk},
        city_page(JOB_SEEKER),
    ),
    # assessments (issue 7): staff and the named partner; the employer's shared reports; APEKSI admins.
    "assessments:list": (none, city_page(STAFF, PARTNER, OTHER_CITY_STAFF)),
    "assessments:schedule": (none, city_page(STAFF, OTHER_CITY_STAFF)),
    "assessments:detail": (assessment_pk, city_page(STAFF, PARTNER, other_city_staff=404)),
    "assessments:step": (
        lambda world: {"pk": world["assessment"].pk, "step": 1},
        city_page(STAFF, PARTNER, other_city_staff=404),
    ),
    "assessments:status": (assessment_pk, expect(405)),
    "assessments:photo": (
        lambda world: {"pk": world["assessment"].pk, "photo_pk": world["assessment_photo"].pk},
        city_page(STAFF, PARTNER, other_city_staff=404),
    ),
    "assessments:report": (assessment_pk, city_page(STAFF, PARTNER, other_city_staff=404)),
    "assessments:report-pdf": (assessment_pk, city_page(STAFF, PARTNER, other_city_staff=404)),
    "assessments:employer-list": (none, city_page(EMPLOYER)),
    "assessments:employer-report": (shared_assessment_pk, city_page(EMPLOYER)),
    "assessments:employer-report-pdf": (shared_assessment_pk, city_page(EMPLOYER)),
    "assessments:employer-photo": (
        lambda world: {"pk": world["shared_assessment"].pk, "photo_pk": world["shared_assessment_photo"].pk},
        city_page(EMPLOYER),
    ),
    "assessments:checklist-versions": (none, city_page(APEKSI_ADMIN)),
    # API v1 (issue 11): public framework pages; the API's endpoints answer 401 to the anonymous.
    "api:root": (none, expect(200)),
    "api:schema": (none, expect(200)),
    "api:docs": (none, expect(200)),
    "api:swagger": (none, expect(200)),
    "api-tokens:list": (none, city_page(EMPLOYER, STAFF, CITY_ADMIN, PARTNER, OTHER_CITY_STAFF)),
    "api-tokens:revoke": (const(pk=1), expect(405)),
    # API v1 endpoints: 401 for the anonymous, 403 without the permission, 404 for city A's object
    # seen from city B, 405 for POST-only actions (after authentication).
    "api:public-vacancy-list": (city_a_slug, expect(200)),
    "api:public-vacancy-jobpostings": (city_a_slug, expect(200)),
    "api:public-vacancy-detail": (
        lambda world: {"city_slug": world["city_a"].slug, "id": world["vacancy"].pk},
        expect(200),
    ),
    "api:public-vacancy-jobposting": (
        lambda world: {"city_slug": world["city_a"].slug, "id": world["vacancy"].pk},
        expect(200),
    ),
    "api:employer-list": (none, api_endpoint(STAFF, OTHER_CITY_STAFF)),
    "api:employer-detail": (lambda world: {"pk": world["employer"].pk}, api_endpoint(STAFF, other_city_staff=404)),
    "api:employer-verify": (lambda world: {"pk": world["employer"].pk}, expect(405)),
    "api:vacancy-list": (none, api_endpoint(STAFF, OTHER_CITY_STAFF)),
    "api:vacancy-detail": (lambda world: {"pk": world["vacancy"].pk}, api_endpoint(STAFF, other_city_staff=404)),
    "api:vacancy-transition": (lambda world: {"pk": world["vacancy"].pk}, expect(405)),
    "api:vacancy-export": (const(fmt="csv"), api_endpoint(STAFF, OTHER_CITY_STAFF)),
    "api:vacancy-import": (none, expect(405)),  # POST only (tests/api/test_vacancy_import_api.py)
    "api:own-vacancy-list": (none, api_endpoint(EMPLOYER)),
    "api:own-vacancy-detail": (lambda world: {"pk": world["vacancy"].pk}, api_endpoint(EMPLOYER)),
    "api:own-vacancy-transition": (lambda world: {"pk": world["vacancy"].pk}, expect(405)),
    "api:own-vacancy-import": (none, expect(405)),  # POST only (tests/api/test_vacancy_import_api.py)
    "api:jobseeker-list": (none, api_endpoint(STAFF, OTHER_CITY_STAFF)),
    "api:jobseeker-detail": (jobseeker_pk, api_endpoint(STAFF, other_city_staff=404)),
    "api:jobseeker-sensitive": (jobseeker_pk, api_endpoint(STAFF, other_city_staff=404)),
    "api:jobseeker-case": (jobseeker_pk, expect(405)),
    "api:jobseeker-export": (const(fmt="csv"), api_endpoint(STAFF, OTHER_CITY_STAFF)),
    "api:jobseeker-import": (none, expect(405)),
    "api:apeksi-indicators-list": (none, expect(403, anonymous=401, apeksi_analyst=200, apeksi_admin=200)),
}

# --- The admin: rule-based, but every admin:* name must match a rule ------------------------------
# Superusers only (apeksi_admin here, with TOTP, working in city A); everyone else is sent to the
# admin login, which sends the anonymous to the portal's login and refuses other signed-in users.
ADMIN_DENIED = expect(to("admin:login"))


def admin_only(superuser_status) -> dict[str, object]:
    return ADMIN_DENIED | {APEKSI_ADMIN: superuser_status}


# Models whose rows the admin only shows (no add, change or delete).
ADMIN_READ_ONLY = {"reference", "accounts_auditlogentry", "notifications_notification"}
# Models the admin never adds (invitations are sent from /kelola/undangan/ so the email goes out).
ADMIN_NO_ADD = ADMIN_READ_ONLY | {"accounts_invitation"}

ADMIN_FIXED: dict[str, tuple[Callable[[dict], dict], dict[str, object]]] = {
    "admin:index": (none, admin_only(200)),
    "admin:choose-city": (none, admin_only(200)),
    # The portal's login replaces the admin's: an admitted superuser goes straight to the index.
    "admin:login": (
        none,
        expect(403, anonymous=LOGIN, apeksi_admin=to("admin:index")),
    ),
    "admin:logout": (none, expect(to("admin:index"), apeksi_admin=405)),  # POST only for the admitted
    "admin:password_change": (none, admin_only(200)),
    "admin:password_change_done": (none, admin_only(200)),
    "admin:autocomplete": (none, admin_only(403)),  # no app_label/model_name/field_name given
    "admin:jsi18n": (none, admin_only(200)),
    "admin:view_on_site": (
        lambda world: {"content_type_id": world["jobseeker_ct"], "object_id": world["seeker"].pk},
        admin_only(404),  # JobSeeker has no get_absolute_url
    ),
    "admin:app_list": (const(app_label="accounts"), admin_only(200)),
    "admin:auth_user_password_change": (lambda world: {"id": world["users"][JOB_SEEKER].pk}, admin_only(200)),
}

ADMIN_MODEL_URL = re.compile(r"^admin:(?P<model>[a-z_]+?_[a-z]+)_(?P<view>changelist|add|change|history|delete)$")


def admin_object_id(world, model: str) -> str:
    obj = world["admin_objects"].get(model)
    return str(obj) if obj is not None else "1"


def admin_rule(name: str):
    """(kwargs builder, expectations) of an admin model URL, or ``None`` when no rule matches."""
    match = ADMIN_MODEL_URL.match(name)
    if not match:
        return None
    model, view = match["model"], match["view"]
    read_only = model in ADMIN_READ_ONLY or model.startswith("reference_")
    no_add = model in ADMIN_NO_ADD or model.startswith("reference_")
    if view == "changelist":
        return none, admin_only(200)
    if view == "add":
        return none, admin_only(403 if no_add else 200)
    kwargs = lambda world: {"object_id": admin_object_id(world, model)}  # noqa: E731
    if view == "delete":
        return kwargs, admin_only(403 if read_only else 200)
    return kwargs, admin_only(200)  # change (a read-only model shows the row) and history


def entry(name: str):
    if name in MATRIX:
        return MATRIX[name]
    if name in ADMIN_FIXED:
        return ADMIN_FIXED[name]
    if name.startswith("admin:"):
        return admin_rule(name)
    return None


# --- Walking the resolver -------------------------------------------------------------------------
def url_names(resolver: URLResolver | None = None, namespace: tuple[str, ...] = ()) -> set[str]:
    """Every named URL under ``resolver``, recursively through includes, as ``ns:...:name``."""
    resolver = resolver or get_resolver()
    names: set[str] = set()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace + ((pattern.namespace,) if pattern.namespace else ())
            names |= url_names(pattern, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(":".join((*namespace, pattern.name)))
    return names


ALL_URL_NAMES = sorted(url_names())


def test_the_resolver_walk_finds_ours_allauths_and_the_admins():
    names = set(ALL_URL_NAMES)
    assert {"home", "accounts:audit-trail", "jobseekers:functioning", "account_login", "mfa_activate_totp"} <= names
    assert "admin:jobseekers_jobseeker_changelist" in names
    assert len(names) > 100


def test_every_url_name_is_in_the_matrix():
    missing = [name for name in ALL_URL_NAMES if entry(name) is None]
    assert not missing, (
        "These URLs are not in the permission matrix (tests/accounts/test_permission_matrix.py); "
        "add each with the status every kind of user must get:\n  " + "\n  ".join(missing)
    )


def test_the_matrix_has_no_stale_entry():
    stale = sorted((set(MATRIX) | set(ADMIN_FIXED)) - set(ALL_URL_NAMES))
    assert not stale, "The matrix lists URLs that no longer exist:\n  " + "\n  ".join(stale)


def test_every_matrix_entry_covers_every_kind():
    incomplete = {
        name: sorted(set(KINDS) - set(expected))
        for name, (_kwargs, expected) in {**MATRIX, **ADMIN_FIXED}.items()
        if set(expected) != set(KINDS)
    }
    assert not incomplete


# --- The world: users of every kind and city A's objects ------------------------------------------
_member = personas.member  # (city, role, *, mfa, **user_fields)


def build_employer_world(city_a, users) -> dict:
    """City A's employer (verified), a site, a published vacancy and a job seeker's interest in it."""
    import datetime

    found = personas.employer(
        city_a,
        user=users[EMPLOYER],
        verifier=users[STAFF],
        interested=users[JOB_SEEKER],
        organisation={
            "legal_name": "PT Matriks",
            "sector": "private",
            "size": "small",
            "address": "Jl. Uji 1",
            "contact_name": "Budi",
            "contact_email": "hr@matriks.test",
        },
        workplace={"name": "Kantor", "address": "Jl. Uji 1", "features": ["lift"]},
        vacancy={
            "title": "Operator data",
            "description": "<p>Data</p>",
            "essential_tasks": "Mengetik",
            "employment_type": "permanent",
            "arrangement": "on_site",
            "working_hours": "08.00-16.00",
            "wage_negotiable": True,
            "deadline": datetime.date(2099, 1, 1),
        },
    )
    return {
        "employer": found.employer,
        "workplace": found.workplace,
        "vacancy": found.vacancy,
        "interest": found.extra["interest"],
    }


def build_assessment_world(city_a, users, workplace) -> dict:
    """A scheduled visit (the partner named on it) and a shared report of city A's workplace."""
    import datetime

    from assessments import services as assessment_services
    from reference.models import ChecklistVersion
    from tests.assessments.conftest import load_checklist

    version = ChecklistVersion.objects.first() or load_checklist()
    day = datetime.date(2026, 12, 1)
    with city_context(city_a):
        assessment = assessment_services.assessment_schedule(
            actor=users[STAFF], workplace=workplace, scheduled_on=day, assessors=[users[PARTNER]], version=version
        )
        shared = assessment_services.assessment_schedule(
            actor=users[STAFF], workplace=workplace, scheduled_on=day, version=version
        )
        shared.results.update(computed="na", outcome="na", not_applicable=True)
        assessment_services.item_result_record(
            actor=users[STAFF], result=shared.results.get(code="DOOR-01"), measured="80"
        )
        shared.refresh_from_db()
        assessment_services.assessment_complete(actor=users[STAFF], assessment=shared)
        assessment_services.assessment_share(actor=users[STAFF], assessment=shared)
        result = assessment.results.first()
        photo = _item_photo(result)
        shared_photo = _item_photo(shared.results.get(code="DOOR-01"))
    return {
        "assessment": assessment,
        "assessment_result": result,
        "assessment_photo": photo,
        "shared_assessment": shared,
        "shared_assessment_photo": shared_photo,
    }


def _item_photo(result):
    """A small PNG stored as a photo of ``result`` (in the current city)."""
    import io

    from django.core.files.base import ContentFile
    from PIL import Image

    from assessments.models import ItemPhoto

    out = io.BytesIO()
    Image.new("RGB", (4, 4), (0, 90, 160)).save(out, format="PNG")
    return ItemPhoto.objects.create(
        result=result, image=ContentFile(out.getvalue(), name="matrix.png"), alt_text="Door", content_type="image/png"
    )


def build_placement_world(city_a, users, seeker, vacancy) -> dict:
    """A referral the job seeker confirmed (seen by the employer) and a placement with a due follow-up."""
    import datetime

    from placements import services as placement_services
    from placements.models import FollowUp, Placement, Referral

    with city_context(city_a):
        JobSeeker.objects.filter(pk=seeker.pk).update(sharing_allowed=True, matching_allowed=True)
        seeker.refresh_from_db()
        referral = placement_services.referral_propose(actor=users[STAFF], job_seeker=seeker, vacancy=vacancy)
        placement_services.referral_confirm(actor=users[JOB_SEEKER], referral=referral, disclosed=["needs"])
        placed = Referral.objects.create(
            job_seeker=JobSeeker.objects.create(name="Placed person"),
            vacancy=vacancy,
            status="placed",
            proposed_by=users[STAFF],
        )
        placement = Placement.objects.create(
            referral=placed,
            start_date=datetime.date(2026, 1, 5),
            wage=3_000_000,
            contract_type="permanent",
            recorded_by=users[STAFF],
        )
        followup = FollowUp.objects.create(placement=placement, months=1, due_on=datetime.date(2026, 2, 5))
        # A job seeker's own request waiting for an officer ("Requests from job seekers").
        Referral.objects.create(
            job_seeker=JobSeeker.objects.create(name="Requesting person"),
            vacancy=vacancy,
            status="requested",
            proposed_by=users[STAFF],
        )
    return {"referral": referral, "followup": followup}


def build_webhook_world(city_a, users) -> dict:
    """A webhook endpoint of city A (written directly: registering one resolves its host name)."""
    from webhooks import security
    from webhooks.models import WebhookEndpoint

    with city_context(city_a):
        endpoint = WebhookEndpoint.objects.create(
            url="https://hooks.example.org/ijc",
            events=["placement.made"],
            secret_encrypted=security.encrypt_secret(security.new_secret()),
            secret_hint="abcd",
            created_by=users[CITY_ADMIN],
        )
    return {"webhook_endpoint": endpoint}


def build_person_message_world(city_a, users, seeker) -> dict:
    """A call to make and a letter to print in city A (notifications.person_messages), so that the
    staff's lists link to them."""
    from notifications.services import person_message_send

    made = {}
    with city_context(city_a):
        for way in ("phone", "visit"):
            made[f"person_message_{way}"] = person_message_send(
                actor=users[STAFF],
                kind="referral_confirmed_for_person",
                job_seeker_id=seeker.pk,
                channel=way,
                name=seeker.name,
                phone="+6281234567890",
                email="",
                context={"vacancy_title": "Staf administrasi", "employer_name": "PT Sinar Nusantara"},
                dedupe_key=f"matrix:{way}",
            ).message
    return made


def build_world(city_a, city_b, *, with_reference: bool = False) -> dict:
    users = personas.cast(city_a, city_b, other_city_key=OTHER_CITY_STAFF, apeksi_key=APEKSI_ANALYST)
    users[APEKSI_ADMIN] = personas.apeksi_admin()
    invitation, token = invitation_send(
        actor=users[CITY_ADMIN], city=city_a, email="invited@example.test", name="Undangan", role="staff"
    )
    with city_context(city_a):
        seeker = JobSeeker.objects.create(name="Siti", user=users[JOB_SEEKER])
        ak1_card = ak1_issue(seeker, officer=users[STAFF], birth_place="Bandung")
        staff_membership = Membership.objects.get(user=users[STAFF])
        audit_entry = AuditLogEntry.objects.filter(object_pk=str(seeker.pk)).first()
    with city_context(city_b):
        JobSeeker.objects.create(name="Beta person")
    from allauth.account.models import EmailAddress
    from allauth.mfa.models import Authenticator
    from django.contrib.contenttypes.models import ContentType

    email = EmailAddress.objects.create(user=users[JOB_SEEKER], email=users[JOB_SEEKER].email, verified=True)
    group = Group.objects.create(name="Matrix")
    admin_objects = {
        "auth_group": group.pk,
        "accounts_user": users[JOB_SEEKER].pk,
        "accounts_membership": staff_membership.pk,
        "accounts_invitation": invitation.pk,
        "accounts_auditlogentry": audit_entry.pk,
        "jobseekers_jobseeker": seeker.pk,
        "account_emailaddress": email.pk,
        "mfa_authenticator": Authenticator.objects.filter(user=users[STAFF]).first().pk,
    }
    if with_reference:
        call_command("load_reference", stdout=StringIO())
        from django.apps import apps

        for model in apps.get_app_config("reference").get_models():
            first = model._default_manager.order_by("pk").first()
            if first is not None:
                admin_objects[f"reference_{model._meta.model_name}"] = first.pk
    employer_objects = build_employer_world(city_a, users)
    employer_objects |= build_assessment_world(city_a, users, employer_objects["workplace"])
    employer_objects |= build_placement_world(city_a, users, seeker, employer_objects["vacancy"])
    employer_objects |= build_webhook_world(city_a, users)
    employer_objects |= build_person_message_world(city_a, users, seeker)
    from notifications.models import Notification

    with city_context(city_a):  # the referral above notified the job seeker (the outbox's admin page)
        admin_objects["notifications_notification"] = Notification.objects.order_by("pk").first().pk
    return {
        **employer_objects,
        "city_a": city_a,
        "city_b": city_b,
        "users": users,
        "seeker": seeker,
        "ak1_card": ak1_card,
        "invitation": invitation,
        "token": token,
        "staff_membership": staff_membership,
        "admin_objects": admin_objects,
        "jobseeker_ct": ContentType.objects.get_for_model(JobSeeker).pk,
    }


def describe(response) -> object:
    """The response as the matrix writes it: a status, or ``302→url-name`` for a redirect."""
    if response.status_code not in (301, 302):
        return response.status_code
    path = urlparse(response["Location"]).path
    try:
        return to(resolve(path).view_name)
    except Resolver404:
        return f"{response.status_code}→{path}"


@pytest.fixture
def no_template_rendering(monkeypatch):
    """The matrix proves status codes and redirects, which are decided before a template renders: skip
    the rendering (as pretix's permission tests do). The pages' content is checked by their own tests
    and every registered page is rendered for real by the browser sweep."""
    monkeypatch.setattr("django.template.backends.django.Template.render", lambda *args, **kwargs: "")


@pytest.fixture
def live_worker_and_beat(settings):
    """/healthz answers 200 only with a fresh worker heartbeat and beat run, which no process writes in
    the tests: write both now, and keep them fresh for the whole walk (ijc_portal.health)."""
    from ijc_portal import health

    settings.HEALTH_WORKER_STALE_SECONDS = settings.HEALTH_BEAT_STALE_SECONDS = 3600
    health.record_worker_heartbeat()
    health.record_beat_run()


@pytest.mark.parametrize("kind", KINDS)
def test_permission_matrix(client, city_a, city_b, kind, no_template_rendering, live_worker_and_beat):
    world = build_world(city_a, city_b, with_reference=kind == APEKSI_ADMIN)
    if kind != ANONYMOUS:
        client.force_login(world["users"][kind])
    if kind == APEKSI_ADMIN:
        session = client.session
        session[ADMIN_CITY_SESSION_KEY] = city_a.pk  # as chosen on /admin/kota/
        session.save()
    client.raise_request_exception = False
    mismatches = []
    for name in ALL_URL_NAMES:
        found = entry(name)
        if found is None:
            continue  # test_every_url_name_is_in_the_matrix reports it
        build_kwargs, expected = found
        try:
            url = reverse(name, kwargs=build_kwargs(world))
        except NoReverseMatch as error:
            mismatches.append(f"{name}: cannot build the URL ({error})")
            continue
        actual = describe(client.get(url))
        if actual != expected[kind]:
            mismatches.append(f"{name:50} GET {url:60} expected {expected[kind]!s:35} got {actual}")
    assert not mismatches, f"{kind}: {len(mismatches)} mismatches\n" + "\n".join(mismatches)


# --- MFA: a role that needs it and has no TOTP is sent to set it up -------------------------------
PROTECTED_HOME = {
    STAFF: "dashboards:home-staff",
    CITY_ADMIN: "dashboards:home-city-admin",
    PARTNER: "dashboards:home-partner",
    APEKSI_ANALYST: "dashboards:home-apeksi",
    APEKSI_ADMIN: "dashboards:home-apeksi",
}


@pytest.mark.parametrize("kind", sorted(PROTECTED_HOME))
def test_a_role_needing_mfa_without_totp_is_sent_to_set_it_up(client, city_a, kind):
    if kind == APEKSI_ANALYST:
        user = UserFactory(cross_city_role=User.CrossCityRole.APEKSI_ANALYST)
    elif kind == APEKSI_ADMIN:
        user = UserFactory(cross_city_role=User.CrossCityRole.APEKSI_ADMIN, is_superuser=True, is_staff=True)
    else:
        user = _member(city_a, kind, mfa=False)
    client.force_login(user)
    url = reverse(PROTECTED_HOME[kind])

    response = client.get(url)

    assert describe(response) == to("mfa_activate_totp")
    assert f"next={url}".replace("/", "%2F") in response["Location"]
    give_totp(user)
    assert client.get(url).status_code == 200


@pytest.mark.parametrize("kind", [JOB_SEEKER, EMPLOYER])
def test_job_seekers_and_employers_need_no_totp(client, city_a, kind):
    user = _member(city_a, kind, mfa=False)
    client.force_login(user)
    home = {JOB_SEEKER: "dashboards:home-job-seeker", EMPLOYER: "dashboards:home-employer"}[kind]
    assert client.get(reverse(home)).status_code == 200


def test_mfa_is_checked_after_the_permission(client, city_a):
    """Without TOTP, a staff member still gets a plain 403 where staff have no permission at all."""
    client.force_login(_member(city_a, Membership.Role.STAFF, mfa=False))
    assert client.get(reverse("accounts:member-list")).status_code == 403


def test_a_job_seeker_who_is_staff_in_another_city_needs_totp_in_both(client, city_a, city_b):
    user = _member(city_a, Membership.Role.JOB_SEEKER, mfa=False)
    member_register(user=user, city=city_b, role=Membership.Role.STAFF)
    client.force_login(user)
    session = client.session
    from cities.middleware import ACTIVE_CITY_SESSION_KEY

    session[ACTIVE_CITY_SESSION_KEY] = city_a.pk
    session.save()
    assert describe(client.get(reverse("dashboards:home-job-seeker"))) == to("mfa_activate_totp")


# --- Error pages and redirects raised as exceptions inside a city ---------------------------------
# These exist because the matrix found them: CityContextMiddleware.process_exception marks the city's
# transaction for rollback *before* the error page (or allauth's reauthentication redirect) is built,
# and building it queries the database (base.html's has_several_cities; allauth's MFA check).
def test_a_signed_in_members_403_page_renders_inside_the_city(client, city_a):
    client.force_login(_member(city_a, Membership.Role.JOB_SEEKER, mfa=False))
    client.raise_request_exception = False
    assert client.get(reverse("dashboards:home-staff")).status_code == 403


def test_a_signed_in_members_404_page_renders_inside_the_city(client, city_a):
    client.force_login(_member(city_a, Membership.Role.STAFF, mfa=True))
    client.raise_request_exception = False
    assert client.get(reverse("jobseekers:functioning", kwargs={"pk": 999999})).status_code == 404


def test_allauths_reauthentication_redirect_works_inside_a_city(client, city_a):
    client.force_login(_member(city_a, Membership.Role.STAFF, mfa=True))
    client.raise_request_exception = False
    assert describe(client.get(reverse("mfa_generate_recovery_codes"))) == to("account_reauthenticate")
