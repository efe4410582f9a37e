"""At 320 CSS pixels wide (WCAG 1.4.10: 1280 px at 400% zoom), no registered page scrolls sideways.

The pages whose preparation changes records are checked in ``test_sweep_writes.py``.
"""

from __future__ import annotations

import pytest

from tests.browser.registry import RegisteredPage
from tests.browser.sweep import READ_ONLY_PAGES, REFLOW_VARIANTS, check_reflow, page_id

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("display", list(REFLOW_VARIANTS))
@pytest.mark.parametrize("registered", READ_ONLY_PAGES, ids=page_id)
def test_the_registered_page_fits_320_pixels_without_sideways_scrolling(
    sweep, registered: RegisteredPage, display, record_property
):
    check_reflow(sweep.open, sweep.world, registered, display, record_property)
