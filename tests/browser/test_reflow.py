"""At 320 CSS pixels wide (WCAG 1.4.10: 1280 px at 400% zoom), no registered page scrolls sideways."""

from __future__ import annotations

import pytest

from tests.browser.conftest import save_screenshot
from tests.browser.registry import PAGES, RegisteredPage

pytestmark = pytest.mark.browser

NARROW = {"width": 320, "height": 720}


@pytest.mark.parametrize("display", [None, "larger.standard"], ids=["normal-text", "very-large-text"])
@pytest.mark.parametrize("registered", PAGES, ids=lambda registered: registered.id)
def test_the_registered_page_fits_320_pixels_without_sideways_scrolling(
    open_page, world, registered: RegisteredPage, display
):
    page = open_page(registered.path(world), role=registered.role, viewport=NARROW, display=display)
    if registered.prepare:
        registered.prepare(page, "id")

    widths = page.evaluate(
        "() => ({scroll: document.documentElement.scrollWidth, view: document.documentElement.clientWidth})"
    )
    if display is None:
        save_screenshot(page, registered, "id-320px")

    assert widths["scroll"] <= widths["view"], f"{registered.id} is {widths['scroll']} px wide at 320 px"
