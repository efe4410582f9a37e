"""A keyboard-only person gets through the "Disability and needs" step of the profile: the ragam, device
and communication lists are each one closed group (``reference.widgets.FoldedCheckboxes``), the
accommodations closed groups by functional domain with a filter box (``GroupedCheckboxes``), and a
"Skip to the save buttons" link starts the form. A closed group is one Tab; what is in it is reached
by opening it (Enter on its summary), with or without JavaScript."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.urls import reverse
from playwright.sync_api import expect

from tests.browser.conftest import DESKTOP
from tests.browser.registry import SIGN_IN, t
from tests.browser.test_keyboard import is_focused, tab_to

pytestmark = pytest.mark.browser

MAX_TABS = 15
STEP_4 = reverse("jobseekers:my-profile-step", kwargs={"step": 4})
SCREEN_READER = "Perangkat lunak pembaca layar"


def presses_until(page, locator, *, limit: int = 120) -> int:
    """How many presses of Tab move focus from where it is to ``locator``."""
    for count in range(1, limit + 1):
        page.keyboard.press("Tab")
        if is_focused(locator):
            return count
    raise AssertionError(f"{locator} never received focus after {limit} presses of Tab")


def step_4(browser, world, *, javascript: bool):
    context = browser.new_context(viewport=DESKTOP, reduced_motion="reduce", java_script_enabled=javascript)
    context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": "id", "url": world.base_url}])
    SIGN_IN["job_seeker"](context, world)
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.goto(world.base_url + STEP_4)
    return page


def test_the_needs_step_is_crossed_in_at_most_15_tab_presses_with_and_without_javascript(browser, world):
    for javascript in (True, False):
        page = step_4(browser, world, javascript=javascript)
        skip = page.get_by_role("link", name=t("id", "Skip to the save buttons"), exact=True)
        save = page.get_by_role("button", name=t("id", "Save and continue"), exact=True)
        # The skip link is the form's first control.
        assert page.evaluate(
            "() => document.querySelector('main form[method=post] a, main form[method=post] input:not([type=hidden]),"
            " main form[method=post] summary') === document.querySelector('a[href=\"#step-actions\"]')"
        )
        tab_to(page, skip)
        tabs = presses_until(page, save)
        print(
            f"\nStep 4 (JavaScript {'on' if javascript else 'off'}), first control to 'Save and continue': {tabs} Tabs"
        )
        assert tabs <= MAX_TABS  # 27 when the ragam, device and communication lists were open
        # Ten closed groups: the three short lists, six WG-SS domains and "every kind of disability".
        expect(page.locator("details[data-choice-group]")).to_have_count(10)
        assert page.locator("details[data-choice-group][open]").count() == 0
        # The skip link: Enter, then one Tab reaches Save.
        for _ in range(tabs):
            page.keyboard.press("Shift+Tab")
        assert is_focused(skip)  # the same stops backwards
        page.keyboard.press("Enter")
        assert presses_until(page, save, limit=1) == 1
        page.context.close()


def test_a_need_in_a_closed_group_is_chosen_and_saved_by_keyboard_without_javascript(browser, world):
    from cities.tenancy import city_context

    page = step_4(browser, world, javascript=False)
    sensory = page.get_by_role("checkbox", name=t("id", "sensory (sensorik)"), exact=True, include_hidden=True)
    screen_reader = page.get_by_role("checkbox", name=SCREEN_READER, exact=False, include_hidden=True)
    for box in (sensory, screen_reader):
        expect(box).to_be_hidden()  # in a closed group: not in the Tab order
        summary = box.locator("xpath=ancestor::details[1]/summary")
        tab_to(page, summary, limit=40)
        page.keyboard.press("Enter")  # opens the group
        tab_to(page, box, limit=10)
        page.keyboard.press("Space")
        expect(box).to_be_checked()
    tab_to(page, page.get_by_role("button", name=t("id", "Save and continue"), exact=True), limit=40)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(t("id", "What employers may see"))
    with city_context(world.city):
        seeker = world.objects["seeker"]
        seeker.refresh_from_db()
        assert [a.code for a in seeker.accommodations.all()] == ["ACC-001"]
        assert seeker.ragam == ["sensorik"]
    page.context.close()


def test_filtering_in_place_and_choosing_by_keyboard(open_page, world):
    from cities.tenancy import city_context

    page = open_page(STEP_4, role="job_seeker")
    search = page.get_by_role("searchbox", name=t("id", "Find in this list"))
    # With JavaScript the list filters as one types: the server-side button is hidden.
    expect(page.get_by_role("button", name=t("id", "Show matching choices"))).to_be_hidden()
    tab_to(page, search)
    page.keyboard.type("pembaca layar")
    screen_reader = page.get_by_role("checkbox", name=SCREEN_READER, exact=False)
    expect(screen_reader).to_be_visible()
    visible = page.locator("[data-choice]:visible")
    assert 1 <= visible.count() < 5
    tab_to(page, screen_reader, limit=5)
    page.keyboard.press("Space")
    expect(screen_reader).to_be_checked()
    seeing = page.locator("details[data-choice-group]", has=screen_reader)
    expect(seeing.locator("[data-choice-count]")).to_have_text("1")
    tab_to(page, page.get_by_role("button", name=t("id", "Save and continue"), exact=True))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).not_to_have_text(t("id", "Disability and needs"))
    with city_context(world.city):
        seeker = world.objects["seeker"]
        seeker.refresh_from_db()
        assert [a.code for a in seeker.accommodations.all()] == ["ACC-001"]
