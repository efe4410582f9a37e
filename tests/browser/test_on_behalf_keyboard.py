"""An officer records, by keyboard only, what employers may see of a person and how the person gave
that choice (jobseekers.views.onbehalf.act_step): Tab, Space, arrow keys and Enter, no mouse."""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from cities.tenancy import city_context
from tests.browser.registry import problems_heading, t
from tests.browser.test_keyboard import is_focused, tab_to

pytestmark = pytest.mark.browser


def test_an_officer_records_a_disclosure_for_the_person_by_keyboard_only(open_page, world):
    from jobseekers.models import DisclosureRecord

    seeker = world.objects["seeker"]
    page = open_page(reverse("jobseekers:act-step", kwargs={"pk": seeker.pk, "step": 5}), role="staff")
    ragam = page.get_by_role("checkbox", name=t("id", "My disability category (ragam)"))
    save = page.get_by_role("button", name=t("id", "Save"), exact=True)

    # Tick one group and send without saying where or how: the summary takes focus, the tick stays.
    tab_to(page, ragam)
    page.keyboard.press("Space")
    tab_to(page, save)
    page.keyboard.press("Enter")
    summary = page.get_by_role("group", name=problems_heading("id", 1))
    expect(summary).to_be_focused()
    expect(page.get_by_role("checkbox", name=t("id", "My disability category (ragam)"))).to_be_checked()

    # Where: the first choice (in person); how: the second basis (read aloud), by arrow key.
    in_person = page.get_by_role("radio", name=t("id", "In person at the center or on outreach"))
    tab_to(page, in_person)
    page.keyboard.press("Space")
    expect(in_person).to_be_checked()
    signed = page.get_by_role("radio", name=t("id", "In person, signed or thumbprinted on the paper form"))
    tab_to(page, signed)
    page.keyboard.press("ArrowDown")
    read_aloud = page.get_by_role("radio", name=t("id", "Read aloud to the person, who agreed"))
    expect(read_aloud).to_be_checked()
    assert is_focused(read_aloud)
    tab_to(page, page.get_by_role("button", name=t("id", "Save"), exact=True))
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", level=1)).to_contain_text(seeker.name)
    with city_context(world.city):
        record = DisclosureRecord.objects.get(job_seeker=seeker)
        assert (record.share_ragam, record.share_needs, record.channel, record.basis) == (
            True,
            False,
            "in_person",
            "read_aloud",
        )
        assert record.recorded_by == world.users["staff"]
