"""Plain-language reasons for a match, rendered in the reader's language.

The engine stores reasons as codes with numbers (``MatchSuggestion.reasons``) so that the same
suggestion reads in Indonesian for one person and in English for another. ``render`` turns them into
short sentences such as "3 of 4 needs met (no lift)" or "Skills 4 of 6".
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

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
        elif code == "needs_none" and include_needs:
            out.append(_("No accommodation needs recorded"))
        elif code == "needs_not_used" and include_needs:
            out.append(_("Accommodation needs not used (no consent to process disability data)"))
        elif code == "arrangement":
            out.append(_arrangement(reason))
        elif code == "travel":
            out.append(_travel(reason))
    return out
