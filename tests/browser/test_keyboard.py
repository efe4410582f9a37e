"""A keyboard-only person reports a barrier: Tab and Enter (and typing) only, no mouse, no CSS selectors."""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse
from playwright.sync_api import expect

from tests.browser.registry import problems_heading, t

pytestmark = pytest.mark.browser


def is_focused(locator) -> bool:
    return locator.evaluate("element => element === document.activeElement")


def tab_to(page, locator, *, limit: int = 60) -> None:
    """Press Tab until ``locator`` has focus; fail if it never does (a keyboard trap, or an unreachable control)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if is_focused(locator):
            return
    raise AssertionError(f"{locator} never received focus after {limit} presses of Tab")


def test_a_keyboard_user_can_report_a_barrier_and_is_taken_to_the_errors_first(open_page):
    page = open_page(reverse("accessibility"))
    skip_link = page.get_by_role("link", name=t("id", "Skip to main content"))
    location = page.get_by_label(t("id", "Where did you meet the barrier?"))
    description = page.get_by_label(t("id", "What happened?"))
    send = page.get_by_role("button", name=t("id", "Send the report"))

    # The first Tab lands on the skip link, and Enter takes focus past the header into the main content.
    page.keyboard.press("Tab")
    assert is_focused(skip_link)
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "main"

    # Fill in only the first field, then send: the second required field is missing.
    tab_to(page, location)
    page.keyboard.type("Halaman daftar kota")
    tab_to(page, send)
    page.keyboard.press("Enter")

    summary = page.get_by_role("group", name=problems_heading("id", 1))
    expect(summary).to_be_focused()
    expect(page.get_by_label(t("id", "Where did you meet the barrier?"))).to_have_value("Halaman daftar kota")

    # From the summary, Tab reaches the error's link; Enter takes focus to the field to fix it.
    error_link = summary.get_by_role("link", name=t("id", "What happened?"), exact=False)
    tab_to(page, error_link, limit=3)
    page.keyboard.press("Enter")
    description = page.get_by_label(t("id", "What happened?"))
    expect(description).to_be_focused()
    page.keyboard.type("Tombol halaman berikutnya tidak punya nama yang terbaca.")

    tab_to(page, page.get_by_role("button", name=t("id", "Send the report")))
    page.keyboard.press("Enter")

    thanks = t(
        "id", "Thank you. Your report has been sent. If you left an email address or phone number, we will reply."
    )
    expect(page.get_by_role("status")).to_contain_text(thanks)
    assert len(mail.outbox) == 1
    assert "Tombol halaman berikutnya" in mail.outbox[0].body
