"""The axe and 320 px checks of the registered pages whose preparation changes records
(``RegisteredPage.writes``): each check gets a world of its own, so what it writes reaches no other check."""

from __future__ import annotations

import pytest

from tests.browser.registry import RegisteredPage
from tests.browser.sweep import REFLOW_VARIANTS, WRITING_PAGES, axe_cases, check_axe, check_reflow, page_id

pytestmark = pytest.mark.browser


@pytest.mark.parametrize(("registered", "variant"), axe_cases(WRITING_PAGES))
def test_the_registered_page_has_no_wcag_violations(
    open_page, world, registered: RegisteredPage, variant, record_property
):
    check_axe(open_page, world, registered, variant, record_property)


@pytest.mark.parametrize("display", list(REFLOW_VARIANTS))
@pytest.mark.parametrize("registered", WRITING_PAGES, ids=page_id)
def test_the_registered_page_fits_320_pixels_without_sideways_scrolling(
    open_page, world, registered: RegisteredPage, display, record_property
):
    check_reflow(open_page, world, registered, display, record_property)
