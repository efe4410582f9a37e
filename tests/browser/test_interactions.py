"""The language switch, the display preference, and the session time-out warning with form drafts, in a real browser."""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.browser.registry import SIGN_IN, sign_in_as, t
from tests.factories import UserFactory

pytestmark = pytest.mark.browser


def test_the_language_switch_turns_the_page_into_english_and_back(open_page):
    page = open_page(reverse("privacy"))
    assert page.evaluate("() => document.documentElement.lang") == "id"

    page.get_by_role("button", name="English").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(t("en", "Privacy notice"))
    assert page.evaluate("() => document.documentElement.lang") == "en"
    assert page.url.endswith(reverse("privacy"))

    page.get_by_role("button", name="Bahasa Indonesia").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(t("id", "Privacy notice"))


def test_the_text_size_and_contrast_choice_applies_to_every_page(open_page):
    page = open_page(reverse("home"))
    page.get_by_role("link", name=t("id", "Text size and contrast")).click()

    page.get_by_role("radio", name=t("id", "Very large")).check()
    page.get_by_role("radio", name=t("id", "High contrast (light text on black)")).check()
    page.get_by_role("button", name=t("id", "Save display settings")).click()

    expect(page.get_by_role("status")).to_contain_text(t("id", "Your display settings have been saved."))
    assert page.url.endswith(reverse("home"))  # back where the person came from
    page.wait_for_load_state("load")  # the stylesheet too
    assert page.evaluate("() => document.documentElement.className") == "text-larger contrast-high"
    assert page.evaluate("() => getComputedStyle(document.body).backgroundColor") == "rgb(0, 0, 0)"
    assert page.evaluate("() => getComputedStyle(document.documentElement).fontSize") == "24px"


def test_the_time_out_warning_takes_focus_extends_the_session_and_gives_it_back(
    open_page, world, settings, monkeypatch
):
    settings.SESSION_COOKIE_AGE = 60
    monkeypatch.setattr("ijc_portal.context_processors.SESSION_WARNING_SECONDS", 58)  # warn after 2 s
    monkeypatch.setitem(SIGN_IN, "job_seeker", sign_in_as(UserFactory()))
    page = open_page(reverse("accessibility"), role="job_seeker")
    description = page.get_by_label(t("id", "What happened?"))
    description.fill("Saya sedang menulis laporan yang panjang.")

    warning = page.get_by_role("alertdialog", name=t("id", "You will be signed out soon"))
    stay = warning.get_by_role("button", name=t("id", "Stay signed in"))
    expect(stay).to_be_focused(timeout=6_000)  # focus moves to the warning (first in the page)
    page.keyboard.press("Enter")

    expect(warning).to_be_hidden()
    expect(description).to_be_focused()  # and back to the field being typed in
    expect(page.get_by_role("status")).to_contain_text(t("id", "You are still signed in."))

    page.reload()  # e.g. the connection dropped: the draft comes back in this tab
    expect(page.get_by_label(t("id", "What happened?"))).to_have_value("Saya sedang menulis laporan yang panjang.")
