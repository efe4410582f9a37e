"""No server error for malformed input, on any page, for any kind of user.

For each kind of user of the permission matrix (tests/accounts/test_permission_matrix.py: its world,
its users and their expectations), every page the matrix gives that user 200 on a GET is fetched and
its forms (``<form>`` with named ``<input>``, ``<select>``, ``<textarea>`` and submit buttons) and its
same-site links with a query string are read. Each field of a form, and each query parameter of a
GET form or link, then gets each malformed value of ``MALFORMED`` once, the CSRF token kept and
redirects not followed. To stay fast the values are sent in a Latin square: in request ``k`` of a
form, field ``i`` gets value ``i + k``, so ``len(MALFORMED)`` requests send every value to every
field; a 5xx is traced to its field by sending each field alone with the value it had. Then each
field of a POST form is sent once alone, the others as the page filled them (a value that only fails
past the other fields' validation).

Each request runs in a savepoint that is rolled back afterwards, so a request that succeeds (an
optional field left empty, a delete confirmation) changes nothing for the ones after it. A field is
sent each value once for all users: the first user whose page shows it sends it (``seen``); numbered
fields (formset rows, checklist items) count as one, and so do the same field on the Django admin's
pages of one kind (``family``).

The test fails on any 5xx, listing the URL name, the user, the field, the value, the status and the
exception (caught with the ``got_request_exception`` signal; the client does not re-raise it). The
number of requests is reported in pytest's terminal summary (tests/conftest.py).
"""

from __future__ import annotations

import re
import sys
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urlsplit

import pytest
from django.core.signals import got_request_exception
from django.db import transaction
from django.urls import NoReverseMatch, Resolver404, resolve, reverse

from cities.middleware import ADMIN_CITY_SESSION_KEY
from tests.accounts.test_permission_matrix import (  # noqa: F401 - live_worker_and_beat is a fixture
    ALL_URL_NAMES,
    ANONYMOUS,
    APEKSI_ADMIN,
    KINDS,
    build_world,
    entry,
    live_worker_and_beat,
)

pytestmark = pytest.mark.django_db

LIST = object()  # stands for "the field sent twice" (a list where one value is expected)

# (label, value): what a careless or hostile client sends instead of what the form asks for. One value
# of each kind: "2026-13-45" is an impossible date and month at once (a zero date, a lone month 13 fail
# the same parsers), "abc" is an unknown choice as much as a non-number.
MALFORMED = (
    ("non-numeric", "abc"),
    ("impossible date", "2026-13-45"),
    ("five-digit year", "99999-01-01"),
    ("huge number", str(10**30)),
    ("negative number", "-1"),
    ("NUL byte", "a\x00b"),
    ("empty", ""),
    ("over-long (100 KB)", "x" * 100_000),
    ("list", LIST),
)

# Pages the sweep does not read, each with its reason.
NOT_READ = {
    # Downloads and documents without forms: their query parameters are sent from the links to them.
    "dashboards:city-report-pdf": "a PDF",
    "assessments:report-pdf": "a PDF",
    "assessments:employer-report-pdf": "a PDF",
    "ak1:pdf": "a PDF",
    "ak1:mine-pdf": "a PDF",
    "exchange:vacancies-export": "a download (CSV or XLSX); its only parameter is the format in the path",
    "exchange:registrations-export": "a download (CSV or XLSX) writing an access entry per person",
}
# Forms the sweep does not send, each with its reason.
NOT_SENT = {
    "account_logout": "signs the user out; its only field is the CSRF token",
}

# A bound on the requests (the sweep must stay well under a minute).
MAX_REQUESTS = 3000


class _Forms(HTMLParser):
    """The page's forms (action, method, fields in order) and its links' hrefs."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[dict] = []
        self.hrefs: list[str] = []
        self._form: dict | None = None
        self._select: dict | None = None
        self._option: dict | None = None
        self._textarea: dict | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and attrs.get("href"):
            self.hrefs.append(attrs["href"])
        elif tag == "form":
            self._form = {
                "action": attrs.get("action") or "",
                "method": (attrs.get("method") or "get").lower(),
                "fields": [],
            }
            self.forms.append(self._form)
        elif self._form is None or (not attrs.get("name") and tag != "option"):
            return
        elif tag == "input":
            kind = (attrs.get("type") or "text").lower()
            self._form["fields"].append(
                {
                    "name": attrs["name"],
                    "type": kind,
                    "value": attrs.get("value") or ("on" if kind in ("checkbox", "radio") else ""),
                    "checked": "checked" in attrs,
                }
            )
        elif tag == "button":
            kind = (attrs.get("type") or "submit").lower()
            if kind == "submit":
                self._form["fields"].append(
                    {"name": attrs["name"], "type": "submit", "value": attrs.get("value") or "", "checked": False}
                )
        elif tag == "select":
            self._select = {
                "name": attrs["name"],
                "type": "select",
                "multiple": "multiple" in attrs,
                "options": [],
                "selected": [],
            }
            self._form["fields"].append(self._select)
        elif tag == "option" and self._select is not None:
            self._option = {"value": attrs.get("value"), "text": ""}
            self._select["options"].append(self._option)
            if "selected" in attrs:
                self._select["selected"].append(self._option)
        elif tag == "textarea":
            self._textarea = {"name": attrs["name"], "type": "textarea", "value": "", "checked": False}
            self._form["fields"].append(self._textarea)

    def handle_data(self, data):
        if self._option is not None:
            self._option["text"] += data
        if self._textarea is not None:
            self._textarea["value"] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = self._option = None
        elif tag == "option":
            self._option = None
        elif tag == "textarea":
            self._textarea = None


def baseline(fields: list[dict]) -> dict[str, list[str]]:
    """What a browser sends for the form as the page filled it (the first submit button pressed)."""
    data: dict[str, list[str]] = {}
    pressed = False
    for field in fields:
        kind = field["type"]
        if kind in ("file", "image", "reset", "button"):
            continue
        if kind == "submit":
            if not pressed:
                data.setdefault(field["name"], []).append(field["value"])
                pressed = True
            continue
        if kind in ("checkbox", "radio") and not field["checked"]:
            data.setdefault(field["name"], [])
            continue
        if kind == "select":
            options = field["options"]
            chosen = field["selected"] or options[:1]
            if not field["multiple"]:
                chosen = chosen[-1:]
            values = [option["value"] if option["value"] is not None else option["text"].strip() for option in chosen]
            data.setdefault(field["name"], []).extend(values)
            continue
        data.setdefault(field["name"], []).append(field["value"])
    return data


def with_value(data: dict[str, list[str]], name: str, value) -> dict[str, list[str]]:
    """``data`` with ``name`` replaced by the malformed ``value``; everything else as it was."""
    changed = {key: list(values) for key, values in data.items() if values}
    changed[name] = ["1", "2"] if value is LIST else [value]
    return changed


def same_site(href: str, page: str) -> tuple[str, str] | None:
    """(path, query) of a same-site URL, relative ones resolved against ``page``; else ``None``."""
    parts = urlsplit(href)
    if parts.scheme and (parts.scheme not in ("http", "https") or parts.netloc not in ("testserver", "")):
        return None
    if parts.netloc and parts.netloc != "testserver":
        return None
    path = parts.path or page
    if not path.startswith("/"):
        path = page.rsplit("/", 1)[0] + "/" + path
    return path, parts.query


def family(name: str) -> str:
    """The view a field is sent to once: the admin's pages share one machinery per kind of view
    (``admin:<app>_<model>_change`` is ``admin:change``); any other view is itself."""
    match = re.match(r"^admin:[a-z_]+_(changelist|add|change|history|delete)$", name)
    return f"admin:{match[1]}" if match else name


def view_name(path: str) -> str | None:
    try:
        return resolve(path).view_name
    except Resolver404:
        return None


class Sweep:
    def __init__(self, client, world):
        self.client = client
        self.world = world
        self.requests = 0
        self.failures: list[str] = []
        self.seen: set[tuple] = set()
        self.exceptions: list[BaseException] = []
        self.kind = ANONYMOUS

    def sign_in(self, kind: str) -> None:
        self.kind = kind
        self.client.logout()
        if kind == ANONYMOUS:
            return
        self.client.force_login(self.world["users"][kind])
        if kind == APEKSI_ADMIN:
            session = self.client.session
            session[ADMIN_CITY_SESSION_KEY] = self.world["city_a"].pk  # as chosen on /admin/kota/
            session.save()

    def signed_out(self) -> bool:
        return self.kind != ANONYMOUS and "_auth_user_id" not in self.client.session

    def send(self, method: str, path: str, data: dict) -> tuple[int, str]:
        """One request in a savepoint rolled back afterwards: its status and the exception, if any."""
        self.exceptions.clear()
        self.requests += 1
        with transaction.atomic():
            response = self.client.post(path, data) if method == "post" else self.client.get(path, data)
            transaction.set_rollback(True)
        if method == "post" and self.signed_out():
            self.sign_in(self.kind)
        error = repr(self.exceptions[-1])[:300] if self.exceptions else "(no exception)"
        return response.status_code, error

    def note(self, method, target, field, label, status, error) -> None:
        self.failures.append(f"{target:40} {self.kind:17} {method.upper():4} {field:28} {label:20} {status} {error}")

    def fuzz(self, method: str, path: str, data: dict, names: list[str]) -> None:
        """Each new field gets each malformed value once, in ``len(MALFORMED)`` requests that send a
        different value to every field (a Latin square: field ``i`` gets value ``i + k`` in request
        ``k``); a 5xx is traced to its fields by sending each alone with that value. Then each new
        field is sent once alone, the others as the page filled them, with one of the values in turn."""
        target = view_name(path)
        if target is None or target in NOT_SENT:
            return
        fresh = []
        for field in names:
            key = (method, family(target), re.sub(r"\d+", "N", field))
            if field != "csrfmiddlewaretoken" and key not in self.seen:
                self.seen.add(key)
                fresh.append(field)
        if not fresh or self.requests >= MAX_REQUESTS:
            return
        count = len(MALFORMED)
        for k in range(count):
            sent = dict(data)
            for i, field in enumerate(fresh):
                sent = with_value(sent, field, MALFORMED[(i + k) % count][1])
            status, error = self.send(method, path, sent)
            if status < 500:
                continue
            found = False
            for i, field in enumerate(fresh):
                label, value = MALFORMED[(i + k) % count]
                alone_status, alone_error = self.send(method, path, with_value(data, field, value))
                if alone_status >= 500:
                    found = True
                    self.note(method, target, field, label, alone_status, alone_error)
            if not found:
                labels = ", ".join(f"{field}={MALFORMED[(i + k) % count][0]}" for i, field in enumerate(fresh))
                self.note(method, target, "(together)", labels, status, error)
        if len(fresh) == 1 and len(data) == 1:
            return  # the square above already sent the field alone
        if method == "get":
            return  # a query's parameters are read one by one (filters, search): the square reaches each
        for i, field in enumerate(fresh):
            label, value = MALFORMED[(len(self.seen) + i) % count]
            status, error = self.send(method, path, with_value(data, field, value))
            if status >= 500:
                self.note(method, target, field, label, status, error)

    def page(self, name: str, url: str) -> None:
        response = self.client.get(url)
        if response.status_code != 200:
            return  # the matrix checks the status; a state left by a sweep request is no concern here
        if "html" not in response.get("Content-Type", ""):
            return
        parser = _Forms()
        parser.feed(response.content.decode())
        for form in parser.forms:
            found = same_site(form["action"], url)
            if found is None:
                continue
            path, query = found
            method = "post" if form["method"] == "post" else "get"
            data = baseline(form["fields"])
            if method == "get":
                data = {key: [value] for key, value in parse_qsl(query, keep_blank_values=True)} | data
            elif query:
                path = f"{path}?{query}"
            self.fuzz(method, path, data, list(data))
        for href in parser.hrefs:
            found = same_site(href, url)
            if found is None or not found[1]:
                continue
            path, query = found
            data: dict[str, list[str]] = {}
            for key, value in parse_qsl(query, keep_blank_values=True):
                data.setdefault(key, []).append(value)
            self.fuzz("get", path, data, list(data))


@pytest.fixture
def quick_pdfs(monkeypatch):
    """The PDF views run for real (their query, their HTML) but WeasyPrint's layout, a second or so
    a page, is skipped: the PDFs have their own tests (tests/assessments, tests/dashboards)."""
    import weasyprint

    monkeypatch.setattr(weasyprint.HTML, "write_pdf", lambda self, *args, **kwargs: b"%PDF-1.4\n%%EOF\n")


@pytest.fixture
def caught_exceptions():
    caught: list[BaseException] = []

    def note(sender, request=None, **kwargs):
        caught.append(sys.exc_info()[1])

    got_request_exception.connect(note)
    yield caught
    got_request_exception.disconnect(note)


def test_no_server_error_for_malformed_input(
    client,
    city_a,
    city_b,
    live_worker_and_beat,  # noqa: F811 - the fixture imported above
    caught_exceptions,
    quick_pdfs,
    record_property,
):
    world = build_world(city_a, city_b, with_reference=True)
    client.raise_request_exception = False
    sweep = Sweep(client, world)
    sweep.exceptions = caught_exceptions
    for kind in KINDS:
        sweep.sign_in(kind)
        for name in ALL_URL_NAMES:
            found = entry(name)
            if found is None or found[1][kind] != 200 or name in NOT_READ:
                continue
            try:
                url = reverse(name, kwargs=found[0](world))
            except NoReverseMatch:
                continue  # the matrix reports it
            sweep.page(name, url)
    record_property("malformed_input_requests", sweep.requests)
    record_property("malformed_input_errors", len(sweep.failures))
    assert sweep.requests < MAX_REQUESTS, "the sweep hit its bound: raise MAX_REQUESTS or send fewer values"
    assert not sweep.failures, f"{len(sweep.failures)} server errors for malformed input:\n" + "\n".join(sweep.failures)


@pytest.mark.parametrize("query", [{"q": "a\x00b"}, {"a\x00b": "1"}, {"page": ["1", "\x00"]}])
def test_a_nul_character_in_the_admin_query_string_is_a_bad_request(client, city_a, query):
    """PostgreSQL refuses NUL in text and the admin's filters put query values straight into the query,
    so such a request is refused before the admin runs (ijc_portal.middleware); our own pages read
    their query through forms that refuse NUL themselves, and answer without a server error."""
    client.raise_request_exception = False
    assert client.get(reverse("admin:index"), query).status_code == 400
    assert client.get(reverse("admin:index")).status_code in (200, 302)
    assert client.get(reverse("employers:board"), query).status_code < 500
    assert client.get(reverse("employers:board"), {"q": "ab"}).status_code == 200
