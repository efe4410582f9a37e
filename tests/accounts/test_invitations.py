"""Invitations: sent by a city admin (or the APEKSI admin for a city's first admin), single use,
expiring, revocable, valid in their own city only."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.translation import gettext

from accounts import services
from accounts.models import Invitation, Membership, User
from accounts.services import AccountError, invitation_send, member_register
from cities.tenancy import city_context
from tests.factories import UserFactory, give_totp

pytestmark = pytest.mark.django_db

PASSWORD = "Sangat-rahasia-2026"


def id_text(message: str) -> str:
    """``message`` as the page shows it in Indonesian (the default language), HTML-escaped."""
    with translation.override("id"):
        return escape(gettext(message))


NOT_VALID = "This invitation link is not valid. Check that you copied the whole link."
USED = "This invitation has already been used. Sign in with the account that accepted it."
REVOKED = "This invitation was withdrawn by the city. Ask the city admin for a new one."
EXPIRED = "This invitation has expired. Ask the city admin to send a new one."
OTHER_EMAIL = "This invitation is for another email address. Sign out, then open the link again."


@pytest.fixture
def city_admin(city_a):
    user = UserFactory(name="Admin Alpha")
    member_register(user=user, city=city_a, role=Membership.Role.CITY_ADMIN)
    give_totp(user)
    return user


@pytest.fixture
def invite(city_a, city_admin):
    """Send an invitation of city A (staff by default); returns (invitation, token)."""

    def send(email="baru@example.test", role="staff", **extra):
        return invitation_send(actor=city_admin, city=city_a, email=email, name="Orang Baru", role=role, **extra)

    return send


def accept_url(city, token: str) -> str:
    return reverse("accounts:invitation-accept", kwargs={"city_slug": city.slug, "token": token})


def test_a_city_admin_sends_an_invitation_and_the_new_person_accepts_it(
    client, city_a, city_admin, django_capture_on_commit_callbacks
):
    client.force_login(city_admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("accounts:invitation-list"),
            {"name": "Dewi Lestari", "email": "Dewi@Example.test", "role": "staff", "organisation": ""},
        )
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["dewi@example.test"]
    link = re.search(r"https?://\S+/kota/kota-alpha/undangan/(?P<token>[\w-]+)/", message.body)
    assert link, message.body
    client.logout()

    path = accept_url(city_a, link["token"])
    assert client.get(path).status_code == 200  # the sign-up form
    response = client.post(path, {"name": "Dewi Lestari", "password1": PASSWORD, "password2": PASSWORD})

    assert response.status_code == 302
    assert response["Location"] == reverse("dashboards:role-home")
    user = User.objects.get(email="dewi@example.test")
    assert user.name == "Dewi Lestari"
    assert EmailAddress.objects.get(user=user).verified
    assert int(client.session["_auth_user_id"]) == user.pk
    with city_context(city_a):
        assert list(Membership.objects.filter(user=user).values_list("role", flat=True)) == ["staff"]
        invitation = Invitation.objects.get(email="dewi@example.test")
        assert invitation.status == "accepted"
        assert invitation.accepted_by == user


def test_an_existing_user_with_the_invited_address_signs_in_and_accepts(client, city_a, invite):
    user = UserFactory(email="ada@example.test")
    _invitation, token = invite(email="ada@example.test")
    path = accept_url(city_a, token)
    assert "accounts/invitation_sign_in.html" in [t.name for t in client.get(path).templates]
    client.force_login(user)
    assert client.get(path).status_code == 200
    response = client.post(path)
    assert response.status_code == 302
    with city_context(city_a):
        assert Membership.objects.filter(user=user, role="staff").exists()


@pytest.mark.parametrize(
    ("spoil", "message"),
    [
        ("expire", EXPIRED),
        ("revoke", REVOKED),
        ("use", USED),
    ],
)
def test_an_unusable_invitation_is_refused_with_the_reason_and_410(client, city_a, city_admin, invite, spoil, message):
    invitation, token = invite()
    with city_context(city_a):
        if spoil == "expire":
            Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
        elif spoil == "revoke":
            services.invitation_revoke(actor=city_admin, invitation=invitation)
        else:
            services.invitation_accept(invitation=invitation, user=UserFactory(email=invitation.email))

    response = client.get(accept_url(city_a, token))

    assert response.status_code == 410
    assert id_text(message) in response.content.decode()
    response = client.post(accept_url(city_a, token), {"name": "X", "password1": PASSWORD, "password2": PASSWORD})
    assert response.status_code == 410


def test_an_unknown_token_is_a_404_saying_the_link_is_not_valid(client, city_a):
    response = client.get(accept_url(city_a, "no-such-token"))
    assert response.status_code == 404
    assert id_text(NOT_VALID) in response.content.decode()


def test_a_signed_in_user_with_another_address_gets_403_and_why(client, city_a, invite):
    _invitation, token = invite()
    client.force_login(UserFactory(email="someone.else@example.test"))

    for response in (client.get(accept_url(city_a, token)), client.post(accept_url(city_a, token))):
        assert response.status_code == 403
        assert id_text(OTHER_EMAIL) in response.content.decode()
    with city_context(city_a):
        assert Invitation.objects.get().status == "pending"


def test_city_as_invitation_is_not_valid_under_city_b(client, city_a, city_b, invite):
    _invitation, token = invite()
    response = client.get(accept_url(city_b, token))
    assert response.status_code == 404
    assert id_text(NOT_VALID) in response.content.decode()
    response = client.post(accept_url(city_b, token), {"name": "X", "password1": PASSWORD, "password2": PASSWORD})
    assert response.status_code == 404
    assert not User.objects.filter(email="baru@example.test").exists()


def test_an_invitation_cannot_be_accepted_twice(city_a, invite):
    invitation, _token = invite()
    first = UserFactory(email=invitation.email)
    with city_context(city_a):
        services.invitation_accept(invitation=invitation, user=first)
        # ``invitation`` is the stale object still saying "pending": the service re-reads it locked.
        with pytest.raises(AccountError) as error:
            services.invitation_accept(invitation=invitation, user=first)
    assert str(error.value) == gettext(USED)
    with city_context(city_a):
        assert Membership.objects.filter(user=first).count() == 1


def test_the_invitation_is_for_its_address_only_even_through_the_service(city_a, invite):
    invitation, _token = invite()
    with city_context(city_a), pytest.raises(AccountError):
        services.invitation_accept(invitation=invitation, user=UserFactory(email="other@example.test"))


def test_a_city_admin_revokes_a_pending_invitation(client, city_a, city_admin, invite):
    invitation, token = invite()
    client.force_login(city_admin)

    response = client.post(reverse("accounts:invitation-revoke", kwargs={"pk": invitation.pk}))

    assert response.status_code == 302
    with city_context(city_a):
        invitation.refresh_from_db()
    assert invitation.status == "revoked"
    assert invitation.revoked_by == city_admin
    client.logout()
    assert client.get(accept_url(city_a, token)).status_code == 410


def test_sending_again_revokes_the_previous_pending_invitation(city_a, invite):
    first, first_token = invite()
    second, second_token = invite()
    with city_context(city_a):
        first.refresh_from_db()
        second.refresh_from_db()
    assert (first.status, second.status) == ("revoked", "pending")
    assert first_token != second_token


def test_the_apeksi_admin_invites_a_citys_first_city_admin(client, city_a, django_capture_on_commit_callbacks):
    apeksi = UserFactory(cross_city_role=User.CrossCityRole.APEKSI_ADMIN, is_superuser=True, is_staff=True)
    give_totp(apeksi)
    client.force_login(apeksi)
    assert client.get(reverse("accounts:city-admin-invite")).status_code == 200

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("accounts:city-admin-invite"),
            {"city": city_a.pk, "name": "Kepala IJC", "email": "kepala@example.test"},
        )

    assert response.status_code == 302
    assert [m.to for m in mail.outbox] == [["kepala@example.test"]]
    assert f"/kota/{city_a.slug}/undangan/" in mail.outbox[0].body
    with city_context(city_a):
        invitation = Invitation.objects.get()
    assert (invitation.role, invitation.invited_by, invitation.status) == ("city_admin", apeksi, "pending")


def test_an_apeksi_analyst_cannot_invite_city_admins(client):
    analyst = UserFactory(cross_city_role=User.CrossCityRole.APEKSI_ANALYST)
    give_totp(analyst)
    client.force_login(analyst)
    assert client.get(reverse("accounts:city-admin-invite")).status_code == 403


def test_staff_cannot_reach_the_invitation_page(client, city_a):
    staff = UserFactory()
    member_register(user=staff, city=city_a, role=Membership.Role.STAFF)
    give_totp(staff)
    client.force_login(staff)
    client.raise_request_exception = False
    assert client.get(reverse("accounts:invitation-list")).status_code == 403
    assert (
        client.post(
            reverse("accounts:invitation-list"), {"name": "X", "email": "x@example.test", "role": "city_admin"}
        ).status_code
        == 403
    )
    with city_context(city_a):
        assert not Invitation.objects.exists()
