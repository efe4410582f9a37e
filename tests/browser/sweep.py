"""The browser sweep's checks, shared by the read-only sweep and the sweep of pages whose preparation writes.

The read-only sweep (``test_axe_sweep.py``, ``test_reflow.py``) opens every registered page in a
world built once per module and worker (``shared_world``), through one signed-in browser context per
role (``Sweep``); a page's variants change the language and display cookies and the viewport of a
new tab in that context. The pages marked ``writes`` (their preparation changes records) are checked
the same way in ``test_sweep_writes.py``, each in a world of its own.

Both checks also fail when Chromium reported a Content-Security-Policy violation in the page (a
``<script>`` or ``<style>`` without the response's nonce, an inline event handler, a ``style``
attribute, another origin): ``tests/browser/csp.py`` records them from the moment each document starts.

Each check records what it checked (``record_property``); ``tests/conftest.py`` adds the records of
every worker into the one summary line printed at the end of the run::

    browser sweep: 414 page checks, 0 violations, 276 reflow checks, 0 failures, 0 CSP violations
"""

from __future__ import annotations

import os
from collections.abc import Callable

from tests.browser.axe import axe_violations, describe_violations
from tests.browser.csp import assert_no_csp_violations, csp_violations
from tests.browser.registry import PAGES, RegisteredPage, World

# The axe sweep's variants of a page: each language, and Indonesian with large, high-contrast text.
AXE_VARIANTS = {
    "id": {"language": "id"},
    "en": {"language": "en"},
    "id-larger-high-contrast": {"language": "id", "display": "larger.high"},
}
# WCAG 1.4.10: 320 CSS pixels wide is 1280 px at 400% zoom, checked with very large text (WCAG 1.4.4 on
# top): text set in rem grows and fixed widths do not shrink, so a page that fits with very large text
# fits with normal text too (every page that failed at normal text in the sweep's history also failed
# with very large text; the reverse did not hold). Normal text is checked as well when the screenshots
# are taken (`make screenshots`: SCREENSHOTS_DIR) or when IJC_SWEEP_ALL_WIDTHS is set.
NARROW = {"width": 320, "height": 720}
REFLOW_VARIANTS = {"very-large-text": "larger.standard"}
FULL_SWEEP = bool(os.environ.get("SCREENSHOTS_DIR") or os.environ.get("IJC_SWEEP_FULL"))
if FULL_SWEEP:
    REFLOW_VARIANTS = {"normal-text": None, **REFLOW_VARIANTS}
# English is checked on the pages of the people who may read the portal in English: the public, job
# seekers and employers. Staff, partner, city admin and APEKSI pages have the same templates and
# structure in both languages and are used in Indonesian; their English variant runs in the full sweep
# (IJC_SWEEP_FULL=1, and `make screenshots`). The catalogue test (tests/ui/test_catalogue.py) holds
# every string translated, so no page loses a label or a title in either language.
ENGLISH_ROLES = frozenset({"anonymous", "job_seeker", "new_job_seeker", "employer"})


def axe_cases(pages: list[RegisteredPage]) -> list:
    """(page, variant) pairs the axe sweep checks, with ids ``<role>:<page>-<variant>``."""
    import pytest

    return [
        pytest.param(page, variant, id=f"{page.id}-{variant}")
        for page in pages
        for variant in AXE_VARIANTS
        if variant != "en" or FULL_SWEEP or page.role in ENGLISH_ROLES
    ]


READ_ONLY_PAGES = [page for page in PAGES if not page.writes]
WRITING_PAGES = [page for page in PAGES if page.writes]

SWEEP_KIND = "browser_sweep"  # user property: which check ("axe" or "reflow")
SWEEP_VIOLATIONS = "browser_sweep_violations"  # user property: how many axe violations the check found
SWEEP_CSP_VIOLATIONS = "browser_sweep_csp_violations"  # user property: how many CSP violations Chromium reported


def page_id(registered: RegisteredPage) -> str:
    return registered.id


def check_axe(open_page: Callable[..., object], world: World, registered: RegisteredPage, variant: str, record) -> None:
    """Open ``registered`` in ``variant``, prepare it, and fail on any axe WCAG A/AA violation."""
    from tests.browser.conftest import save_screenshot

    record(SWEEP_KIND, "axe")
    options = AXE_VARIANTS[variant]
    page = open_page(registered.path(world), role=registered.role, **options)
    if registered.prepare:
        registered.prepare(page, options["language"])

    violations = axe_violations(page)
    record(SWEEP_VIOLATIONS, len(violations))
    blocked = csp_violations(page)
    record(SWEEP_CSP_VIOLATIONS, len(blocked or ()))
    language = page.evaluate("() => document.documentElement.lang")
    if violations or blocked or language != options["language"] or os.environ.get("SCREENSHOTS_DIR"):
        save_screenshot(page, registered, variant)

    assert language == options["language"]
    assert not violations, f"{registered.id} ({variant}) has axe violations:\n{describe_violations(violations)}"
    assert_no_csp_violations(page, f"{registered.id} ({variant})")


def check_reflow(
    open_page: Callable[..., object], world: World, registered: RegisteredPage, display: str, record
) -> None:
    """Open ``registered`` 320 px wide and fail when it scrolls sideways."""
    from tests.browser.conftest import save_screenshot

    record(SWEEP_KIND, "reflow")
    page = open_page(registered.path(world), role=registered.role, viewport=NARROW, display=REFLOW_VARIANTS[display])
    if registered.prepare:
        registered.prepare(page, "id")

    widths = page.evaluate(
        "() => ({scroll: document.documentElement.scrollWidth, view: document.documentElement.clientWidth})"
    )
    too_wide = widths["scroll"] > widths["view"]
    blocked = csp_violations(page)
    record(SWEEP_CSP_VIOLATIONS, len(blocked or ()))
    if too_wide or blocked or (display == "normal-text" and os.environ.get("SCREENSHOTS_DIR")):
        save_screenshot(page, registered, "id-320px" if display == "normal-text" else "id-320px-very-large")

    assert not too_wide, f"{registered.id} is {widths['scroll']} px wide at 320 px"
    assert_no_csp_violations(page, f"{registered.id} (320 px, {display})")
