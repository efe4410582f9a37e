"""The current city: one ContextVar for Python, one transaction-local setting for PostgreSQL.

``city_context(city)`` is the only way in. It opens ``transaction.atomic()``, runs a literal
``SET LOCAL app.city_id = '<int>'`` (so PostgreSQL row-level security filters every tenant
table, even for raw SQL), sets the ContextVar (so ``CityOwnedModel.objects`` filters and fills
``city_id``), and clears both on exit, on success or on error. See docs/tenancy.md.

Never set the city for the whole database session (``SET app.city_id`` or
``set_config(..., false)``): a pooled connection would carry it into the next request. Each
context also clears any session-level value (``RESET``) in the same round trip as its
``SET LOCAL``, so one stray session-level ``SET`` ends with the next context on that connection.

``transaction.on_commit`` callbacks registered inside a context run after COMMIT, with the
ContextVar already reset: Python and PostgreSQL agree that no city is active there (a callback
may open ``city_context`` for whichever city it needs).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TYPE_CHECKING

from django.db import DEFAULT_DB_ALIAS, connections, transaction

if TYPE_CHECKING:
    # A ``cities.models.City``; tenancy sits below the models that use it, so it names only the base.
    from django.db.models import Model as City

_current_city_id: ContextVar[int | None] = ContextVar("ijc_current_city_id", default=None)


class NoCityContextError(RuntimeError):
    """A tenant table was queried, or a tenant row created, outside ``city_context``."""


class CityContextError(RuntimeError):
    """``city_context`` was given something that is not a city, or nested for another city."""


def _city_id_of(city: City | int) -> int:
    raw = getattr(city, "pk", city)
    # bool is an int subclass; True is not a city.
    if isinstance(raw, bool) or not isinstance(raw, int) or raw <= 0:
        raise CityContextError(f"A city context needs a City or a positive integer id, got {city!r}.")
    return raw


def current_city_id() -> int | None:
    """The id of the city whose context is active, or ``None``."""
    return _current_city_id.get()


def make_cache_key(key: str, key_prefix: str, version: int) -> str:
    """Cache keys carry the current city (``city-12``) or ``global``: one city's cached page or list
    can never be served to another. Wired in as ``CACHES[...]["KEY_FUNCTION"]``."""
    city_id = _current_city_id.get()
    scope = f"city-{city_id}" if city_id is not None else "global"
    return f"{key_prefix}:{version}:{scope}:{key}"


def require_city_id() -> int:
    """The active city's id; raises ``NoCityContextError`` when there is none."""
    city_id = _current_city_id.get()
    if city_id is None:
        raise NoCityContextError(
            "No city context is active. Tenant data is reachable only inside "
            "cities.tenancy.city_context(city) (requests and CityTask do this for you)."
        )
    return city_id


def _set_local(cursor, name: str, value: int | None, *, reset_session: bool = False) -> None:
    # A literal, validated integer: SET does not take bind parameters. '' means "no city".
    literal = "" if value is None else str(int(value))
    # RESET first clears a session-level value (``SET name`` outside SET LOCAL, which our code never
    # runs): when this transaction commits the session has none left to fall back to.
    reset = f"RESET {name}; " if reset_session else ""
    cursor.execute(f"{reset}SET LOCAL {name} = '{literal}'")


@contextmanager
def city_context(city: City | int, *, using: str = DEFAULT_DB_ALIAS) -> Iterator[int]:
    """Run the block as ``city``: in one transaction, with RLS and the ORM scoped to it.

    ``city`` is a ``City`` or its integer id. Yields the city id. Nesting is allowed only for the
    same city (``CityContextError`` otherwise): a block never switches city half-way.
    On exit the ContextVar is reset (before the transaction commits, so ``on_commit`` callbacks run
    with no city); the ``SET LOCAL`` ends with the transaction, and when an outer transaction is
    still open it is blanked explicitly so nothing after the block sees it.
    """
    city_id = _city_id_of(city)
    outer = _current_city_id.get()
    if outer is not None and outer != city_id:
        raise CityContextError(f"Already in the context of city {outer}; cannot enter city {city_id} inside it.")
    connection = connections[using]
    with transaction.atomic(using=using):
        with connection.cursor() as cursor:
            _set_local(cursor, "app.city_id", city_id, reset_session=True)
        # The ContextVar lives strictly inside the transaction: it is reset before COMMIT, so
        # on_commit callbacks (run by atomic's exit) see no city in Python, as in PostgreSQL.
        token = _current_city_id.set(city_id)
        try:
            yield city_id
        finally:
            _current_city_id.reset(token)
    still_in_transaction = connection.in_atomic_block or not connection.get_autocommit()
    if outer is None and still_in_transaction and not connection.needs_rollback:
        # We were a savepoint inside somebody else's transaction (atomic, or autocommit off):
        # SET LOCAL would outlive us.
        with connection.cursor() as cursor:
            _set_local(cursor, "app.city_id", None)


@contextmanager
def user_context(user_id: int, *, using: str = DEFAULT_DB_ALIAS) -> Iterator[None]:
    """Let the block read the memberships of ``user_id`` (and nothing else of theirs) before a city is chosen.

    Sets ``app.user_id`` transaction-locally; the ``accounts_membership`` policy admits rows whose
    ``user_id`` matches. Used by the request middleware to find the user's cities.
    """
    if isinstance(user_id, bool) or not isinstance(user_id, int) or user_id <= 0:
        raise CityContextError(f"user_context needs a positive integer user id, got {user_id!r}.")
    connection = connections[using]
    with transaction.atomic(using=using):
        with connection.cursor() as cursor:
            _set_local(cursor, "app.user_id", user_id, reset_session=True)
        yield
    if (connection.in_atomic_block or not connection.get_autocommit()) and not connection.needs_rollback:
        with connection.cursor() as cursor:
            _set_local(cursor, "app.user_id", None)
