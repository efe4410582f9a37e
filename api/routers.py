"""The API's one router: ``router`` holds every viewset under ``/api/v1/``.

Viewsets live in ``api/endpoints/``, one module per domain (public, employers, jobseekers, apeksi,
referrals, placements, assessments), each declaring ``ROUTES = [(prefix, ViewSet, basename), ...]``;
``api.urls`` registers each listed module's routes here. The endpoints call the domain apps'
services and selectors; the domain apps never import ``api`` (imports point down: ARCHITECTURE.md).
What every view gets from the framework comes from the ``REST_FRAMEWORK`` defaults in settings:
authentication, ``api.permissions.PortalPermission`` (set ``permission_required`` on the view, a
string or ``{action: permission}``), pagination, filtering, ordering, throttling and the error handler.
"""

from __future__ import annotations

from rest_framework.routers import SimpleRouter


class ApiRouter(SimpleRouter):
    """``SimpleRouter`` with trailing slashes; URL names ``api:<basename>-list`` / ``-detail`` / ``-<action>``."""

    def register_module(self, module) -> None:
        """Register every ``(prefix, viewset, basename)`` of ``module.ROUTES``."""
        for prefix, viewset, basename in module.ROUTES:
            self.register(prefix, viewset, basename=basename)


router = ApiRouter()
