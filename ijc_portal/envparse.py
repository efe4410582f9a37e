"""Strict parsing of settings from environment variables.

Every reader raises ``ImproperlyConfigured`` naming the variable when its value is malformed,
so a typo stops start-up instead of silently becoming a default (``DEBUG=ture`` is an error,
not ``False``).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any
from urllib.parse import unquote, urlsplit

import environ
from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}
_MISSING = object()


class Env:
    """Reads typed values from a mapping of environment variables (``os.environ`` by default)."""

    def __init__(self, environ_map: Mapping[str, str] | None = None) -> None:
        self._env = os.environ if environ_map is None else environ_map

    def is_set(self, name: str) -> bool:
        """True when ``name`` is present and not blank."""
        return bool(self._env.get(name, "").strip())

    def _raw(self, name: str, default: Any) -> Any:
        value = self._env.get(name)
        if value is None or value.strip() == "":
            if default is _MISSING:
                raise ImproperlyConfigured(f"The environment variable {name} is required but not set.")
            return default
        return value.strip()

    def str(self, name: str, default: Any = _MISSING) -> Any:
        """The value as text."""
        return self._raw(name, default)

    def bool(self, name: str, default: Any = _MISSING) -> Any:
        """``true/false``, ``1/0``, ``yes/no`` or ``on/off`` (any case); anything else is an error."""
        value = self._raw(name, default)
        if not isinstance(value, str):
            return value
        lowered = value.lower()
        if lowered in _TRUE:
            return True
        if lowered in _FALSE:
            return False
        raise ImproperlyConfigured(f"{name} must be true or false (or 1/0, yes/no, on/off), got {value!r}.")

    def int(self, name: str, default: Any = _MISSING, *, minimum: int | None = None) -> Any:
        """A whole number, optionally with a lower bound."""
        value = self._raw(name, default)
        if not isinstance(value, str):
            return value
        try:
            number = int(value)
        except ValueError:
            raise ImproperlyConfigured(f"{name} must be a whole number, got {value!r}.") from None
        if minimum is not None and number < minimum:
            raise ImproperlyConfigured(f"{name} must be at least {minimum}, got {number}.")
        return number

    def list(self, name: str, default: Any = _MISSING) -> Any:
        """A comma-separated list; blank items are an error (``a,,b``)."""
        value = self._raw(name, default)
        if not isinstance(value, str):
            return value
        items = [item.strip() for item in value.split(",")]
        if any(not item for item in items):
            raise ImproperlyConfigured(f"{name} must be a comma-separated list without empty items, got {value!r}.")
        return items

    def choice(self, name: str, choices: tuple[str, ...], default: Any = _MISSING) -> Any:
        """One of ``choices``."""
        value = self._raw(name, default)
        if value not in choices:
            raise ImproperlyConfigured(f"{name} must be one of {', '.join(choices)}, got {value!r}.")
        return value

    def database(self, name: str) -> dict[str, Any]:
        """A PostgreSQL URL (``postgres://user:password@host:port/name``) as a Django DATABASES entry.

        A Unix socket directory goes in the host part, percent-encoded
        (``postgres://app@%2Fvar%2Frun%2Fpostgresql/ijc``).
        """
        value = self._raw(name, _MISSING)
        parts = urlsplit(value)
        if parts.scheme not in {"postgres", "postgresql", "pgsql"}:
            raise ImproperlyConfigured(f"{name} must be a postgres:// URL, got scheme {parts.scheme!r}.")
        try:
            config = environ.Env.db_url_config(value)
        except Exception as exc:  # django-environ raises several types for malformed URLs
            raise ImproperlyConfigured(f"{name} is not a valid database URL: {exc}") from None
        # A socket directory arrives percent-encoded in the host part.
        config["HOST"] = unquote(str(config.get("HOST") or ""))
        if not config.get("NAME"):
            raise ImproperlyConfigured(f"{name} must name a database (the path after the host).")
        if not config.get("USER"):
            raise ImproperlyConfigured(f"{name} must name a database user.")
        return config

    def redis_url(self, name: str, default: Any = _MISSING) -> Any:
        """A Redis URL: ``redis://``, ``rediss://`` or ``unix://`` (a socket path)."""
        value = self._raw(name, default)
        if not isinstance(value, str):
            return value
        parts = urlsplit(value)
        if parts.scheme not in {"redis", "rediss", "unix"}:
            raise ImproperlyConfigured(f"{name} must be a redis://, rediss:// or unix:// URL, got {value!r}.")
        if parts.scheme == "unix" and not parts.path:
            raise ImproperlyConfigured(f"{name} must give the socket path after unix://.")
        if parts.scheme != "unix" and not parts.hostname:
            raise ImproperlyConfigured(f"{name} must name a host, got {value!r}.")
        return value

    def email_url(self, name: str, default: Any = _MISSING) -> Any:
        """An email URL (``smtp+tls://user:password@host:587``, ``consolemail://``...) as Django settings."""
        value = self._raw(name, default)
        if not isinstance(value, str):
            return value
        scheme = urlsplit(value).scheme
        if scheme not in environ.Env.EMAIL_SCHEMES:
            allowed = ", ".join(sorted(environ.Env.EMAIL_SCHEMES))
            raise ImproperlyConfigured(f"{name} must use one of the schemes {allowed}, got {scheme!r}.")
        try:
            return environ.Env.email_url_config(value)
        except Exception as exc:
            raise ImproperlyConfigured(f"{name} is not a valid email URL: {exc}") from None
