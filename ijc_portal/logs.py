"""Structured logs: one JSON object a line, each with its request (or task) id and city id, and no personal data.

Wired in by ``LOGGING`` (settings), ``RequestLogMiddleware`` (first in ``MIDDLEWARE``) and the Celery
signals in ``ijc_portal.celery``. docs/operations.md, "Logs", describes the fields.

- ``RequestLogMiddleware`` gives each request an id (a sane incoming ``X-Request-ID``, else a new
  one), returns it in the ``X-Request-ID`` response header, and writes one ``request`` line per
  request: method, path **without** the query string, status and duration. It never logs the
  query string, the body, headers or cookies.
- ``ContextFilter`` adds ``request_id``, ``city_id`` and ``task_id`` to every record: from this
  module's context variables (set by the middleware and the Celery signals) and the city context
  (``cities.tenancy.current_city_id``) — ``null`` outside a request or task.
- ``RedactingFilter`` is defence in depth for what a message or an exception may still carry: NIKs
  (16 digits), email addresses, Indonesian phone numbers (+62…, 62…, 08…) and query strings become
  placeholders; Celery's "succeeded" line loses the task's return value. Names cannot be recognised
  by a pattern: they must never be put into a log message in the first place.
- ``JsonFormatter`` writes the line (and redacts once more, for a handler configured without the filter).
"""

from __future__ import annotations

import datetime
import json
import logging
import re
import time
import uuid
from contextvars import ContextVar

from django.core.signals import request_finished

_request_id: ContextVar[str | None] = ContextVar("ijc_log_request_id", default=None)
_city_id: ContextVar[int | None] = ContextVar("ijc_log_city_id", default=None)
_task_id: ContextVar[str | None] = ContextVar("ijc_log_task_id", default=None)

REQUEST_ID_HEADER = "X-Request-ID"
# What an incoming X-Request-ID may be: hexadecimal with dashes (a UUID, nginx's $request_id), 16-64
# characters, at least one a-f letter — so no name, email, phone number or NIK (16 digits) passes.
_SANE_REQUEST_ID = re.compile(r"(?=.*[a-fA-F])[0-9a-fA-F-]{16,64}")

request_logger = logging.getLogger("ijc_portal.request")


# --- Context ------------------------------------------------------------------------------------
def current_request_id() -> str | None:
    """The id of the request (or, in a worker, of the request that queued the task) being served."""
    return _request_id.get()


def sane_request_id(value: str | None) -> str | None:
    """``value`` when it is an acceptable request id, else ``None``."""
    value = (value or "").strip()
    return value if _SANE_REQUEST_ID.fullmatch(value) else None


def bind(*, request_id: str | None = None, city_id: int | None = None, task_id: str | None = None) -> None:
    """Set the ids every following log line of this thread (or task) carries."""
    _request_id.set(request_id)
    _city_id.set(city_id if isinstance(city_id, int) and not isinstance(city_id, bool) else None)
    _task_id.set(task_id)


def bind_city(city_id: int | None) -> None:
    """Set the city id alone (the request's city, once known)."""
    _city_id.set(city_id if isinstance(city_id, int) and not isinstance(city_id, bool) else None)


def clear(**_kwargs) -> None:
    """Forget the ids (end of a request or task)."""
    bind()


# A request's last lines (django.request's "Not Found: ...", written after the middleware returned)
# still carry its ids; they are cleared once the response is closed.
request_finished.connect(clear, dispatch_uid="ijc_portal.logs.clear")


class RequestLogMiddleware:
    """First in ``MIDDLEWARE``: the request id, and one ``request`` line per request."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request):
        request_id = sane_request_id(request.headers.get(REQUEST_ID_HEADER)) or uuid.uuid4().hex
        request.request_id = request_id
        bind(request_id=request_id)
        started = time.monotonic()
        response = self.get_response(request)
        city = getattr(request, "city", None)
        bind_city(getattr(city, "pk", None))
        response[REQUEST_ID_HEADER] = request_id
        request_logger.info(
            "request",
            extra={
                "method": request.method,
                "path": request.path,  # never request.get_full_path(): the query string may hold a name or NIK
                "status": response.status_code,
                "duration_ms": round((time.monotonic() - started) * 1000, 1),
                "api_token_id": getattr(getattr(request, "api_token", None), "pk", None),
            },
        )
        return response


class ContextFilter(logging.Filter):
    """Adds ``request_id``, ``city_id`` and ``task_id`` to every record."""

    def filter(self, record: logging.LogRecord) -> bool:
        from cities.tenancy import current_city_id

        record.request_id = _request_id.get()
        record.city_id = current_city_id() or _city_id.get()
        record.task_id = _task_id.get()
        return True


# --- Redaction ----------------------------------------------------------------------------------
_PATTERNS = [
    # A URL's query string: search terms (?q=<name or NIK>), tokens, anything a user typed.
    (re.compile(r"(/[^\s?\"'<>]*)\?[^\s\"'<>]+"), r"\1?[query]"),
    (re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"), "[email]"),
    # Indonesian phone numbers: mobile 08.. / 628.. / +628.., and any +62 number.
    (re.compile(r"(?<![\w+])(?:\+?62|0)[ .-]?8\d(?:[ .-]?\d){6,11}(?!\d)"), "[phone]"),
    (re.compile(r"\+62[ .-]?\(?\d{2,4}\)?(?:[ .-]?\d){5,9}(?!\d)"), "[phone]"),
    # A landline with its area code: (0271) 123456, 021-5551234.
    (re.compile(r"(?<![\w+])\(?0[1-9]\d{1,2}\)?[ .-]?\d{5,8}(?!\d)"), "[phone]"),
    # A NIK: 16 digits, possibly in groups of four (after the phone numbers, which a four-by-four group would take).
    (re.compile(r"(?<![\d])\d{4}(?:[ .-]?\d{4}){3}(?!\d)"), "[nik]"),
]


def redact(text: str) -> str:
    """``text`` with NIKs, email addresses, Indonesian phone numbers and query strings replaced."""
    for pattern, replacement in _PATTERNS:
        text = pattern.sub(replacement, text)
    return text


class RedactingFilter(logging.Filter):
    """Replaces personal data a record's message or exception may carry (see ``redact``)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.name == "celery.app.trace" and isinstance(record.args, dict) and "return_value" in record.args:
            record.args = {**record.args, "return_value": "[omitted]"}
        try:
            message = record.getMessage()
        except Exception:  # a malformed call: keep the template only
            message = str(record.msg)
        record.msg, record.args = redact(message), None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        if record.stack_info:
            record.stack_info = redact(record.stack_info)
        return True


# --- Format -------------------------------------------------------------------------------------
# The extra fields a line may carry. Anything else a library passes as ``extra`` is left out: Django's
# ``request`` (its repr has the query string), Celery's ``data`` (a task's arguments).
EXTRA_FIELDS = ("method", "path", "status", "duration_ms", "api_token_id", "status_code")


class JsonFormatter(logging.Formatter):
    """One JSON object a line: time (UTC), level, logger, message, request_id, city_id, task_id, extras."""

    def format(self, record: logging.LogRecord) -> str:
        try:
            message = record.getMessage()
        except Exception:
            message = str(record.msg)
        line = {
            "time": datetime.datetime.fromtimestamp(record.created, tz=datetime.UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": redact(message),
            "request_id": getattr(record, "request_id", None),
            "city_id": getattr(record, "city_id", None),
            "task_id": getattr(record, "task_id", None),
        }
        for name in EXTRA_FIELDS:
            value = getattr(record, name, None)
            if value is not None:
                line[name] = redact(value) if isinstance(value, str) else value
        if record.exc_info and not record.exc_text:
            record.exc_text = self.formatException(record.exc_info)
        if record.exc_text:
            line["exception"] = redact(record.exc_text)
        if record.stack_info:
            line["stack"] = redact(record.stack_info)
        return json.dumps(line, ensure_ascii=False, default=str)
