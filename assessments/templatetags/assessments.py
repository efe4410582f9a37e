"""Template helpers: area names in the reader's language and the "verified by the IJC" block."""

from __future__ import annotations

from django import template
from django.utils.translation import gettext_lazy as _

from assessments import selectors
from reference.models import ChecklistComparator, ChecklistUnit

register = template.Library()

# The checklist data names areas in English; these are their labels.
AREA_LABELS = {
    "ramp": _("Ramps"),
    "door": _("Doors and entrances"),
    "toilet": _("Toilets"),
    "stairs": _("Stairs"),
    "parking": _("Parking"),
    "lift": _("Lifts"),
    "tactile guidance": _("Guiding blocks"),
    "signage": _("Signage"),
    "emergency": _("Emergency alarms"),
    "accessible route": _("Accessible route"),
    "space": _("Circulation space"),
    "workstation": _("Workstation"),
}


@register.filter
def area_label(area: str) -> str:
    return AREA_LABELS.get(area, area)


@register.filter
def comparator_label(comparator: str) -> str:
    return dict(ChecklistComparator.choices).get(comparator, comparator)


@register.filter
def unit_label(unit: str) -> str:
    return dict(ChecklistUnit.choices).get(unit, unit)


@register.inclusion_tag("assessments/_verified.html")
def verified_accessibility(workplace):
    """The workplace's shared IJC result ("accessibility verified by the IJC on <date>"), or nothing."""
    return {"verified": selectors.verified_features(workplace, shared_only=True)}
