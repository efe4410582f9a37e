"""One error shape for the whole API, with translated messages.

Every error response body is::

    {"error": {"code": "<machine code>", "message": "<translated sentence>", "fields": {...}}}

``fields`` maps a field name (or ``non_field_errors``, or ``rows`` for imports) to a list of
translated messages; it is ``{}`` for errors that are not about input. Codes and statuses:

=========================  ======  ==========================================================
code                       status  when
=========================  ======  ==========================================================
``invalid``                400     input failed validation (``fields`` says where)
``parse_error``            400     the body is not valid JSON / multipart
``not_authenticated``      401     no credentials (``WWW-Authenticate: Bearer realm="api"``)
``authentication_failed``  401     a bearer token that is invalid, expired or revoked
``permission_denied``      403     signed in, but no role here grants it (or a read-only token writes)
``not_found``              404     no such object *in this city* (another city's object included)
``method_not_allowed``     405
``not_acceptable``         406
``unsupported_media_type`` 415
``conflict``               409     the object's state does not allow the transition
``request_too_large``      413     the body is over ``DATA_UPLOAD_MAX_MEMORY_SIZE`` or has too many fields
``throttled``              429     too many requests (``Retry-After`` header)
``server_error``           500     (never expected; logged)
=========================  ======  ==========================================================

Django's ``ValidationError`` raised by a service becomes ``invalid`` (its ``message_dict`` as
``fields``), so services keep their single source of validation.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.encoding import force_str
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler


class Conflict(exceptions.APIException):
    """409: the object's current state does not allow the requested transition."""

    status_code = status.HTTP_409_CONFLICT
    default_code = "conflict"
    default_detail = "The current state does not allow this."


def conflict_on(error: type[Exception], call, /, *args, **kwargs):
    """Run the service ``call``; its ``error`` (a rule of the domain broken, ``str(error)`` a message
    for the user: ``EmployerError``, ``PlacementError`` ...) becomes a 409 ``Conflict`` with that message.

    Each endpoint module binds its app's error once: ``_service = partial(conflict_on, EmployerError)``.
    """
    try:
        return call(*args, **kwargs)
    except error as exc:
        raise Conflict(str(exc)) from exc


class RequestTooLarge(exceptions.APIException):
    """413: Django refused to read the body (``RequestDataTooBig``, ``TooManyFieldsSent``, ``TooManyFilesSent``)."""

    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_code = "request_too_large"
    default_detail = "The request is too large."


def _messages(detail) -> list[str]:
    if isinstance(detail, dict):
        return [force_str(m) for value in detail.values() for m in _messages(value)]
    if isinstance(detail, list | tuple):
        return [m for item in detail for m in _messages(item)]
    return [force_str(detail)]


def _fields(detail) -> dict[str, list[str]]:
    if isinstance(detail, dict):
        return {str(name): _messages(value) for name, value in detail.items()}
    if isinstance(detail, list | tuple):
        return {"non_field_errors": _messages(detail)} if detail else {}
    return {"non_field_errors": [force_str(detail)]}


def _message_for(exc: exceptions.APIException) -> str:
    if isinstance(exc, exceptions.ValidationError):
        return _("The request has errors: see the fields.")
    if isinstance(exc, exceptions.NotAuthenticated):
        return _("Sign in or send an API token: Authorization: Bearer <token>.")
    if isinstance(exc, exceptions.AuthenticationFailed):
        return _("The API token is invalid, expired or revoked.")
    if isinstance(exc, exceptions.PermissionDenied):
        detail = force_str(exc.detail)
        default = force_str(exceptions.PermissionDenied.default_detail)
        if detail and detail not in (default, "You do not have permission to do this here."):
            return detail  # a specific, already translated reason (a read-only token, a missing MFA ...)
        return _("You do not have permission to do this here.")
    if isinstance(exc, exceptions.NotFound):
        return _("Not found.")
    if isinstance(exc, exceptions.MethodNotAllowed):
        return _("This method is not allowed here.")
    if isinstance(exc, exceptions.NotAcceptable):
        return _("The requested response format is not available.")
    if isinstance(exc, exceptions.UnsupportedMediaType):
        return _("This content type is not accepted here.")
    if isinstance(exc, exceptions.ParseError):
        return _("The request body could not be read.")
    if isinstance(exc, RequestTooLarge):
        return _("The request is too large.")
    if isinstance(exc, exceptions.Throttled):
        if exc.wait is not None:
            return _("Too many requests. Try again in %(seconds)d seconds.") % {"seconds": int(exc.wait + 0.999)}
        return _("Too many requests. Try again later.")
    return force_str(exc.detail)


def error_body(code: str, message: str, fields: dict | None = None) -> dict:
    """The one error shape: ``{"error": {"code": ..., "message": ..., "fields": {...}}}``."""
    return {"error": {"code": code, "message": message, "fields": fields or {}}}


def exception_handler(exc, context):
    """DRF's ``EXCEPTION_HANDLER``: every handled error in ``error_body`` form (see the module docstring)."""
    if isinstance(exc, DjangoValidationError):
        detail = exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        exc = exceptions.ValidationError(detail)
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    elif isinstance(exc, RequestDataTooBig | TooManyFieldsSent | TooManyFilesSent):
        exc = RequestTooLarge()  # else Django's HTML 400 page, not the API's error shape
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.APIException):
        code = exc.get_codes() if not isinstance(exc, exceptions.ValidationError) else "invalid"
        if not isinstance(code, str):
            code = exc.default_code
        fields = _fields(exc.detail) if isinstance(exc, exceptions.ValidationError) else {}
        response.data = error_body(code, _message_for(exc), fields)
    return response


def json_error_response(status_code: int, code: str, message: str) -> Response:
    return Response(error_body(code, message), status=status_code)
