"""Staff tell a person by a call or a letter with the keyboard only: Tab, arrows, Space and Enter."""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from cities.tenancy import city_context
from notifications.models import CallLog, PersonMessage
from tests.browser.registry import _person_message, t
from tests.browser.test_keyboard import tab_to

pytestmark = pytest.mark.browser


def test_a_keyboard_user_logs_a_call_not_reached_then_reached(open_page, world):
    pk = _person_message(world, "phone")
    name = world.objects["seeker"].name
    page = open_page(reverse("notifications:calls"), role="staff")

    tab_to(page, page.get_by_role("link", name=t("id", "Call %(name)s", name=name)))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(t("id", "Call %(name)s", name=name))

    tab_to(page, page.get_by_role("radio", name=t("id", "Reached: the message was given")))
    page.keyboard.press("ArrowDown")  # the arrow keys move the choice within the group
    expect(page.get_by_role("radio", name=t("id", "Not reached: call again"))).to_be_checked()
    tab_to(page, page.get_by_role("textbox", name=t("id", "Note (optional)")))
    page.keyboard.type("Tidak diangkat")
    tab_to(page, page.get_by_role("button", name=t("id", "Save the call")))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(t("id", "Calls to make"))

    tab_to(page, page.get_by_role("link", name=t("id", "Call %(name)s", name=name)))  # still in the list
    page.keyboard.press("Enter")
    tab_to(page, page.get_by_role("radio", name=t("id", "Reached: the message was given")))
    page.keyboard.press("Space")
    tab_to(page, page.get_by_role("button", name=t("id", "Save the call")))
    page.keyboard.press("Enter")
    expect(page.get_by_text(t("id", "There are no calls to make."))).to_be_visible()
    with city_context(world.city):
        assert list(CallLog.objects.filter(message_id=pk).values_list("outcome", flat=True)) == [
            "not_reached",
            "reached",
        ]


def test_a_keyboard_user_marks_a_letter_printed(open_page, world):
    pk = _person_message(world, "visit")
    name = world.objects["seeker"].name
    page = open_page(reverse("notifications:letters"), role="staff")

    tab_to(page, page.get_by_role("link", name=t("id", "Letter to %(name)s", name=name)))
    page.keyboard.press("Enter")
    tab_to(page, page.get_by_role("button", name=t("id", "Mark the letter to %(name)s as printed", name=name)))
    page.keyboard.press("Enter")
    expect(page.get_by_text(t("id", "There are no letters to print."))).to_be_visible()
    with city_context(world.city):
        assert PersonMessage.objects.get(pk=pk).done_at is not None
