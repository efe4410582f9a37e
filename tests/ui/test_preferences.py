"""Text size and contrast are remembered per browser (cookie) and per user; the keep-alive extends a session."""

from __future__ import annotations

import pytest
from django.urls import reverse

from ijc_portal.display import COOKIE_NAME
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_an_anonymous_choice_is_remembered_in_a_cookie(client):
    response = client.post(
        reverse("display-preferences"), {"text_size": "large", "contrast": "high", "next": reverse("privacy")}
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("privacy")
    assert response.cookies[COOKIE_NAME].value == "large.high"
    assert response.cookies[COOKIE_NAME]["httponly"]
    html = client.get(reverse("home")).content.decode()
    assert 'class="text-large contrast-high"' in html


def test_the_default_look_is_normal_text_and_standard_contrast(client):
    assert 'class="text-normal contrast-standard"' in client.get(reverse("home")).content.decode()


def test_a_forged_cookie_value_falls_back_to_the_default(client):
    client.cookies[COOKIE_NAME] = '"><script>x</script>.high'

    html = client.get(reverse("home")).content.decode()

    assert 'class="text-normal contrast-high"' in html


def test_it_never_redirects_to_another_site(client):
    response = client.post(
        reverse("display-preferences"), {"text_size": "large", "contrast": "standard", "next": "https://evil.test/"}
    )

    assert response["Location"] == reverse("display-preferences")


@pytest.mark.parametrize(
    "next_", ["/tampilan/", "/tampilan/?next=/privasi/", "/tampilan", "%2Ftampilan%2F", "//evil.test/"]
)
def test_it_ignores_a_next_that_is_the_preferences_page_itself(client, next_):
    url = reverse("display-preferences")

    page = client.get(url, {"next": next_}).content.decode()
    response = client.post(url, {"text_size": "large", "contrast": "standard", "next": next_})

    assert f'href="{url}"' in page  # the header's link names no next
    assert f'name="next" value="{next_}"' not in page  # the form's (the language switch's is the page's own)
    assert response["Location"] == url


def test_the_link_on_the_preferences_page_keeps_the_page_the_person_came_from(client):
    url = reverse("display-preferences")

    assert f'href="{url}?next=/privasi/%3Fa%3D1"' in client.get(reverse("privacy"), {"a": "1"}).content.decode()
    assert f'href="{url}?next=/privasi/%3Fa%3D1"' in client.get(url, {"next": "/privasi/?a=1"}).content.decode()


def test_an_invalid_choice_shows_the_error_summary(client):
    html = client.post(reverse("display-preferences"), {"text_size": "huge"}).content.decode()

    assert 'id="error-summary"' in html
    assert 'href="#id_text_size_0"' in html


def test_a_signed_in_users_choice_is_saved_on_the_account(client):
    user = UserFactory()
    client.force_login(user)

    client.post(reverse("display-preferences"), {"text_size": "larger", "contrast": "standard"})

    user.refresh_from_db()
    assert user.display_preferences == {"text_size": "larger", "contrast": "standard"}
    client.cookies.pop(COOKIE_NAME)  # another browser: the account's choice still applies
    assert 'class="text-larger contrast-standard"' in client.get(reverse("home")).content.decode()


def test_a_signed_in_page_carries_the_session_time_out_warning(client):
    client.force_login(UserFactory())

    html = client.get(reverse("home")).content.decode()

    assert 'id="session-warning"' in html
    assert "Tetap masuk" in html


def test_an_anonymous_page_has_no_time_out_warning(client):
    assert 'id="session-warning"' not in client.get(reverse("home")).content.decode()


def test_the_keep_alive_extends_a_signed_in_session(client, settings):
    client.force_login(UserFactory())

    response = client.post(reverse("session-keepalive"), HTTP_ACCEPT="application/json")

    assert response.status_code == 200
    assert response.json() == {"expires_in": settings.SESSION_COOKIE_AGE}


def test_the_keep_alive_without_javascript_goes_back_to_the_page(client):
    client.force_login(UserFactory())

    response = client.post(reverse("session-keepalive"), {"next": reverse("privacy")})

    assert response["Location"] == reverse("privacy")


def test_the_keep_alive_refuses_an_anonymous_visitor(client):
    response = client.post(reverse("session-keepalive"), HTTP_ACCEPT="application/json")

    assert response.status_code == 401
