"""Provider registries: how a lower app asks a higher one for a value without importing it.

ARCHITECTURE.md §2: imports point down. When a lower app needs a figure only a higher app can
compute (a read, not an event), it defines a ``Provider`` slot with a documented signature and
default; the higher app registers one function in its ``AppConfig.ready()``; the lower app calls
the slot. A slot holds one function: a second, different registration raises, so two apps cannot
silently answer the same question. Events (something happened) stay signals.

The slots of this app:

* ``member_city_ids(user) -> list[int]``: the ids of the active cities where ``user`` holds a
  membership, sorted (read under ``cities.tenancy.user_context``). Registered by accounts, which
  owns ``Membership``; default ``[]`` (no membership, so no city). Asked by
  ``cities.middleware.user_city_ids``.
"""

from __future__ import annotations

from collections.abc import Callable


class Provider[F: Callable]:
    """One figure a higher app answers: ``register(function)`` once, then call the slot like the
    function. Unregistered, the call returns ``default()``."""

    def __init__(self, name: str, default: Callable[[], object]) -> None:
        self.name = name
        self._default = default
        self._function: F | None = None

    def register(self, function: F) -> F:
        """Make ``function`` the answer (idempotent for the same function). Returns it, so it can
        be used as a decorator."""
        if self._function is not None and self._function is not function:
            current = f"{self._function.__module__}.{self._function.__name__}"
            raise RuntimeError(f"{self.name} already has a provider: {current}")
        self._function = function
        return function

    @property
    def registered(self) -> F | None:
        return self._function

    def __call__(self, *args, **kwargs):
        if self._function is None:
            return self._default()
        return self._function(*args, **kwargs)

    def __repr__(self) -> str:
        return f"<Provider {self.name}: {self._function!r}>"


member_city_ids: Provider[Callable[[object], list[int]]] = Provider("cities.providers.member_city_ids", list)
