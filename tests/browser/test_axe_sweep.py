"""Every registered page, in both languages and with large high-contrast text, has zero axe WCAG A/AA violations."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.browser.axe import axe_violations, describe_violations
from tests.browser.conftest import save_screenshot
from tests.browser.registry import PAGES, RegisteredPage

pytestmark = pytest.mark.browser

VARIANTS = {
    "id": {"language": "id"},
    "en": {"language": "en"},
    "id-larger-high-contrast": {"language": "id", "display": "larger.high"},
}


@pytest.mark.parametrize("variant", list(VARIANTS))
@pytest.mark.parametrize("registered", PAGES, ids=lambda registered: registered.id)
def test_the_registered_page_has_no_wcag_violations(open_page, world, registered: RegisteredPage, variant):
    options = VARIANTS[variant]
    page = open_page(registered.path(world), role=registered.role, **options)
    if registered.prepare:
        registered.prepare(page, options["language"])

    violations = axe_violations(page)
    save_screenshot(page, registered, variant)

    assert page.evaluate("() => document.documentElement.lang") == options["language"]
    assert not violations, f"{registered.id} ({variant}) has axe violations:\n{describe_violations(violations)}"


def test_the_sweep_catches_planted_violations(open_page):
    """If axe stopped running (or the tags matched nothing) the sweep would pass silently: plant real barriers."""
    page = open_page(reverse("home"))
    assert axe_violations(page) == []

    page.evaluate(
        """() => {
            const main = document.getElementById("main");
            main.insertAdjacentHTML("beforeend",
              '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" width="40" height="40">' +
              '<input type="text">' +
              '<p style="color:#bbbbbb;background:#ffffff">Teks pucat yang sulit dibaca.</p>' +
              '<div><button style="all:unset;display:inline-block;width:10px;height:10px">a</button>' +
              '<button style="all:unset;display:inline-block;width:10px;height:10px">b</button></div>');
        }"""
    )
    found = {violation["id"] for violation in axe_violations(page)}

    assert {"image-alt", "label", "color-contrast", "target-size"} <= found, found
