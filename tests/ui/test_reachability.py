"""Every page a user may open is reachable by links from that user's home, in at most three steps.

For each kind of user of the permission matrix (tests/accounts/test_permission_matrix.py, its world
and its expectations), the test starts where the user lands (the role's home after sign-in; the
public home page for the anonymous), follows ``<a href>`` links only — same site, GET, breadth
first — and collects the URL names it reaches. A page at depth 3 counts as reached when a page at
depth 2 links to it; downloads are counted from the link and not fetched. The test fails listing
every URL name the matrix gives that user 200 on (GET) that the walk did not reach.

Not followed: sign-out (``account_logout``), the language switch (a form; ``set_language``), links
that carry ``?next=`` (they lead back to the page they came from), and the Django admin's pages
beyond its index (its own application with its own navigation).
"""

from __future__ import annotations

from collections import deque
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from django.urls import Resolver404, resolve, reverse

from cities.middleware import ADMIN_CITY_SESSION_KEY
from tests.accounts.test_permission_matrix import (  # noqa: F401 - live_worker_and_beat is a fixture
    ALL_URL_NAMES,
    ANONYMOUS,
    APEKSI_ADMIN,
    APEKSI_ANALYST,
    CITY_ADMIN,
    EMPLOYER,
    JOB_SEEKER,
    KINDS,
    OTHER_CITY_STAFF,
    PARTNER,
    STAFF,
    build_world,
    entry,
    live_worker_and_beat,
)

pytestmark = pytest.mark.django_db

MAX_DEPTH = 3

# Where each kind of user starts: the page sign-in leads to (LOGIN_REDIRECT_URL is
# dashboards:role-home, which redirects to the role's home) or, for the anonymous, the home page.
START = {
    ANONYMOUS: "home",
    JOB_SEEKER: "dashboards:home-job-seeker",
    EMPLOYER: "dashboards:home-employer",
    STAFF: "dashboards:home-staff",
    CITY_ADMIN: "dashboards:home-city-admin",
    PARTNER: "dashboards:home-partner",
    APEKSI_ANALYST: "dashboards:home-apeksi",
    APEKSI_ADMIN: "dashboards:home-apeksi",
    OTHER_CITY_STAFF: "dashboards:home-staff",
}

# Links the walk does not follow (it still counts them as reached).
NOT_FOLLOWED = {"account_logout", "set_language"}
# Downloads: counted from the link, never fetched (PDFs are slow to build, files are no pages).
DOWNLOADS = {
    "dashboards:city-report-pdf",
    "dashboards:city-export",
    "dashboards:apeksi-export",
    "city_profile:apeksi-export",
    "assessments:report-pdf",
    "assessments:employer-report-pdf",
    "ak1:pdf",
    "ak1:mine-pdf",
    "jobseekers:my-data-json",
    "jobseekers:my-document-download",
    "jobseekers:document-download",
    "jobseekers:export",
    "jobseekers:import-template",
    "exchange:vacancies-export",
    "exchange:registrations-export",
    "employers:city-feed",
    "employers:city-atom-feed",
}

# Pages that answer 200 on a GET but are no link target, each with its reason.
NOT_LINK_TARGETS = {
    "healthz": "the health probe for the load balancer and monitoring (JSON), not a page for people",
    "notifications:whatsapp-webhook": "Meta's WhatsApp Cloud API webhook (signed statuses and messages), "
    "not a page for people",
    "account_inactive": "allauth shows it instead of signing in an account that is switched off",
    "account_email_verification_sent": "shown after the sign-up form is sent (the POST's redirect)",
    "account_confirm_email": "the link in the address-confirmation e-mail (a one-time key)",
    "account_reset_password_done": "shown after the password-reset form is sent (the POST's redirect)",
    "account_reset_password_from_key": "the link in the password-reset e-mail (a one-time key)",
    "account_reset_password_from_key_done": "shown after a new password is set from the e-mailed link",
    "account_reauthenticate": "allauth redirects here before a sensitive change; never linked",
    "mfa_reauthenticate": "allauth redirects here before a sensitive MFA change; never linked",
    "accounts:invitation-accept": "the link in the invitation e-mail (a one-time token)",
    "ak1:verify": "opened from the QR code printed on an AK/1 card (a token per card); the card's page shows "
    "the link to its holder and staff",
    "accounts:choose-city": "linked ('Change city') only for a person with a role in several cities; "
    "role-home and the sign-in redirect there when the city is undecided",
    "employers:express-interest": "linked from a public vacancy only until the person has expressed interest "
    "in it, which the matrix's job seeker already has (the anonymous reach the link)",
    "placements:confirm-for-person": "linked from a referral and the requests list only while the referral waits "
    "for the person's confirmation; the matrix's referral is already confirmed",
    "assessments:photo": "an item's photo, shown as an image (<img>) on the assessment's step and report pages",
    "assessments:employer-photo": "an item's photo, shown as an image (<img>) on the shared report page",
    "account_logout": "sign-out is a button (POST form); its GET page is the confirmation allauth shows",
    # API v1: machine endpoints, reached by clients with a token, not by links in pages. The API's
    # human entry points (api:docs, api:swagger, api:root) are checked below like any page.
    **dict.fromkeys(
        [name for name in ALL_URL_NAMES if name.startswith("api:") and name not in ("api:docs", "api:swagger")],
        "a REST API endpoint (JSON for programs with a token), not a page; docs/api.md",
    ),
    "api:root": "the REST API's JSON index for programs; people use the API documentation page",
    "placements:api-employer-candidates": "a REST API endpoint (JSON for programs with a token), not a page",
    # Django's admin is its own application with its own navigation (index → model lists → rows);
    # the portal links to its index for superusers.
    **dict.fromkeys(
        [name for name in ALL_URL_NAMES if name.startswith("admin:") and name != "admin:index"],
        "inside Django's admin (superusers only), reached from the admin index by its own navigation",
    ),
}


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.hrefs.append(href)


def links_of(html: str) -> list[str]:
    parser = _Links()
    parser.feed(html)
    return parser.hrefs


def same_site_path(href: str, base: str) -> str | None:
    """The path of a same-site link without query or fragment, or ``None`` for other links."""
    parts = urlsplit(href)
    if (parts.scheme or parts.netloc) and (
        parts.scheme not in ("http", "https") or parts.netloc not in ("testserver", "")
    ):
        return None
    if href.startswith("#") or parts.scheme == "mailto":
        return None
    if "next=" in parts.query:
        return None
    path = parts.path or base
    if not path.startswith("/"):
        path = base.rsplit("/", 1)[0] + "/" + path
    return path


def url_name(path: str) -> str | None:
    try:
        return resolve(path).view_name
    except Resolver404:
        return None


def crawl(client, start: str) -> tuple[dict[str, int], list[str]]:
    """Breadth-first over links from ``start``: each reached URL name with its depth, and the fetch errors."""
    reached: dict[str, int] = {}
    seen_paths = {start}
    queue = deque([(start, 0)])
    errors = []
    start_name = url_name(start)
    reached[start_name] = 0
    while queue:
        path, depth = queue.popleft()
        response = client.get(path)
        if response.status_code in (301, 302):  # "My home" (role-home) redirects to the role's home
            target = same_site_path(response["Location"], path)
            name = url_name(target) if target else None
            if name is not None and target not in seen_paths:
                seen_paths.add(target)
                reached.setdefault(name, depth)
                queue.append((target, depth))
            continue
        if response.status_code != 200:
            errors.append(f"{path} (depth {depth}) answered {response.status_code}")
            continue
        if "html" not in response.get("Content-Type", ""):
            continue
        for href in links_of(response.content.decode()):
            target = same_site_path(href, path)
            if target is None or target in seen_paths:
                continue
            seen_paths.add(target)
            name = url_name(target)
            if name is None:
                continue
            reached.setdefault(name, depth + 1)
            if (
                depth + 1 < MAX_DEPTH
                and name not in NOT_FOLLOWED
                and name not in DOWNLOADS
                and not (name.startswith("admin:") and name != "admin:index")
            ):
                queue.append((target, depth + 1))
    return reached, errors


def expected_pages(kind: str) -> set[str]:
    """The URL names the matrix gives ``kind`` a 200 on, less those that are no link target."""
    names = set()
    for name in ALL_URL_NAMES:
        found = entry(name)
        if found is not None and found[1][kind] == 200 and name not in NOT_LINK_TARGETS:
            names.add(name)
    return names


def test_every_exclusion_names_an_existing_url():
    assert set(NOT_LINK_TARGETS) <= set(ALL_URL_NAMES)
    assert set(ALL_URL_NAMES) >= DOWNLOADS


@pytest.mark.usefixtures("live_worker_and_beat")
@pytest.mark.parametrize("kind", KINDS)
def test_every_page_a_user_may_open_is_linked_within_three_steps(client, city_a, city_b, kind):
    world = build_world(city_a, city_b)
    for name in ALL_URL_NAMES:  # the records some of the matrix's URL builders create (a call to make, a letter)
        found = entry(name)
        if found is not None and not name.startswith("admin:"):
            found[0](world)
    if kind != ANONYMOUS:
        client.force_login(world["users"][kind])
    if kind == APEKSI_ADMIN:
        session = client.session
        session[ADMIN_CITY_SESSION_KEY] = city_a.pk  # as the matrix: working in city A
        session.save()

    reached, errors = crawl(client, reverse(START[kind]))

    expected = expected_pages(kind)
    missing = sorted(expected - set(reached))
    depths = [reached[name] for name in expected & set(reached)]
    by_depth = ", ".join(f"{depths.count(depth)} at depth {depth}" for depth in range(MAX_DEPTH + 1))
    print(f"{kind}: {len(reached)} URL names reached; of the {len(expected)} expected {by_depth}")
    assert not (missing or errors), (
        f"{kind}: {len(missing)} pages the user may open are not linked within {MAX_DEPTH} steps of "
        f"{START[kind]}:\n  " + "\n  ".join(missing) + "\nLinks that do not answer 200:\n  " + "\n  ".join(errors)
    )
