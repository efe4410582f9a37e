"""The server-error handler (``handler500``): a database that cannot be reached is a 503, not a 500.

While PostgreSQL restarts, fails over or refuses connections, every request that needs it fails with
``OperationalError`` (or ``InterfaceError`` on a connection that broke mid-request). That is a
passing outage, not a bug: the visitor gets ``templates/503.html`` (no stack trace, no detail) with
``Retry-After``, an API client the same as JSON, and the process keeps serving. The next request
reconnects by itself (``CONN_HEALTH_CHECKS``: a persistent connection is tested before reuse and
replaced when it broke), so nothing has to be restarted when the database is back. Django still
logs the error (``django.request``), so an outage is visible in the logs. Any other error is the usual
500 page.
"""

from __future__ import annotations

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template import loader
from django.views.decorators.csrf import requires_csrf_token
from django.views.defaults import server_error as default_server_error

RETRY_AFTER_SECONDS = 30


def database_unavailable(error: BaseException | None) -> bool:
    """True when ``error`` (or an exception it was raised from) is the database being unreachable."""
    seen = 0
    while error is not None and seen < 5:
        if isinstance(error, OperationalError | InterfaceError):
            return True
        error, seen = error.__cause__ or error.__context__, seen + 1
    return False


@requires_csrf_token
def server_error(request: HttpRequest) -> HttpResponse:
    """``handler500``. Called inside Django's exception handling, so ``sys.exc_info()`` is the error."""
    if not database_unavailable(sys.exc_info()[1]):
        return default_server_error(request)
    if request.path.startswith("/api/"):
        response = JsonResponse({"detail": "Service temporarily unavailable. Please retry."}, status=503)
    else:
        # Rendered without a request context: the context processors would query the database.
        response = HttpResponse(loader.get_template("503.html").render(), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response
