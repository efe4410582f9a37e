"""Saving a city's profile and keeping APEKSI's snapshot of it in step (docs/city-profile.md).

``city_profile_save`` is the only writer of ``CityProfile``, ``CityPartner`` and
``CityProfileSnapshot``. It runs inside the city's context (the request's, set by
``CityContextMiddleware``) and writes all three in one transaction, so APEKSI never sees a snapshot
that disagrees with the profile. APEKSI pages read only the snapshot (a non-tenant table).
"""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models import Count
from django.utils.translation import gettext as _

from cities.models import CityPartner, CityProfile, CityProfileSnapshot
from cities.tenancy import require_city_id

#: Snapshot fields copied unchanged from the profile (policy mapping only, no contact details).
COPIED_FIELDS = (
    "uld_established",
    "uld_established_on",
    "has_perda",
    "perda_number",
    "perda_year",
    "budget_amount",
    "budget_year",
    "staff_count",
    "government_headcount",
    "government_with_disabilities",
    "government_as_of",
    "bumd_headcount",
    "bumd_with_disabilities",
    "bumd_as_of",
    "sign_language_video_call",
)


class ProfileError(Exception):
    """The profile could not be saved; ``str()`` is a translated message for the form."""


def current_profile() -> CityProfile:
    """The current city's profile, or an unsaved empty one. Raises ``NoCityContextError`` outside a city."""
    require_city_id()
    return CityProfile.objects.filter().first() or CityProfile()


def snapshot_values(profile: CityProfile) -> dict:
    """The snapshot's fields for ``profile`` (partners counted by kind in the current city)."""
    values = {name: getattr(profile, name) for name in COPIED_FIELDS}
    values["perda_has_employment_articles"] = bool(profile.perda_employment_articles.strip())
    values["has_budget_line"] = bool(profile.budget_line.strip() or profile.budget_amount)
    counts = dict(CityPartner.objects.values_list("kind").annotate(n=Count("id")).order_by())
    for kind in CityPartner.Kind:
        values[f"partners_{kind.value}"] = counts.get(kind.value, 0)
    values["profile_updated_at"] = profile.updated_at
    return values


def write_snapshot(profile: CityProfile) -> CityProfileSnapshot:
    """Create or replace the city's snapshot from ``profile`` (call inside ``city_profile_save``'s transaction)."""
    snapshot, _created = CityProfileSnapshot.objects.update_or_create(
        for_city_id=profile.city_id, defaults=snapshot_values(profile)
    )
    return snapshot


def city_profile_save(*, actor, form, partners) -> CityProfile:
    """Save a valid ``CityProfileForm`` and ``CityPartnerFormSet`` for the current city, then its snapshot.

    ``actor`` (the city admin) becomes ``updated_by``. All or nothing: one transaction; a clash of partner names
    found only by the database (a rename swap) raises ``ProfileError`` and writes nothing.
    Raises ``NoCityContextError`` outside a city context.
    """
    require_city_id()
    try:
        with transaction.atomic():
            profile = form.save(commit=False)
            profile.updated_by = actor
            profile.save()
            partners.save()
            write_snapshot(profile)
    except IntegrityError as error:
        if "cityprofile_one_per_city" in str(error):
            raise ProfileError(_("Someone else saved this profile at the same moment. Open the page again.")) from error
        raise ProfileError(_("Two partner organisations have the same name. Give each a different name.")) from error
    return profile


def save_profile(*, form, partners, user) -> CityProfile:
    """``city_profile_save`` under its former name and keywords (``user`` is the actor)."""
    return city_profile_save(actor=user, form=form, partners=partners)
