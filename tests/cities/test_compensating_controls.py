"""The controls that stand in for the three tenancy weaknesses still open in test_attacks.py.

docs/tenancy.md ("Open weaknesses and their controls") names each open strict ``xfail`` and the
control that limits it; the tests here hold those controls in place, so that the weakness cannot
grow without a failing test:

* the URL's city is given to anyone on a ``/kota/<city_slug>/`` route, so every such route must be
  one of the reviewed public ones below (a new route fails until it is reviewed and listed);
* ``accounts_user`` has no row-level security, so user rows may be looked up only in the reviewed
  modules below (a new module that queries users fails until it is reviewed and listed).
"""

from __future__ import annotations

import ast
from pathlib import Path

from django.urls import URLPattern, URLResolver, get_resolver

ROOT = Path(__file__).resolve().parents[2]

# Every route that takes its city from the URL, and why a non-member may use it.
PUBLIC_CITY_ROUTES = {
    "cities:detail": "the city's public page",
    "employers:city-board": "the city's public job board",
    "employers:city-feed": "the job board's RSS feed",
    "employers:city-atom-feed": "the job board's Atom feed",
    "employers:vacancy-public": "a published vacancy",
    "employers:express-interest": "a job seeker of the city says they are interested; the view's "
    "permission requires the job-seeker role in that city",
    "accounts:invitation-accept": "a person invited by the city signs up; the token names the city",
    "jobseekers:claim": "a person registered at the desk claims their account with the code the city gave",
    "jobseekers:claim-link": "the same, from the link the city sent",
    "jobseekers:claim-account": "the same, the account form after the code was accepted",
    "ak1:verify": "the check of an AK/1 card its QR code opens: validity and initials only, by a random token",
}

# Modules (outside tests and migrations) that look users up, and why that is not a listing of
# another city's people.
USER_LOOKUP_MODULES = {
    "accounts/services.py": "sign-up, invitations and e-mail uniqueness need every account",
    "accounts/views.py": "an invitation's sign-up checks that its address is free",
    "jobseekers/services/claim.py": "claiming an account checks that the address is free",
    "jobseekers/selectors.py": "users by the ids of the current city's memberships",
    "assessments/forms.py": "partners by the ids of the current city's partner memberships",
    "placements/notices.py": "the recipients of the current city's notices, by id",
    "webhooks/services.py": "the current city's administrators, through their memberships",
    "employers/demo.py": "demo data (make run)",
    "ijc_portal/management/commands/load_demo.py": "demo data (make run)",
    "ijc_portal/management/commands/breach_report.py": "an operator's breach report names one account",
    "ijc_portal/synthetic/runner.py": "synthetic data for benchmarks",
    "ijc_portal/synthetic/load.py": "synthetic data for benchmarks and the load test",
}


def city_slug_routes(resolver: URLResolver | None = None, namespace: tuple[str, ...] = ()) -> set[str]:
    resolver = resolver or get_resolver()
    found: set[str] = set()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace + ((pattern.namespace,) if pattern.namespace else ())
            below = city_slug_routes(pattern, inner)
            if "city_slug" in pattern.pattern.converters:
                below |= {":".join((*inner, "(include)"))}
            found |= below
        elif isinstance(pattern, URLPattern) and "city_slug" in pattern.pattern.converters:
            found.add(":".join((*namespace, pattern.name or repr(pattern.pattern))))
    return found


def test_every_route_with_the_city_in_its_url_is_a_reviewed_public_one():
    found = city_slug_routes()
    assert found == set(PUBLIC_CITY_ROUTES), (
        "a /kota/<city_slug>/ route gives the URL's city to anyone (docs/tenancy.md, 'Never'): "
        f"new {sorted(found - set(PUBLIC_CITY_ROUTES))}, gone {sorted(set(PUBLIC_CITY_ROUTES) - found)}"
    )


def _queries_users(tree: ast.AST) -> bool:
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and node.attr == "objects":
            value = node.value
            if isinstance(value, ast.Name) and value.id == "User":
                return True
            if isinstance(value, ast.Call) and getattr(value.func, "id", "") == "get_user_model":
                return True
    return False


def test_only_reviewed_modules_look_users_up():
    apps = [p.parent for p in ROOT.glob("*/apps.py")] + [ROOT / "ijc_portal"]
    found = set()
    for app in apps:
        for path in app.rglob("*.py"):
            relative = path.relative_to(ROOT).as_posix()
            if "/migrations/" in relative:
                continue
            if _queries_users(ast.parse(path.read_text(encoding="utf-8"))):
                found.add(relative)
    unreviewed = found - set(USER_LOOKUP_MODULES)
    assert not unreviewed, (
        "accounts_user has no row-level security (docs/tenancy.md): list users only through the current "
        f"city's memberships, and add the module to USER_LOOKUP_MODULES with its reason: {sorted(unreviewed)}"
    )
