"""A keyboard-only person gets through the accommodation list (reference.widgets.GroupedCheckboxes):
each functional-domain group is one Tab while closed, the filter box narrows the list in place."""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.browser.registry import t
from tests.browser.test_keyboard import is_focused, tab_to

pytestmark = pytest.mark.browser

MAX_TABS = 15


def presses_until(page, locator, *, limit: int = 120) -> int:
    """How many presses of Tab move focus from where it is to ``locator``."""
    for count in range(1, limit + 1):
        page.keyboard.press("Tab")
        if is_focused(locator):
            return count
    raise AssertionError(f"{locator} never received focus after {limit} presses of Tab")


def test_the_accommodation_step_needs_at_most_15_tab_presses_to_save(open_page):
    page = open_page(reverse("jobseekers:my-profile-step", kwargs={"step": 4}), role="job_seeker")
    first = page.get_by_role("searchbox", name=t("id", "Find in this list"))
    save = page.get_by_role("button", name=t("id", "Save and continue"), exact=True)

    tab_to(page, first)
    accommodation_tabs = presses_until(page, save)
    print(f"\nAccommodation question, first control to 'Save and continue': {accommodation_tabs} Tab presses")
    assert accommodation_tabs <= MAX_TABS

    # Seven closed groups (six WG-SS domains and "every kind of disability"), each one Tab.
    groups = page.locator("details[data-choice-group]")
    expect(groups).to_have_count(7)
    assert page.locator("details[data-choice-group][open]").count() == 0


def test_the_whole_accommodation_step_is_counted(open_page):
    page = open_page(reverse("jobseekers:my-profile-step", kwargs={"step": 4}), role="job_seeker")
    first_control = page.locator("main form[method='post'] input:not([type='hidden'])").first
    save = page.get_by_role("button", name=t("id", "Save and continue"), exact=True)
    tab_to(page, first_control)
    step_tabs = presses_until(page, save)
    print(f"\nWhole step 4, first control to 'Save and continue': {step_tabs} Tab presses")
    assert step_tabs <= 27  # 79 with the flat list of 60 accommodations; its other 18 controls remain


def test_filtering_in_place_and_choosing_by_keyboard(open_page, world):
    from cities.tenancy import city_context

    page = open_page(reverse("jobseekers:my-profile-step", kwargs={"step": 4}), role="job_seeker")
    search = page.get_by_role("searchbox", name=t("id", "Find in this list"))
    # With JavaScript the list filters as one types: the server-side button is hidden.
    expect(page.get_by_role("button", name=t("id", "Show matching choices"))).to_be_hidden()
    tab_to(page, search)
    page.keyboard.type("pembaca layar")
    screen_reader = page.get_by_role("checkbox", name="Perangkat lunak pembaca layar", exact=False)
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
