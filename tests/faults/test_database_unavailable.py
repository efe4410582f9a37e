"""``handler500`` (``ijc_portal.errors.server_error``): a database that cannot be reached is a 503 with
Retry-After and no detail, for pages and the API; any other error stays the usual 500 page."""

from __future__ import annotations

import pytest
from django.db import InterfaceError, OperationalError
from django.test import Client
from django.urls import path

from ijc_portal import urls as portal_urls


def _raises(error):
    def view(request):
        raise error

    return view


def _wrapped(request):
    try:
        raise OperationalError("server closed the connection unexpectedly")
    except OperationalError as error:
        raise RuntimeError("while rendering") from error


urlpatterns = [
    path("down/", _raises(OperationalError("connection to server at 127.0.0.1 failed: refused"))),
    path("api/v1/down/", _raises(InterfaceError("connection already closed"))),
    path("wrapped/", _wrapped),
    path("bug/", _raises(ValueError("a bug"))),
    *portal_urls.urlpatterns,  # the middleware reverses some of the portal's names
]
handler500 = portal_urls.handler500


@pytest.fixture
def client_(settings):
    settings.ROOT_URLCONF = __name__
    settings.DEBUG = False
    return Client(raise_request_exception=False)


def test_a_page_needing_an_unreachable_database_is_a_clean_503(client_):
    for url in ("/down/", "/wrapped/"):
        response = client_.get(url)
        body = response.content.decode()
        assert response.status_code == 503 and response["Retry-After"] == "30"
        assert "Layanan sementara tidak tersedia" in body and "Service temporarily unavailable" in body
        assert "127.0.0.1" not in body and "Traceback" not in body


def test_the_api_gets_json(client_):
    response = client_.get("/api/v1/down/")
    assert response.status_code == 503
    assert response.json() == {"detail": "Service temporarily unavailable. Please retry."}


def test_any_other_error_is_still_a_500(client_):
    response = client_.get("/bug/")
    assert response.status_code == 500 and "Terjadi kesalahan" in response.content.decode()
