"""Figures the apps above employers provide to it, without employers importing them.

ARCHITECTURE.md §2: imports point down. The employers pages show figures that only a higher app
knows (hires through the portal and referred candidates live in placements, the verified
accessibility of a site in assessments). Each such figure is a ``Provider`` slot defined here; the
higher app registers one function in its ``AppConfig.ready()``, and ``employers.selectors`` calls
the slot (``cities.providers.Provider``). With nothing registered (an installation without that app) a slot returns its
documented default. A slot holds one function: a second, different registration raises, so two
apps cannot silently answer the same question.

Providers only **read**; they run inside the caller's city context and in a fixed number of
queries (the selectors' query-count tests count them).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import TYPE_CHECKING, TypedDict

from cities.providers import Provider

if TYPE_CHECKING:
    from employers.models import Employer, Workplace


class AccessibilityArea(TypedDict):
    label: str
    passed: int
    counted: int
    percent: int | None


class VerifiedAccessibility(TypedDict):
    assessed_on: datetime.date
    checklist: str
    features: dict[str, bool | None]
    areas: list[AccessibilityArea]


class ReferredCandidates(TypedDict):
    url: str
    counts: dict[int, int]


# ``portal_hires(employer, years)``: ``{year: hires through the portal whose start date falls in
# that year}`` for ``employer`` (an ``Employer``) and ``years`` (a sorted list of ``int``; years
# without hires may be left out), counting placements made from a referral to one of the employer's
# vacancies, in a fixed number of queries. Reported apart from the employer's own quota reports,
# never added to them. Registered by placements; default ``{}`` (no hires).
portal_hires: Provider[Callable[[Employer, list[int]], dict[int, int]]] = Provider(
    "employers.providers.portal_hires", dict
)

# ``portal_hires_many(employer_ids, years)``: the same figure for many employers at once, for a list
# page: ``{employer id: {year: hires}}`` (employers and years without hires may be left out) in ONE
# query whatever the number of employers. Registered by placements; default ``{}``.
portal_hires_many: Provider[Callable[[list[int], list[int]], dict[int, dict[int, int]]]] = Provider(
    "employers.providers.portal_hires_many", dict
)

# ``verified_accessibility(workplace)``: the newest result of the IJC's own accessibility
# assessment of ``workplace`` that the employer has shared (``VerifiedAccessibility``: ``features``
# holds the ``AccessibilityFeature`` codes the checklist covers, ``True`` verified present,
# ``False`` verified missing, ``None`` not checked), or ``None``. Registered by assessments;
# default ``None`` (nothing verified: the pages show the employer's declaration).
verified_accessibility: Provider[Callable[[Workplace], VerifiedAccessibility | None]] = Provider(
    "employers.providers.verified_accessibility", lambda: None
)

# ``referred_candidates(employer)``: the page listing the people the center referred to
# ``employer`` that its members may see, and their number per vacancy (``ReferredCandidates``), or
# ``None``, in a fixed number of queries. Registered by placements; default ``None``.
referred_candidates: Provider[Callable[[Employer], ReferredCandidates | None]] = Provider(
    "employers.providers.referred_candidates", lambda: None
)
