"""Barriers found in a keyboard and screen-reader trial, reproduced in a real browser:

- the "Text size and contrast" link keeps the page the person came from, never the preferences page itself;
- a message shown after a redirect is put into a live region that was empty when the page loaded, so screen
  readers announce it (WCAG 2.2 SC 4.1.3 Status Messages);
- after a search, focus moves to the results heading that states the count (SC 2.4.3 Focus Order).
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse
from django.utils import translation
from playwright.sync_api import expect

from tests.browser.registry import t

pytestmark = pytest.mark.browser


def next_of(href: str) -> list[str]:
    return parse_qs(urlsplit(href).query).get("next", [])


def test_the_display_preferences_link_keeps_the_page_the_person_came_from(open_page):
    page = open_page(reverse("privacy"))
    link = page.get_by_role("link", name=t("id", "Text size and contrast"))
    link.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(t("id", "Text size and contrast"))
    assert next_of(page.url) == [reverse("privacy")]

    # Following the link again, from the preferences page itself, must not nest ?next=/tampilan/?next=…
    link = page.get_by_role("link", name=t("id", "Text size and contrast"))
    assert next_of(link.get_attribute("href")) == [reverse("privacy")]
    link.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(t("id", "Text size and contrast"))
    assert next_of(page.url) == [reverse("privacy")]

    page.get_by_role("button", name=t("id", "Save display settings")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(t("id", "Privacy notice"))
    assert urlsplit(page.url).path == reverse("privacy")


@pytest.mark.parametrize("next_", ["/tampilan/?next=/privasi/", "https://evil.example/", "//evil.example/"])
def test_the_display_preferences_page_ignores_a_next_that_is_itself_or_off_site(open_page, world, next_):
    page = open_page(reverse("display-preferences") + "?next=" + next_)
    link = page.get_by_role("link", name=t("id", "Text size and contrast"))
    assert next_of(link.get_attribute("href")) == []
    page.get_by_role("button", name=t("id", "Save display settings")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(t("id", "Text size and contrast"))
    assert page.url.startswith(world.base_url + "/")
    assert urlsplit(page.url).path == reverse("display-preferences")
    assert not urlsplit(page.url).query


class LiveRegions(HTMLParser):
    """The text inside elements with role="status" or role="alert" (or aria-live) of a served page."""

    VOID = {"br", "img", "input", "meta", "link", "hr", "source", "wbr", "area", "base", "col", "embed", "track"}

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[bool] = []
        self.regions: list[str] = []
        self.depth_text: list[list[str]] = []

    def handle_starttag(self, tag, attrs):
        if tag in self.VOID:
            return
        attributes = dict(attrs)
        live = attributes.get("role") in {"status", "alert", "log"} or attributes.get("aria-live") in {
            "polite",
            "assertive",
        }
        self.stack.append(live)
        if live:
            self.depth_text.append([])

    def handle_endtag(self, tag):
        if tag in self.VOID or not self.stack:
            return
        if self.stack.pop():
            self.regions.append("".join(self.depth_text.pop()).strip())

    def handle_data(self, data):
        for texts in self.depth_text:
            texts.append(data)


def test_a_message_after_a_redirect_is_announced_by_a_live_region_empty_at_load(open_page):
    page = open_page(reverse("display-preferences") + "?next=" + reverse("privacy"))
    page.get_by_role("radio", name=t("id", "Large"), exact=True).check()
    with page.expect_response(
        lambda r: urlsplit(r.url).path == reverse("privacy") and r.request.method == "GET"
    ) as got:
        page.get_by_role("button", name=t("id", "Save display settings")).click()
    served = got.value.text()
    saved = t("id", "Your display settings have been saved.")

    # Without JavaScript the message is in the page; but no live region holds text when the page loads:
    # a region filled at load is not announced. The regions themselves are there, empty, from the start.
    assert saved in served
    regions = LiveRegions()
    regions.feed(served)
    assert regions.regions, "the page has no live region for messages"
    assert all(text == "" for text in regions.regions), regions.regions

    # portal.js then puts the message into the (polite) status region, where it is read out.
    expect(page.get_by_role("status")).to_contain_text(saved)
    expect(page.get_by_text(saved)).to_have_count(1)  # shown once, not twice


def count_heading(language: str, msgid: str, plural: str) -> re.Pattern:
    """The results heading's text for any count, in ``language`` (singular or plural form)."""
    with translation.override(language):
        forms = {translation.ngettext(msgid, plural, n) for n in (1, 2)}
    return re.compile("^(" + "|".join(re.escape(f).replace(re.escape("%(counter)s"), r"\d+") for f in forms) + ")$")


@pytest.mark.parametrize("language", ["id", "en"])
def test_after_a_job_board_search_focus_is_on_the_results_heading_with_the_count(open_page, language):
    page = open_page(reverse("employers:board"), language=language)
    page.get_by_label(t(language, "Words")).fill("arsip")
    page.get_by_label(t(language, "Words")).press("Enter")
    heading = page.get_by_role(
        "heading", level=2, name=count_heading(language, "%(counter)s vacancy found", "%(counter)s vacancies found")
    )
    expect(heading).to_be_focused()
    assert parse_qs(urlsplit(page.url).query)["q"] == ["arsip"]

    # Moving to another page of results or reloading a plain link does not steal focus.
    page.goto(page.url.split("#")[0])
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert page.evaluate("() => document.activeElement === document.body")


def test_after_a_caseload_search_focus_is_on_the_results_heading_with_the_count(open_page):
    page = open_page(reverse("jobseekers:list"), role="staff")
    page.get_by_text(t("id", "Search, filter and sort")).click()
    page.get_by_label(t("id", "Search by name, NIK or AK/1 number")).fill("Rina")
    page.get_by_role("button", name=t("id", "Show")).click()
    heading = page.get_by_role(
        "heading", level=2, name=count_heading("id", "%(counter)s job seeker found", "%(counter)s job seekers found")
    )
    expect(heading).to_be_focused()
    expect(heading).to_have_text(count_heading("id", "%(counter)s job seeker found", "%(counter)s job seekers found"))
