"""Chromium enforces the portal's Content-Security-Policy, and the sweep fails on what it blocks.

If the violation listener (tests/browser/csp.py) stopped recording, every sweep check would pass
whatever the pages did: these tests plant inline code without the nonce and require the listener,
and the sweep's own checks, to report it.
"""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from tests.browser.csp import assert_no_csp_violations, csp_violations
from tests.browser.registry import RegisteredPage
from tests.browser.sweep import SWEEP_CSP_VIOLATIONS, check_axe, check_reflow

pytestmark = pytest.mark.browser

PLANTED = (
    '<script>document.documentElement.dataset.planted = "ran";</script>'
    '<p id="planted-style" style="color: rgb(187, 187, 187)">Teks dengan atribut style.</p>'
    '<button type="button" onclick="document.documentElement.dataset.clicked = \'yes\'">Klik</button>'
)


def test_inline_code_without_the_nonce_in_the_served_page_is_blocked_and_reported(sweep):
    """The page as served (its policy header kept) with an inline script, a style attribute and an
    inline event handler added to its HTML: Chromium runs and applies none of them, and reports each."""
    url = sweep.world.base_url + reverse("privacy")
    page = sweep.context("anonymous").new_page()  # the sweep's context: its init scripts, its listener
    try:

        def plant(route):
            served = route.fetch()
            route.fulfill(response=served, body=served.text().replace("</main>", PLANTED + "</main>", 1))

        page.route(url, plant)
        response = page.goto(url)
        assert "script-src 'self' 'nonce-" in response.headers["content-security-policy"]
        page.get_by_role("button", name="Klik").click()

        assert page.evaluate("() => document.documentElement.dataset.planted") is None
        assert page.evaluate("() => document.documentElement.dataset.clicked") is None
        assert page.evaluate("() => getComputedStyle(document.getElementById('planted-style')).color") != (
            "rgb(187, 187, 187)"
        )
        directives = {violation["directive"] for violation in csp_violations(page)}
        assert {"script-src-elem", "script-src-attr", "style-src-attr"} <= directives, directives
        with pytest.raises(AssertionError, match="breaks the Content-Security-Policy"):
            assert_no_csp_violations(page, "the privacy page with planted inline code")
    finally:
        page.close()


def plant_a_script(page, language: str) -> None:
    """A ``prepare`` that adds a ``<script>`` element without the nonce, as a page's own code might."""
    page.evaluate(
        """() => {
            const script = document.createElement("script");
            script.textContent = "document.documentElement.dataset.planted = 'ran';";
            document.body.append(script);
        }"""
    )


PLANTED_PAGE = RegisteredPage(
    "anonymous", "csp-planted-script", lambda w: reverse("privacy"), prepare=plant_a_script, screenshot=False
)


@pytest.mark.parametrize("check", ["axe", "reflow"])
def test_the_sweep_checks_fail_on_a_blocked_script(sweep, check):
    records = {}

    def record(name, value):
        records[name] = value

    with pytest.raises(AssertionError, match=r"script-src-elem"):
        if check == "axe":
            check_axe(sweep.open, sweep.world, PLANTED_PAGE, "id", record)
        else:
            check_reflow(sweep.open, sweep.world, PLANTED_PAGE, "very-large-text", record)
    assert records[SWEEP_CSP_VIOLATIONS] >= 1


def test_the_swagger_ui_runs_under_the_policy(sweep):
    """The API explorer (drf-spectacular-sidecar's Swagger UI, self-hosted) renders the schema with
    nothing blocked: its inline start-up script and style carry the nonce."""
    page = sweep.open(reverse("api:swagger"))
    page.get_by_role("heading", name=re.compile("IJC Portal API")).wait_for()
    assert_no_csp_violations(page, "the Swagger UI page")
