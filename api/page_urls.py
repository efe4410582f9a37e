"""The API tokens pages under ``/akun/token-api/`` (HTML; namespace ``api-tokens``)."""

from django.urls import path

from api import pages

app_name = "api-tokens"

urlpatterns = [
    path("akun/token-api/", pages.token_list, name="list"),
    path("akun/token-api/<int:pk>/cabut/", pages.token_revoke, name="revoke"),
]
