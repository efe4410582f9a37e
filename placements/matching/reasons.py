"""Plain-language reasons for a match, rendered in the reader's language.

The engine stores reasons as codes with numbers (``MatchSuggestion.reasons``) so that the same
suggestion reads in Indonesian for one person and in English for another. ``render`` turns them into
short sentences such as "3 of 4 needs met (no lift)" or "Skills 4 of 6". A workplace feature a
need depends on gets its own sentence saying where it comes from: "Step-free access: not met,
verified by the center on 3 Dec 2026: Exterior ramp gradient 1:8, needs no steeper than 1:12", or
"declared by the employer".
"""

from __future__ import annotations

import datetime

from django.utils import formats
from django.utils.text import capfirst
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from placements.matching.needs import need_label


def _occupation(reason: dict) -> str:
    level = reason.get("level")
    if level in ("occupation", "unit"):
        return _("Same occupation as the person wants")
    if level == "minor":
        return _("Closely related occupation (same minor group)")
    if level == "sub_major":
        return _("Related occupation (same sub-major group)")
    if level == "major":
        return _("Occupation in the same major group")
    return _("A different occupation from the ones the person wants")


def _education(reason: dict) -> str:
    fit = reason.get("fit")
    if fit == "ok":
        return _("Education meets the requirement")
    if fit == "unknown":
        return _("Education not recorded")
    return _("Education below the requirement")


def _needs(reason: dict, catalogue_labels: dict[str, str] | None) -> str:
    met, total = reason["met"], reason["total"]
    text = ngettext("%(met)s of %(total)s need met", "%(met)s of %(total)s needs met", total) % {
        "met": met,
        "total": total,
    }
    gaps = [need_label(key, catalogue_labels) for key in reason.get("gaps", [])]
    if gaps:
        text += " " + _("(no %(gaps)s: a gap to discuss with the employer)") % {"gaps": ", ".join(gaps)}
    return text


UNIT_SUFFIX = {"cm": " cm", "m": " m", "kg": " kg", "N": " N", "degree": "°"}


def _day(iso: str) -> str:
    """A visit date (the city's own calendar day) in the reader's language: "3 Dec 2026", "3 Des 2026"."""
    try:
        return formats.date_format(datetime.date.fromisoformat(iso), "j M Y")
    except (TypeError, ValueError):
        return iso or ""


def _requirement(item: dict) -> str:
    """The item's requirement as a short phrase ("no steeper than 1:12", "at least 90 cm"), or ""."""
    threshold, unit, comparator = item.get("threshold") or "", item.get("unit") or "", item.get("comparator") or ""
    if not threshold or threshold == "table":
        return ""
    if unit == "boolean":
        return _("yes") if threshold.lower() == "yes" else threshold
    value = threshold + UNIT_SUFFIX.get(unit, "")
    if comparator == "between" and "-" in threshold:
        low, high = threshold.split("-", 1)
        return _("between %(low)s and %(high)s") % {"low": low, "high": high + UNIT_SUFFIX.get(unit, "")}
    if unit == "ratio" and comparator in ("<=", "<"):
        return _("no steeper than %(value)s") % {"value": value}
    phrases = {
        "<=": _("at most %(value)s"),
        "<": _("under %(value)s"),
        ">=": _("at least %(value)s"),
        ">": _("over %(value)s"),
    }
    return phrases.get(comparator, "%(value)s") % {"value": value}


def _item(item: dict) -> str:
    """A failing checklist item: "Exterior ramp gradient 1:8, needs no steeper than 1:12"."""
    indonesian = (get_language() or "id").startswith("id")
    title = (item.get("title_indonesian") if indonesian else "") or item.get("title") or item.get("code", "")
    measured = item.get("measured") or ""
    if measured and item.get("unit") not in ("ratio", "boolean", "count", "") and not measured[-1].isalpha():
        measured += UNIT_SUFFIX.get(item["unit"], "")
    requirement = _requirement(item)
    if measured and requirement:
        return _("%(item)s %(measured)s, needs %(requirement)s") % {
            "item": title,
            "measured": measured,
            "requirement": requirement,
        }
    if measured:
        return f"{title} {measured}"
    if requirement:
        return _("%(item)s, needs %(requirement)s") % {"item": title, "requirement": requirement}
    return title


def _fact(fact: dict, catalogue_labels: dict[str, str] | None) -> str:
    """Where a workplace feature a need depends on comes from, and whether the need is met."""
    need = capfirst(need_label(fact.get("need", ""), catalogue_labels))
    if fact.get("source") != "verified":
        return _("%(need)s: declared by the employer (not verified by the center)") % {"need": need}
    day = _day(fact.get("on", ""))
    if fact.get("ok"):
        return _("%(need)s: verified by the center on %(date)s") % {"need": need, "date": day}
    if fact.get("ok") is False:
        found = "; ".join(_item(item) for item in fact.get("items", [])) or _("does not meet the requirement")
        site = _("the site failed the center's check on %(date)s: %(found)s") % {"date": day, "found": found}
    else:
        site = _("the center's check on %(date)s found none at the site") % {"date": day}
    by = fact.get("by")
    if by == "offer":
        return _("%(need)s: met by an accommodation the employer offers; %(site)s") % {"need": need, "site": site}
    if by == "remote":
        return _("%(need)s: met by working from home; %(site)s") % {"need": need, "site": site}
    if fact.get("met"):
        return _("%(need)s: met otherwise; %(site)s") % {"need": need, "site": site}
    if fact.get("ok") is False:
        return _("%(need)s: not met, verified by the center on %(date)s: %(found)s") % {
            "need": need,
            "date": day,
            "found": found,
        }
    return _("%(need)s: not met, %(site)s") % {"need": need, "site": site}


def _arrangement(reason: dict) -> str:
    fit = reason.get("fit")
    if fit == "yes":
        return _("Work arrangement and hours fit the person's wishes")
    if fit == "partly":
        return _("Work arrangement or hours partly fit the person's wishes")
    return _("Work arrangement differs from the person's wishes")


def _travel(reason: dict) -> str:
    fit = reason.get("fit")
    if fit == "remote":
        return _("Work from home: no travel")
    if fit == "near":
        return _("Workplace in the person's kecamatan")
    return _("Travel time not known")


def render(
    reasons: list[dict], *, catalogue_labels: dict[str, str] | None = None, include_needs: bool = True
) -> list[str]:
    """Sentences for stored reasons, in the active language.

    ``include_needs=False`` leaves out the accommodation line (for readers who may not see needs).
    """
    out: list[str] = []
    for reason in reasons:
        code = reason.get("code")
        if code == "occupation":
            out.append(_occupation(reason))
        elif code == "occupation_unknown":
            out.append(_("Occupation not given on one side"))
        elif code == "skills":
            out.append(_("Skills %(held)s of %(required)s") % {"held": reason["held"], "required": reason["required"]})
        elif code == "skills_not_listed":
            out.append(_("The vacancy lists no particular skills"))
        elif code == "education":
            out.append(_education(reason))
        elif code == "experience":
            out.append(
                _("Experience %(years)s of %(required)s years asked")
                % {"years": reason["years"], "required": reason["required"]}
            )
        elif code == "needs" and include_needs:
            out.append(_needs(reason, catalogue_labels))
        elif code == "needs_sources" and include_needs:
            out.extend(_fact(fact, catalogue_labels) for fact in reason.get("facts", []))
        elif code == "needs_none" and include_needs:
            out.append(_("No accommodation needs recorded"))
        elif code == "needs_not_used" and include_needs:
            out.append(_("Accommodation needs not used (no consent to process disability data)"))
        elif code == "arrangement":
            out.append(_arrangement(reason))
        elif code == "travel":
            out.append(_travel(reason))
    return out
