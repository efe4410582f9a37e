"""Server-side drafts of the long forms (accounts.drafts) and the session time-out warning.

Every long form is filled from its own page (each text box, choice, radio, checkbox list and
day/month/year box it has), kept as a draft and restored on the next visit; a POST sent after the
session expired comes back after the same person signs in again; drafts are per user and per city.
The walk over every form uses the permission matrix's world (tests/accounts/test_permission_matrix.py);
the tests of one form use a few people (``people``), which are quicker to build.
"""

from __future__ import annotations

import datetime
from html.parser import HTMLParser

import pytest
from django.contrib.sessions.models import Session
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from accounts import drafts
from accounts.models import FormDraft, Membership
from cities.tenancy import city_context
from employers.models import QuotaReport, Vacancy
from tests import personas
from tests.accounts.test_permission_matrix import EMPLOYER, JOB_SEEKER, PARTNER, STAFF, build_world

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery"  # tests.factories.UserFactory


@pytest.fixture
def world(city_a, city_b):
    return build_world(city_a, city_b)


@pytest.fixture
def people(city_a, staff_a, employer_a):
    """Fewer people than the world, for the tests of one form: staff, an employer, a partner, a job seeker."""
    users = {
        STAFF: staff_a,
        EMPLOYER: employer_a.user,
        PARTNER: personas.member(city_a, Membership.Role.PARTNER),
        JOB_SEEKER: personas.member(city_a, Membership.Role.JOB_SEEKER, sign_up=True),
    }
    return {"users": users, "employer": employer_a.employer}


class Controls(HTMLParser):
    """The named controls of the page's POST forms that send to ``path``: their kind, values and state."""

    def __init__(self, path: str) -> None:
        super().__init__()
        self.path, self.in_form, self.select, self.textarea = path, False, None, None
        self.controls: dict[str, dict] = {}

    def _control(self, name: str, kind: str) -> dict:
        return self.controls.setdefault(name, {"kind": kind, "values": [], "on": []})

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            action = a.get("action") or self.path
            self.in_form = (a.get("method") or "").lower() == "post" and action.split("?")[0] == self.path
            self.in_form = self.in_form and "data-no-draft" not in a
            return
        if tag == "option" and self.select is not None:
            self.select["values"].append(a.get("value", ""))
            if "selected" in a:
                self.select["on"].append(a.get("value", ""))
            return
        if not self.in_form or not a.get("name") or a["name"] == "csrfmiddlewaretoken" or "data-choice-filter" in a:
            return  # a long list's filter box is no field of the form
        if tag == "input":
            kind = a.get("type", "text")
            if kind in ("hidden", "file", "submit", "button", "password"):
                return
            control = self._control(a["name"], kind)
            control["values"].append(a.get("value", ""))
            if kind in ("radio", "checkbox") and "checked" in a:
                control["on"].append(a.get("value", "on"))
        elif tag == "select":
            self.select = self._control(a["name"], "select-multiple" if "multiple" in a else "select")
        elif tag == "textarea":
            self.textarea = self._control(a["name"], "textarea")

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea["values"].append(data)

    def handle_endtag(self, tag):
        if tag == "form":
            self.in_form = False
        elif tag == "select":
            self.select = None
        elif tag == "textarea":
            self.textarea = None


def controls(client, url: str) -> dict[str, dict]:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    parser = Controls(url)
    parser.feed(response.content.decode())
    return parser.controls


def typed_values(found: dict[str, dict]) -> dict[str, list[str]]:
    """Something different from what the page shows, for every control: the last radio, the first two
    checkboxes of a list, the last option, two options of a multiple choice, a number or a text."""
    typed: dict[str, list[str]] = {}
    for name, control in found.items():
        kind, values = control["kind"], [v for v in control["values"] if v != ""]
        if kind == "radio" and values:
            typed[name] = [values[-1]]
        elif kind == "checkbox":
            typed[name] = values[:2] if len(values) > 1 else ([] if control["on"] else values)
        elif kind == "select" and values:
            typed[name] = [values[-1]]
        elif kind == "select-multiple" and values:
            typed[name] = values[:2]
        elif name[-2:] in ("_0", "_1", "_2"):  # day, month, year
            typed[name] = [{"_0": "5", "_1": "3", "_2": "2031"}[name[-2:]]]
        elif kind == "number":
            typed[name] = ["7"]
        elif kind in ("text", "textarea", "tel", "email", "search", "url"):
            typed[name] = [f"Draf {name}"]
    return typed


def shown(control: dict) -> list[str]:
    if control["kind"] in ("radio", "checkbox", "select", "select-multiple"):
        return control["on"]
    return [value.strip() for value in control["values"] if value.strip()]


def assert_restored(client, url: str, typed: dict[str, list[str]]) -> str:
    response = client.get(url)
    page = response.content.decode()
    assert 'class="message message--info draft-notice"' in page, url
    parser = Controls(url)
    parser.feed(page)
    wrong = {
        name: (values, shown(parser.controls.get(name, {"kind": "?", "values": [], "on": []})))
        for name, values in typed.items()
        if sorted(shown(parser.controls.get(name, {"kind": "?", "values": [], "on": []}))) != sorted(values)
    }
    assert wrong == {}, url
    return page


def form_pages(world) -> list[tuple[str, str]]:
    """(user kind, address) of every long form."""
    seeker, followup, assessment = world["seeker"], world["followup"], world["assessment"]
    pages = [(JOB_SEEKER, reverse("jobseekers:my-profile-step", kwargs={"step": step})) for step in range(1, 6)]
    pages += [(STAFF, reverse("jobseekers:act-step", kwargs={"pk": seeker.pk, "step": step})) for step in range(1, 6)]
    return [
        *pages,
        (STAFF, reverse("jobseekers:register")),
        (PARTNER, reverse("jobseekers:register")),
        (EMPLOYER, reverse("employers:vacancy-create")),
        (EMPLOYER, reverse("employers:quota")),
        (STAFF, reverse("employers:staff-quota-add", kwargs={"pk": world["employer"].pk})),
        (STAFF, reverse("assessments:step", kwargs={"pk": assessment.pk, "step": 1})),
        (STAFF, reverse("placements:followup", kwargs={"pk": followup.pk})),
    ]


def test_every_long_form_restores_every_kind_of_field(client, world):
    kinds_seen: set[str] = set()
    for kind, url in form_pages(world):
        client.force_login(world["users"][kind])
        found = controls(client, url)
        typed = typed_values(found)
        if not typed:  # the WG-SS step without the reference data's questions
            client.logout()
            continue
        kinds_seen |= {found[name]["kind"] for name in typed}
        saved = client.post(url, {**typed, "_draft": "autosave"})
        assert saved.status_code == 204 and int(saved["X-Session-Expires-In"]) > 60, url
        assert_restored(client, url, typed)
        client.logout()
    assert {"text", "textarea", "number", "select", "radio", "checkbox"} <= kinds_seen
    with city_context(world["city_a"]):
        assert FormDraft.objects.count() >= len(form_pages(world)) - 2


def _vacancy_post(**overrides) -> dict:
    data = {
        "title": "Penjahit",
        "description": "",  # required: the form comes back with an error
        "essential_tasks": "Menjahit kain",
        "education_level": "sma",
        "openings": "2",
        "employment_type": "fixed_term",
        "arrangement": "hybrid",
        "working_hours": "08.00-16.00",
        "wage_negotiable": "on",
        "recruitment_options": ["extra_time", "sign_interpreter"],
        "deadline_0": "5",
        "deadline_1": "3",
        "deadline_2": "2099",
    }
    return {**data, **overrides}


def test_a_failed_submit_keeps_a_draft_and_a_saved_form_deletes_it(client, people, city_a):
    user = people["users"][EMPLOYER]
    client.force_login(user)
    url = reverse("employers:vacancy-create")
    response = client.post(url, _vacancy_post())
    assert response.status_code == 200
    assert 'class="message message--info draft-notice"' not in response.content.decode()  # the bound form shows it
    page = assert_restored(
        client,
        url,
        {
            "title": ["Penjahit"],
            "education_level": ["sma"],
            "employment_type": ["fixed_term"],
            "arrangement": ["hybrid"],
            "wage_negotiable": ["on"],
            "recruitment_options": ["extra_time", "sign_interpreter"],
            "deadline_0": ["5"],
            "deadline_1": ["3"],
            "deadline_2": ["2099"],
        },
    )
    with city_context(city_a):
        draft = FormDraft.objects.get()
    assert timezone.localtime(draft.saved_at).strftime("%Y") in page and "csrfmiddlewaretoken" not in draft.data
    response = client.post(url, _vacancy_post(description="<p>Menjahit seragam</p>"))
    assert response.status_code == 302
    with city_context(city_a):
        assert not FormDraft.objects.exists()
        assert Vacancy.objects.filter(title="Penjahit").exists()
    assert 'draft-notice"' not in client.get(url).content.decode()


def test_a_failed_quota_report_is_restored_with_its_date_parts_and_radio(client, people, city_a):
    client.force_login(people["users"][EMPLOYER])
    url = reverse("employers:quota")
    data = {
        "year": "2025",
        "headcount": "seratus",
        "employees_with_disabilities": "1",
        "reported_on_0": "2",
        "reported_on_1": "1",
        "reported_on_2": "2026",
        "source": QuotaReport.Source.WLKP,
    }
    assert client.post(url, data).status_code == 200
    assert_restored(client, url, {name: [value] for name, value in data.items()})


def test_discarding_shows_the_saved_form_again(client, people, city_a):
    client.force_login(people["users"][EMPLOYER])
    url = reverse("employers:vacancy-create")
    client.post(url, _vacancy_post())
    response = client.post(url, {"_draft": "discard"})
    assert response.status_code == 302 and response["Location"] == url
    page = client.get(url).content.decode()
    assert 'draft-notice"' not in page and 'value="Penjahit"' not in page
    with city_context(city_a):
        assert not FormDraft.objects.exists()


def _expire_session(client) -> None:
    key = client.cookies["sessionid"].value
    assert Session.objects.filter(session_key=key).update(expire_date=timezone.now() - datetime.timedelta(seconds=1))


def test_a_post_after_the_session_expired_is_restored_after_signing_in_again(client, people, city_a):
    from allauth.account.models import EmailAddress

    user = people["users"][EMPLOYER]
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    client.force_login(user)
    url = reverse("employers:vacancy-create")
    client.get(url)
    _expire_session(client)
    response = client.post(url, _vacancy_post(description="<p>Lengkap</p>"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("account_login"))
    with city_context(city_a):
        assert not Vacancy.objects.filter(title="Penjahit").exists()  # nothing was saved while signed out
    response = client.post(reverse("account_login") + f"?next={url}", {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == url
    assert_restored(client, url, {"title": ["Penjahit"], "recruitment_options": ["extra_time", "sign_interpreter"]})
    with city_context(city_a):
        draft = FormDraft.objects.get(user=user)
    assert draft.data["description"] == ["<p>Lengkap</p>"]


def test_someone_else_signing_in_on_that_browser_gets_nothing(client, people, city_a):
    client.force_login(people["users"][EMPLOYER])
    url = reverse("employers:vacancy-create")
    _expire_session(client)
    client.post(url, _vacancy_post())
    assert drafts.STASH_SESSION_KEY in client.session
    other = people["users"][STAFF]
    client.force_login(other)
    assert drafts.STASH_SESSION_KEY not in client.session
    with city_context(city_a):
        assert not FormDraft.objects.exists()


def test_an_anonymous_post_without_an_expired_session_is_not_kept(client, people):
    client.post(reverse("employers:vacancy-create"), _vacancy_post())
    assert drafts.STASH_SESSION_KEY not in client.session


def test_drafts_are_per_user_and_per_city(client, people, city_a, city_b):
    user = people["users"][STAFF]
    client.force_login(user)
    url = reverse("jobseekers:register")
    client.post(url, {"name": "Budi Draf", "birth_date_0": "1", "birth_date_1": "2", "birth_date_2": "1990"})
    with city_context(city_a):
        assert FormDraft.objects.filter(user=user).count() == 1
    with city_context(city_b):
        assert FormDraft.objects.count() == 0
        with connection.cursor() as cursor:  # row-level security, not only the manager
            cursor.execute("SELECT count(*) FROM accounts_formdraft")
            assert cursor.fetchone() == (0,)
    client.force_login(people["users"][PARTNER])  # same form, another person: no draft of theirs
    assert 'draft-notice"' not in client.get(url).content.decode()


def test_autosave_needs_the_pages_permission(client, people, city_a):
    client.force_login(people["users"][JOB_SEEKER])
    response = client.post(reverse("jobseekers:register"), {"name": "X", "_draft": "autosave"})
    assert response.status_code == 403
    with city_context(city_a):
        assert not FormDraft.objects.exists()


def test_expired_drafts_are_not_restored(client, people, city_a):
    user = people["users"][EMPLOYER]
    client.force_login(user)
    url = reverse("employers:vacancy-create")
    client.post(url, _vacancy_post())
    with city_context(city_a):
        FormDraft.objects.update(saved_at=timezone.now() - datetime.timedelta(days=31))
    assert 'draft-notice"' not in client.get(url).content.decode()
    with city_context(city_a):
        assert not FormDraft.objects.exists()


# --- The time-out warning ----------------------------------------------------------------------------


def test_stay_signed_in_extends_the_session_with_and_without_javascript(client, people, settings):
    client.force_login(people["users"][EMPLOYER])
    key = client.cookies["sessionid"].value
    soon = timezone.now() + datetime.timedelta(seconds=30)
    Session.objects.filter(session_key=key).update(expire_date=soon)
    url = reverse("employers:vacancy-create")
    response = client.post(reverse("session-keepalive"), {"next": url})
    assert response.status_code == 302 and response["Location"] == url
    expires = Session.objects.get(session_key=client.cookies["sessionid"].value).expire_date
    assert expires > soon + datetime.timedelta(seconds=settings.SESSION_COOKIE_AGE - 60)
    response = client.post(reverse("session-keepalive"), HTTP_ACCEPT="application/json")
    assert response.json() == {"expires_in": settings.SESSION_COOKIE_AGE}


def test_the_warning_comes_first_and_promises_only_what_is_true(client, people):
    client.force_login(people["users"][EMPLOYER])
    page = client.get(reverse("employers:vacancy-create")).content.decode()
    warning = page.index('id="session-warning"')
    assert page.index('class="skip-link"') < warning < page.index("<header")
    assert 'role="alertdialog"' in page and 'aria-describedby="session-warning-text"' in page
    assert "data-draft-autosave" in page and "js/session.js" in page
    other = client.get(reverse("accounts:profile")).content.decode()
    assert "data-draft-autosave" not in other
    for html in (page, other):  # the old promise that typed input "is kept" in this browser tab is gone
        assert "disimpan di tab" not in html and "kept in this browser tab" not in html


def test_the_daily_task_deletes_only_expired_drafts_of_its_city(people, city_a, city_b):
    from accounts.tasks import drafts_delete_expired

    user = people["users"][STAFF]
    with city_context(city_a):
        drafts.draft_save(user=user, key="a", object_id=0, fields={"x": ["1"]})
        old = timezone.now() - datetime.timedelta(days=31)
        drafts.draft_save(user=user, key="b", object_id=0, fields={"x": ["2"]}, saved_at=old)
    assert drafts_delete_expired(city_id=city_b.pk) == 0
    assert drafts_delete_expired(city_id=city_a.pk) == 1
    with city_context(city_a):
        assert list(FormDraft.objects.values_list("form_key", flat=True)) == ["a"]


def test_an_assessment_item_saved_since_the_draft_keeps_what_is_saved(client, world, city_a):
    from assessments import services as assessment_services

    staff, assessment = world["users"][STAFF], world["assessment"]
    url = reverse("assessments:step", kwargs={"pk": assessment.pk, "step": 1})
    client.force_login(staff)
    with city_context(city_a):
        area = assessment.results.order_by("position", "pk").first().area
        first, second = assessment.results.filter(area=area).order_by("position", "pk")[:2]
    typed = {
        f"r{first.pk}-note": ["Draf satu"],
        f"r{first.pk}-revision": [str(first.revision)],
        f"r{second.pk}-note": ["Draf dua"],
        f"r{second.pk}-revision": [str(second.revision)],
    }
    assert client.post(url, {**typed, "_draft": "autosave"}).status_code == 204
    with city_context(city_a):  # another assessor saves the first item meanwhile
        assessment_services.item_result_record(actor=world["users"][PARTNER], result=first, note="Disimpan")
    page = client.get(url).content.decode()
    assert "Draf dua" in page and "Disimpan" in page and "Draf satu" not in page


def test_a_page_without_its_form_promises_no_draft(client, people):
    client.force_login(people["users"][EMPLOYER])
    with city_context(people["employer"].city):
        published = Vacancy.objects.get(employer=people["employer"])
    page = client.get(reverse("employers:vacancy", kwargs={"pk": published.pk})).content.decode()
    assert "data-draft-autosave" not in page


def test_a_discard_sent_after_the_session_expired_keeps_nothing(client, people):
    client.force_login(people["users"][EMPLOYER])
    _expire_session(client)
    client.post(reverse("employers:vacancy-create"), {"_draft": "discard"})
    assert drafts.STASH_SESSION_KEY not in client.session


def test_a_nul_character_in_a_failed_submit_is_dropped_from_the_draft():
    """PostgreSQL's jsonb refuses NUL (a 500 before); the draft keeps the rest of what was typed."""
    from django.http import QueryDict

    from accounts.drafts import posted_fields

    data = QueryDict(mutable=True)
    data.setlist("name", ["Siti\x00 Aminah"])
    data.setlist("a\x00b", ["x"])
    assert posted_fields(data) == {"name": ["Siti Aminah"], "ab": ["x"]}
