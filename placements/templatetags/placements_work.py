"""Template tags of the placements app for pages of other apps (the staff home)."""

from __future__ import annotations

from django import template

register = template.Library()


@register.simple_tag
def referral_requests_waiting() -> int:
    """How many requests from job seekers wait for an officer in the current city (one query)."""
    from placements.models import Referral

    return Referral.objects.filter(status=Referral.Status.REQUESTED).count()
