"""Reads of the accounts app that other apps ask for."""

from __future__ import annotations

from accounts.models import Membership
from cities.tenancy import user_context


def member_city_ids(user) -> list[int]:
    """The ids of the active cities where ``user`` holds a membership (any role), sorted.

    Read under ``user_context`` (the ``accounts_membership`` policy admits the user's own rows
    before a city is chosen). Registered as ``cities.providers.member_city_ids`` for the request
    middleware, which sits below accounts."""
    with user_context(user.pk):
        return sorted(
            set(
                Membership.objects.filter(user_id=user.pk, city__isnull=False, city__is_active=True).values_list(
                    "city_id", flat=True
                )
            )
        )
