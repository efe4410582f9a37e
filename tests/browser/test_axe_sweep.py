"""Every registered page, in both languages and with large high-contrast text, has zero axe WCAG A/AA violations.

The pages whose preparation changes records are checked in ``test_sweep_writes.py``.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.browser.axe import axe_violations
from tests.browser.registry import RegisteredPage
from tests.browser.sweep import AXE_VARIANTS, READ_ONLY_PAGES, check_axe, page_id

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("variant", list(AXE_VARIANTS))
@pytest.mark.parametrize("registered", READ_ONLY_PAGES, ids=page_id)
def test_the_registered_page_has_no_wcag_violations(sweep, registered: RegisteredPage, variant, record_property):
    check_axe(sweep.open, sweep.world, registered, variant, record_property)


def test_the_sweep_catches_planted_violations(sweep):
    """If axe stopped running (or the tags matched nothing) the sweep would pass silently: plant real barriers."""
    page = sweep.open(reverse("home"))
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
