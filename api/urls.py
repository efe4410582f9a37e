"""``/api/v1/``: the router's viewsets, the OpenAPI schema, the docs pages and API-only views.

To add endpoints: a module in ``api/endpoints/`` with ``ROUTES`` (see ``api.routers``), listed in
``ROUTE_MODULES`` below.
"""

from __future__ import annotations

import importlib

from django.urls import include, path

from api import views
from api.routers import router

app_name = "api"

# Modules whose ROUTES are registered, in order (the schema lists tags in this order).
ROUTE_MODULES: list[str] = [
    "api.endpoints.public",
    "api.endpoints.employers",
    "api.endpoints.jobseekers",
    "api.endpoints.apeksi",  # cross-city aggregates from the dashboards' rollups (suppressed)
    "api.endpoints.referrals",  # referrals (transitions as actions)
    "api.endpoints.placements",  # placements, follow-ups
    "api.endpoints.assessments",  # workplace assessments (read)
]

for module_name in ROUTE_MODULES:
    router.register_module(importlib.import_module(module_name))

urlpatterns = [
    path("", views.ApiRoot.as_view(), name="root"),
    path("schema/", views.SchemaView.as_view(), name="schema"),
    path("docs/", views.ApiDocs.as_view(), name="docs"),
    path("docs/swagger/", views.SwaggerDocs.as_view(url_name="api:schema"), name="swagger"),
    path("", include(router.urls)),
]
