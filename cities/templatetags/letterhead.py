"""``{% letterhead %}`` and ``{% signature %}``: the current city's kop surat and signatory on an
official document (docs/letterhead.md), rendered by ``components/letterhead.html`` and
``components/signature.html``. Both read the letterhead in the current city's context (row-level
security: never another city's), once per template render, and render nothing when the city admin
has not set one. The logo is a ``data:`` URI, so a PDF needs no URL."""

from __future__ import annotations

from django import template

from cities.calendar import city_today
from cities.letterheads import current_letterhead

register = template.Library()

_CACHE_KEY = "_city_letterhead"


def _letterhead(context):
    render_context = context.render_context
    if _CACHE_KEY not in render_context:
        render_context[_CACHE_KEY] = current_letterhead()
    return render_context[_CACHE_KEY]


@register.inclusion_tag("components/letterhead.html", takes_context=True)
def letterhead(context) -> dict:
    item = _letterhead(context)
    return {"letterhead": item, "logo": item.logo_data_uri if item else "", "csp_nonce": context.get("csp_nonce", "")}


@register.inclusion_tag("components/signature.html", takes_context=True)
def signature(context) -> dict:
    item = _letterhead(context)
    if item is None or not item.has_signatory:
        return {"letterhead": None}
    place = item.city.name
    for prefix in ("Kota Administrasi ", "Kota "):
        place = place.removeprefix(prefix)
    return {"letterhead": item, "place": place, "signed_on": city_today(item.city_id)}


@register.simple_tag(takes_context=True)
def city_letterhead(context):
    """``{% city_letterhead as kop %}``: the current city's letterhead or ``None`` (to choose a fallback)."""
    return _letterhead(context)
