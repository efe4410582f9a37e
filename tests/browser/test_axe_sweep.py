"""Every registered page, in Indonesian, with large high-contrast text and (the public's, job seekers' and
employers' pages, or every page in the full sweep: tests/browser/sweep.py) in English, has zero axe WCAG A/AA
violations.

The pages whose preparation changes records are checked in ``test_sweep_writes.py``.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.browser.axe import axe_violations
from tests.browser.registry import RegisteredPage
from tests.browser.sweep import READ_ONLY_PAGES, axe_cases, check_axe

pytestmark = pytest.mark.browser


@pytest.mark.parametrize(("registered", "variant"), axe_cases(READ_ONLY_PAGES))
def test_the_registered_page_has_no_wcag_violations(sweep, registered: RegisteredPage, variant, record_property):
    check_axe(sweep.open, sweep.world, registered, variant, record_property)


def test_the_sweep_catches_planted_violations(sweep):
    """If axe stopped running (or the tags matched nothing) the sweep would pass silently: plant real barriers.

    The page's Content-Security-Policy blocks ``style`` attributes, so the pale text and the tiny targets
    get their styles through the CSSOM (``element.style``), which the policy does not govern: the
    barriers are really there (their computed styles are checked) and axe must report them."""
    page = sweep.open(reverse("home"))
    assert axe_violations(page) == []

    styles = page.evaluate(
        """() => {
            const main = document.getElementById("main");
            main.insertAdjacentHTML("beforeend",
              '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" width="40" height="40">' +
              '<input type="text">' +
              '<p id="planted-pale">Teks pucat yang sulit dibaca.</p>' +
              '<div><button id="planted-a">a</button><button id="planted-b">b</button></div>');
            document.getElementById("planted-pale").style.cssText = "color:#bbbbbb;background:#ffffff";
            for (const id of ["planted-a", "planted-b"]) {
              document.getElementById(id).style.cssText = "all:unset;display:inline-block;width:10px;height:10px";
            }
            return [
              getComputedStyle(document.getElementById("planted-pale")).color,
              getComputedStyle(document.getElementById("planted-a")).width,
            ];
        }"""
    )
    assert styles == ["rgb(187, 187, 187)", "10px"], styles
    found = {violation["id"] for violation in axe_violations(page)}

    assert {"image-alt", "label", "color-contrast", "target-size"} <= found, found
