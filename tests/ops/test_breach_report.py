"""``manage.py breach_report``: whose records an account or an API token read or changed in a period,
from the audit trail, with ids only (no names, NIKs or contact details)."""

from __future__ import annotations

import csv
import datetime
import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from accounts.models import AuditLogEntry
from api.models import ApiToken
from cities.tenancy import city_context
from tests import personas
from tests.api.conftest import bearer_client, make_token

pytestmark = pytest.mark.django_db

NAMES = ("Agus Salim", "Dewi Lestari", "Joko Susilo")


def run(*args) -> str:
    out, err = io.StringIO(), io.StringIO()
    call_command("breach_report", *args, stdout=out, stderr=err)
    return out.getvalue()


@pytest.fixture
def world(client, city_a, city_b, staff_a, staff_b):
    """staff_a reads Agus in the browser and Dewi through an API token, and changes nothing; Joko is
    read by another officer; staff_b reads a person of city B; an old read of Joko by staff_a is outside the period."""
    agus = personas.walk_in(city_a, NAMES[0], nik="3372050701900002", phone="+6281234567890")
    dewi = personas.walk_in(city_a, NAMES[1])
    joko = personas.walk_in(city_a, NAMES[2])
    beta = personas.walk_in(city_b, "Orang Beta")
    client.force_login(staff_a)
    assert client.get(reverse("jobseekers:case-sensitive", kwargs={"pk": agus.pk})).status_code == 200
    raw = make_token(staff_a, city_a, scope="read")
    response = bearer_client(raw).get(f"/api/v1/pencari-kerja/{dewi.pk}/sensitive/")
    assert response.status_code == 200, response.content[:500]
    other = personas.staff_officer(city_a, name="Petugas Lain", email="lain@kota.test")
    client.force_login(other)
    client.get(reverse("jobseekers:case-sensitive", kwargs={"pk": joko.pk}))
    client.force_login(staff_b)
    client.get(reverse("jobseekers:case-sensitive", kwargs={"pk": beta.pk}))
    with city_context(city_a):
        old = AuditLogEntry.objects.get(object_pk=str(agus.pk), action=AuditLogEntry.Action.ACCESS)
        old.pk = None
        old.object_pk = str(joko.pk)
        old.timestamp = timezone.now() - datetime.timedelta(days=60)
        old.save()
        token = ApiToken.objects.get(user=staff_a)
    return {"agus": agus, "dewi": dewi, "joko": joko, "beta": beta, "token": token}


def period() -> list[str]:
    today = timezone.localdate()
    return ["--since", str(today - datetime.timedelta(days=7)), "--until", str(today)]


def test_an_accounts_report_lists_what_it_read_in_the_period_by_id_only(world, city_a, staff_a):
    output = run("--user", staff_a.email.upper(), *period())
    rows = list(csv.DictReader(io.StringIO(output)))
    by_seeker = {row["job_seeker_id"]: row for row in rows}
    assert set(by_seeker) == {str(world["agus"].pk), str(world["dewi"].pk)}  # not Joko (other officer, or too old)
    agus, dewi = by_seeker[str(world["agus"].pk)], by_seeker[str(world["dewi"].pk)]
    assert (agus["city"], agus["record_type"], agus["reads"], agus["changes"]) == (
        city_a.slug,
        "jobseekers.jobseeker",
        "1",
        "0",
    )
    assert "disability" in agus["field_groups"].split() and agus["via"] == "session"
    assert dewi["via"] == f"api-token:{world['token'].pk}"
    for secret in (*NAMES, "3372050701900002", "+6281234567890", staff_a.email, "Sari"):
        assert secret not in output


def test_a_tokens_report_lists_only_what_the_token_read(world, city_a):
    report = json.loads(run("--token", str(world["token"].pk), *period(), "--format", "json"))
    assert (
        json.loads(run("--token", world["token"].prefix, *period(), "--format", "json"))["records"] == report["records"]
    )
    assert [r["job_seeker_id"] for r in report["records"]] == [str(world["dewi"].pk)]
    assert report["summary"] == {"records": 1, "job_seekers": 1, "reads": 1, "changes": 0}
    assert report["cities"] == [city_a.slug] and {"city": city_a.slug, "role": "staff"} in report["roles"]
    assert report["subject"]["token"] == world["token"].pk and "Sari" not in json.dumps(report)


def test_the_period_and_the_city_limit_the_report(world, city_a, city_b, staff_a):
    old = timezone.localdate() - datetime.timedelta(days=60)
    rows = list(csv.DictReader(io.StringIO(run("--user", str(staff_a.pk), "--since", str(old), "--until", str(old)))))
    assert [row["job_seeker_id"] for row in rows] == [str(world["joko"].pk)]
    assert run("--user", staff_a.email, *period(), "--city", city_b.slug).splitlines() == [
        "city,record_type,record_id,job_seeker_id,reads,changes,field_groups,first_at,last_at,via"
    ]


def test_bad_arguments_are_refused(world, staff_a):
    with pytest.raises(CommandError, match="No account"):
        run("--user", "nobody@example.test", *period())
    with pytest.raises(CommandError, match="before"):
        run("--user", staff_a.email, "--since", "2026-02-01", "--until", "2026-01-01")
    with pytest.raises(CommandError, match="No API token"):
        run("--token", "999999", *period())
