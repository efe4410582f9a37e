"""Every API endpoint, by every kind of user and from the other city: table-driven.

Signed-in kinds use an API token (write scope) where their role may hold one (employer, staff,
city admin, partner, staff of city B) and the session otherwise (job seeker, APEKSI). All objects
belong to city A; staff of city B must get a 404 for each of them (never a 403 that would confirm
the object exists).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from cities.tenancy import city_context
from jobseekers.models import JobSeeker
from tests import personas
from tests.accounts.test_permission_matrix import build_employer_world
from tests.api.conftest import bearer_client, make_token

pytestmark = pytest.mark.django_db

ANONYMOUS, JOB_SEEKER, EMPLOYER, STAFF = "anonymous", "job_seeker", "employer", "staff"
CITY_ADMIN, PARTNER, APEKSI, OTHER_CITY_STAFF = "city_admin", "partner", "apeksi_analyst", "other_city_staff"
KINDS = (ANONYMOUS, JOB_SEEKER, EMPLOYER, STAFF, CITY_ADMIN, PARTNER, APEKSI, OTHER_CITY_STAFF)
TOKEN_KINDS = {EMPLOYER, STAFF, CITY_ADMIN, PARTNER, OTHER_CITY_STAFF}


def expect(default: int, **per_kind: int) -> dict[str, int]:
    assert not set(per_kind) - set(KINDS)
    return {kind: per_kind.get(kind, default) for kind in KINDS}


def city_endpoint(*allowed: str, ok: int = 200, other_city: int | None = None) -> dict[str, int]:
    """401 anonymous, 403 without the permission, ``ok`` for ``allowed``; city B's staff ``other_city``."""
    table = expect(403, anonymous=401, **dict.fromkeys(allowed, ok))
    if other_city is not None:
        table[OTHER_CITY_STAFF] = other_city
    return table


@dataclass(frozen=True)
class Call:
    name: str
    method: str
    url: Callable[[dict], str]
    expected: dict[str, int]
    body: Callable[[dict], dict] = field(default=lambda world: {})
    multipart: bool = False

    def __str__(self) -> str:
        return self.name


def _public(name, **extra):
    return lambda w: reverse(
        f"api:{name}", kwargs={"city_slug": w["city_a"].slug, **{k: f(w) for k, f in extra.items()}}
    )


def _pk(name, obj):
    return lambda w: reverse(f"api:{name}", kwargs={"pk": w[obj].pk})


def _plain(name, **kwargs):
    return lambda w: reverse(f"api:{name}", kwargs=kwargs or None)


VACANCY_ID = {"id": lambda w: w["vacancy"].pk}
DRAFT = {
    "title": "Juru ketik",
    "description": "<p>Mengetik surat</p>",
    "essential_tasks": "Mengetik",
    "employment_type": "permanent",
    "arrangement": "on_site",
    "working_hours": "08.00-16.00",
    "wage_negotiable": True,
}
REGISTRATION = {"name": "Warga Baru", "referral_source": "walk_in", "consent_channel": "in_person"}

CALLS = [
    # Public: no credentials needed; the URL names the city.
    Call("public list", "get", _public("public-vacancy-list"), expect(200)),
    Call("public detail", "get", _public("public-vacancy-detail", **VACANCY_ID), expect(200)),
    Call("public jobposting", "get", _public("public-vacancy-jobposting", **VACANCY_ID), expect(200)),
    Call("public jobpostings", "get", _public("public-vacancy-jobpostings"), expect(200)),
    # Staff: employers.
    Call("employer list", "get", _plain("employer-list"), city_endpoint(STAFF, other_city=200)),
    Call("employer detail", "get", _pk("employer-detail", "employer"), city_endpoint(STAFF, other_city=404)),
    Call("employer verify", "post", _pk("employer-verify", "employer"), city_endpoint(STAFF, other_city=404)),
    # Staff: vacancies.
    Call("vacancy list", "get", _plain("vacancy-list"), city_endpoint(STAFF, other_city=200)),
    Call("vacancy detail", "get", _pk("vacancy-detail", "vacancy"), city_endpoint(STAFF, other_city=404)),
    Call(
        "vacancy transition",
        "post",
        _pk("vacancy-transition", "vacancy"),
        city_endpoint(STAFF, other_city=404),
        body=lambda w: {"to": "closed"},
    ),
    Call("vacancy export", "get", _plain("vacancy-export", fmt="xlsx"), city_endpoint(STAFF, other_city=200)),
    # The employer's own vacancies.
    Call("own list", "get", _plain("own-vacancy-list"), city_endpoint(EMPLOYER)),
    Call("own detail", "get", _pk("own-vacancy-detail", "vacancy"), city_endpoint(EMPLOYER)),
    Call("own create", "post", _plain("own-vacancy-list"), city_endpoint(EMPLOYER, ok=201), body=lambda w: DRAFT),
    Call(
        "own update (published: 409)",
        "patch",
        _pk("own-vacancy-detail", "vacancy"),
        city_endpoint(EMPLOYER, ok=409),
        body=lambda w: {"title": "Baru"},
    ),
    Call(
        "own transition",
        "post",
        _pk("own-vacancy-transition", "vacancy"),
        city_endpoint(EMPLOYER),
        body=lambda w: {"to": "filled"},
    ),
    # Staff: job seekers (partners may register people).
    Call("jobseeker list", "get", _plain("jobseeker-list"), city_endpoint(STAFF, other_city=200)),
    Call("jobseeker detail", "get", _pk("jobseeker-detail", "seeker"), city_endpoint(STAFF, other_city=404)),
    Call("jobseeker sensitive", "get", _pk("jobseeker-sensitive", "seeker"), city_endpoint(STAFF, other_city=404)),
    Call(
        "jobseeker update",
        "patch",
        _pk("jobseeker-detail", "seeker"),
        city_endpoint(STAFF, other_city=404),
        body=lambda w: {"phone": "081234567890"},
    ),
    Call(
        "jobseeker case",
        "post",
        _pk("jobseeker-case", "seeker"),
        city_endpoint(STAFF, other_city=404),
        body=lambda w: {"status": "active"},
    ),
    Call(
        "jobseeker create",
        "post",
        _plain("jobseeker-list"),
        city_endpoint(STAFF, PARTNER, ok=201, other_city=201),
        body=lambda w: REGISTRATION,
    ),
    Call("jobseeker export", "get", _plain("jobseeker-export", fmt="csv"), city_endpoint(STAFF, other_city=200)),
    # APEKSI: aggregates only, cross-city (the session; no city).
    Call("apeksi indicators", "get", _plain("apeksi-indicators-list"), expect(403, anonymous=401, apeksi_analyst=200)),
    Call(
        "jobseeker import (dry run)",
        "post",
        _plain("jobseeker-import"),
        city_endpoint(STAFF, other_city=200),
        body=lambda w: {"file": _csv_upload()},
        multipart=True,
    ),
    # Vacancy import (dry run): city B's staff name city A's organisation: a row error, 400.
    Call(
        "vacancy import (dry run)",
        "post",
        _plain("vacancy-import"),
        city_endpoint(STAFF, other_city=400),
        body=lambda w: {"file": _vacancy_upload(w["employer"].pk), "dry_run": "true"},
        multipart=True,
    ),
    Call(
        "own vacancy import (dry run)",
        "post",
        _plain("own-vacancy-import"),
        city_endpoint(EMPLOYER),
        body=lambda w: {"file": _vacancy_upload(""), "dry_run": "true"},
        multipart=True,
    ),
]


def _csv_upload():
    from django.core.files.uploadedfile import SimpleUploadedFile

    from jobseekers.imports import HEADERS

    content = ",".join(HEADERS) + "\nRina Contoh,,,,,,,,,,walk_in,\n"
    return SimpleUploadedFile("impor.csv", content.encode(), content_type="text/csv")


def _vacancy_upload(employer):
    from django.core.files.uploadedfile import SimpleUploadedFile

    content = (
        "Judul,Pemberi kerja,Deskripsi,Tugas pokok,Jenis hubungan kerja,Pengaturan kerja,Jam kerja,"
        f"Upah dapat dinegosiasikan\nKasir,{employer},Melayani pembeli,Menerima bayaran,permanent,on_site,"
        "08.00-16.00,ya\n"
    )
    return SimpleUploadedFile("lowongan.csv", content.encode(), content_type="text/csv")


@pytest.fixture
def world(city_a, city_b) -> dict:
    users = personas.cast(city_a, city_b, other_city_key=OTHER_CITY_STAFF, apeksi_key=APEKSI)
    objects = build_employer_world(city_a, users)
    with city_context(city_a):
        seeker = JobSeeker.objects.create(name="Siti Contoh", nik="")
    with city_context(city_b):
        JobSeeker.objects.create(name="Orang Beta")
    return {**objects, "city_a": city_a, "city_b": city_b, "users": users, "seeker": seeker}


def client_for(world: dict, kind: str) -> APIClient:
    if kind == ANONYMOUS:
        return APIClient()
    user = world["users"][kind]
    if kind in TOKEN_KINDS:
        city = world["city_b"] if kind == OTHER_CITY_STAFF else world["city_a"]
        return bearer_client(make_token(user, city))
    client = APIClient()
    client.force_login(user)
    return client


@pytest.mark.parametrize("call", CALLS, ids=str)
def test_endpoint_by_kind_and_city(world, call):
    mismatches = []
    # The kinds allowed to change state go last, so the denied attempts run against the same state.
    order = sorted(KINDS, key=lambda kind: call.expected[kind] < 400)
    for kind in order:
        client = client_for(world, kind)
        url = call.url(world)
        body = call.body(world)
        response = getattr(client, call.method)(url, body, format="multipart" if call.multipart else "json")
        if response.status_code != call.expected[kind]:
            mismatches.append(
                f"{kind}: expected {call.expected[kind]}, got {response.status_code} {response.content[:200]!r}"
            )
        if response.status_code >= 400 and response["Content-Type"].startswith("application/json"):
            error = response.json()["error"]
            assert set(error) == {"code", "message", "fields"} and error["message"], (kind, error)
    assert not mismatches, f"{call}:\n" + "\n".join(mismatches)


def test_every_api_url_name_is_exercised():
    """A new route of api.endpoints fails here until it joins CALLS (the routes of referrals, placements,
    follow-ups and assessments have their own tests: test_placements_api.py, test_assessments_api.py)."""
    from django.urls import resolve

    from api.routers import router
    from tests.accounts.test_permission_matrix import ALL_URL_NAMES

    elsewhere = {"api.endpoints.referrals", "api.endpoints.placements", "api.endpoints.assessments"}
    ours = {
        basename
        for _prefix, viewset, basename in router.registry
        if viewset.__module__.startswith("api.endpoints.") and viewset.__module__ not in elsewhere
    }
    api_names = {name for name in ALL_URL_NAMES if name.startswith("api:") and name[4:].rsplit("-", 1)[0] in ours}
    world_stub = {
        "city_a": type("C", (), {"slug": "x"})(),
        "vacancy": type("O", (), {"pk": 1})(),
        "employer": type("O", (), {"pk": 1})(),
        "seeker": type("O", (), {"pk": 1})(),
    }
    exercised = {resolve(call.url(world_stub)).view_name for call in CALLS}
    assert api_names and not api_names - exercised, (
        f"API routes without a permission test: {sorted(api_names - exercised)}"
    )
