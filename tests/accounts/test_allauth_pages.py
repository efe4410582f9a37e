"""Our templates for django-allauth's pages (templates/account/, templates/mfa/): the flows work end to end.

Sign-up (job seeker), email confirmation, login, password reset, and two-step verification with an
authenticator app (TOTP) and recovery codes, through the real forms. Every page renders in our
layout: status 200, one ``h1``, ``<html lang="id">``.
"""

from __future__ import annotations

import re
import time

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value, yield_hotp_counters_from_time
from django.core import mail
from django.template.loader import render_to_string
from django.test import Client, RequestFactory
from django.urls import reverse

from accounts.models import Membership, User
from cities.tenancy import city_context
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_rate_limits_left_over():
    """allauth's rate limits (e.g. one confirmation email per address per 3 minutes) live in the cache,
    and the in-memory cache outlives a test: start every test with an empty one."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


PASSWORD = "correct horse battery"  # tests.factories.UserFactory's password
NEW_PASSWORD = "Kerja-Inklusif-2026"


def verified_user(email: str = "budi@example.test", **kwargs) -> User:
    user = UserFactory(email=email, name="Budi Santoso", **kwargs)
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user


def sign_in(client: Client, email: str, password: str = PASSWORD):
    return client.post(reverse("account_login"), {"login": email, "password": password})


def link_in_last_email(pattern: str) -> str:
    match = re.search(r"https?://[^/\s]+(" + pattern + r")", mail.outbox[-1].body)
    assert match, mail.outbox[-1].body
    return match.group(1)


def current_totp(secret: str) -> str:
    return format_hotp_value(hotp_value(secret, int(time.time()) // mfa_settings.TOTP_PERIOD))


def wrong_totp(secret: str) -> str:
    valid = {format_hotp_value(hotp_value(secret, counter)) for counter in yield_hotp_counters_from_time()}
    return next(code for code in (f"{n:06d}" for n in range(1_000_000)) if code not in valid)


def assert_our_page(response) -> str:
    assert response.status_code == 200, response.status_code
    html = response.content.decode()
    assert html.count("<h1") == 1, html
    assert '<html lang="id"' in html
    assert 'id="main"' in html  # our layout (templates/base.html), not allauth's bare one
    return html


def signup_data(chosen_city, **overrides) -> dict:
    data = {
        "name": "Siti Rahma",
        "email": "siti@example.test",
        "phone": "",
        "role": Membership.Role.JOB_SEEKER.value,
        "city": chosen_city.pk,
        "password1": NEW_PASSWORD,
        "password2": NEW_PASSWORD,
    }
    data.update(overrides)
    return data


# --- (1) sign-up --------------------------------------------------------------------------------


def test_signing_up_as_a_job_seeker_creates_the_account_membership_and_sends_a_confirmation(client, city_a):
    page = client.get(reverse("account_signup"))
    html = assert_our_page(page)
    assert "<fieldset" in html and 'name="role"' in html and 'name="city"' in html
    assert 'autocomplete="new-password"' in html and 'autocomplete="email"' in html

    response = client.post(reverse("account_signup"), signup_data(city_a))

    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    user = User.objects.get(email="siti@example.test")
    assert user.name == "Siti Rahma"
    assert EmailAddress.objects.get(user=user).verified is False
    with city_context(city_a):
        assert Membership.objects.filter(user=user, city=city_a, role=Membership.Role.JOB_SEEKER).exists()
        from jobseekers.models import JobSeeker

        profile = JobSeeker.objects.get(user=user)  # made at sign-up (accounts.signals.member_signed_up)
        assert (profile.name, profile.registration_channel) == ("Siti Rahma", "self")
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["siti@example.test"]
    assert "/akun/confirm-email/" in mail.outbox[0].body
    assert "Siti Rahma" in mail.outbox[0].body
    assert_our_page(client.get(response["Location"]))


def test_a_bad_sign_up_shows_the_error_summary_and_keeps_what_was_typed(client, city_a):
    data = signup_data(city_a, city="", password2="Something-else-2026")

    response = client.post(reverse("account_signup"), data)

    html = assert_our_page(response)
    assert 'id="error-summary"' in html
    assert 'href="#id_city"' in html and 'href="#id_password2"' in html
    assert 'value="Siti Rahma"' in html
    assert 'value="siti@example.test"' in html
    assert NEW_PASSWORD not in html  # passwords are never sent back
    assert 'aria-invalid="true"' in html
    assert not User.objects.filter(email="siti@example.test").exists()
    assert mail.outbox == []


# --- (2) email confirmation, then login -------------------------------------------------------


def test_the_emailed_link_confirms_the_address_and_then_login_lands_on_the_role_home(client, city_a):
    client.post(reverse("account_signup"), signup_data(city_a))
    confirm_path = link_in_last_email(r"/akun/confirm-email/[^/\s]+/")

    page = client.get(confirm_path)
    html = assert_our_page(page)
    assert "siti@example.test" in html and 'method="post"' in html

    assert client.post(confirm_path).status_code == 302
    assert EmailAddress.objects.get(email="siti@example.test").verified is True

    fresh = Client()
    response = sign_in(fresh, "siti@example.test", NEW_PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == reverse("dashboards:role-home")
    home = fresh.get(response["Location"])
    assert home.status_code == 302
    assert home["Location"] == reverse("dashboards:home-job-seeker")


def test_an_unconfirmed_address_cannot_sign_in_yet(client, city_a):
    client.post(reverse("account_signup"), signup_data(city_a))

    response = sign_in(Client(), "siti@example.test", NEW_PASSWORD)

    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")


def test_an_invalid_confirmation_link_says_so(client):
    html = assert_our_page(client.get(reverse("account_confirm_email", args=["not-a-real-key"])))

    assert 'method="post"' not in html.split('id="main"')[1].split("</main>")[0]
    assert reverse("account_login") in html


def test_a_wrong_password_shows_the_error_summary(client):
    verified_user()

    html = assert_our_page(sign_in(client, "budi@example.test", "wrong password"))

    assert 'id="error-summary"' in html
    assert 'value="budi@example.test"' in html


# --- (3) password reset -----------------------------------------------------------------------


def test_the_password_reset_email_lets_the_person_choose_a_new_password(client):
    verified_user()
    assert_our_page(client.get(reverse("account_reset_password")))

    response = client.post(reverse("account_reset_password"), {"email": "budi@example.test"})
    assert response.status_code == 302
    assert response["Location"] == reverse("account_reset_password_done")
    assert_our_page(client.get(response["Location"]))
    key_path = link_in_last_email(r"/akun/password/reset/key/[^/\s]+/")

    to_form = client.get(key_path)
    assert to_form.status_code == 302  # allauth moves the key into the session
    form_page = client.get(to_form["Location"])
    html = assert_our_page(form_page)
    assert 'name="password1"' in html and 'autocomplete="new-password"' in html

    mismatch = client.post(to_form["Location"], {"password1": NEW_PASSWORD, "password2": "nope-nope-2026"})
    assert 'id="error-summary"' in assert_our_page(mismatch)

    done = client.post(to_form["Location"], {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert done.status_code == 302
    assert done["Location"] == reverse("account_reset_password_from_key_done")
    assert_our_page(client.get(done["Location"]))

    assert sign_in(Client(), "budi@example.test", PASSWORD).status_code == 200  # old password refused
    assert sign_in(Client(), "budi@example.test", NEW_PASSWORD)["Location"] == reverse("dashboards:role-home")


def test_a_bad_password_reset_link_says_so(client):
    verified_user()

    html = assert_our_page(client.get("/akun/password/reset/key/1-not-a-token/"))

    assert 'name="password1"' not in html
    assert reverse("account_reset_password") in html


# --- (4) two-step verification ----------------------------------------------------------------


def reauthenticate(client: Client, next_url: str) -> None:
    """allauth asks for the password again before security changes (ACCOUNT_REAUTHENTICATION_TIMEOUT)."""
    asked = client.get(next_url)
    assert asked.status_code == 302 and asked["Location"].startswith(reverse("account_reauthenticate"))
    page = assert_our_page(client.get(asked["Location"]))
    assert f'name="next" value="{next_url}"' in page
    wrong = client.post(reverse("account_reauthenticate"), {"password": "wrong password", "next": next_url})
    assert 'id="error-summary"' in assert_our_page(wrong)
    response = client.post(reverse("account_reauthenticate"), {"password": PASSWORD, "next": next_url})
    assert response.status_code == 302 and response["Location"] == next_url


def activate_totp(client: Client) -> str:
    """Turn TOTP on through the activation page (after confirming the password); returns the secret."""
    reauthenticate(client, reverse("mfa_activate_totp"))
    page = client.get(reverse("mfa_activate_totp"))
    html = assert_our_page(page)
    secret = page.context["form"].secret
    assert secret in html  # the setup key as text, for people who cannot scan the QR code
    assert re.search(r'<img [^>]*src="data:image/svg\+xml;base64,[^"]+"[^>]* alt="[^"]+"', html)
    assert 'autocomplete="one-time-code"' in html and 'inputmode="numeric"' in html

    wrong = client.post(reverse("mfa_activate_totp"), {"code": wrong_totp(secret)})
    assert 'id="error-summary"' in assert_our_page(wrong)

    response = client.post(reverse("mfa_activate_totp"), {"code": current_totp(secret)})
    assert response.status_code == 302, response.content.decode()
    assert response["Location"] == reverse("mfa_view_recovery_codes")
    return secret


def test_activating_totp_then_signing_in_asks_for_the_code(client):
    verified_user()
    assert sign_in(client, "budi@example.test")["Location"] == reverse("dashboards:role-home")
    html = assert_our_page(client.get(reverse("mfa_index")))
    assert reverse("mfa_activate_totp") in html

    secret = activate_totp(client)

    codes_page = assert_our_page(client.get(reverse("mfa_view_recovery_codes")))
    codes_list = re.search(r'<ul class="code"[^>]*>(.*?)</ul>', codes_page, re.S).group(1)
    assert len(re.findall(r"<li>\d{8}</li>", codes_list)) == 10
    assert reverse("mfa_download_recovery_codes") in codes_page
    assert reverse("mfa_deactivate_totp") in assert_our_page(client.get(reverse("mfa_index")))

    browser = Client()
    response = sign_in(browser, "budi@example.test")
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_authenticate")
    step = assert_our_page(browser.get(response["Location"]))
    assert 'autocomplete="one-time-code"' in step and 'inputmode="numeric"' in step

    refused = browser.post(reverse("mfa_authenticate"), {"code": wrong_totp(secret)})
    html = assert_our_page(refused)
    assert 'id="error-summary"' in html and 'aria-invalid="true"' in html
    assert "_auth_user_id" not in browser.session

    accepted = browser.post(reverse("mfa_authenticate"), {"code": current_totp(secret)})
    assert accepted.status_code == 302
    assert accepted["Location"] == reverse("dashboards:role-home")
    assert browser.session["_auth_user_id"] == str(User.objects.get(email="budi@example.test").pk)


def test_a_recovery_code_also_signs_in(client):
    verified_user()
    sign_in(client, "budi@example.test")
    activate_totp(client)
    codes_page = client.get(reverse("mfa_view_recovery_codes")).content.decode()
    code = re.findall(r"<li>(\d{8})</li>", codes_page)[0]

    browser = Client()
    sign_in(browser, "budi@example.test")
    response = browser.post(reverse("mfa_authenticate"), {"code": code})

    assert response.status_code == 302
    assert response["Location"] == reverse("dashboards:role-home")


# --- (5) every page: our layout, one h1, Indonesian -----------------------------------------


ANONYMOUS_PAGES = [
    "account_login",
    "account_signup",
    "account_reset_password",
    "account_reset_password_done",
    "account_email_verification_sent",
    "account_inactive",
    "account_reset_password_from_key_done",
]


@pytest.mark.parametrize("name", ANONYMOUS_PAGES)
def test_each_anonymous_page_renders_in_our_layout(client, name):
    assert_our_page(client.get(reverse(name)))


SIGNED_IN_PAGES = [
    "account_logout",
    "account_email",
    "account_change_password",
    "account_reauthenticate",
    "mfa_index",
]


@pytest.mark.parametrize("name", SIGNED_IN_PAGES)
def test_each_signed_in_page_renders_in_our_layout(client, name):
    verified_user()
    sign_in(client, "budi@example.test")
    assert_our_page(client.get(reverse(name)))


def test_the_pages_for_a_user_with_an_authenticator_render_in_our_layout(client):
    verified_user()
    sign_in(client, "budi@example.test")
    activate_totp(client)

    for name in ("mfa_index", "mfa_view_recovery_codes", "mfa_generate_recovery_codes", "mfa_deactivate_totp"):
        assert_our_page(client.get(reverse(name)))
    html = assert_our_page(client.get(reverse("mfa_reauthenticate")))
    assert 'autocomplete="one-time-code"' in html


def test_the_password_set_page_renders_for_a_user_without_a_password(client):
    user = verified_user()
    user.set_unusable_password()
    user.save()
    client.force_login(user)

    html = assert_our_page(client.get(reverse("account_set_password")))
    assert 'name="password1"' in html


def test_the_email_page_adds_an_address_and_shows_errors(client):
    verified_user()
    sign_in(client, "budi@example.test")

    bad = client.post(reverse("account_email"), {"action_add": "", "email": "not an address"})
    html = assert_our_page(bad)
    assert 'id="error-summary"' in html

    added = client.post(reverse("account_email"), {"action_add": "", "email": "budi.kedua@example.test"})
    assert added.status_code == 302
    html = assert_our_page(client.get(reverse("account_email")))
    assert "budi.kedua@example.test" in html and 'type="radio"' in html


@pytest.mark.parametrize("template", ["account/verified_email_required.html", "account/signup_closed.html"])
def test_pages_allauth_renders_without_a_url_of_their_own(template):
    request = RequestFactory().get("/")
    from django.contrib.auth.models import AnonymousUser

    request.user = AnonymousUser()
    html = render_to_string(template, {}, request=request)
    assert html.count("<h1") == 1 and '<html lang="id"' in html


def test_the_logout_page_signs_out_with_a_post(client):
    verified_user()
    sign_in(client, "budi@example.test")

    response = client.post(reverse("account_logout"))

    assert response.status_code == 302
    assert "_auth_user_id" not in client.session
