"""MFA for the roles that see personal data, the superuser-only admin working in a chosen city,
the create_apeksi_admin command, the city chooser, and the profile's phone number."""

from __future__ import annotations

from urllib.parse import urlparse

import pytest
from allauth.account.models import EmailAddress
from django.core.management import CommandError, call_command
from django.urls import resolve, reverse
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext

from accounts.models import AuditLogEntry, Membership, User
from accounts.services import member_register
from cities.middleware import ACTIVE_CITY_SESSION_KEY
from cities.tenancy import city_context
from jobseekers.models import JobSeeker
from tests.factories import UserFactory, give_totp

pytestmark = pytest.mark.django_db


def target(response) -> str:
    assert response.status_code == 302, response.status_code
    return resolve(urlparse(response["Location"]).path).view_name


@pytest.fixture
def seekers(city_a, city_b):
    with city_context(city_a):
        ani = JobSeeker.objects.create(name="Ani Alpha")
    with city_context(city_b):
        citra = JobSeeker.objects.create(name="Citra Beta")
    return ani, citra


def _member(city, role, *, totp=False, **fields):
    user = UserFactory(**fields)
    member_register(user=user, city=city, role=role)
    if totp:
        give_totp(user)
    return user


# --- MFA -------------------------------------------------------------------------------------------
def test_staff_without_totp_is_sent_to_set_it_up_and_nothing_is_audited(client, city_a, seekers):
    ani, _ = seekers
    staff = _member(city_a, Membership.Role.STAFF)
    client.force_login(staff)
    list_url = reverse("jobseekers:list")
    functioning_url = reverse("jobseekers:functioning", kwargs={"pk": ani.pk})

    for url in (list_url, functioning_url):
        response = client.get(url)
        assert target(response) == "mfa_activate_totp"
        assert "next=" in response["Location"]
    with city_context(city_a):
        assert not AuditLogEntry.objects.filter(action=AuditLogEntry.Action.ACCESS).exists()

    give_totp(staff)
    assert client.get(list_url).status_code == 200
    assert client.get(functioning_url).status_code == 200
    with city_context(city_a):
        assert AuditLogEntry.objects.filter(action=AuditLogEntry.Action.ACCESS).count() == 1


def test_the_totp_page_asks_staff_signed_in_a_while_ago_to_reauthenticate(client, city_a):
    """force_login leaves no recent sign-in, like a session older than allauth's 5-minute window:
    the set-up page must ask for the password again (a redirect), not fail."""
    client.force_login(_member(city_a, Membership.Role.STAFF))
    client.raise_request_exception = False
    response = client.get(reverse("mfa_activate_totp"))
    assert target(response) == "account_reauthenticate"


def test_a_job_seeker_needs_no_totp(client, city_a):
    user = _member(city_a, Membership.Role.JOB_SEEKER)
    client.force_login(user)
    assert client.get(reverse("jobseekers:access-log")).status_code == 200
    assert client.get(reverse("dashboards:home-job-seeker")).status_code == 200


# --- The admin -------------------------------------------------------------------------------------
def _superuser(**fields):
    return UserFactory(is_superuser=True, is_staff=True, cross_city_role=User.CrossCityRole.APEKSI_ADMIN, **fields)


def test_a_superuser_without_totp_is_sent_to_set_it_up_and_with_totp_gets_in(client):
    admin = _superuser()
    client.force_login(admin)

    first = client.get(reverse("admin:index"))
    assert target(first) == "admin:login"
    second = client.get(first["Location"])
    assert target(second) == "mfa_activate_totp"

    give_totp(admin)
    assert client.get(reverse("admin:index")).status_code == 200


def test_staff_who_are_not_superusers_get_no_admin(client, city_a):
    staff = _member(city_a, Membership.Role.STAFF, totp=True, is_staff=True)  # even with the Django flag
    client.force_login(staff)
    first = client.get(reverse("admin:index"))
    assert target(first) == "admin:login"
    assert client.get(first["Location"]).status_code == 403
    assert target(client.get(reverse("admin:jobseekers_jobseeker_changelist"))) == "admin:login"


def test_the_admin_changelist_shows_only_the_chosen_citys_rows(client, city_a, seekers):
    admin = _superuser()
    give_totp(admin)
    client.force_login(admin)
    changelist = reverse("admin:jobseekers_jobseeker_changelist")

    before = client.get(changelist).content.decode()
    assert "Ani Alpha" not in before and "Citra Beta" not in before  # no city chosen: nothing

    response = client.post(reverse("admin:choose-city"), {"city": city_a.pk})
    assert target(response) == "admin:index"

    page = client.get(changelist)
    assert page.status_code == 200
    body = page.content.decode()
    assert "Ani Alpha" in body
    assert "Citra Beta" not in body
    assert page.wsgi_request.city == city_a


# --- create_apeksi_admin ---------------------------------------------------------------------------
STRONG = "Kuat-dan-panjang-2026!"


def test_create_apeksi_admin_makes_a_verified_cross_city_superuser_and_is_idempotent(monkeypatch, capsys):
    monkeypatch.setenv("IJC_ADMIN_PASSWORD", STRONG)
    call_command("create_apeksi_admin", "--email", "Admin@APEKSI.or.id", "--name", "Admin APEKSI")

    user = User.objects.get()
    assert user.email == "admin@apeksi.or.id"
    assert user.is_superuser and user.is_staff
    assert user.cross_city_role == User.CrossCityRole.APEKSI_ADMIN
    assert user.check_password(STRONG)
    address = EmailAddress.objects.get(user=user)
    assert (address.email, address.verified, address.primary) == ("admin@apeksi.or.id", True, True)

    monkeypatch.setenv("IJC_ADMIN_PASSWORD", STRONG + "x")
    call_command("create_apeksi_admin", "--email", "admin@apeksi.or.id", "--name", "Admin Baru")
    assert User.objects.count() == 1
    assert EmailAddress.objects.count() == 1
    user.refresh_from_db()
    assert user.name == "Admin Baru"
    assert user.check_password(STRONG + "x")


@pytest.mark.parametrize("password", ["12345678901", "password123", "short"])
def test_create_apeksi_admin_refuses_a_weak_password(monkeypatch, password):
    monkeypatch.setenv("IJC_ADMIN_PASSWORD", password)
    with pytest.raises(CommandError, match="Password refused"):
        call_command("create_apeksi_admin", "--email", "admin@apeksi.or.id", "--name", "Admin APEKSI")
    assert not User.objects.exists()


def test_create_apeksi_admin_refuses_a_missing_password(monkeypatch):
    monkeypatch.delenv("IJC_ADMIN_PASSWORD", raising=False)
    with pytest.raises(CommandError, match="No password"):
        call_command("create_apeksi_admin", "--email", "admin@apeksi.or.id", "--name", "Admin APEKSI")


# --- Several cities: the chooser ---------------------------------------------------------------------
def test_a_user_of_several_cities_chooses_and_the_choice_drives_request_city(client, city_a, city_b, seekers):
    user = _member(city_a, Membership.Role.STAFF, totp=True)
    member_register(user=user, city=city_b, role=Membership.Role.STAFF)
    client.force_login(user)
    list_url = reverse("jobseekers:list")

    response = client.get(list_url)
    assert target(response) == "accounts:choose-city"
    assert "next=" in response["Location"]
    assert target(client.get(reverse("dashboards:role-home"))) == "accounts:choose-city"
    chooser = client.get(response["Location"])
    assert chooser.status_code == 200
    assert {city.pk for city in chooser.context["cities"]} == {city_a.pk, city_b.pk}

    response = client.post(reverse("accounts:choose-city"), {"city": city_b.pk, "next": list_url})
    assert response["Location"] == list_url
    assert client.session[ACTIVE_CITY_SESSION_KEY] == city_b.pk

    page = client.get(list_url)
    assert page.wsgi_request.city == city_b
    body = page.content.decode()
    assert "Citra Beta" in body and "Ani Alpha" not in body

    client.post(reverse("accounts:choose-city"), {"city": city_a.pk, "next": list_url})
    page = client.get(list_url)
    assert page.wsgi_request.city == city_a
    assert "Ani Alpha" in page.content.decode()


def test_the_chooser_refuses_a_city_the_user_is_not_a_member_of(client, city_a, city_b):
    user = _member(city_a, Membership.Role.JOB_SEEKER)
    client.force_login(user)
    response = client.post(reverse("accounts:choose-city"), {"city": city_b.pk})
    assert response.status_code == 200  # the form with its error
    assert ACTIVE_CITY_SESSION_KEY not in client.session


def test_the_chooser_does_not_redirect_off_site(client, city_a, city_b):
    user = _member(city_a, Membership.Role.JOB_SEEKER)
    member_register(user=user, city=city_b, role=Membership.Role.JOB_SEEKER)
    client.force_login(user)
    response = client.post(reverse("accounts:choose-city"), {"city": city_b.pk, "next": "https://evil.example/"})
    assert target(response) == "dashboards:role-home"


# --- Profile: the phone number ----------------------------------------------------------------------
def test_the_profile_phone_is_normalised_to_e164(client, city_a):
    user = _member(city_a, Membership.Role.JOB_SEEKER)
    client.force_login(user)
    response = client.post(
        reverse("accounts:profile"), {"name": "Nama Baru", "phone": "0812 3456 7890", "language": "id"}
    )
    assert target(response) == "accounts:profile"
    user.refresh_from_db()
    assert str(user.phone) == "+6281234567890"
    assert user.name == "Nama Baru"


def test_an_invalid_phone_is_refused_and_the_other_values_are_kept(client, city_a):
    user = _member(city_a, Membership.Role.JOB_SEEKER, name="Nama Lama")
    client.force_login(user)
    response = client.post(reverse("accounts:profile"), {"name": "Nama Ketikan", "phone": "12", "language": "en"})

    assert response.status_code == 200
    assert response.context["form"].errors["phone"]
    with translation.override("id"):
        message = gettext("Write a valid Indonesian mobile number, for example 0812 3456 7890 or +62 812 3456 7890.")
    body = response.content.decode()
    assert escape(message) in body
    assert 'value="Nama Ketikan"' in body
    assert 'value="12"' in body
    user.refresh_from_db()
    assert (user.name, str(user.phone or "")) == ("Nama Lama", "")
