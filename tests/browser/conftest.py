"""Browser fixtures: Debian's Chromium driven by Playwright (sync API) against pytest-django's live server.

No browser is downloaded: Chromium is ``/usr/bin/chromium`` (override with ``CHROMIUM``). When it
is missing the browser tests skip with a message, except in CI (``CI=true``), where they fail.
Screenshots go to ``test-artifacts/`` (git-ignored); with ``SCREENSHOTS_DIR`` set (``make
screenshots``) the registered pages' screenshots are also written there.
"""

from __future__ import annotations

import io
import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from django.conf import settings

from tests.browser.csp import CSP_LISTENER
from tests.browser.registry import SIGN_IN, RegisteredPage, World
from tests.factories import CityFactory, ProvinceFactory

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = Path(settings.BASE_DIR) / "test-artifacts"
DESKTOP = {"width": 1024, "height": 768}


def _missing_browser(reason: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(f"Browser tests cannot run in CI: {reason}", pytrace=False)
    pytest.skip(f"Browser tests skipped: {reason} (CI=true makes this a failure)")


@pytest.fixture(scope="module")
def browser(django_db_setup):
    """One Chromium per test module. Module scope, not session scope: Playwright's sync API keeps an
    asyncio loop running in this thread while it is started, which would break other modules' tests
    that use asyncio (async views, ``async_to_sync``). pytest stops it before the next module runs."""
    if not (Path(CHROMIUM).is_file() and os.access(CHROMIUM, os.X_OK)):
        _missing_browser(f"no Chromium at {CHROMIUM} (apt-get install chromium, or set CHROMIUM)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:  # pragma: no cover - requirements-dev.txt pins it
        _missing_browser("the playwright package is not installed")
    # With that loop running, Django would refuse ORM calls from the test body ("async context").
    # Nothing here is async: let Django through, for this module only.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            yield browser
            browser.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def world(transactional_db, live_server) -> World:
    """A world of its own for one test (flushed after it): for the tests that write, or change settings."""
    return build_world(live_server.url)


def build_world(base_url: str) -> World:
    """Two active demo cities and an inactive one, a signed-in user per role in the first city (TOTP
    for the roles that need it) and the records their pages show, committed so the live server sees
    them."""
    from accounts.models import Invitation, Membership
    from accounts.services import invitation_send
    from cities.tenancy import city_context
    from jobseekers.models import JobSeeker
    from jobseekers.services import functioning_record
    from reference.models import WGQuestion
    from tests import personas

    province = ProvinceFactory(code="73", bps_code="73", name="Sulawesi Selatan")
    world = World(
        base_url=base_url,
        city=CityFactory(name="Kota Makassar", slug="makassar", province=province),
        other_city=CityFactory(name="Kota Parepare", slug="parepare", province=province),
        inactive_city=CityFactory(name="Kota Palopo", slug="palopo", province=province, is_active=False),
    )
    # The personas, each a member of the first city (the job seeker's profile is made below).
    world.users["job_seeker"] = personas.member(world.city, Membership.Role.JOB_SEEKER, name="Rina Pencari")
    world.users["employer"] = personas.member(world.city, Membership.Role.EMPLOYER, name="Bambang Pemberi Kerja")
    world.users["staff"] = personas.staff_officer(world.city)
    world.users["city_admin"] = personas.city_admin(world.city)
    world.users["partner"] = personas.partner_member(world.city).user
    # A job seeker who has a membership but has not started a profile (no JobSeeker row).
    world.users["new_job_seeker"] = personas.member(world.city, Membership.Role.JOB_SEEKER, name="Tono Baru")
    world.users["apeksi"] = personas.apeksi_admin()

    if not WGQuestion.objects.exists():
        from django.core.management import call_command

        call_command("load_reference", stdout=io.StringIO())
    with city_context(world.city):
        seeker = JobSeeker.objects.create(name=world.users["job_seeker"].name, user=world.users["job_seeker"])
        functioning_record(job_seeker=seeker, answers=personas.FUNCTIONING)
        from accounts.audit import record_access

        record_access(obj=seeker, groups=["functioning"])
    from notifications.models import Notification
    from notifications.services import notify

    with city_context(world.city):  # an inbox message for the job seeker, a failed email for the city admin
        notify(
            recipient=world.users["job_seeker"],
            kind="interview_scheduled",
            context={
                "vacancy_title": "Staf administrasi",
                "employer_name": "PT Makassar Sejahtera",
                "starts_at": "2026-12-03T02:00:00+00:00",
                "place": "Jl. Urip Sumoharjo 10, lantai 1",
                "accommodation": "Juru bahasa isyarat; jalan masuk landai",
                "url": f"{base_url}/akun/pesan/",
            },
            idempotency_key="browser:interview",
            channels=["inbox"],
        )
        Notification.objects.create(
            recipient=world.users["employer"],
            kind="assessment_shared",
            channel="email",
            subject="Laporan penilaian aksesibilitas: Kantor Pusat",
            body="Laporan penilaian aksesibilitas Kantor Pusat telah dibagikan.",
            short_body="Laporan tempat kerja Anda siap.",
            status=Notification.Status.FAILED,
            attempts=6,
            last_error="SMTPRecipientsRefused: 550 mailbox unavailable",
            idempotency_key="browser:failed",
        )
    world.objects["seeker"] = seeker
    from ak1.services import issue as ak1_issue

    with city_context(world.city):
        world.objects["ak1_card"] = ak1_issue(seeker, officer=world.users["staff"], birth_place="Makassar")
    _invitation, token = invitation_send(
        actor=world.users["city_admin"],
        city=world.city,
        email="baru@example.test",
        name="Putri Baru",
        role=Invitation.Role.STAFF,
    )
    world.objects["invitation_token"] = token
    from django.core import mail

    mail.outbox.clear()  # the invitation's email is not what the tests count
    world.objects.update(employer_objects(world))
    world.objects.update(placement_objects(world))
    world.objects.update(assessment_objects(world))
    world.objects.update(webhook_objects(world))
    world.objects.update(dashboard_objects(world))
    world.objects.update(city_profile_objects(world))
    return world


def dashboard_objects(world: World) -> dict:
    """The dashboards' figures (issue 10): both active cities' rollups computed from the records
    above, each in its own context, as the hourly beat task would."""
    from cities.tenancy import city_context
    from dashboards import rollups

    for city in (world.city, world.other_city):
        with city_context(city):
            rollups.refresh_city(city.pk)
    return {}


def webhook_objects(world: World) -> dict:
    """The webhook pages' records (issue 11 §5): an endpoint of the city with a delivery that failed
    once and then went through, so the delivery log has rows."""
    import datetime

    from django.utils import timezone

    from cities.tenancy import city_context
    from webhooks import security
    from webhooks.models import WebhookAttempt, WebhookDelivery, WebhookEndpoint

    with city_context(world.city):
        endpoint = WebhookEndpoint.objects.create(
            url="https://siapkerja.example.go.id/ijc/webhook",
            description="Pertukaran data lowongan",
            events=["vacancy.published", "placement.made"],
            secret_encrypted=security.encrypt_secret(security.new_secret()),
            secret_hint="Ab3x",
            created_by=world.users["city_admin"],
        )
        now = timezone.now()
        delivery = WebhookDelivery.objects.create(
            endpoint=endpoint,
            event="placement.made",
            event_id="6f1d3c2a-8a43-5c1e-9b1e-2f5d6c7b8a90",
            occurred_at=now,
            payload={"id": "6f1d3c2a-8a43-5c1e-9b1e-2f5d6c7b8a90", "event": "placement.made", "data": {}},
            status="sent",
            attempts=2,
            sent_at=now,
        )
        WebhookAttempt.objects.create(
            endpoint=endpoint,
            delivery=delivery,
            number=1,
            started_at=now - datetime.timedelta(minutes=1),
            duration_ms=5000,
            outcome="retry",
            error="No answer within 5 s.",
        )
        WebhookAttempt.objects.create(
            endpoint=endpoint,
            delivery=delivery,
            number=2,
            started_at=now,
            duration_ms=84,
            response_status=200,
            outcome="delivered",
        )
        WebhookDelivery.objects.create(  # browser:webhook-failed: refused, shown with "Send again"
            endpoint=endpoint,
            event="vacancy.published",
            event_id="0c1f2e3d-4b5a-5968-8776-a5b4c3d2e1f0",
            occurred_at=now - datetime.timedelta(hours=2),
            payload={"id": "0c1f2e3d-4b5a-5968-8776-a5b4c3d2e1f0", "event": "vacancy.published", "data": {}},
            status="failed",
            attempts=1,
            last_error="The endpoint refused the delivery (410).",
        )
    return {"webhook_endpoint": endpoint}


def _photo():
    """A checked photo (``assessments.photos.prepare``) for the assessment records."""
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    from assessments.photos import prepare

    out = io.BytesIO()
    Image.new("RGB", (64, 48), (120, 120, 120)).save(out, format="JPEG")
    return prepare(SimpleUploadedFile("foto.jpg", out.getvalue(), content_type="image/jpeg"))


def assessment_objects(world: World) -> dict:
    """The assessment pages' records (issue 7): a visit in progress (the partner named on it, a
    failing ramp) and a shared report of the employer's workplace with one failing door."""
    import datetime

    from assessments import services
    from cities.tenancy import city_context

    staff = world.users["staff"]
    with city_context(world.city):
        site = world.objects["workplace"]
        visit = services.assessment_schedule(
            actor=staff, workplace=site, scheduled_on=datetime.date(2026, 12, 1), assessors=[world.users["partner"]]
        )
        ramp = visit.results.get(code="RAMP-02")
        services.item_result_record(
            actor=staff,
            result=ramp,
            measured="1:9",
            recommendation="Perpanjang ramp.",
            priority="high",
            photo=_photo(),
            photo_alt="Ram di pintu masuk, tanpa pegangan",
        )
        shared = services.assessment_schedule(actor=staff, workplace=site, scheduled_on=datetime.date(2026, 11, 2))
        for result in shared.results.all():
            if result.code == "DOOR-01":
                services.item_result_record(
                    actor=staff,
                    result=result,
                    measured="80",
                    recommendation="Lebarkan pintu.",
                    cost_level="medium",
                    photo=_photo(),
                    photo_alt="Pintu utama, lebar bersih 80 cm",
                )
            else:
                services.item_result_record(
                    actor=staff, result=result, not_applicable=result.code != "RAMP-02", measured="1:14"
                )
        shared.refresh_from_db()
        services.assessment_complete(actor=staff, assessment=shared)
        services.assessment_share(actor=staff, assessment=shared)
    return {"assessment": visit, "assessment_shared": shared}


def placement_objects(world: World) -> dict:
    """The placements pages' records (issue 8): suggestions for the published vacancy, a referral the
    job seeker is asked to confirm, one confirmed with an interview to confirm, and a placement whose
    1-month follow-up is due."""
    import datetime

    from cities.tenancy import city_context
    from jobseekers.models import JobSeeker, JobSeekerOccupation
    from placements import services
    from placements.models import FollowUp, Placement, Referral
    from reference.models import Occupation

    staff = world.users["staff"]
    vacancy = world.objects["vacancy_published"]
    with city_context(world.city):
        seeker = world.objects["seeker"]
        JobSeeker.objects.filter(pk=seeker.pk).update(
            matching_allowed=True, sharing_allowed=True, specific_data_allowed=True, status="active"
        )
        seeker.refresh_from_db()
        other = JobSeeker.objects.create(
            name="Agus Salim", matching_allowed=True, sharing_allowed=True, specific_data_allowed=True, status="active"
        )
        occupation = vacancy.occupation or Occupation.objects.filter(level=4).first()
        for person_row in (seeker, other):
            JobSeekerOccupation.objects.create(job_seeker=person_row, occupation=occupation)
        services.vacancy_suggestions_refresh(vacancy_id=vacancy.pk)
        asked = services.referral_propose(actor=staff, job_seeker=seeker, vacancy=vacancy)
        placed = Referral.objects.create(job_seeker=other, vacancy=vacancy, status="placed", proposed_by=staff)
        placement = Placement.objects.create(
            referral=placed,
            start_date=datetime.date(2026, 1, 5),
            wage=3_200_000,
            contract_type="permanent",
            accommodation_provided="Meja yang dapat diatur tingginya",
            recorded_by=staff,
        )
        followup = FollowUp.objects.create(placement=placement, months=1, due_on=datetime.date(2026, 2, 5))
        third = JobSeeker.objects.create(
            name="Maria Ulfa",
            email="maria@example.test",
            sharing_allowed=True,
            status="active",
            accommodations_text="Jadwal fleksibel",
        )
        confirmed = Referral.objects.create(
            job_seeker=third, vacancy=vacancy, status="confirmed", proposed_by=staff, disclosed=["needs"]
        )
        # A job seeker's own request waiting for an officer (the staff's "Requests from job seekers").
        fourth = JobSeeker.objects.create(name="Dewi Lestari", sharing_allowed=True, status="active")
        requested = Referral.objects.create(
            job_seeker=fourth, vacancy=vacancy, status="requested", proposed_by=staff, disclosed=["needs"]
        )
    return {
        "referral_asked": asked,
        "referral_placed": placed,
        "followup": followup,
        "referral_confirmed": confirmed,
        "referral_requested": requested,
    }


def employer_objects(world: World) -> dict:
    """The employers pages' records (issue 6): a verified organisation of the employer user with a
    site, a quota report, a logged service, a published vacancy (with accommodations and a job
    seeker's interest), a submitted one and a draft."""
    import datetime

    from cities.tenancy import city_context
    from employers import services
    from reference.models import AccommodationType, Skill
    from tests import personas

    employer_user, staff = world.users["employer"], world.users["staff"]
    common = {
        "description": "<p>Mengelola arsip dan surat masuk.</p><ul><li>Tim ramah</li></ul>",
        "essential_tasks": "Memasukkan data ke komputer.\nMenyusun arsip.",
        "employment_type": "permanent",
        "arrangement": "on_site",
        "working_hours": "Senin-Jumat 08.00-16.00",
        "wage_min": 3_500_000,
        "wage_max": 4_500_000,
        "deadline": datetime.date(2099, 12, 31),
        "recruitment_options": ["extra_time", "sign_interpreter"],
    }
    found = personas.employer(
        world.city,
        user=employer_user,
        verifier=staff,
        organisation={
            "legal_name": "PT Sinar Makassar",
            "nib": "8120000000001",
            "sector": "private",
            "size": "medium",
            "address": "Jl. Urip Sumoharjo 10, Makassar",
            "contact_name": "Bambang",
            "contact_email": "sdm@sinar.test",
        },
        workplace={
            "name": "Kantor pusat",
            "address": "Jl. Urip Sumoharjo 10",
            "features": ["step_free", "lift", "toilet"],
        },
        vacancy={
            "title": "Staf arsip",
            "accommodations": list(AccommodationType.objects.order_by("code")[:3]),
            "esco_skills": list(Skill.objects.filter(kind="skill").order_by("code")[:2]),
            "experience_years": 1,
            **common,
        },
    )
    employer, site, published = found.employer, found.workplace, found.vacancy
    common["workplace"] = site
    with city_context(world.city):
        services.quota_report_record(
            actor=employer_user,
            employer=employer,
            year=2026,
            headcount=250,
            employees_with_disabilities=1,
            source="wlkp",
        )
        services.employer_service_record(
            actor=staff, employer=employer, kind="awareness", date=datetime.date(2026, 3, 2), participants=25
        )
        submitted = services.vacancy_save(actor=employer_user, employer=employer, title="Operator telepon", **common)
        submitted = services.vacancy_submit(actor=employer_user, vacancy=submitted)
        draft = services.vacancy_save(actor=employer_user, employer=employer, title="Penjahit", **common)
        services.interest_express(actor=world.users["job_seeker"], vacancy=published, message="Saya tertarik.")
        # The re-verification queue: an organisation whose verified name changed (the state
        # services.employer_update leaves), so the queue page has a row.
        from django.utils import timezone

        from employers.models import Employer

        Employer.objects.create(
            legal_name="PT Daeng Karya Baru",
            nib="8120000000002",
            sector="private",
            size="small",
            address="Jl. Veteran 5, Makassar",
            contact_name="Daeng",
            contact_email="sdm@daeng.test",
            details_changed_at=timezone.now(),
            verified_details={"legal_name": "CV Daeng Karya", "nib": "8120000000002", "verified_at": "2026-01-05"},
        )
    return {
        "employer": employer,
        "workplace": site,
        "vacancy_published": published,
        "vacancy_submitted": submitted,
        "vacancy_draft": draft,
    }


@pytest.fixture(scope="session")
def sweep_server(django_db_setup):
    """A live server of the read-only sweep's own. Not pytest-django's ``live_server``: a test that
    uses that one gets ``transactional_db``, which flushes the database after every test."""
    from pytest_django.live_server_helper import LiveServer

    server = LiveServer("localhost")
    server._live_server_modified_settings.enable()
    yield server
    server._live_server_modified_settings.disable()
    server.stop()


@pytest.fixture(scope="module")
def shared_world(browser, sweep_server, django_db_blocker) -> Iterator[World]:
    """The ``world`` built once for a whole module (per xdist worker), committed, and flushed after
    the module's last test, as ``transactional_db`` flushes after each of its tests. Only for checks
    that change no records (``RegisteredPage.writes`` is false)."""
    from django.core.management import call_command
    from django.db import connections
    from django.test import override_settings

    from tests.conftest import FAST_AND_QUIET

    with django_db_blocker.unblock(), override_settings(**FAST_AND_QUIET):
        world = build_world(sweep_server.url)
    try:
        yield world
    finally:
        with django_db_blocker.unblock():
            call_command("flush", verbosity=0, interactive=False, database="default", reset_sequences=False)
            # Close this module's connections now, while Playwright's loop that they were opened under
            # still runs: the session's teardown would not see them, and could not drop the database.
            connections.close_all()


class Sweep:
    """One browser context per role, signed in once, and one tab in it, for all the checks of a module.

    Each check navigates the role's tab with the language and display cookies and the viewport it
    asks for, after emptying the tab's ``sessionStorage`` (where forms keep drafts), so nothing one
    check typed reaches the next. Reusing the tab keeps its renderer process and compiled scripts
    warm: about half the time of a new tab per check. axe-core is added to every document of these
    contexts by an init script (``axe_violations`` finds it there) instead of being evaluated after
    each load; so is the listener that records Content-Security-Policy violations (``tests/browser/csp.py``)."""

    def __init__(self, browser, world: World) -> None:
        self.browser = browser
        self.world = world
        self.contexts: dict[str, object] = {}
        self.tabs: dict[str, object] = {}

    def context(self, role: str):
        if role not in self.contexts:
            from tests.browser.axe import AXE_SCRIPT

            context = self.browser.new_context(viewport=DESKTOP, reduced_motion="reduce")
            context.add_init_script(CSP_LISTENER)
            context.add_init_script(AXE_SCRIPT)
            SIGN_IN[role](context, self.world)
            self.contexts[role] = context
        return self.contexts[role]

    def tab(self, role: str):
        tab = self.tabs.get(role)
        if tab is None or tab.is_closed():
            tab = self.context(role).new_page()
            tab.set_default_timeout(10_000)
            self.tabs[role] = tab
        elif tab.url.startswith(self.world.base_url):
            tab.evaluate("() => window.sessionStorage.clear()")
        return tab

    def open(self, path: str, *, language: str = "id", role: str = "anonymous", viewport=None, display=None):
        """Same arguments and result as ``open_page``."""
        context = self.context(role)
        context.clear_cookies(name="ijc_display")
        cookies = [{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": self.world.base_url}]
        if display:
            cookies.append({"name": "ijc_display", "value": display, "url": self.world.base_url})
        context.add_cookies(cookies)
        page = self.tab(role)
        page.set_viewport_size(viewport or DESKTOP)
        response = page.goto(self.world.base_url + path)
        assert response is not None and response.status < 500, f"{path} answered {response and response.status}"
        return page

    def close(self) -> None:
        for context in self.contexts.values():
            context.close()


@pytest.fixture(scope="module")
def _module_sweep(browser, shared_world, django_db_blocker) -> Iterator[Sweep]:
    sweep = Sweep(browser, shared_world)
    yield sweep
    with django_db_blocker.unblock():
        sweep.close()


@pytest.fixture
def sweep(_module_sweep, django_db_blocker) -> Iterator[Sweep]:
    """The module's ``Sweep`` (``sweep.open(...)``, ``sweep.world``), with the database open to the
    test and the live server for its duration (``transactional_db`` without the flush)."""
    with django_db_blocker.unblock():
        yield _module_sweep


@pytest.fixture
def open_page(browser, world) -> Iterator[Callable[..., object]]:
    """``open_page(path, language="id", role="anonymous", viewport=DESKTOP, display=None)`` -> a loaded Page,
    with the Content-Security-Policy violation listener (``tests/browser/csp.py``) in each of its documents.

    ``display`` is the text-size/contrast cookie value (e.g. ``"larger.high"``).
    """
    contexts = []

    def open_(path: str, *, language: str = "id", role: str = "anonymous", viewport=None, display=None):
        context = browser.new_context(viewport=viewport or DESKTOP, reduced_motion="reduce")
        context.add_init_script(CSP_LISTENER)
        contexts.append(context)
        cookies = [{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": world.base_url}]
        if display:
            cookies.append({"name": "ijc_display", "value": display, "url": world.base_url})
        context.add_cookies(cookies)
        SIGN_IN[role](context, world)
        page = context.new_page()
        page.set_default_timeout(10_000)
        response = page.goto(world.base_url + path)
        assert response is not None and response.status < 500, f"{path} answered {response and response.status}"
        return page

    yield open_
    for context in contexts:
        context.close()


def save_screenshot(page, registered: RegisteredPage, variant: str) -> Path:
    """Full-page PNG in test-artifacts/ (the sweep takes one when a check fails, or for ``make
    screenshots``). With SCREENSHOTS_DIR set, also a viewport-sized PNG there (kept small for the
    README): every registered page's Indonesian desktop view, and the 320 px view of the pages marked
    ``screenshot_narrow``."""
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{registered.role}-{registered.name}-{variant}.png"
    page.screenshot(path=str(path), full_page=True)
    target = os.environ.get("SCREENSHOTS_DIR")
    if target and registered.screenshot:
        name = {"id": registered.name, "id-320px": f"{registered.name}-320px"}.get(variant)
        if name and (variant == "id" or registered.screenshot_narrow):
            Path(target).mkdir(parents=True, exist_ok=True)
            # A prepared state (a failed submit) is shown where focus is; other pages from the top.
            script = "prepared => prepared ? document.activeElement.scrollIntoView() : window.scrollTo(0, 0)"
            page.evaluate(script, registered.prepare is not None)
            page.screenshot(path=str(Path(target) / f"{name}.png"))
    return path


def city_profile_objects(world: World) -> dict:
    """The world city's profile (issue 10, item 5): ULD, Perda, partners, quota and contact channels,
    saved the way the city admin's form saves it (so APEKSI's snapshot exists too)."""
    from cities.forms import CityPartnerFormSet, CityProfileForm
    from cities.models import CityPartner, CityProfile
    from cities.profiles import save_profile
    from cities.tenancy import city_context

    data = {
        "uld_established": "on",
        "uld_established_on": "2021-03-15",
        "uld_decree_number": "188.4/77/2021",
        "has_perda": "on",
        "perda_title": "Perda Kota Makassar tentang Pelindungan dan Pemenuhan Hak Penyandang Disabilitas",
        "perda_number": "6",
        "perda_year": "2019",
        "perda_employment_articles": "Pasal 21 sampai 25: hak atas pekerjaan dan kuota 2%.",
        "budget_line": "Program Penempatan Tenaga Kerja",
        "budget_amount": "350000000",
        "budget_year": "2026",
        "staff_count": "5",
        "government_headcount": "9000",
        "government_with_disabilities": "95",
        "government_as_of": "2026-06-30",
        "bumd_headcount": "800",
        "bumd_with_disabilities": "9",
        "bumd_as_of": "2026-06-30",
        "address": "Jl. A. P. Pettarani 72, Makassar",
        "opening_hours": "Senin-Jumat 08.00-16.00 WITA",
        "phone": "0411 123 456",
        "whatsapp": "0812 4000 1234",
        "sms": "0812 4000 1235",
        "email": "ijc@makassarkota.go.id",
        "sign_language_video_call": "on",
        "video_call_details": "Panggilan video WhatsApp ke 0812 4000 1234, Senin-Jumat 09.00-15.00 WITA",
        "partners-TOTAL_FORMS": "2",
        "partners-INITIAL_FORMS": "0",
        "partners-MIN_NUM_FORMS": "0",
        "partners-MAX_NUM_FORMS": "100",
        "partners-0-name": "Persatuan Penyandang Disabilitas Indonesia Makassar",
        "partners-0-kind": "opdis",
        "partners-1-name": "SLB Negeri 1 Makassar",
        "partners-1-kind": "slb",
    }
    with city_context(world.city):
        form = CityProfileForm(data, instance=CityProfile())
        partners = CityPartnerFormSet(data, queryset=CityPartner.objects.none(), prefix="partners")
        assert form.is_valid() and partners.is_valid(), (form.errors, partners.errors)
        profile = save_profile(form=form, partners=partners, user=world.users["city_admin"])
    return {"city_profile": profile}
