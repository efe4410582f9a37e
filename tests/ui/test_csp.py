"""Content-Security-Policy (docs/ui.md, "Content Security Policy").

Every page of the permission matrix (tests/accounts/test_permission_matrix.py) that answers 200 to
some kind of user is fetched as each such user, rendered for real: the response carries the policy
with exactly the directives below (nothing loosened: no ``'unsafe-inline'``, ``'unsafe-eval'``,
wildcard, scheme-only or third-party source), every ``<script>`` and ``<style>`` element of an HTML
page carries the response's nonce, and no element has an inline event handler (``onclick=``) or a
``style`` attribute, which a nonce-based ``style-src`` blocks. The browser sweep (tests/browser)
checks the same pages in Chromium and fails on any violation it reports.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.test import RequestFactory
from django.urls import reverse
from django.views.defaults import server_error

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

NONCE = "'nonce-…'"  # stands for the response's own nonce in EXPECTED_POLICY
EXPECTED_POLICY = {
    "default-src": {"'self'"},
    "script-src": {"'self'", NONCE},
    "style-src": {"'self'", NONCE},
    "img-src": {"'self'", "data:"},  # data: only for the Swagger UI stylesheet's icons and the empty favicon
    "object-src": {"'none'"},
    "base-uri": {"'none'"},
    "form-action": {"'self'"},
    "frame-ancestors": {"'none'"},
}
LOOSENING = ("'unsafe-inline'", "'unsafe-eval'", "'unsafe-hashes'", "'wasm-unsafe-eval'", "'strict-dynamic'")
NONCE_SOURCE = re.compile(r"^'nonce-([A-Za-z0-9_\-+/=]+)'$")


def parse_policy(header: str) -> dict[str, list[str]]:
    directives: dict[str, list[str]] = {}
    for part in header.split(";"):
        name, *values = part.split()
        directives[name.lower()] = values
    return directives


def policy_problems(header: str | None) -> tuple[list[str], str | None]:
    """What is wrong with a ``Content-Security-Policy`` header (empty when nothing), and its nonce."""
    if not header:
        return ["no Content-Security-Policy header"], None
    policy = parse_policy(header)
    problems = []
    nonces = set()
    for name, values in policy.items():
        for value in values:
            lowered = value.lower()
            if lowered in LOOSENING:
                problems.append(f"{name} allows {value}")
            elif "*" in value:
                problems.append(f"{name} has a wildcard source {value}")
            elif lowered in ("http:", "https:", "ws:", "wss:", "blob:", "filesystem:"):
                problems.append(f"{name} allows any {value} URL")
            elif match := NONCE_SOURCE.match(value):
                if name not in ("script-src", "style-src"):
                    problems.append(f"{name} has a nonce")
                nonces.add(match[1])
            elif not value.startswith("'") and value != "data:":
                problems.append(f"{name} names another origin: {value}")
    if len(nonces) > 1:
        problems.append(f"script-src and style-src have different nonces: {sorted(nonces)}")
    nonce = next(iter(nonces), None)
    for name, values in policy.items():
        if name not in EXPECTED_POLICY:
            problems.append(f"unexpected directive {name} {' '.join(values)}")
    for name, expected in EXPECTED_POLICY.items():
        actual = {NONCE if NONCE_SOURCE.match(value) else value for value in policy.get(name, [])}
        if name not in policy:
            problems.append(f"missing directive {name}")
        elif actual - {NONCE} != expected - {NONCE} or (NONCE in actual and NONCE not in expected):
            problems.append(f"{name} is {' '.join(policy[name])}, expected {' '.join(sorted(expected))}")
    return problems, nonce


class InlineCode(HTMLParser):
    """Collects what a Content-Security-Policy governs in an HTML document."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str | None]]] = []  # every <script> and <style>
        self.handlers: list[str] = []  # on*="..." attributes
        self.style_attributes: list[str] = []
        self.sources: list[str] = []  # src/href of scripts, stylesheets, images, frames, objects

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag in ("script", "style"):
            self.elements.append((tag, attributes))
        for name, _value in attrs:
            if name.startswith("on"):
                self.handlers.append(f"<{tag} {name}=...>")
            elif name == "style":
                self.style_attributes.append(f"<{tag} style=...>")
        for name in ("src", "href", "data", "action", "formaction"):
            if tag in ("script", "img", "iframe", "frame", "object", "embed", "link", "form", "button", "input"):
                value = attributes.get(name)
                if value and not (tag == "link" and attributes.get("rel") not in ("stylesheet", "icon")):
                    self.sources.append(value)

    handle_startendtag = handle_starttag


def inline_problems(html: str, nonce: str | None) -> list[str]:
    parser = InlineCode()
    parser.feed(html)
    parser.close()
    problems = [f"inline event handler {handler}" for handler in parser.handlers]
    problems += [f"inline style attribute {style}" for style in parser.style_attributes]
    for tag, attributes in parser.elements:
        if attributes.get("nonce") is None or attributes.get("nonce") != nonce:
            described = " ".join(f"{k}={v!r}" for k, v in attributes.items())
            problems.append(f"<{tag} {described}> lacks the response's nonce")
    for source in parser.sources:
        parts = urlsplit(source)
        if parts.netloc or (parts.scheme and parts.scheme not in ("data", "mailto", "tel")):
            problems.append(f"a resource from another origin: {source}")
    return problems


def response_problems(response) -> list[str]:
    problems, nonce = policy_problems(response.headers.get("Content-Security-Policy"))
    if response.headers.get("Content-Type", "").startswith("text/html"):
        problems += inline_problems(response.content.decode(), nonce)
    return problems


# --- Every page of the matrix that some user may see ------------------------------------------------
def pages_answering_200(kind: str) -> list[str]:
    names = []
    for name in ALL_URL_NAMES:
        found = entry(name)
        if found is not None and found[1][kind] == 200:
            names.append(name)
    return names


KINDS_WITH_PAGES = [kind for kind in KINDS if pages_answering_200(kind)]


def test_the_matrix_gives_every_kind_of_user_pages_to_check():
    assert len(KINDS_WITH_PAGES) == len(KINDS)
    assert sum(len(pages_answering_200(kind)) for kind in KINDS) > 400


@pytest.mark.usefixtures("live_worker_and_beat")  # /healthz answers 200 only with fresh heartbeats
@pytest.mark.parametrize("kind", KINDS_WITH_PAGES)
def test_every_page_a_user_may_see_carries_the_policy_and_no_inline_code(client, city_a, city_b, kind):
    world = build_world(city_a, city_b, with_reference=kind == APEKSI_ADMIN)
    if kind != ANONYMOUS:
        client.force_login(world["users"][kind])
    if kind == APEKSI_ADMIN:
        session = client.session
        session[ADMIN_CITY_SESSION_KEY] = city_a.pk  # as the matrix: working in city A
        session.save()
    failures = []
    pages = pages_answering_200(kind)
    for name in pages:
        build_kwargs, _expected = entry(name)
        url = reverse(name, kwargs=build_kwargs(world))
        response = client.get(url)
        if response.status_code != 200:
            failures.append(f"{name} GET {url}: {response.status_code}, the matrix says 200")
            continue
        failures += [f"{name} GET {url}: {problem}" for problem in response_problems(response)]
    assert not failures, f"{kind}: {len(failures)} problems on {len(pages)} pages\n" + "\n".join(failures)


def test_error_pages_carry_the_policy(client, city_a):
    response = client.get("/kota/tidak-ada/")
    assert response.status_code == 404
    assert response_problems(response) == []


def test_the_server_error_page_has_no_inline_style_or_script(rf: RequestFactory):
    """Django renders 500.html without a context (so without a nonce): it may only link its style."""
    html = server_error(rf.get("/")).content.decode()
    parser = InlineCode()
    parser.feed(html)
    assert parser.elements == [] and parser.handlers == [] and parser.style_attributes == []
    assert 'rel="stylesheet"' in html


def test_each_response_has_a_new_nonce(client):
    nonces = {policy_problems(client.get(reverse("home")).headers["Content-Security-Policy"])[1] for _ in range(3)}
    assert None not in nonces and len(nonces) == 3


# --- The checks themselves catch what they must ---------------------------------------------------
GOOD = (
    "default-src 'self'; script-src 'self' 'nonce-abc'; style-src 'self' 'nonce-abc'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)


def test_the_expected_policy_passes():
    assert policy_problems(GOOD) == ([], "abc")


@pytest.mark.parametrize(
    "header",
    [
        None,
        GOOD.replace("script-src 'self'", "script-src 'self' 'unsafe-inline'"),
        GOOD.replace("script-src 'self'", "script-src 'self' 'unsafe-eval'"),
        GOOD.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'"),
        GOOD.replace("default-src 'self'", "default-src *"),
        GOOD.replace("img-src 'self' data:", "img-src 'self' data: http:"),
        GOOD.replace("img-src 'self' data:", "img-src 'self' data: https://cdn.example.com"),
        GOOD.replace("script-src 'self'", "script-src 'self' https://cdn.jsdelivr.net"),
        GOOD.replace("; frame-ancestors 'none'", ""),
        GOOD.replace("frame-ancestors 'none'", "frame-ancestors 'self'"),
        GOOD.replace("object-src 'none'", "object-src 'self'"),
        GOOD.replace("; base-uri 'none'", ""),
        GOOD.replace("style-src 'self' 'nonce-abc'", "style-src 'self' 'nonce-xyz'"),
        GOOD + "; report-uri https://collector.example.com/",
    ],
)
def test_a_missing_or_loosened_policy_is_a_problem(header):
    assert policy_problems(header)[0]


@pytest.mark.parametrize(
    "html",
    [
        "<script>alert(1)</script>",
        '<script nonce="other">alert(1)</script>',
        '<script src="/static/js/portal.js"></script>',
        '<style nonce="other">p{}</style>',
        '<p style="color:red">x</p>',
        '<button onclick="go()">Go</button>',
        '<svg><rect onload="go()"/></svg>',
        '<script nonce="abc" src="https://cdn.example.com/x.js"></script>',
        '<link rel="stylesheet" href="//cdn.example.com/x.css">',
        '<img src="http://tracker.example.com/p.gif" alt="">',
    ],
)
def test_inline_code_without_the_nonce_is_a_problem(html):
    assert inline_problems(html, "abc")


def test_inline_code_with_the_nonce_passes():
    html = (
        '<script nonce="abc" src="/static/js/portal.js" defer></script><style nonce="abc">p{}</style>'
        '<script nonce="abc" type="application/ld+json">{}</script><a href="https://example.org/">link</a>'
        '<img src="data:image/gif;base64,R0lGOD" alt=""><svg><rect fill="#fff" font-style="italic"/></svg>'
    )
    assert inline_problems(html, "abc") == []


# --- Templates that no matrix page may render (a state after a submit, a PDF document) -----------------
def template_files() -> list[Path]:
    base = Path(settings.BASE_DIR)
    ignored = {".venv", "node_modules", "staticfiles", "test-artifacts", ".data", "tests", "docs"}
    return sorted(
        path
        for path in base.rglob("*.html")
        if not ignored & set(path.relative_to(base).parts) and "templates" in path.relative_to(base).parts
    )


TEMPLATE_COMMENT = re.compile(r"{%\s*comment\s*%}.*?{%\s*endcomment\s*%}|{#.*?#}|<!--.*?-->", re.DOTALL)


def test_no_template_has_inline_handlers_style_attributes_or_elements_without_the_nonce():
    files = template_files()
    assert len(files) > 100
    problems = []
    for path in files:
        text = TEMPLATE_COMMENT.sub(lambda m: "\n" * m[0].count("\n"), path.read_text(encoding="utf-8"))
        for tag in re.finditer(r"<[a-zA-Z][^>]*>", text):  # a start tag, across lines
            where = f"{path.relative_to(settings.BASE_DIR)}:{text.count(chr(10), 0, tag.start()) + 1}"
            if re.search(r"\sstyle\s*=", tag[0]):
                problems.append(f"{where}: style attribute")
            if re.search(r"\son[a-z]+\s*=", tag[0]):
                problems.append(f"{where}: inline event handler")
            if re.match(r"<(script|style)\b", tag[0]) and 'nonce="{{ csp_nonce }}"' not in tag[0]:
                problems.append(f"{where}: {tag[0]} without the nonce")
    assert not problems, "\n".join(problems)
