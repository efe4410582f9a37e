"""Staff decide a job seeker's request and confirm a referral for a person with the keyboard only
(Tab, Space, arrows and Enter): the request declined with a reason after an empty try, and a
referral confirmed for the person at the desk with the consent basis."""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from cities.tenancy import city_context
from placements.models import Referral
from tests.browser.registry import t
from tests.browser.test_keyboard import tab_to

pytestmark = pytest.mark.browser


def test_a_keyboard_user_declines_a_request_with_a_reason(open_page, world):
    referral = world.objects["referral_requested"]
    name = "Dewi Lestari"
    page = open_page(reverse("placements:referral-requests"), role="staff")

    decline = page.get_by_role("button", name=t("id", "Decline the request of %(name)s", name=name))
    tab_to(page, decline)
    page.keyboard.press("Enter")  # no reason: the error summary, the request still waiting
    page.locator("#error-summary").wait_for()
    tab_to(page, page.get_by_role("textbox", name=t("id", "Reason for the person")))
    page.keyboard.type("Lowongan ini meminta SIM B.")
    tab_to(page, decline)
    page.keyboard.press("Enter")
    expect(page.get_by_text(t("id", "No request is waiting."))).to_be_visible()
    with city_context(world.city):
        saved = Referral.objects.get(pk=referral.pk)
        assert (saved.status, saved.not_sent_reason) == ("not_sent", "Lowongan ini meminta SIM B.")


def test_a_keyboard_user_confirms_a_referral_for_the_person(open_page, world):
    referral = world.objects["referral_asked"]
    page = open_page(reverse("placements:staff-referral", kwargs={"pk": referral.pk}), role="staff")

    link = t("id", "Confirm the referral for the person (at the desk, by phone or without an account)")
    tab_to(page, page.get_by_role("link", name=link))
    page.keyboard.press("Enter")
    tab_to(page, page.get_by_role("checkbox", name=t("id", "Accommodation needs")))
    page.keyboard.press("Space")
    tab_to(page, page.get_by_role("combobox", name=t("id", "Where you met the person")))
    page.keyboard.press("ArrowDown")  # the first real choice: in person
    # Tab enters the basis group on its first choice; the arrow moves (and ticks) the next one.
    tab_to(page, page.get_by_role("radio", name=t("id", "In person, signed or thumbprinted on the paper form")))
    page.keyboard.press("ArrowDown")
    expect(page.get_by_role("radio", name=t("id", "Read aloud to the person, who agreed"))).to_be_checked()
    tab_to(page, page.get_by_role("button", name=t("id", "Confirm the referral for the person")))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_contain_text(referral.vacancy.title)
    with city_context(world.city):
        saved = Referral.objects.select_related("disclosure").get(pk=referral.pk)
        assert saved.status == "confirmed" and saved.disclosed == ["needs"]
        assert (saved.disclosure.channel, saved.disclosure.basis) == ("in_person", "read_aloud")
