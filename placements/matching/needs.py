"""Accommodation needs and what satisfies them: the table behind the accommodation-fit component.

A person's needs come from three places (only when they consented to the processing of specific
data, UU 27/2022 art. 4 and 20):

* the WG-SS functioning answers: a domain answered "a lot of difficulty" (3) or "cannot do at all"
  (4) implies the needs in ``FUNCTIONING_RULES`` (e.g. walking "cannot do at all" needs step-free
  access, an accessible toilet and a lift or a ground-floor workstation);
* communication needs and assistive devices on the profile (``COMMUNICATION_RULES``,
  ``DEVICE_RULES``);
* accommodations the person asked for from the catalogue (``reference.AccommodationType``): a code
  in ``CATALOGUE_EQUIVALENT`` counts as the named need, any other as the need for that very entry.

A need is **met** when the vacancy or its workplace offers any one of its *satisfiers*: an offered
catalogue accommodation (``acc:ACC-nnn``), a workplace accessibility feature (``feature:x``, from a
verified assessment first, the employer's declaration second), an accessible-recruitment option of
the vacancy (``rec:x``) or the vacancy's work arrangement (``arr:remote``: nobody needs a ramp at
home). An unmet need is a gap to discuss with the employer, never an exclusion (UU 8/2016 art. 11:
no vacancy excludes a kind of disability).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

A_LOT = 3
CANNOT = 4


@dataclass(frozen=True)
class Need:
    key: str
    label: object  # lazy translated noun phrase, used in "3 of 4 needs met (no lift)"
    satisfiers: frozenset[str]


def _need(key: str, label, *satisfiers: str) -> Need:
    return Need(key, label, frozenset(satisfiers))


NEEDS: dict[str, Need] = {
    need.key: need
    for need in (
        _need("step_free", _("step-free access"), "feature:step_free", "acc:ACC-017", "arr:remote"),
        _need("lift", _("lift"), "feature:lift", "acc:ACC-021", "arr:remote"),
        _need("toilet", _("accessible toilet"), "feature:toilet", "acc:ACC-019", "arr:remote"),
        _need("parking", _("accessible parking"), "feature:parking", "arr:remote"),
        _need(
            "interview_interpreter",
            _("sign-language interpreter at the interview"),
            "rec:sign_interpreter",
            "acc:ACC-010",
        ),
        _need("written_instructions", _("written instructions"), "acc:ACC-016", "acc:ACC-011", "acc:ACC-047"),
        _need("visual_alarm", _("visual fire alarm"), "feature:visual_alarm", "acc:ACC-012", "arr:remote"),
        _need("screen_reader", _("screen reader or magnifier"), "acc:ACC-001", "acc:ACC-006"),
        _need("accessible_documents", _("documents in accessible formats"), "acc:ACC-003"),
        _need("guiding_blocks", _("guiding blocks"), "feature:guiding_blocks", "acc:ACC-004", "arr:remote"),
        _need("step_instructions", _("step-by-step instructions"), "acc:ACC-031", "acc:ACC-047", "acc:ACC-016"),
        _need("quiet_space", _("quiet space"), "feature:quiet_space", "acc:ACC-034", "acc:ACC-044", "arr:remote"),
        _need("text_communication", _("communication in writing"), "acc:ACC-050", "acc:ACC-011"),
        _need("interview_format", _("interview by video call or in writing"), "rec:remote_interview", "acc:ACC-058"),
        _need("flexible_schedule", _("rest breaks or a flexible schedule"), "acc:ACC-053", "acc:ACC-025", "arr:remote"),
    )
}

# (WG-SS domain, lowest answer code) -> needs. Source: the catalogue's JAN-derived ideas per
# limitation (reference/data/accommodations.csv).
FUNCTIONING_RULES: tuple[tuple[str, int, tuple[str, ...]], ...] = (
    ("mobility", A_LOT, ("step_free",)),
    ("mobility", CANNOT, ("toilet", "lift")),
    ("hearing", A_LOT, ("interview_interpreter", "written_instructions")),
    ("hearing", CANNOT, ("visual_alarm",)),
    ("seeing", A_LOT, ("screen_reader", "accessible_documents")),
    ("seeing", CANNOT, ("guiding_blocks",)),
    ("cognition", A_LOT, ("step_instructions",)),
    ("cognition", CANNOT, ("quiet_space",)),
    ("self_care", A_LOT, ("toilet",)),
    ("communication", A_LOT, ("text_communication", "interview_format")),
)

COMMUNICATION_RULES: dict[str, tuple[str, ...]] = {
    "bisindo": ("interview_interpreter",),
    "sibi": ("interview_interpreter",),
    "braille": ("accessible_documents",),
    "large_print": ("accessible_documents",),
    "easy_read": ("step_instructions",),
    "captions": ("written_instructions",),
}

DEVICE_RULES: dict[str, tuple[str, ...]] = {
    "wheelchair": ("step_free", "toilet"),
    "crutches": ("step_free",),
    "white_cane": ("guiding_blocks",),
    "screen_reader": ("screen_reader",),
}

# Catalogue entries that are the same thing as a named need (counted once, satisfied the same way).
CATALOGUE_EQUIVALENT: dict[str, str] = {
    "ACC-017": "step_free",
    "ACC-021": "lift",
    "ACC-019": "toilet",
    "ACC-010": "interview_interpreter",
    "ACC-016": "written_instructions",
    "ACC-011": "written_instructions",
    "ACC-012": "visual_alarm",
    "ACC-001": "screen_reader",
    "ACC-006": "screen_reader",
    "ACC-003": "accessible_documents",
    "ACC-004": "guiding_blocks",
    "ACC-031": "step_instructions",
    "ACC-050": "text_communication",
    "ACC-058": "interview_format",
    "ACC-053": "flexible_schedule",
}


def catalogue_need_key(code: str) -> str:
    """The need a catalogue accommodation stands for: a named need or ``acc:<code>`` itself."""
    return CATALOGUE_EQUIVALENT.get(code, f"acc:{code}")


def need_satisfiers(key: str) -> frozenset[str]:
    """The satisfier tokens of a need key (a named need, or ``acc:<code>`` met by that code only)."""
    if key in NEEDS:
        return NEEDS[key].satisfiers
    return frozenset({key})


def need_label(key: str, catalogue_labels: dict[str, str] | None = None) -> str:
    """A short label for a need in the active language."""
    if key in NEEDS:
        return str(NEEDS[key].label)
    code = key.removeprefix("acc:")
    return (catalogue_labels or {}).get(code, code)


def needs_of(
    *,
    functioning: dict[str, int],
    communication: list[str],
    devices: list[str],
    catalogue_codes: list[str],
) -> set[str]:
    """The set of need keys of one person (see the module docstring)."""
    keys: set[str] = set()
    for domain, lowest, needs in FUNCTIONING_RULES:
        code = functioning.get(domain)
        if code in (A_LOT, CANNOT) and code >= lowest:
            keys.update(needs)
    for item in communication:
        keys.update(COMMUNICATION_RULES.get(item, ()))
    for item in devices:
        keys.update(DEVICE_RULES.get(item, ()))
    keys.update(catalogue_need_key(code) for code in catalogue_codes)
    return keys
