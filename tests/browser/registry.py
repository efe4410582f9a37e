"""The one list of pages the browser tests visit: the axe sweep, the 320 px reflow test and the screenshots.

Every page a later issue adds is registered here, under the role that sees it::

    RegisteredPage("staff", "jobseeker-list", lambda w: reverse("jobseekers:list")),

and a role other than ``anonymous`` gets its sign-in function in ``SIGN_IN`` (usually
``sign_in_as(user)`` with a user the ``world`` fixture made for that role). ``prepare(page, language)`` runs
after the page has loaded, to sweep a state of the page too (a form after a failed submit, an open
dialog): it drives the page the way a person does, by role and accessible name (never by CSS
selector), with names taken from the catalogue through ``t(language, msgid)``. A ``prepare`` that
changes records (not only the page in the browser) must say ``writes=True``: the other pages are
checked in one world shared by a whole module (tests/browser/sweep.py).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.urls import reverse
from django.utils import translation

if TYPE_CHECKING:
    from playwright.sync_api import BrowserContext, Page

    from cities.models import City

# "new_job_seeker": a job seeker whose profile is not started yet (the "Start my profile" state).
ROLES = ("anonymous", "job_seeker", "new_job_seeker", "employer", "staff", "city_admin", "partner", "apeksi")


@dataclass
class World:
    """What the browser tests' database holds: made by the ``world`` fixture (tests/browser/conftest.py)."""

    base_url: str
    city: City
    other_city: City
    inactive_city: City
    users: dict[str, object] = field(default_factory=dict)  # role -> the signed-in user of that role
    objects: dict[str, object] = field(default_factory=dict)  # records the pages show (by name)


@dataclass(frozen=True)
class RegisteredPage:
    role: str
    name: str  # unique; names the screenshot files
    path: Callable[[World], str]
    prepare: Callable[[Page, str], None] | None = None
    screenshot: bool = True  # shown in docs/screenshots (`make screenshots`)
    screenshot_narrow: bool = False  # ... at 320 px wide too
    # ``prepare`` changes records (not only the page): checked in a world of its own, not the shared one.
    writes: bool = False

    def __post_init__(self) -> None:
        if self.role not in ROLES:
            raise ValueError(f"Unknown role {self.role!r}; add it to ROLES first.")

    @property
    def id(self) -> str:
        return f"{self.role}:{self.name}"


def t(language: str, msgid: str, **params) -> str:
    """``msgid`` as the page shows it in ``language`` (so tests find controls by their real name)."""
    with translation.override(language):
        text = translation.gettext(msgid)
    return text % params if params else text


def problems_heading(language: str, count: int) -> str:
    """The error summary's heading (its accessible name) for ``count`` problems."""
    with translation.override(language):
        text = translation.ngettext(
            "There is a problem with this form", "There are %(counter)s problems with this form", count
        )
    return text % {"counter": count}


def submit_the_barrier_report_empty(page: Page, language: str) -> None:
    page.get_by_role("button", name=t(language, "Send the report")).click()
    page.get_by_role("group", name=problems_heading(language, 2)).wait_for()


PAGES: list[RegisteredPage] = [
    RegisteredPage("anonymous", "home", lambda w: reverse("home"), screenshot_narrow=True),
    RegisteredPage("anonymous", "city-list", lambda w: reverse("cities:list")),
    RegisteredPage("anonymous", "city-landing", lambda w: reverse("cities:detail", kwargs={"city_slug": w.city.slug})),
    RegisteredPage("anonymous", "accessibility", lambda w: reverse("accessibility")),
    RegisteredPage(
        "anonymous",
        "barrier-report-errors",
        lambda w: reverse("accessibility"),
        prepare=submit_the_barrier_report_empty,
        screenshot_narrow=True,
    ),
    RegisteredPage("anonymous", "privacy", lambda w: reverse("privacy")),
    RegisteredPage("anonymous", "display-preferences", lambda w: reverse("display-preferences")),
    RegisteredPage("anonymous", "not-found", lambda w: "/kota/tidak-ada/", screenshot=False),
]


# The accounts pages (django-allauth with our templates: templates/account/, templates/mfa/).
def submit_the_sign_up_empty(page: Page, language: str) -> None:
    page.get_by_role("button", name=t(language, "Create my account")).click()
    page.get_by_role("group", name=problems_heading(language, 6)).wait_for()


def submit_the_login_empty(page: Page, language: str) -> None:
    page.get_by_role("button", name=t(language, "Sign in")).click()
    page.get_by_role("group", name=problems_heading(language, 2)).wait_for()


PAGES += [
    RegisteredPage("anonymous", "login", lambda w: reverse("account_login")),
    RegisteredPage("anonymous", "login-errors", lambda w: reverse("account_login"), prepare=submit_the_login_empty),
    RegisteredPage("anonymous", "signup", lambda w: reverse("account_signup"), screenshot_narrow=True),
    RegisteredPage("anonymous", "signup-errors", lambda w: reverse("account_signup"), prepare=submit_the_sign_up_empty),
    RegisteredPage("anonymous", "verification-sent", lambda w: reverse("account_email_verification_sent")),
    RegisteredPage(
        "anonymous",
        "email-confirm-invalid",
        lambda w: reverse("account_confirm_email", kwargs={"key": "tidak-berlaku"}),
        screenshot=False,
    ),
    RegisteredPage("anonymous", "password-reset", lambda w: reverse("account_reset_password")),
    RegisteredPage("anonymous", "password-reset-done", lambda w: reverse("account_reset_password_done")),
    RegisteredPage(
        "anonymous",
        "password-reset-bad-link",
        lambda w: reverse("account_reset_password_from_key", kwargs={"uidb36": "1", "key": "tidak-berlaku"}),
        screenshot=False,
    ),
    RegisteredPage(
        "anonymous",
        "password-reset-complete",
        lambda w: reverse("account_reset_password_from_key_done"),
        screenshot=False,
    ),
    RegisteredPage("anonymous", "account-inactive", lambda w: reverse("account_inactive"), screenshot=False),
]


# Signed-in pages of the accounts issue: each role's home and the pages its permissions open.
def submit_the_invitation_empty(page: Page, language: str) -> None:
    page.get_by_role("button", name=t(language, "Send the invitation")).click()
    page.get_by_role("group", name=problems_heading(language, 3)).wait_for()


def submit_the_profile_with_a_bad_phone(page: Page, language: str) -> None:
    page.get_by_role("textbox", name=t(language, "Mobile number (optional)")).fill("12345")
    page.get_by_role("button", name=t(language, "Save my profile")).click()
    page.get_by_role("group", name=problems_heading(language, 1)).wait_for()


def _seeker(w: World) -> int:
    return w.objects["seeker"].pk


PAGES += [
    RegisteredPage("job_seeker", "home-job-seeker", lambda w: reverse("dashboards:home-job-seeker")),
    RegisteredPage("job_seeker", "access-log", lambda w: reverse("jobseekers:access-log")),
    RegisteredPage("job_seeker", "profile", lambda w: reverse("accounts:profile")),
    RegisteredPage(
        "job_seeker",
        "profile-errors",
        lambda w: reverse("accounts:profile"),
        prepare=submit_the_profile_with_a_bad_phone,
        screenshot=False,
    ),
    RegisteredPage("job_seeker", "two-step-verification", lambda w: reverse("mfa_index"), screenshot=False),
    RegisteredPage("job_seeker", "email-addresses", lambda w: reverse("account_email"), screenshot=False),
    RegisteredPage("job_seeker", "password-change", lambda w: reverse("account_change_password"), screenshot=False),
    RegisteredPage("employer", "home-employer", lambda w: reverse("dashboards:home-employer"), screenshot=False),
    RegisteredPage("staff", "home-staff", lambda w: reverse("dashboards:home-staff"), screenshot=False),
    RegisteredPage("staff", "jobseeker-list", lambda w: reverse("jobseekers:list")),
    RegisteredPage("staff", "functioning", lambda w: reverse("jobseekers:functioning", kwargs={"pk": _seeker(w)})),
    RegisteredPage(
        "staff",
        "audit-trail",
        lambda w: reverse("accounts:audit-trail", kwargs={"model": "jobseekers.jobseeker", "pk": _seeker(w)}),
    ),
    RegisteredPage("staff", "forbidden", lambda w: reverse("accounts:invitation-list"), screenshot=False),
    RegisteredPage("city_admin", "home-city-admin", lambda w: reverse("dashboards:home-city-admin"), screenshot=False),
    RegisteredPage("city_admin", "member-list", lambda w: reverse("accounts:member-list")),
    RegisteredPage("city_admin", "invitation-list", lambda w: reverse("accounts:invitation-list")),
    RegisteredPage(
        "city_admin",
        "invitation-list-errors",
        lambda w: reverse("accounts:invitation-list"),
        prepare=submit_the_invitation_empty,
        screenshot=False,
    ),
    RegisteredPage("partner", "home-partner", lambda w: reverse("dashboards:home-partner"), screenshot=False),
    RegisteredPage("apeksi", "home-apeksi", lambda w: reverse("dashboards:home-apeksi"), screenshot=False),
    RegisteredPage("apeksi", "city-admin-invite", lambda w: reverse("accounts:city-admin-invite"), screenshot=False),
    RegisteredPage("staff", "city-dashboard", lambda w: reverse("dashboards:city-dashboard")),
    *(
        RegisteredPage(
            "staff",
            f"city-dashboard-{section}",
            lambda w, section=section: reverse("dashboards:city-section", kwargs={"section": section}),
            screenshot=section == "pendaftaran",
        )
        for section in ("pendaftaran", "rujukan", "penempatan", "pemberi-kerja", "asesmen", "layanan")
    ),
    RegisteredPage(
        "staff",
        "city-dashboard-errors",
        lambda w: reverse("dashboards:city-dashboard") + "?dari=2026-13&sampai=2026-01",
        screenshot=False,
    ),
    RegisteredPage("city_admin", "city-report", lambda w: reverse("dashboards:city-report")),
    RegisteredPage("apeksi", "apeksi-dashboard", lambda w: reverse("dashboards:apeksi-dashboard")),
    *(
        RegisteredPage(
            "apeksi",
            f"apeksi-dashboard-{section}",
            lambda w, section=section: reverse("dashboards:apeksi-section", kwargs={"section": section}),
            screenshot=section in ("peringkat", "kota"),
        )
        for section in ("peringkat", "kota", "provinsi", "tren", "rincian")
    ),
    RegisteredPage(
        "anonymous",
        "invitation-sign-up",
        lambda w: reverse(
            "accounts:invitation-accept", kwargs={"city_slug": w.city.slug, "token": w.objects["invitation_token"]}
        ),
    ),
    RegisteredPage(
        "anonymous",
        "invitation-invalid",
        lambda w: reverse("accounts:invitation-accept", kwargs={"city_slug": w.city.slug, "token": "tidak-berlaku"}),
        screenshot=False,
    ),
]


# Notifications (issue 9): inbox, preferences (and after a failed submit), the city admin's failed list.
def submit_the_notification_settings_with_a_bad_limit(page: Page, language: str) -> None:
    page.get_by_role("spinbutton", name=t(language, "Most messages per day on each channel")).fill("0")
    page.get_by_role("button", name=t(language, "Save my notification settings")).click()
    page.get_by_role("group", name=problems_heading(language, 1)).wait_for()


PAGES += [
    RegisteredPage("job_seeker", "notification-inbox", lambda w: reverse("notifications:inbox")),
    RegisteredPage("job_seeker", "notification-settings", lambda w: reverse("notifications:preferences")),
    RegisteredPage(
        "job_seeker",
        "notification-settings-errors",
        lambda w: reverse("notifications:preferences"),
        prepare=submit_the_notification_settings_with_a_bad_limit,
        screenshot=False,
    ),
    RegisteredPage("staff", "notification-inbox-empty", lambda w: reverse("notifications:inbox"), screenshot=False),
    RegisteredPage("city_admin", "notification-failed-list", lambda w: reverse("notifications:failed-list")),
]


# Telling a person registered at the desk (notifications.person_messages): staff's calls to make (a
# call's script and log form, and after a failed submit) and letters to print (the printable letter).
# Their paths make the call or letter they show, so each is checked in a world of its own (``writes``).
def _person_message(w: World, way: str) -> int:
    """A call to make (``way="phone"``) or a letter to print (``"visit"``) for the world's job seeker,
    made once per world (the same dedupe key returns the same message)."""
    from cities.tenancy import city_context
    from notifications.services import person_message_send

    seeker = w.objects["seeker"]
    with city_context(w.city):
        return person_message_send(
            actor=w.users["staff"],
            kind="interview_scheduled",
            job_seeker_id=seeker.pk,
            channel=way,
            name=seeker.name,
            phone="+6281234567890",
            email="",
            context={
                "vacancy_title": "Staf administrasi",
                "employer_name": "PT Sinar Nusantara",
                "interview_at": "2026-12-14T02:00:00+00:00",
                "interview_place": "Jl. Merdeka 1",
                "accommodations": ["Juru bahasa isyarat"],
            },
            dedupe_key=f"browser-sweep:{way}",
        ).message.pk


def submit_the_call_empty(page: Page, language: str) -> None:
    page.get_by_role("textbox", name=t(language, "Note (optional)")).fill("Nomor sibuk")
    page.get_by_role("button", name=t(language, "Save the call")).click()
    page.get_by_role("group", name=problems_heading(language, 1)).wait_for()


PAGES += [
    RegisteredPage(
        "staff",
        "calls-to-make",
        lambda w: (_person_message(w, "phone"), reverse("notifications:calls"))[1],
        writes=True,
    ),
    RegisteredPage(
        "staff",
        "call-to-make",
        lambda w: reverse("notifications:call", kwargs={"pk": _person_message(w, "phone")}),
        writes=True,
    ),
    RegisteredPage(
        "staff",
        "call-to-make-errors",
        lambda w: reverse("notifications:call", kwargs={"pk": _person_message(w, "phone")}),
        prepare=submit_the_call_empty,
        screenshot=False,
        writes=True,
    ),
    RegisteredPage(
        "staff",
        "letters-to-print",
        lambda w: (_person_message(w, "visit"), reverse("notifications:letters"))[1],
        writes=True,
    ),
    RegisteredPage(
        "staff",
        "letter-to-print",
        lambda w: reverse("notifications:letter", kwargs={"pk": _person_message(w, "visit")}),
        writes=True,
    ),
]


# The employers pages (issue 6): the employer's, the staff's and the public job board.
def submit_the_vacancy_empty(page: Page, language: str) -> None:
    page.get_by_role("button", name=t(language, "Save the draft")).click()
    page.locator("#error-summary").wait_for()


def search_a_skill_on_the_vacancy_form(page: Page, language: str) -> None:
    """Several ESCO skills match: they are listed to tick, with the search's error (no JavaScript)."""
    page.locator("#id_title").fill("Operator komputer")
    page.locator("#id_skill_search").fill("computer")
    page.get_by_role("button", name=t(language, "Save the draft")).click()
    page.locator("#error-summary").wait_for()


def submit_the_quota_report_wrong(page: Page, language: str) -> None:
    page.get_by_role("button", name=t(language, "Save the report")).click()
    page.locator("#error-summary").wait_for()


def _pk(name: str) -> Callable[[World], int]:
    return lambda w: w.objects[name].pk


def _public_vacancy(w: World) -> str:
    return reverse(
        "employers:vacancy-public", kwargs={"city_slug": w.city.slug, "pk": w.objects["vacancy_published"].pk}
    )


PAGES += [
    RegisteredPage("anonymous", "job-board", lambda w: reverse("employers:board"), screenshot_narrow=True),
    RegisteredPage(
        "anonymous", "city-job-board", lambda w: reverse("employers:city-board", kwargs={"city_slug": w.city.slug})
    ),
    RegisteredPage(
        "anonymous",
        "job-board-search",
        lambda w: reverse("employers:board") + "?q=arsip&arrangement=on_site",
        screenshot=False,
    ),
    RegisteredPage("anonymous", "vacancy-public", _public_vacancy),
    RegisteredPage("job_seeker", "vacancy-public-job-seeker", _public_vacancy, screenshot=False),
    RegisteredPage(
        "job_seeker",
        "express-interest",
        lambda w: reverse(
            "employers:express-interest", kwargs={"city_slug": w.city.slug, "pk": w.objects["vacancy_published"].pk}
        ),
        screenshot=False,
    ),
    RegisteredPage("employer", "employer-dashboard", lambda w: reverse("employers:dashboard")),
    RegisteredPage("employer", "employer-organisation", lambda w: reverse("employers:organisation"), screenshot=False),
    RegisteredPage("employer", "employer-quota", lambda w: reverse("employers:quota")),
    RegisteredPage(
        "employer",
        "employer-quota-errors",
        lambda w: reverse("employers:quota"),
        prepare=submit_the_quota_report_wrong,
        screenshot=False,
    ),
    RegisteredPage("employer", "workplaces", lambda w: reverse("employers:workplace-list"), screenshot=False),
    RegisteredPage(
        "employer",
        "workplace-edit",
        lambda w: reverse("employers:workplace-edit", kwargs={"pk": _pk("workplace")(w)}),
        screenshot=False,
    ),
    RegisteredPage("employer", "vacancy-create", lambda w: reverse("employers:vacancy-create")),
    RegisteredPage(
        "employer",
        "vacancy-create-errors",
        lambda w: reverse("employers:vacancy-create"),
        prepare=submit_the_vacancy_empty,
        screenshot=False,
    ),
    RegisteredPage(
        "employer",
        "vacancy-create-skill-search",
        lambda w: reverse("employers:vacancy-create"),
        prepare=search_a_skill_on_the_vacancy_form,
        screenshot=False,
    ),
    RegisteredPage(
        "employer",
        "vacancy-draft",
        lambda w: reverse("employers:vacancy", kwargs={"pk": _pk("vacancy_draft")(w)}),
        screenshot=False,
    ),
    RegisteredPage(
        "employer",
        "vacancy-published",
        lambda w: reverse("employers:vacancy", kwargs={"pk": _pk("vacancy_published")(w)}),
        screenshot=False,
    ),
    RegisteredPage("staff", "staff-employer-list", lambda w: reverse("employers:staff-employer-list")),
    RegisteredPage(
        "staff", "staff-reverify-list", lambda w: reverse("employers:staff-reverify-list"), screenshot=False
    ),
    RegisteredPage(
        "staff", "staff-employer", lambda w: reverse("employers:staff-employer", kwargs={"pk": _pk("employer")(w)})
    ),
    RegisteredPage(
        "staff",
        "staff-quota-add",
        lambda w: reverse("employers:staff-quota-add", kwargs={"pk": _pk("employer")(w)}),
        screenshot=False,
    ),
    RegisteredPage(
        "staff",
        "staff-service-add",
        lambda w: reverse("employers:staff-service-add", kwargs={"pk": _pk("employer")(w)}),
        screenshot=False,
    ),
    RegisteredPage("staff", "staff-service-list", lambda w: reverse("employers:staff-service-list"), screenshot=False),
    RegisteredPage("staff", "staff-vacancy-list", lambda w: reverse("employers:staff-vacancy-list")),
    RegisteredPage(
        "staff",
        "staff-vacancy",
        lambda w: reverse("employers:staff-vacancy", kwargs={"pk": _pk("vacancy_submitted")(w)}),
    ),
    RegisteredPage(
        "staff", "staff-interest-list", lambda w: reverse("employers:staff-interest-list"), screenshot=False
    ),
    RegisteredPage("staff", "karirhub-exchange", lambda w: reverse("exchange:karirhub"), screenshot=False),
]


# The job-seeker issue (5): the person's own profile pages, staff's caseload, case and registration.
def submit_a_nik_that_does_not_match(page: Page, language: str) -> None:
    page.get_by_role("textbox", name=t(language, "NIK (optional)")).fill("3372054701900000")
    page.get_by_role("button", name=t(language, "Save and continue"), exact=True).click()
    page.get_by_role("group", name=problems_heading(language, 1)).wait_for()


def submit_the_assisted_registration_empty(page: Page, language: str) -> None:
    page.get_by_role("button", name=t(language, "Register")).click()
    page.get_by_role("group", name=problems_heading(language, 3)).wait_for()


def _step(number: int) -> Callable[[World], str]:
    return lambda w: reverse("jobseekers:my-profile-step", kwargs={"step": number})


PAGES += [
    RegisteredPage("job_seeker", "my-profile", lambda w: reverse("jobseekers:my-profile")),
    RegisteredPage("new_job_seeker", "my-profile-start", lambda w: reverse("jobseekers:my-profile")),
    *[RegisteredPage("job_seeker", f"my-profile-step-{n}", _step(n), screenshot=n == 3) for n in range(1, 6)],
    RegisteredPage(
        "job_seeker", "my-profile-step-1-errors", _step(1), prepare=submit_a_nik_that_does_not_match, screenshot=False
    ),
    RegisteredPage(
        "job_seeker",
        "my-profile-add-education",
        lambda w: reverse("jobseekers:my-profile-add", kwargs={"kind": "pendidikan"}),
        screenshot=False,
    ),
    RegisteredPage("job_seeker", "my-consent", lambda w: reverse("jobseekers:my-consent")),
    RegisteredPage("job_seeker", "my-documents", lambda w: reverse("jobseekers:my-documents"), screenshot=False),
    RegisteredPage("job_seeker", "my-data", lambda w: reverse("jobseekers:my-data"), screenshot=False),
    RegisteredPage("job_seeker", "my-data-html", lambda w: reverse("jobseekers:my-data-html"), screenshot=False),
    RegisteredPage("staff", "case", lambda w: reverse("jobseekers:case", kwargs={"pk": _seeker(w)})),
    RegisteredPage(
        "staff",
        "case-sensitive",
        lambda w: reverse("jobseekers:case-sensitive", kwargs={"pk": _seeker(w)}),
        screenshot=False,
    ),
    RegisteredPage("staff", "assisted-register", lambda w: reverse("jobseekers:register")),
    RegisteredPage("staff", "ak1-person", lambda w: reverse("ak1:person", kwargs={"pk": _seeker(w)})),
    RegisteredPage("staff", "ak1-due", lambda w: reverse("ak1:due"), screenshot=False),
    RegisteredPage("staff", "ak1-print", lambda w: reverse("ak1:print", kwargs={"pk": w.objects["ak1_card"].pk})),
    RegisteredPage("city_admin", "ak1-settings", lambda w: reverse("ak1:settings"), screenshot=False),
    RegisteredPage("job_seeker", "ak1-mine", lambda w: reverse("ak1:mine"), screenshot=False),
    RegisteredPage(
        "anonymous",
        "ak1-verify",
        lambda w: reverse(
            "ak1:verify", kwargs={"city_slug": w.city.slug, "token": w.objects["ak1_card"].verification_token}
        ),
        screenshot=False,
    ),
    RegisteredPage(
        "staff",
        "assisted-register-errors",
        lambda w: reverse("jobseekers:register"),
        prepare=submit_the_assisted_registration_empty,
        screenshot=False,
    ),
    RegisteredPage("staff", "jobseeker-import", lambda w: reverse("jobseekers:import"), screenshot=False),
    RegisteredPage("staff", "rights-requests", lambda w: reverse("jobseekers:rights-requests"), screenshot=False),
    RegisteredPage("partner", "assisted-register-partner", lambda w: reverse("jobseekers:register"), screenshot=False),
]


# Acting for the person: staff fill the profile and record decisions for the world's job seeker (the
# same forms as the person's own pages), the partner's caseload, the person's "who changed my data".
def _act(name: str, **kwargs) -> Callable[[World], str]:
    return lambda w: reverse(f"jobseekers:{name}", kwargs={"pk": _seeker(w), **kwargs})


def submit_the_disclosure_for_the_person_empty(page: Page, language: str) -> None:
    page.get_by_role("checkbox", name=t(language, "My disability category (ragam)")).check()
    page.get_by_role("button", name=t(language, "Save"), exact=True).click()
    page.get_by_role("group", name=problems_heading(language, 1)).wait_for()


PAGES += [
    RegisteredPage("staff", "act-profile", _act("act-profile")),
    *[RegisteredPage("staff", f"act-step-{n}", _act("act-step", step=n), screenshot=n == 5) for n in range(1, 6)],
    RegisteredPage(
        "staff",
        "act-step-5-errors",
        _act("act-step", step=5),
        prepare=submit_the_disclosure_for_the_person_empty,
        screenshot=False,
    ),
    RegisteredPage("staff", "act-add-education", _act("act-add", kind="pendidikan"), screenshot=False),
    RegisteredPage("staff", "act-consent", _act("act-consent"), screenshot=False),
    RegisteredPage("partner", "partner-caseload", lambda w: reverse("jobseekers:partner-caseload")),
    RegisteredPage("job_seeker", "change-log", lambda w: reverse("jobseekers:change-log"), screenshot=False),
]


# Taking over one's own profile (jobseekers.views.claim): the person's public pages and staff's block
# on the case page of someone without an account. The pages that need a person registered at the
# desk (and a code sent to them) make them in their own world (``writes``).
def submit_the_claim_code_empty(page: Page, language: str) -> None:
    page.get_by_role("button", name=t(language, "Check the code")).click()
    page.get_by_role("group", name=problems_heading(language, 2)).wait_for()


def _walk_in(w: World):
    from tests import personas

    return personas.walk_in(w.city, name="Agus Salim", phone="+6281234567890")


def _claim_link(w: World) -> str:
    """A person registered at the desk and the link of a code staff sent them: it leads to the page
    where they choose their email and password."""
    from cities.tenancy import city_context
    from jobseekers.services import claim_code_send

    seeker = _walk_in(w)
    with city_context(w.city):
        _row, _code, token = claim_code_send(actor=w.users["staff"], job_seeker=seeker, channel="sms")
    return reverse("jobseekers:claim-link", kwargs={"city_slug": w.city.slug, "token": token})


PAGES += [
    RegisteredPage("anonymous", "claim-start", lambda w: reverse("jobseekers:claim-start")),
    RegisteredPage("anonymous", "claim-code", lambda w: reverse("jobseekers:claim", kwargs={"city_slug": w.city.slug})),
    RegisteredPage(
        "anonymous",
        "claim-code-errors",
        lambda w: reverse("jobseekers:claim", kwargs={"city_slug": w.city.slug}),
        prepare=submit_the_claim_code_empty,
        screenshot=False,
    ),
    RegisteredPage(
        "anonymous",
        "claim-link-invalid",
        lambda w: reverse("jobseekers:claim-link", kwargs={"city_slug": w.city.slug, "token": "tidak-berlaku"}),
        screenshot=False,
    ),
    RegisteredPage("anonymous", "claim-account", _claim_link, writes=True),
    RegisteredPage(
        "staff",
        "case-without-account",
        lambda w: reverse("jobseekers:case", kwargs={"pk": _walk_in(w).pk}),
        writes=True,
        screenshot=False,
    ),
]


def sign_in_as(user) -> Callable[[BrowserContext, World], None]:
    """A sign-in function for ``SIGN_IN``: gives the browser a real session cookie for ``user``.

    Uses Django's test client to create the session (no login form needed, so these tests don't
    depend on the accounts pages); the accounts issue's own browser tests cover the login form.
    """

    def sign_in(context: BrowserContext, world: World) -> None:
        from django.conf import settings
        from django.test import Client

        client = Client()
        client.force_login(user)
        cookie = client.cookies[settings.SESSION_COOKIE_NAME]
        context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": world.base_url}])

    return sign_in


def _anonymous(context: BrowserContext, world: World) -> None:
    """Nothing to do: anonymous visitors don't sign in."""


def _as_role(role: str) -> Callable[[BrowserContext, World], None]:
    def sign_in(context: BrowserContext, world: World) -> None:
        sign_in_as(world.users[role])(context, world)

    return sign_in


# The placements issue (8): staff's work list, suggestions, referral and follow-up; the employer's
# candidates; the job seeker's suggestions and referral.
def submit_the_followup_empty(page: Page, language: str) -> None:
    page.get_by_role("button", name=t(language, "Save the follow-up")).click()
    page.locator("#error-summary").wait_for()


def submit_the_followup_schedule_badly(page: Page, language: str) -> None:
    field = page.get_by_label(t(language, "Follow-up after (months)"))
    field.fill("6, 3, 30")
    page.get_by_role("button", name=t(language, "Save the schedule")).click()
    page.locator("#error-summary").wait_for()


def _placement(name: str, key: str) -> Callable[[World], str]:
    return lambda w: reverse(name, kwargs={"pk": w.objects[key].pk})


def decline_the_request_without_a_reason(page: Page, language: str) -> None:
    name = t(language, "Decline the request of %(name)s", name="Dewi Lestari")
    page.get_by_role("button", name=name).click()
    page.locator("#error-summary").wait_for()


def confirm_for_the_person_empty(page: Page, language: str) -> None:
    page.get_by_role("button", name=t(language, "Confirm the referral for the person")).click()
    page.locator("#error-summary").wait_for()


PAGES += [
    RegisteredPage("staff", "placement-today", lambda w: reverse("placements:staff-today")),
    RegisteredPage("staff", "placement-requests", lambda w: reverse("placements:referral-requests")),
    RegisteredPage(
        "staff",
        "placement-requests-errors",
        lambda w: reverse("placements:referral-requests"),
        prepare=decline_the_request_without_a_reason,
        screenshot=False,
    ),
    RegisteredPage(
        "staff", "placement-confirm-for-person", _placement("placements:confirm-for-person", "referral_asked")
    ),
    RegisteredPage(
        "staff",
        "placement-confirm-for-person-errors",
        _placement("placements:confirm-for-person", "referral_asked"),
        prepare=confirm_for_the_person_empty,
        screenshot=False,
    ),
    RegisteredPage(
        "staff",
        "placement-suggestions",
        lambda w: reverse("placements:vacancy-suggestions", kwargs={"pk": w.objects["vacancy_published"].pk}),
        screenshot_narrow=True,
    ),
    RegisteredPage("staff", "placement-referral", _placement("placements:staff-referral", "referral_asked")),
    RegisteredPage("staff", "placement-referral-placed", _placement("placements:staff-referral", "referral_placed")),
    RegisteredPage("staff", "placement-followup", _placement("placements:followup", "followup")),
    RegisteredPage(
        "staff",
        "placement-followup-errors",
        _placement("placements:followup", "followup"),
        prepare=submit_the_followup_empty,
        screenshot=False,
    ),
    RegisteredPage("employer", "placement-candidates", lambda w: reverse("placements:employer-candidates")),
    RegisteredPage("employer", "placement-candidate", _placement("placements:employer-referral", "referral_confirmed")),
    RegisteredPage("job_seeker", "placement-my-matches", lambda w: reverse("placements:my-matches")),
    RegisteredPage("job_seeker", "placement-my-referral", _placement("placements:my-referral", "referral_asked")),
    RegisteredPage("city_admin", "placement-followup-schedule", lambda w: reverse("placements:followup-schedule")),
    RegisteredPage(
        "city_admin",
        "placement-followup-schedule-errors",
        lambda w: reverse("placements:followup-schedule"),
        prepare=submit_the_followup_schedule_badly,
        screenshot=False,
    ),
]


# role -> function(context, world) that signs the browser context in as that role's user.
# The assessments issue (7): staff and partners on site, the report, the employer's reports, APEKSI.
def submit_an_unreadable_measurement(page: Page, language: str) -> None:
    page.get_by_role("textbox", name=t(language, "Measured")).nth(2).fill("lebar")
    page.get_by_role("button", name=t(language, "Save and go to the next area")).click()
    page.get_by_role("group", name=t(language, "Some items are not saved")).wait_for()


def _assessment(name: str, **kwargs) -> Callable[[World], str]:
    return lambda w: reverse(name, kwargs={"pk": w.objects["assessment"].pk, **kwargs})


PAGES += [
    RegisteredPage("staff", "assessment-list", lambda w: reverse("assessments:list")),
    RegisteredPage("staff", "assessment-schedule", lambda w: reverse("assessments:schedule"), screenshot=False),
    RegisteredPage("staff", "assessment-detail", _assessment("assessments:detail")),
    RegisteredPage("staff", "assessment-step", _assessment("assessments:step", step=1), screenshot_narrow=True),
    RegisteredPage(
        "staff",
        "assessment-step-errors",
        _assessment("assessments:step", step=1),
        prepare=submit_an_unreadable_measurement,
        screenshot=False,
        writes=True,  # the step saves every item that validates: the ramp's result gets a new revision
    ),
    RegisteredPage("staff", "assessment-report", _assessment("assessments:report")),
    RegisteredPage("partner", "partner-assessment-list", lambda w: reverse("assessments:list"), screenshot=False),
    RegisteredPage("partner", "partner-assessment-step", _assessment("assessments:step", step=3), screenshot=False),
    RegisteredPage(
        "employer", "employer-assessments", lambda w: reverse("assessments:employer-list"), screenshot=False
    ),
    RegisteredPage(
        "employer",
        "employer-assessment-report",
        lambda w: reverse("assessments:employer-report", kwargs={"pk": w.objects["assessment_shared"].pk}),
    ),
    RegisteredPage("apeksi", "checklist-versions", lambda w: reverse("assessments:checklist-versions")),
]


# API (issue 11): the reference page (server-rendered from the schema) and the API tokens page.
def submit_the_token_form_empty(page: Page, language: str) -> None:
    page.get_by_role("button", name=t(language, "Create the token")).click()
    page.get_by_role("group", name=problems_heading(language, 1)).wait_for()


def create_a_token(page: Page, language: str) -> None:
    page.get_by_label(t(language, "Name"), exact=True).fill("Ekspor Karirhub")
    page.get_by_role("button", name=t(language, "Create the token")).click()
    page.get_by_label(t(language, "Your new token")).wait_for()


PAGES += [
    RegisteredPage("anonymous", "api-docs", lambda w: reverse("api:docs")),
    RegisteredPage("staff", "api-tokens", lambda w: reverse("api-tokens:list")),
    RegisteredPage(
        "staff",
        "api-tokens-errors",
        lambda w: reverse("api-tokens:list"),
        prepare=submit_the_token_form_empty,
        screenshot=False,
    ),
    RegisteredPage(
        "staff",
        "api-token-created",
        lambda w: reverse("api-tokens:list"),
        prepare=create_a_token,
        screenshot=False,
        writes=True,
    ),
]


# Webhooks (issue 11 §5): the city admin's endpoints, registration (and after a failed submit), an
# endpoint with its delivery log, editing its events, the new secret (shown once), deletion.
def submit_the_webhook_empty(page: Page, language: str) -> None:
    page.get_by_role("button", name=t(language, "Register the endpoint")).click()
    page.get_by_role("group", name=problems_heading(language, 2)).wait_for()


def give_the_webhook_a_new_secret(page: Page, language: str) -> None:
    page.get_by_role("button", name=t(language, "Give it a new secret")).click()
    page.get_by_role("heading", name=t(language, "The endpoint has a new secret")).wait_for()


def _webhook(w: World, name: str) -> str:
    return reverse(name, kwargs={"pk": w.objects["webhook_endpoint"].pk})


PAGES += [
    RegisteredPage("city_admin", "webhook-list", lambda w: reverse("webhooks:list")),
    RegisteredPage("city_admin", "webhook-create", lambda w: reverse("webhooks:create")),
    RegisteredPage(
        "city_admin",
        "webhook-create-errors",
        lambda w: reverse("webhooks:create"),
        prepare=submit_the_webhook_empty,
        screenshot=False,
    ),
    RegisteredPage("city_admin", "webhook-endpoint", lambda w: _webhook(w, "webhooks:endpoint")),
    RegisteredPage("city_admin", "webhook-edit", lambda w: _webhook(w, "webhooks:edit"), screenshot=False),
    RegisteredPage(
        "city_admin",
        "webhook-new-secret",
        lambda w: _webhook(w, "webhooks:endpoint"),
        prepare=give_the_webhook_a_new_secret,
        screenshot=False,
        writes=True,
    ),
    RegisteredPage("city_admin", "webhook-delete", lambda w: _webhook(w, "webhooks:delete"), screenshot=False),
]


def submit_the_city_profile_with_a_bad_number(page: Page, language: str) -> None:
    page.get_by_label(t(language, "WhatsApp (optional)")).fill("call me")
    page.get_by_role("button", name=t(language, "Save the city profile")).click()
    page.get_by_role("group", name=problems_heading(language, 1)).wait_for()


# City profile (issue 10, item 5): the world's city has a filled profile (tests/browser/conftest.py).
PAGES += [
    RegisteredPage("city_admin", "city-profile", lambda w: reverse("city_profile:edit")),
    RegisteredPage(
        "city_admin",
        "city-profile-errors",
        lambda w: reverse("city_profile:edit"),
        prepare=submit_the_city_profile_with_a_bad_number,
        screenshot=False,
    ),
    RegisteredPage("city_admin", "letterhead", lambda w: reverse("city_profile:letterhead")),
    RegisteredPage("apeksi", "apeksi-city-profiles", lambda w: reverse("city_profile:apeksi")),
]


SIGN_IN: dict[str, Callable[[BrowserContext, World], None]] = {
    "anonymous": _anonymous,
    **{role: _as_role(role) for role in ROLES if role != "anonymous"},
}


def pages_for(role: str | None = None) -> list[RegisteredPage]:
    return [page for page in PAGES if role is None or page.role == role]


def _check_unique() -> None:
    ids = [page.id for page in PAGES]
    duplicates = {i for i in ids if ids.count(i) > 1}
    if duplicates:
        raise ValueError(f"Registered twice: {sorted(duplicates)}")


_check_unique()
