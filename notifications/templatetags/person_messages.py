"""``{% person_message_counts as counts %}``: the open calls and letters of the current city, for
the staff home (``counts.calls``, ``counts.letters``; one query)."""

from __future__ import annotations

from django import template

from notifications.selectors import person_message_counts as counts_of

register = template.Library()


@register.simple_tag(takes_context=True)
def person_message_counts(context) -> dict[str, int]:
    request = context.get("request")
    return counts_of(fetched_by=getattr(request, "user", None))
