"""Whole journeys of the walk-in and assisted service, in Chromium, by keyboard only.

Each journey is one person's way from registration to work, through every party's pages: city
staff, a partner organisation (OPDis), the employer and the person, each signed in through the
sweep's ``Sweep`` contexts, in one world, live server and set of contexts that every journey of the
module shares (each works with people of its own; flushed after the last). The browser is driven as a keyboard
user drives it: Tab (and "Skip to main content" on a page just opened) to a control found by its
role and accessible name, then Enter, Space, arrow keys or typing (``page.keyboard``); never a
click or ``fill``. Pages are reached only by following links from the role's home
(``Keyboard.follow``); the only addresses opened directly are a role's home, the sign-in page and
the link a confirmation email sends.
What the worker and the calendar do between two steps runs outside the browser: matching as the
real Celery task, eagerly; a follow-up's day coming as its due date set to the city's today.

Sign-up and the whole profile, the job search, posting a vacancy and a staff referral run twice: by
keyboard only (``Keyboard``), and with each control found only by its role and accessible name and
acted on where it is (``ByRole``, as a screen reader's lists of links, buttons and fields do).

Each journey prints ``JOURNEY <name> tabs=<n>`` and fails above its ceiling of Tab presses.
``Keyboard`` records the Tab presses of each step (printed with ``-s``); a step that needs more
than its limit fails, naming the control it never reached and showing the page's main content. At
each step the test checks what each party sees: the employer only the groups the person chose to
disclose (an undisclosed group's text is absent from the candidate page), the person the messages
sent by their channel, once each.
"""

from __future__ import annotations

import datetime
import io
import re

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format
from django.utils.text import capfirst
from playwright.sync_api import expect

from cities.calendar import city_today
from cities.tenancy import city_context
from tests.browser.conftest import Sweep, employer_objects
from tests.browser.registry import World, t
from tests.factories import CityFactory, ProvinceFactory

pytestmark = pytest.mark.browser

# Each journey's ceiling of Tab presses (all its steps together; measured: walk-in 295, partner 223,
# self-service 36, sign-up and profile 146, job search 16, posting a vacancy 57, staff referral 26-28,
# a little more when other journeys' people are in the same lists): a change that adds stops fails here.
WALK_IN_TABS = 320
PARTNER_TABS = 250
SELF_SERVICE_TABS = 40
SIGN_UP_TABS = 160
JOB_SEARCH_TABS = 20
POST_VACANCY_TABS = 65
STAFF_REFERRAL_TABS = 35

PHONE = "0812-3456-7890"
PHONE_E164 = "+6281234567890"
VACANCY = "Staf arsip"  # the world's published vacancy (tests/browser/conftest.py employer_objects)
EMPLOYER = "PT Sinar Makassar"
SCREEN_READER = "Perangkat lunak pembaca layar (NVDA gratis / JAWS berbayar) dan alur kerja berbasis keyboard"
NEED_TEXT = "Dokumen dalam huruf besar"
# The groups staff tick on the confirmation for the person (placements.forms.STAFF_DISCLOSURE_CHOICES).
STAFF_GROUPS = [
    ("Functioning (WG-SS)", "functioning"),
    ("Disability category (ragam)", "ragam"),
    ("Accommodation needs", "needs"),
    ("Documents", "documents"),
]


# How many tab stops certainly lie between the focus and ``target`` (an element after it): visible,
# enabled links, buttons, fields and a <details>' own summary, with no tabindex of their own. Radio
# buttons (one stop per group) and anything with a tabindex are left out, so this never counts a stop
# that is not there: pressing Tab that many times cannot pass the target.
CERTAIN_STOPS_BEFORE = """target => {
    const start = document.activeElement;
    let stops = 0;
    for (const element of document.querySelectorAll("a[href], button, input, select, textarea, summary")) {
        if (element === target) return stops;
        if (start && start !== document.body
            && !(start.compareDocumentPosition(element) & Node.DOCUMENT_POSITION_FOLLOWING)) continue;
        if (element === start || element.matches(":disabled") || element.hasAttribute("tabindex")) continue;
        if (element.closest("[inert]")) continue;
        if (element.tagName === "INPUT" && (element.type === "hidden" || element.type === "radio")) continue;
        if (element.tagName === "SUMMARY"
            && !(element.parentElement.tagName === "DETAILS"
                 && element.parentElement.querySelector(":scope > summary") === element)) continue;
        if (!element.getClientRects().length || !element.checkVisibility()) continue;
        if (getComputedStyle(element).visibility !== "visible") continue;
        stops += 1;
    }
    return 0;
}"""


class Keyboard:
    """One role's tab, driven by keyboard only, with the Tab presses of each step counted."""

    def __init__(self, page, role: str, counts: list[tuple[str, str, int]]) -> None:
        self.page = page
        self.role = role
        self.counts = counts
        self.fresh = True  # a page just loaded: focus is at its start

    def loaded(self) -> None:
        self.fresh = True

    # --- finding things by their accessible name --------------------------------------------------------
    def link(self, msgid: str, **params):
        return self.page.get_by_role("link", name=t("id", msgid, **params), exact=True)

    def button(self, msgid: str, **params):
        return self.page.get_by_role("button", name=t("id", msgid, **params), exact=True)

    # --- moving -------------------------------------------------------------------------------------------
    def _tab_until(
        self, reached, *, in_main: bool, limit: int, what: str, step: str, back: bool = False, target=None
    ) -> int:
        """Press Tab (Shift+Tab with ``back``) until ``reached()``; fail after ``limit`` presses.

        On a page just loaded, with focus at its start and the control in the main content, the first
        Tab reaches "Skip to main content" (or, after a #fragment, the control itself) and Enter takes
        focus past the header, as a keyboard user does; those presses count too. With ``target`` (the
        element looked for), the tab stops that certainly lie between the focus and it
        (``CERTAIN_STOPS_BEFORE``) are pressed through at once: the count is the same, with fewer
        round trips to the page."""
        key = "Shift+Tab" if back else "Tab"
        presses = 0
        at_start = self.fresh and not back and self.page.evaluate("() => document.activeElement === document.body")
        self.fresh = False
        if at_start and in_main:
            self.page.keyboard.press("Tab")
            presses += 1
            if reached():
                self.counts.append((self.role, step, presses))
                return presses
            if self.page.evaluate("() => document.activeElement.classList.contains('skip-link')"):
                self.page.keyboard.press("Enter")
        # The stops that are certainly in the way are pressed through without asking the page after each.
        ahead = 0 if back or target is None else min(target.evaluate(CERTAIN_STOPS_BEFORE), limit - presses)
        for _ in range(ahead):
            self.page.keyboard.press(key)
        presses += ahead
        if ahead and reached():
            self.counts.append((self.role, step, presses))
            return presses
        while presses < limit:
            self.page.keyboard.press(key)
            presses += 1
            if reached():
                self.counts.append((self.role, step, presses))
                return presses
        raise AssertionError(
            f"{self.role}: {what} never received focus after {limit} presses of {key} ({step})\n"
            + self.page.locator("main").aria_snapshot()
        )

    def tab_to(self, locator, *, limit: int = 60, step: str = "", back: bool = False) -> int:
        """Tab to ``locator`` (found once by its role and name, then only compared with the focus)."""
        target = locator.element_handle()
        return self._tab_until(
            lambda: target.evaluate("element => element === document.activeElement"),
            in_main=target.evaluate("element => !!element.closest('main')"),
            limit=limit,
            what=str(locator),
            step=step or str(locator),
            back=back,
            target=target,
        )

    def activate(self, locator, *, limit: int = 60, step: str = "", navigates: bool = True) -> None:
        """Tab to ``locator`` and press Enter (waiting for the page it opens)."""
        self.tab_to(locator, limit=limit, step=step)
        if navigates:
            with self.page.expect_navigation():
                self.page.keyboard.press("Enter")
            self.loaded()
            response = self.page.evaluate("() => document.title")
            assert "500" not in response, f"{step}: a server error"
        else:
            self.page.keyboard.press("Enter")

    def follow(self, msgid: str, *, limit: int = 60, **params) -> None:
        """Follow the link named ``msgid`` (in Indonesian) from the current page."""
        self.activate(self.link(msgid, **params), limit=limit, step=f"link: {msgid % params if params else msgid}")

    def follow_named(self, name, *, limit: int = 60, step: str = "") -> None:
        """Follow a link whose name is ``name`` (a text or a pattern), not a catalogue entry."""
        self.activate(self.page.get_by_role("link", name=name).first, limit=limit, step=step or f"link: {name}")

    def submit(self, msgid: str, *, limit: int = 60, **params) -> None:
        self.activate(self.button(msgid, **params), limit=limit, step=f"button: {msgid % params if params else msgid}")

    def type_into(self, locator, text: str, *, limit: int = 60, step: str = "") -> None:
        self.tab_to(locator, limit=limit, step=step or f"field: {text}")
        self.page.keyboard.type(text)

    def tick(self, locator, *, limit: int = 60, step: str = "") -> None:
        """Tab to a checkbox and press Space (ticking it). A checkbox in a closed group (``<details>``)
        is reached by opening the group first: Tab to its summary, Enter."""
        if not locator.is_visible():
            summary = locator.locator("xpath=ancestor::details[1]/summary")
            self.tab_to(summary, limit=limit, step=f"open the group of {step}")
            self.page.keyboard.press("Enter")
        self.tab_to(locator, limit=limit, step=step or "checkbox")
        self.page.keyboard.press("Space")
        expect(locator).to_be_checked()

    def choose(self, radio, *, limit: int = 60, step: str = "") -> None:
        """Tab into ``radio``'s group, then arrow down to ``radio`` (Space when the group has no choice yet)."""
        name = radio.get_attribute("name")
        self._tab_until(
            lambda: self.page.evaluate(
                "name => document.activeElement && document.activeElement.type === 'radio'"
                " && document.activeElement.name === name",
                name,
            ),
            in_main=radio.evaluate("element => !!element.closest('main')"),
            limit=limit,
            what=f"the radio group {name}",
            step=step or f"radio group {name}",
            target=radio.element_handle(),
        )
        target = radio.element_handle()
        for _ in range(12):
            if target.evaluate("element => element === document.activeElement"):
                self.page.keyboard.press("Space")
                expect(radio).to_be_checked()
                return
            self.page.keyboard.press("ArrowDown")
        raise AssertionError(f"{self.role}: arrow keys never reached {radio} ({step})")

    def select(self, locator, option: str, *, limit: int = 60, step: str = "") -> None:
        """Tab to a drop-down list and type the start of ``option`` (the browser's type-ahead)."""
        self.tab_to(locator, limit=limit, step=step or f"select: {option}")
        self.page.keyboard.type(option[:12])
        assert locator.evaluate("select => select.options[select.selectedIndex].text").startswith(option[:12])

    def enter_date(self, label: str, when: datetime.date, *, limit: int = 60) -> None:
        """Type a date (or a date and time) into the field named ``label``: day, month, year (and time,
        as 10.00) boxes in a group, Tab between them; or one date / date-and-time input, whose parts
        Chromium shows as month/day/year and hour:minute AM/PM (en-US), Tab between date and time."""
        timed = isinstance(when, datetime.datetime)
        group = self.page.get_by_role("group", name=label, exact=True)
        if group.count():
            values = [str(when.day), str(when.month), str(when.year)]
            if timed:
                values.append(when.strftime("%H.%M"))
            self.tab_to(group.get_by_role("textbox").first, limit=limit, step=f"date: {label}")
        else:
            values = [when.strftime("%m%d%Y")] + ([when.strftime("%I%M%p")] if timed else [])
            self.tab_to(self.page.get_by_label(label, exact=True), limit=limit, step=f"date: {label}")
        for number, value in enumerate(values):
            if number:
                self.page.keyboard.press("Tab")
            self.page.keyboard.type(value)

    def in_group(self, legend: str):
        return self.page.get_by_role("group", name=legend, exact=True)

    def heading(self):
        return self.page.get_by_role("heading", level=1)

    def main_text(self) -> str:
        return self.page.locator("main").inner_text()


class JourneySweep(Sweep):
    """The sweep's contexts (one per role, signed in by ``SIGN_IN``) without axe-core in every document:
    the journeys check what each party sees, not WCAG rules, and the sweep covers those pages. A role
    written ``anonymous:<journey>`` is a context of that journey's own (a person who signs in in it)."""

    def context(self, role: str):
        if role not in self.contexts:
            from tests.browser.conftest import DESKTOP
            from tests.browser.csp import CSP_LISTENER
            from tests.browser.registry import SIGN_IN

            context = self.browser.new_context(viewport=DESKTOP, reduced_motion="reduce")
            context.add_init_script(CSP_LISTENER)
            SIGN_IN[role.partition(":")[0]](context, self.world)  # "anonymous:claim": a context of its own
            self.contexts[role] = context
        return self.contexts[role]


def keyboard(sweep: Sweep, role: str, counts, home: str) -> Keyboard:
    page = sweep.open(reverse(home), role=role)
    return Keyboard(page, role, counts)


def go_home(board: Keyboard, home: str) -> None:
    """Back to the role's home (the only address, with the sign-in page, a journey opens directly)."""
    origin = re.match(r"^https?://[^/]+", board.page.url).group(0)
    response = board.page.goto(origin + reverse(home))
    assert response is not None and response.status == 200
    board.loaded()


def run_matching(world, person) -> None:
    """The worker's part: the real Celery task that matches one person, run eagerly."""
    from placements.tasks import match_job_seeker

    match_job_seeker.apply(kwargs={"city_id": world.city.pk, "job_seeker_id": person.pk}).get()


def build_journey_world(base_url: str) -> World:
    """The journeys' world, smaller than the sweep's: the city, the people of each role, the reference
    lists, the published consent texts, the employer's verified organisation with its published
    vacancy (``employer_objects``) and a job seeker with an account and a profile matched with it
    (the self-service journey's person, signed in as ``job_seeker``)."""
    import importlib

    from django.apps import apps
    from django.core.management import call_command

    from accounts.models import Membership
    from jobseekers.models import ConsentText, JobSeekerOccupation
    from reference.models import Occupation, WGQuestion
    from tests import personas

    if not WGQuestion.objects.exists():
        call_command("load_reference", stdout=io.StringIO())
    if not ConsentText.objects.exists():  # a data migration wrote them; an earlier module's flush removed them
        importlib.import_module("jobseekers.migrations.0004_consent_texts").publish(apps, None)
    province = ProvinceFactory(code="73", bps_code="73", name="Sulawesi Selatan")
    world = World(
        base_url=base_url,
        city=CityFactory(name="Kota Makassar", slug="makassar", province=province),
        other_city=CityFactory(name="Kota Parepare", slug="parepare", province=province),
        inactive_city=CityFactory(name="Kota Palopo", slug="palopo", province=province, is_active=False),
    )
    world.users["staff"] = personas.staff_officer(world.city)
    world.users["partner"] = personas.partner_member(world.city).user
    world.users["employer"] = personas.member(world.city, Membership.Role.EMPLOYER, name="Bambang Pemberi Kerja")
    world.users["job_seeker"] = personas.member(world.city, Membership.Role.JOB_SEEKER, name="Rina Pencari")
    world.objects.update(employer_objects(world))
    seeker = personas.job_seeker(world.city, name="Nur Hidayah", email="nur@example.test")
    with city_context(world.city):
        JobSeekerOccupation.objects.create(job_seeker=seeker.record, occupation=Occupation.objects.get(code="2621.01"))
    run_matching(world, seeker.record)
    world.users["job_seeker"] = seeker.user
    world.objects["self_service"] = seeker.record
    mail.outbox.clear()
    return world


@pytest.fixture(scope="module")
def _journeys(browser, sweep_server, django_db_blocker):
    """One world, one live server and one set of signed-in browser contexts for every journey of the
    module (flushed after the last): each journey works with people of its own, so they share it."""
    from django.db import connections
    from django.test import override_settings

    from tests.conftest import FAST_AND_QUIET

    with django_db_blocker.unblock(), override_settings(**FAST_AND_QUIET):
        world = build_journey_world(sweep_server.url)
    sweep = JourneySweep(browser, world)
    try:
        yield sweep
    finally:
        with django_db_blocker.unblock():
            sweep.close()
            call_command("flush", verbosity=0, interactive=False, database="default", reset_sequences=False)
            connections.close_all()


@pytest.fixture
def journey(_journeys, django_db_blocker):
    """The module's ``JourneySweep`` (``journey.world``), with the database open to the test."""
    with django_db_blocker.unblock():
        mail.outbox.clear()
        yield _journeys


def run_journey(name: str, sweep, body, *, ceiling: int, driver=None) -> None:
    """Run ``body(sweep, world, counts)``; print ``JOURNEY <name> tabs=<n>`` and the Tab presses of each
    step; fail when the journey needs more than ``ceiling`` Tab presses."""
    counts: list[tuple[str, str, int]] = []
    try:
        body(sweep, sweep.world, counts)
    except Exception:
        describe_tabs(sweep)
        raise
    finally:
        for tab in sweep.tabs.values():  # the next journey starts each role's tab afresh
            if not tab.is_closed():
                tab.goto("about:blank")
        print_counts(name, counts)
    tabs = sum(presses for _role, _step, presses in counts)
    print(f"JOURNEY {name} tabs={tabs}")
    assert tabs <= ceiling, f"the {name} journey needs {tabs} Tab presses (at most {ceiling})"


def test_journey_walk_in_registered_by_staff_to_retained(journey):
    run_journey("walk-in", journey, _walk_in_journey, ceiling=WALK_IN_TABS)


def describe_tabs(sweep: Sweep) -> None:
    """On a failure: each role's page (address and main content), and a screenshot in test-artifacts/."""
    from tests.browser.conftest import ARTIFACTS

    ARTIFACTS.mkdir(exist_ok=True)
    for role, tab in sweep.tabs.items():
        if not tab.is_closed() and tab.url.startswith(sweep.world.base_url):
            print(f"\n--- {role}: {tab.url}\n{tab.locator('main').aria_snapshot()}")
            tab.screenshot(path=str(ARTIFACTS / f"journey-{role}.png"), full_page=True)


def print_counts(journey: str, counts) -> None:
    print(f"\n{journey}: Tab presses per step")
    for role, step, presses in counts:
        print(f"  {role:10} {presses:3}  {step}")


def _walk_in_journey(sweep, world, counts) -> None:
    from jobseekers.models import FunctioningAnswer, JobSeeker
    from notifications.models import PersonMessage
    from placements.models import FollowUp, Referral

    staff = keyboard(sweep, "staff", counts, "dashboards:home-staff")
    # 1. Staff register the person at the desk: a phone number, no email; consent read aloud.
    staff.follow("Register a job seeker")
    page = staff.page
    staff.type_into(page.get_by_label(t("id", "Full name")), "Siti Aminah")
    staff.type_into(page.get_by_label(t("id", "Phone number (optional)")), PHONE)
    staff.choose(page.get_by_role("radio", name=t("id", "Walk-in at the center"), exact=True), step="came how")
    for purpose in (
        "Processing my disability and health data",
        "Being included in matching with vacancies",
        "Sharing my profile with an employer on a referral",
        "Receiving notifications",
    ):
        staff.tick(page.get_by_role("checkbox", name=t("id", purpose), exact=True), step=f"consent: {purpose}")
    staff.choose(
        page.get_by_role("radio", name=t("id", "In person at the center or on outreach"), exact=True), step="where"
    )
    staff.choose(
        page.get_by_role("radio", name=t("id", "Read aloud to the person, who agreed"), exact=True), step="basis"
    )
    staff.submit("Register")
    expect(staff.heading()).to_have_text(t("id", "Case of %(name)s", name="Siti Aminah"))

    with city_context(world.city):
        person = JobSeeker.objects.get(name="Siti Aminah")
    assert (person.phone, person.email, person.user_id) == (PHONE_E164, "", None)
    with city_context(world.city):  # the four consents, each with how the person gave it and who recorded it
        consents = list(person.consents.values_list("text__purpose", "decision", "basis", "recorded_by"))
    assert sorted(consents) == [
        (purpose, "given", "read_aloud", world.users["staff"].pk)
        for purpose in ("matching", "notifications", "sharing", "specific_data")
    ]
    expect(page.get_by_text("0812-3456-7890", exact=True)).to_be_visible()  # shown as it was written

    # 2. Staff fill the profile for the person, step by step, from the case page.
    staff.follow("About you")
    staff.choose(
        staff.in_group(t("id", "How should we contact you? (optional)")).get_by_role(
            "radio", name=t("id", "Phone call"), exact=True
        ),
        step="contact by",
    )
    staff.submit("Save and continue")
    expect(staff.heading()).to_have_text(t("id", "The work you want"))
    staff.type_into(page.get_by_label(t("id", "Find jobs (KBJI, in Indonesian or English)")), "Pengarsip")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    staff.loaded()
    staff.tick(page.get_by_role("checkbox", name="Pengarsip (2621.01)", exact=True), step="occupation")
    staff.submit("Save and continue")
    expect(staff.heading()).to_have_text(t("id", "Everyday activities"))
    _record_functioning(staff, seeing=t("id", "A lot of difficulty"))
    staff.submit("Save and continue")
    expect(staff.heading()).to_have_text(t("id", "Disability and needs"))
    staff.tick(
        page.get_by_role("checkbox", name=t("id", "sensory (sensorik)"), exact=True, include_hidden=True), step="ragam"
    )
    staff.tick(page.get_by_role("checkbox", name=SCREEN_READER, exact=True, include_hidden=True), step="accommodation")
    staff.type_into(
        page.get_by_label(t("id", "Other accommodation needs, in your own words (optional)")), NEED_TEXT, limit=150
    )
    staff.submit("Save and continue")
    expect(staff.heading()).to_have_text(t("id", "What employers may see"))
    staff.tick(
        page.get_by_role("checkbox", name=t("id", "My accommodation needs and assistive devices"), exact=True),
        step="share needs",
    )
    staff.choose(
        page.get_by_role("radio", name=t("id", "In person at the center or on outreach"), exact=True), step="where"
    )
    staff.choose(
        page.get_by_role("radio", name=t("id", "Read aloud to the person, who agreed"), exact=True), step="basis"
    )
    staff.submit("Save")
    expect(staff.heading()).to_have_text(t("id", "Profile of %(name)s, filled in for them", name="Siti Aminah"))
    with city_context(world.city):
        person.refresh_from_db()
        assert person.contact_channel == "phone"
        assert (person.share_needs, person.share_ragam, person.share_functioning) == (True, False, False)
        assert FunctioningAnswer.objects.get(job_seeker=person, domain="seeing").code == 3
        record = person.disclosure_records.get()
        assert (record.basis, record.recorded_by) == ("read_aloud", world.users["staff"])

    # 3. The worker matches the person with the published vacancies.
    run_matching(world, person)

    # 4. Staff propose the referral from the vacancy's suggestions and confirm it for the person.
    staff.follow("Back to the case")
    staff.follow("Placement work for today")
    _staff_propose_and_confirm(
        staff, "Siti Aminah", shared="Accommodation needs", basis="Read aloud to the person, who agreed"
    )

    # 5. Staff schedule the interview with an accommodation for the employer to confirm.
    # On the referral's day (the interview is not before it; the offer not before the interview).
    interview_day = city_today(world.city)
    staff.enter_date(t("id", "Date and time"), datetime.datetime.combine(interview_day, datetime.time(10, 0)))
    staff.type_into(page.get_by_label(t("id", "Place or link")), "Kantor pusat, lantai 1")
    staff.tick(
        page.get_by_role("checkbox", name=t("id", "Questions in writing"), exact=True), step="interview accommodation"
    )
    staff.submit("Schedule the interview")
    expect(page.get_by_text(t("id", "Not yet confirmed by the employer."))).to_be_visible()
    with translation.override("id"):
        shown = date_format(interview_day, "j F Y")
    assert f"{shown} 10:00" in staff.main_text()  # on the city's clock
    with city_context(world.city):
        referral = Referral.objects.get(job_seeker=person)
        assert referral.status == "interview"
        assert referral.disclosed == ["needs"] and referral.disclosure.basis == "read_aloud"
        interview = referral.interviews.get()
        assert interview.accommodations == ["written"]

    # 6. The employer sees the candidate with only the disclosed groups, and confirms the accommodation.
    employer = keyboard(sweep, "employer", counts, "dashboards:home-employer")
    employer.follow_named(
        counted("%(count)s candidate waiting for your answer", "%(count)s candidates waiting for your answer"),
        step="link: candidates waiting",
    )
    employer.follow_named("Siti Aminah", step="link: the candidate")
    _employer_sees_only(
        employer,
        shared=[NEED_TEXT],
        hidden=[
            t("id", "sensory (sensorik)"),
            t("id", "A lot of difficulty"),
            t("id", "Functioning (WG-SS)"),
            t("id", "Disability category (ragam)"),
        ],
    )
    asked = employer.page.locator("p").filter(has_text=t("id", "Accommodations asked:"))
    expect(asked).to_contain_text(t("id", "Questions in writing"))
    expect(asked).to_contain_text(t("id", "Not yet confirmed by the employer."))
    employer.submit("Confirm these accommodations")
    expect(asked).to_contain_text(t("id", "Confirmed by the employer."))

    # 7. The employer records the offer and the placement.
    employer.submit("Record an offer")
    today = city_today(world.city)
    employer.enter_date(t("id", "Start date"), today)
    employer.type_into(employer.page.get_by_label(t("id", "Monthly wage (Rp)")), "3800000")
    employer.type_into(
        employer.page.get_by_label(t("id", "Accommodation provided")), "Pembaca layar NVDA di komputer kerja"
    )
    employer.submit("Record the placement")
    with city_context(world.city):
        referral.refresh_from_db()
        assert referral.status == "placed"
        placement = referral.placements.get()
        assert placement.start_date == today
        followups = {item.months: item for item in placement.followups.all()}
    assert sorted(followups) == [1, 3, 6]

    # 8. Follow-ups at 1, 3 and 6 months: the city's date reaches each due date in turn.
    for months in (1, 3, 6):
        with city_context(world.city):
            FollowUp.objects.filter(pk=followups[months].pk).update(due_on=today)  # its day has come
        go_home(staff, "dashboards:home-staff")
        staff.follow_named(counted("%(count)s follow-up due", "%(count)s follow-ups due"), step="link: follow-ups due")
        staff.follow_named(
            re.compile(rf"^Siti Aminah, {VACANCY}: \D*{months}\D"), step=f"link: {months}-month follow-up"
        )
        staff.choose(
            staff.in_group(t("id", "Is the person still employed?")).get_by_role(
                "radio", name=t("id", "Yes"), exact=True
            ),
            step="still employed",
        )
        staff.choose(
            staff.in_group(t("id", "Is the accommodation working?")).get_by_role(
                "radio", name=t("id", "Yes"), exact=True
            ),
            step="accommodation working",
        )
        staff.submit("Save the follow-up")
        expect(staff.heading()).to_have_text(t("id", "Placement work for today"))
    with city_context(world.city):
        placement.refresh_from_db()
        assert placement.outcome == "retained"
        assert all(item.done_at for item in placement.followups.all())

    # 9. The person was told by their channel (a phone call), once for each event: the calls staff make.
    with city_context(world.city):
        told = list(PersonMessage.objects.filter(job_seeker_id=person.pk).values_list("kind", "way"))
    assert sorted(told) == [
        ("interview_accommodations_confirmed", "phone"),
        ("interview_scheduled", "phone"),
        ("referral_confirmed_for_person", "phone"),
    ]
    go_home(staff, "dashboards:home-staff")
    staff.follow_named(
        counted_t("Calls to make: %(counter)s person to call", "Calls to make: %(counter)s people to call"),
        step="link: calls to make",
    )
    expect(staff.page.get_by_role("link", name=t("id", "Call %(name)s", name="Siti Aminah"), exact=True)).to_have_count(
        3
    )


def _staff_propose_and_confirm(staff: Keyboard, name: str, *, shared: str, basis: str, guardian: str = "") -> None:
    """From "Placement work for today": the vacancy's suggestions, a referral proposed for ``name``
    and confirmed for them, the ``shared`` group ticked as on their profile, with how they gave it."""
    page = staff.page
    staff.follow("Suggested people for %(title)s at %(employer)s", title=VACANCY, employer=EMPLOYER, limit=80)
    staff.submit("Propose a referral for %(name)s", name=name, limit=80)
    expect(staff.heading()).to_have_text(t("id", "Referral for %(title)s", title=VACANCY))
    staff.follow("Confirm the referral for the person (at the desk, by phone or without an account)")
    for label, _value in STAFF_GROUPS:  # the profile's choices, gone through again with the person
        box = page.get_by_role("checkbox", name=t("id", label), exact=True)
        expect(box).to_be_checked() if label == shared else expect(box).not_to_be_checked()
    staff.select(
        page.get_by_label(t("id", "Where you met the person")), t("id", "In person at the center or on outreach")
    )
    staff.choose(page.get_by_role("radio", name=t("id", basis), exact=True), step="basis")
    if guardian:
        staff.type_into(page.get_by_label(t("id", "Name of the family member or interpreter")), guardian)
    staff.submit("Confirm the referral for the person")
    expect(staff.heading()).to_have_text(t("id", "Referral for %(title)s", title=VACANCY))
    expect(
        page.get_by_text(t("id", "The referral is confirmed for the person and sent to the employer."))
    ).to_have_count(1)


def counted(singular: str, plural: str, placeholder: str = "count") -> re.Pattern:
    """A link whose name is ``singular``/``plural`` in Indonesian, with any number in it."""
    with translation.override("id"):
        forms = {translation.ngettext(singular, plural, n) for n in (1, 2)}
    marker = re.escape(f"%({placeholder})s")
    return re.compile("^(" + "|".join(re.escape(f).replace(marker, r"\d+") for f in forms) + ")$")


def counted_t(singular: str, plural: str) -> re.Pattern:
    return counted(singular, plural, placeholder="counter")


def _employer_sees_only(board: Keyboard, *, shared: list[str], hidden: list[str]) -> None:
    """The employer's candidate page: what the person shares is there, the undisclosed groups are not."""
    section = board.page.get_by_role("region", name=t("id", "What the person shares with you"))
    for text in shared:
        expect(section).to_contain_text(text)
    page_text = board.main_text()
    for text in hidden:
        assert text not in page_text, f"the employer sees {text!r}, which the person did not disclose"


def _record_functioning(board: Keyboard, *, seeing: str) -> None:
    """The six WG-SS questions, read to the person: ``seeing`` for seeing, no difficulty elsewhere."""
    from reference.models import WGQuestion

    for question in WGQuestion.objects.order_by("order"):
        answer = seeing if question.domain == "seeing" else t("id", "No difficulty")
        board.choose(
            board.in_group(question.text_id).get_by_role("radio", name=answer, exact=True),
            step=f"WG-SS {question.domain}",
        )


def test_journey_through_a_partner_ending_with_the_person_claiming_the_account(journey):
    run_journey("partner", journey, _partner_journey, ceiling=PARTNER_TABS)


def _partner_journey(sweep, world, counts) -> None:
    from jobseekers.models import JobSeeker
    from notifications.models import Notification, PersonMessage
    from placements.models import Referral

    name, phone = "Yohanes Tandi", "0813-5555-0101"
    partner = keyboard(sweep, "partner", counts, "dashboards:home-partner")
    page = partner.page
    # 1. The partner registers the person on an outreach visit; the mother spoke with them.
    partner.follow("Register a job seeker")
    partner.type_into(page.get_by_label(t("id", "Full name")), name)
    partner.type_into(page.get_by_label(t("id", "Phone number (optional)")), phone)
    partner.choose(
        page.get_by_role("radio", name=t("id", "Disability organisation or CSO partner"), exact=True), step="came how"
    )
    for purpose in (
        "Processing my disability and health data",
        "Being included in matching with vacancies",
        "Sharing my profile with an employer on a referral",
        "Receiving notifications",
    ):
        partner.tick(page.get_by_role("checkbox", name=t("id", purpose), exact=True), step=f"consent: {purpose}")
    partner.choose(
        page.get_by_role("radio", name=t("id", "In person at the center or on outreach"), exact=True), step="where"
    )
    partner.choose(
        page.get_by_role("radio", name=t("id", "Through a named family member or guardian"), exact=True), step="basis"
    )
    partner.type_into(page.get_by_label(t("id", "Guardian's name, if a guardian consented (optional)")), "Maria Tandi")
    partner.type_into(page.get_by_label(t("id", "Guardian's relation to the person (optional)")), "Ibu")
    partner.submit("Register")
    expect(page.get_by_text(t("id", "%(name)s is registered.", name=name))).to_have_count(1)
    with city_context(world.city):
        person = JobSeeker.objects.get(name=name)
        assert person.partner_organisation == "Yayasan Contoh" and person.registration_channel == "partner"

    # 2. From the caseload, the partner records functioning, needs and the disclosure.
    go_home(partner, "dashboards:home-partner")
    partner.follow("Your caseload: fill in profiles and record decisions for the people")
    partner.follow_named(name, step="link: the person in the caseload")
    partner.follow("The work you want")
    partner.type_into(page.get_by_label(t("id", "Find jobs (KBJI, in Indonesian or English)")), "Pengarsip")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    partner.loaded()
    partner.tick(page.get_by_role("checkbox", name="Pengarsip (2621.01)", exact=True), step="occupation")
    partner.submit("Save and continue")
    _record_functioning(partner, seeing=t("id", "Some difficulty"))
    partner.submit("Save and continue")
    partner.tick(
        page.get_by_role("checkbox", name=t("id", "physical (fisik)"), exact=True, include_hidden=True), step="ragam"
    )
    partner.type_into(
        page.get_by_label(t("id", "Other accommodation needs, in your own words (optional)")), NEED_TEXT, limit=150
    )
    partner.submit("Save and continue")
    partner.tick(
        page.get_by_role("checkbox", name=t("id", "My answers about everyday difficulties (WG-SS)"), exact=True),
        step="share functioning",
    )
    partner.choose(
        page.get_by_role("radio", name=t("id", "In person at the center or on outreach"), exact=True), step="where"
    )
    partner.choose(
        page.get_by_role("radio", name=t("id", "Through a named family member or guardian"), exact=True), step="basis"
    )
    partner.type_into(
        page.get_by_label(t("id", "Name of the family member or interpreter, if one spoke with the person")),
        "Maria Tandi",
    )
    partner.submit("Save")
    expect(partner.heading()).to_have_text(t("id", "Profile of %(name)s, filled in for them", name=name))

    # 3. The worker matches; staff propose and confirm the referral for the person, with the mother.
    run_matching(world, person)
    staff = keyboard(sweep, "staff", counts, "dashboards:home-staff")
    staff.follow_named(
        counted(
            "%(count)s new match suggestion for published vacancies (last 7 days)",
            "%(count)s new match suggestions for published vacancies (last 7 days)",
        ),
        step="link: new match suggestions",
    )
    _staff_propose_and_confirm(
        staff,
        name,
        shared="Functioning (WG-SS)",
        basis="Through a named family member or guardian",
        guardian="Maria Tandi",
    )
    with city_context(world.city):
        referral = Referral.objects.get(job_seeker=person)
        assert referral.status == "confirmed" and referral.disclosed == ["functioning"]
        assert (referral.disclosure.basis, referral.disclosure.guardian_name) == ("family", "Maria Tandi")

    # 4. The employer sees the functioning answers, and neither the ragam nor the needs.
    employer = keyboard(sweep, "employer", counts, "dashboards:home-employer")
    employer.follow_named(
        counted("%(count)s candidate waiting for your answer", "%(count)s candidates waiting for your answer"),
        step="link: candidates waiting",
    )
    employer.follow_named(name, step="link: the candidate")
    _employer_sees_only(
        employer,
        shared=[t("id", "Functioning (WG-SS)")],
        hidden=[
            NEED_TEXT,
            t("id", "physical (fisik)"),
            t("id", "Disability category (ragam)"),
            t("id", "Accommodation needs"),
        ],
    )

    # 5. The person heard of the referral once, by SMS (a phone, no channel chosen).
    with city_context(world.city):
        told = list(PersonMessage.objects.filter(job_seeker_id=person.pk).values_list("kind", "way"))
        texts = Notification.objects.filter(kind="referral_confirmed_for_person", channel="sms")
        assert told == [("referral_confirmed_for_person", "sms")]
        assert texts.count() == 1

    # 6. Staff send the person an account code by SMS from their case page.
    go_home(staff, "dashboards:home-staff")
    staff.follow("Job seekers registered in this city")
    staff.follow_named(name, step="link: the person's case", limit=80)
    staff.choose(
        staff.page.get_by_role("radio", name=t("id", "SMS to %(address)s", address=phone), exact=True),
        step="code by SMS",
        limit=120,
    )
    staff.submit("Send an account code")
    with city_context(world.city):
        sent = Notification.objects.filter(kind="account_claim_code", channel="sms")
        assert sent.count() == 1
        code = re.search(r"\b(\d{6})\b", sent.get().body).group(1)

    # 7. The person takes over the account from the sign-in page, with the code from the message.
    person_board = keyboard(sweep, "anonymous:claim", counts, "account_login")
    page = person_board.page
    person_board.follow("Registered at the job center? Take over your account")
    person_board.follow_named(world.city.name, step="link: the city")
    person_board.type_into(page.get_by_label(t("id", "Your phone number or email address")), phone)
    person_board.type_into(page.get_by_label(t("id", "Code")), code)
    person_board.submit("Check the code")
    person_board.type_into(page.get_by_label(t("id", "Email address")), "yohanes@example.test")
    person_board.type_into(page.get_by_label(t("id", "Password"), exact=True), "Kata-sandi-Yohanes-2026")
    person_board.type_into(page.get_by_label(t("id", "Password (again)")), "Kata-sandi-Yohanes-2026")
    person_board.submit("Make my sign-in and open my profile")
    with city_context(world.city):
        person.refresh_from_db()
        assert person.user is not None and person.user.email == "yohanes@example.test"

    # 8. The person sees who did what for them: the changes, and the decisions with how they were given.
    person_board.follow("Who changed my data", limit=80)
    log = person_board.main_text()
    assert "Yusuf Mitra" in log  # the partner who filled the profile in
    go_home(person_board, "dashboards:home-job-seeker")
    person_board.follow("My consent choices", limit=80)
    decisions = person_board.main_text()
    for seen in ("Yusuf Mitra", "Maria Tandi", "Sari Petugas", t("id", "Through a named family member or guardian")):
        assert seen in decisions, f"the person's decisions do not show {seen!r}"


def test_journey_self_service_request_sent_on_by_an_officer(journey):
    run_journey("self-service", journey, _self_service_journey, ceiling=SELF_SERVICE_TABS)


def _self_service_journey(sweep, world, counts) -> None:
    from notifications.models import Notification, PersonMessage
    from placements.models import Referral

    person = world.objects["self_service"]
    name = person.name
    # 1. The person asks for a referral to a suggested vacancy, sharing their accommodation needs.
    me = keyboard(sweep, "job_seeker", counts, "dashboards:home-job-seeker")
    me.follow("Vacancies suggested for you, and your referrals")
    me.submit("Ask for a referral to %(title)s", title=VACANCY)
    me.tick(me.page.get_by_role("checkbox", name=t("id", "My accommodation needs"), exact=True), step="share needs")
    me.submit("Send my request to the job center")
    expect(
        me.page.get_by_text(
            t(
                "id",
                "Your request is with the job center. An officer looks at it and either sends it on to the "
                "employer or tells you why not.",
            )
        )
    ).to_be_visible()
    with city_context(world.city):
        referral = Referral.objects.get(job_seeker=person)
        assert referral.status == "requested" and referral.disclosed == ["needs"]

    # 2. Until an officer sends it on, the employer does not see it.
    employer = keyboard(sweep, "employer", counts, "dashboards:home-employer")
    employer.follow_named(
        counted("%(count)s candidate waiting for your answer", "%(count)s candidates waiting for your answer"),
        step="link: candidates waiting",
    )
    expect(employer.page.get_by_role("link", name=name)).to_have_count(0)

    # 3. An officer sends the request on from "Requests from job seekers".
    staff = keyboard(sweep, "staff", counts, "dashboards:home-staff")
    staff.follow_named(
        counted_t(
            "Requests from job seekers: %(counter)s waiting for a decision",
            "Requests from job seekers: %(counter)s waiting for a decision",
        ),
        step="link: requests from job seekers",
    )
    staff.submit("Send the request of %(name)s on to the employer", name=name, limit=80)
    expect(
        staff.page.get_by_text(t("id", "The request is sent on to the employer. The person is told."))
    ).to_have_count(1)
    with city_context(world.city):
        referral.refresh_from_db()
        assert referral.status == "confirmed"
        assert referral.events.filter(to_status="confirmed", actor=world.users["staff"]).count() == 1

    # 4. Now the employer sees the candidate, with the needs the person shared and nothing else.
    go_home(employer, "dashboards:home-employer")
    employer.follow_named(
        counted("%(count)s candidate waiting for your answer", "%(count)s candidates waiting for your answer"),
        step="link: candidates waiting",
    )
    employer.follow_named(name, step="link: the candidate")
    _employer_sees_only(
        employer, shared=[], hidden=[t("id", "Functioning (WG-SS)"), t("id", "Disability category (ragam)")]
    )
    expect(employer.page.get_by_role("region", name=t("id", "What the person shares with you"))).to_contain_text(
        t("id", "Accommodation needs")
    )

    # 5. The person was told once, and sees the referral sent on.
    with city_context(world.city):
        told = list(PersonMessage.objects.filter(job_seeker_id=person.pk).values_list("kind", "way"))
        emails = Notification.objects.filter(kind="referral_request_sent_on", channel="email").count()
    assert told == [("referral_request_sent_on", "email")] and emails == 1  # no phone: by email
    go_home(me, "dashboards:home-job-seeker")
    me.follow("Vacancies suggested for you, and your referrals")
    expect(me.page.get_by_role("region", name=t("id", "My referrals"))).to_contain_text(
        t("id", "Confirmed, sent on to the employer")
    )


# --- The same journeys located only by role and accessible name ----------------------------------------------
class ByRole(Keyboard):
    """A screen-reader user's way through the same steps: each control found only by its role and
    accessible name and acted on where it is (as a screen reader's list of links, buttons and form
    fields does), no Tab presses (each journey reports tabs=0). One exception: Playwright's role
    engine has no role for ``<summary>`` (Chromium exposes it as a disclosure button), so a closed
    group is opened from its summary, reached from the checkbox inside it."""

    def tab_to(self, locator, *, limit: int = 60, step: str = "", back: bool = False) -> int:
        locator.focus()
        return 0

    def activate(self, locator, *, limit: int = 60, step: str = "", navigates: bool = True) -> None:
        if navigates:
            with self.page.expect_navigation():
                locator.click()
            self.loaded()
            assert "500" not in self.page.evaluate("() => document.title"), f"{step}: a server error"
        else:
            locator.click()

    def type_into(self, locator, text: str, *, limit: int = 60, step: str = "") -> None:
        locator.fill(text)

    def tick(self, locator, *, limit: int = 60, step: str = "") -> None:
        if not locator.is_visible():
            locator.locator("xpath=ancestor::details[1]/summary").click()
        locator.check()
        expect(locator).to_be_checked()

    def choose(self, radio, *, limit: int = 60, step: str = "") -> None:
        radio.check()
        expect(radio).to_be_checked()

    def select(self, locator, option: str, *, limit: int = 60, step: str = "") -> None:
        locator.select_option(label=option)

    def enter_date(self, label: str, when: datetime.date, *, limit: int = 60) -> None:
        group = self.page.get_by_role("group", name=label, exact=True)
        for part, value in zip(("Day", "Month", "Year"), (when.day, when.month, when.year), strict=True):
            group.get_by_role("textbox", name=t("id", part), exact=True).fill(str(value))


DRIVERS = {"keyboard": Keyboard, "role": ByRole}


def driver(sweep: Sweep, mode: str, role: str, counts, home: str) -> Keyboard:
    page = sweep.open(reverse(home), role=role)
    return DRIVERS[mode](page, role, counts)


MODES = pytest.mark.parametrize("mode", ["keyboard", "role"])


@MODES
def test_journey_sign_up_and_the_whole_profile(journey, mode):
    run_journey(
        f"sign-up-and-profile/{mode}",
        journey,
        lambda sweep, world, counts: _sign_up_journey(sweep, world, counts, mode),
        ceiling=SIGN_UP_TABS if mode == "keyboard" else 0,
    )


def _sign_up_journey(sweep, world, counts, mode: str) -> None:
    from jobseekers.models import JobSeeker

    name, email = f"Ayu Lestari {mode}", f"ayu.{mode}@example.test"
    me = driver(sweep, mode, f"anonymous:sign-up-{mode}", counts, "account_login")
    page = me.page
    # 1. The account: name, email, why, city and a password; then the link in the email.
    me.follow("Create an account")
    me.type_into(page.get_by_label(t("id", "Full name")), name)
    me.type_into(page.get_by_role("textbox", name=t("id", "Email"), exact=True), email)
    me.choose(page.get_by_role("radio", name=t("id", "I am looking for work"), exact=True), step="why")
    me.select(page.get_by_label(t("id", "City"), exact=True), world.city.name)
    me.type_into(page.get_by_label(t("id", "Password"), exact=True), "Kata-sandi-Ayu-2026")
    me.type_into(page.get_by_label(t("id", "Password (again)")), "Kata-sandi-Ayu-2026")
    me.submit("Create my account")
    link = re.search(r"https?://\S+/akun/confirm-email/\S+/", mail.outbox[-1].body).group(0)
    page.goto(link)  # the person opens the link in the email
    me.loaded()
    me.submit("Confirm my email address")
    # 2. The profile, step by step, from the home page.
    me.follow("My job-seeker profile")
    me.follow("Start my profile")
    expect(me.heading()).to_have_text(t("id", "About you"))
    me.choose(
        me.in_group(t("id", "How should we contact you? (optional)")).get_by_role(
            "radio", name=t("id", "Email"), exact=True
        ),
        step="contact by",
    )
    me.submit("Save and continue")
    expect(me.heading()).to_have_text(t("id", "The work you want"))
    me.type_into(page.get_by_label(t("id", "Find jobs (KBJI, in Indonesian or English)")), "Pengarsip")
    me.submit("Search")
    me.tick(page.get_by_role("checkbox", name="Pengarsip (2621.01)", exact=True), step="occupation")
    me.submit("Save and continue")
    expect(me.heading()).to_have_text(t("id", "Everyday activities"))
    _record_functioning(me, seeing=t("id", "Some difficulty"))
    me.submit("Save and continue")
    expect(me.heading()).to_have_text(t("id", "Disability and needs"))
    me.tick(
        page.get_by_role("checkbox", name=t("id", "sensory (sensorik)"), exact=True, include_hidden=True), step="ragam"
    )
    me.tick(page.get_by_role("checkbox", name=SCREEN_READER, exact=True, include_hidden=True), step="accommodation")
    me.submit("Save and continue")
    expect(me.heading()).to_have_text(t("id", "What employers may see"))
    me.tick(
        page.get_by_role("checkbox", name=t("id", "My accommodation needs and assistive devices"), exact=True),
        step="share needs",
    )
    me.submit("Save")
    # 3. Education and work experience.
    me.follow("Add education")
    me.select(page.get_by_label(t("id", "Level"), exact=True), t("id", "Diploma (D1-D3)"))
    me.submit("Save")
    me.follow("Add work experience")
    me.type_into(page.get_by_label(t("id", "Job title"), exact=True), "Staf administrasi")
    me.submit("Save")
    with city_context(world.city):
        person = JobSeeker.objects.get(email=email)
        assert [o.code for o in person.occupations.all()] == ["2621.01"]
        assert person.ragam == ["sensorik"] and person.share_needs
        assert person.education.count() == 1 and person.experience.count() == 1


@MODES
def test_journey_job_search(journey, mode):
    run_journey(
        f"job-search/{mode}",
        journey,
        lambda sweep, world, counts: _job_search_journey(sweep, world, counts, mode),
        ceiling=JOB_SEARCH_TABS if mode == "keyboard" else 0,
    )


def _job_search_journey(sweep, world, counts, mode: str) -> None:
    me = driver(sweep, mode, "job_seeker", counts, "dashboards:home-job-seeker")
    me.follow("Job vacancies")
    me.type_into(me.page.get_by_label(t("id", "Words")), "arsip")
    me.submit("Search vacancies")
    me.follow_named(VACANCY, step="link: the vacancy")
    expect(me.heading()).to_contain_text(VACANCY)
    assert EMPLOYER in me.main_text()


@MODES
def test_journey_posting_a_vacancy(journey, mode):
    run_journey(
        f"post-vacancy/{mode}",
        journey,
        lambda sweep, world, counts: _post_vacancy_journey(sweep, world, counts, mode),
        ceiling=POST_VACANCY_TABS if mode == "keyboard" else 0,
    )


def _post_vacancy_journey(sweep, world, counts, mode: str) -> None:
    from employers.models import Vacancy

    title = f"Operator data {mode}"
    boss = driver(sweep, mode, "employer", counts, "dashboards:home-employer")
    page = boss.page
    boss.follow("Post a new vacancy")
    boss.type_into(page.get_by_label(t("id", "Job title"), exact=True), title)
    boss.type_into(page.get_by_label(capfirst(t("id", "description")), exact=True), "Memasukkan data pelanggan.")
    boss.type_into(page.get_by_label(t("id", "Essential tasks"), exact=True), "Memasukkan data ke komputer.")
    boss.choose(page.get_by_role("radio", name=t("id", "Permanent (PKWTT)"), exact=True), step="employment type")
    boss.choose(page.get_by_role("radio", name=t("id", "On site"), exact=True), step="arrangement")
    boss.type_into(page.get_by_label(t("id", "Working hours"), exact=True), "Senin-Jumat 08.00-16.00")
    boss.type_into(page.get_by_label(capfirst(t("id", "lowest monthly wage (Rp)")), exact=True), "3500000")
    boss.enter_date(capfirst(t("id", "application deadline")), city_today(world.city) + datetime.timedelta(days=30))
    boss.tick(page.get_by_role("checkbox", name=SCREEN_READER, exact=True, include_hidden=True), step="offered")
    boss.submit("Save the draft")
    boss.submit("Submit for review")
    with city_context(world.city):
        vacancy = Vacancy.objects.get(title=title)
        assert vacancy.status == Vacancy.Status.SUBMITTED
        assert [a.text_id for a in vacancy.accommodations.all()] == [SCREEN_READER]


@MODES
def test_journey_staff_referral(journey, mode):
    run_journey(
        f"staff-referral/{mode}",
        journey,
        lambda sweep, world, counts: _staff_referral_journey(sweep, world, counts, mode),
        ceiling=STAFF_REFERRAL_TABS if mode == "keyboard" else 0,
    )


def _staff_referral_journey(sweep, world, counts, mode: str) -> None:
    from jobseekers.models import JobSeeker, JobSeekerOccupation
    from placements.models import Referral
    from reference.models import Occupation

    name = f"Andi Referral {mode}"
    with city_context(world.city):
        person = JobSeeker.objects.create(
            name=name,
            matching_allowed=True,
            sharing_allowed=True,
            specific_data_allowed=True,
            status="active",
            share_needs=True,
        )
        JobSeekerOccupation.objects.create(job_seeker=person, occupation=Occupation.objects.get(code="2621.01"))
    run_matching(world, person)
    staff = driver(sweep, mode, "staff", counts, "dashboards:home-staff")
    staff.follow_named(
        counted(
            "%(count)s new match suggestion for published vacancies (last 7 days)",
            "%(count)s new match suggestions for published vacancies (last 7 days)",
        ),
        step="link: new match suggestions",
    )
    _staff_propose_and_confirm(staff, name, shared="Accommodation needs", basis="Read aloud to the person, who agreed")
    with city_context(world.city):
        referral = Referral.objects.get(job_seeker=person)
        assert referral.status == "confirmed" and referral.disclosed == ["needs"]
