"""API tokens: stored hashed, shown once, bound to user and city, scopes, revocation, expiry, MFA."""

from __future__ import annotations

import datetime
import hashlib

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.models import Membership
from api.models import ApiToken
from api.tokens import token_authenticate
from cities.tenancy import city_context
from tests.api.conftest import bearer_client, make_member, make_token

pytestmark = pytest.mark.django_db


def test_the_token_page_shows_the_secret_once_and_stores_only_its_hash(client, city_a, members):
    staff = members[Membership.Role.STAFF]
    client.force_login(staff)
    response = client.post(reverse("api-tokens:list"), {"name": "Karirhub", "scope": "read", "expires": "90"})
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    raw = response.context["raw_token"]
    assert raw.startswith(f"ijc_{city_a.pk}_") and len(raw.split("_", 2)[2]) == 43
    assert raw in response.content.decode()
    with city_context(city_a):
        token = ApiToken.objects.get()
    assert token.key_hash == hashlib.sha256(raw.encode()).hexdigest()
    assert raw not in {token.prefix, token.key_hash, token.name}
    assert raw.startswith(token.prefix) and len(token.prefix) < len(raw)
    assert token.user_id == staff.pk and token.city_id == city_a.pk and token.scope == "read"
    assert token.expires_at > timezone.now() + datetime.timedelta(days=89)
    listing = client.get(reverse("api-tokens:list")).content.decode()
    assert "Karirhub" in listing and token.prefix in listing and raw not in listing


def test_the_token_form_keeps_input_and_explains_errors(client, members):
    client.force_login(members[Membership.Role.EMPLOYER])
    response = client.post(reverse("api-tokens:list"), {"name": "  ", "scope": "admin", "expires": "90"})
    assert response.status_code == 200
    assert response.context["form"].errors.keys() == {"name", "scope"}
    assert response.context["raw_token"] is None


def test_mfa_roles_must_have_totp_to_create_a_token(client, city_a):
    staff = make_member(city_a, Membership.Role.STAFF, mfa=False)
    client.force_login(staff)
    response = client.post(reverse("api-tokens:list"), {"name": "x", "scope": "read", "expires": "never"})
    assert response.status_code == 302 and response["Location"].startswith(reverse("mfa_activate_totp"))
    with city_context(city_a):
        assert not ApiToken.objects.exists()


def test_a_job_seeker_cannot_create_tokens(client, members):
    client.force_login(members[Membership.Role.JOB_SEEKER])
    assert client.get(reverse("api-tokens:list")).status_code == 403


def test_revoke_own_token_then_it_is_a_401(client, city_a, members):
    staff = members[Membership.Role.STAFF]
    raw = make_token(staff, city_a)
    api = bearer_client(raw)
    assert api.get(reverse("api:root")).status_code == 200
    with city_context(city_a):
        token = ApiToken.objects.get()
    client.force_login(staff)
    assert client.post(reverse("api-tokens:revoke", kwargs={"pk": token.pk})).status_code == 302
    with city_context(city_a):
        token.refresh_from_db()
    assert token.revoked_at is not None
    assert token_authenticate(raw) is None


def test_another_users_token_cannot_be_revoked(client, city_a, members):
    make_token(members[Membership.Role.EMPLOYER], city_a)
    with city_context(city_a):
        token = ApiToken.objects.get()
    client.force_login(members[Membership.Role.STAFF])
    assert client.post(reverse("api-tokens:revoke", kwargs={"pk": token.pk})).status_code == 404
    with city_context(city_a):
        token.refresh_from_db()
    assert token.revoked_at is None


def test_another_citys_token_is_a_404_on_revoke(client, city_a, city_b):
    """The same person, staff in both cities: city B's token cannot be reached from city A."""
    user = make_member(city_a, Membership.Role.STAFF)
    with city_context(city_b):
        from accounts.services import member_register

        member_register(user=user, city=city_b, role=Membership.Role.STAFF)
    make_token(user, city_b)
    with city_context(city_b):
        token = ApiToken.objects.get()
    client.force_login(user)
    session = client.session
    session["active_city_id"] = city_a.pk
    session.save()
    assert client.post(reverse("api-tokens:revoke", kwargs={"pk": token.pk})).status_code == 404


def test_authentication_rules(city_a, members):
    staff = members[Membership.Role.STAFF]
    raw = make_token(staff, city_a)
    token = token_authenticate(raw)
    assert token is not None and token.user == staff and token.city == city_a and token.last_used_at is not None
    tampered = raw[:-1] + ("A" if raw[-1] != "A" else "B")
    assert token_authenticate(tampered) is None
    assert token_authenticate("ijc_999999_" + raw.split("_", 2)[2]) is None
    assert token_authenticate("") is None and token_authenticate("Bearer x") is None
    expired = make_token(staff, city_a, expires_at=timezone.now() - datetime.timedelta(seconds=1))
    assert token_authenticate(expired) is None
    staff.is_active = False
    staff.save(update_fields=["is_active"])
    assert token_authenticate(raw) is None


def test_the_city_part_of_a_token_cannot_be_swapped(city_a, city_b, members):
    """A token of city A with city B's id in it finds nothing: the hash covers the whole string."""
    raw = make_token(members[Membership.Role.STAFF], city_a)
    forged = raw.replace(f"ijc_{city_a.pk}_", f"ijc_{city_b.pk}_", 1)
    assert token_authenticate(forged) is None


def test_last_use_is_written_at_most_once_a_minute(city_a, members, django_assert_num_queries):
    raw = make_token(members[Membership.Role.STAFF], city_a)
    first = token_authenticate(raw).last_used_at
    second = token_authenticate(raw).last_used_at
    assert second == first
    with city_context(city_a):
        ApiToken.objects.update(last_used_at=timezone.now() - datetime.timedelta(minutes=2))
    assert token_authenticate(raw).last_used_at > first


def test_invalid_revoked_and_expired_tokens_are_401_with_the_error_shape(city_a, members):
    staff = members[Membership.Role.STAFF]
    raw = make_token(staff, city_a)
    with city_context(city_a):
        ApiToken.objects.update(revoked_at=timezone.now())
    for credentials in (raw, "nonsense", ""):
        response = bearer_client(credentials).get(reverse("api:root"))
        # the root is public, so it answers; an endpoint behind a permission answers 401:
        assert response.status_code == 200
    response = bearer_client(raw).get(reverse("placements:api-employer-candidates"))
    assert response.status_code == 401
    assert response.json() == {
        "error": {
            "code": "authentication_failed",
            "message": "The API token is invalid, expired or revoked.",
            "fields": {},
        }
    }
    assert response["WWW-Authenticate"] == 'Bearer realm="api"'
    anonymous = APIClient().get(reverse("placements:api-employer-candidates"))
    assert anonymous.status_code == 401 and anonymous.json()["error"]["code"] == "not_authenticated"


def test_my_account_links_to_the_tokens_page_for_roles_that_may_hold_one(client, members):
    url = reverse("api-tokens:list")
    client.force_login(members[Membership.Role.STAFF])
    assert url in client.get(reverse("accounts:profile")).content.decode()
    client.force_login(members[Membership.Role.JOB_SEEKER])
    assert url not in client.get(reverse("accounts:profile")).content.decode()


def test_creating_and_revoking_a_token_is_in_the_audit_trail(client, city_a, members):
    from accounts.models import AuditLogEntry

    staff = members[Membership.Role.STAFF]
    client.force_login(staff)
    client.post(reverse("api-tokens:list"), {"name": "Audit", "scope": "write", "expires": "30"})
    with city_context(city_a):
        token = ApiToken.objects.get()
    client.post(reverse("api-tokens:revoke", kwargs={"pk": token.pk}))
    bearer_client(make_token(staff, city_a)).get(reverse("api:jobseeker-list"))  # a use: no entry
    with city_context(city_a):
        entries = list(AuditLogEntry.objects.filter(object_pk=str(token.pk), content_type__model="apitoken"))
    assert sorted(e.action for e in entries) == sorted([AuditLogEntry.Action.CREATE, AuditLogEntry.Action.UPDATE])
    assert all(e.actor == staff for e in entries)
    assert all("key_hash" not in (e.changes or {}) for e in entries)
