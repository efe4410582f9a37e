"""A placement marks the person's AK/1 card "placed" (Permenaker 39/2016: hires are reported against
the card). Connected to ``placement_made`` in ``PlacementsConfig.ready``, so it runs in the
placement's transaction."""

from __future__ import annotations

from ak1 import services as ak1_services
from placements import signals


def placement_made(sender, placement, **kwargs) -> None:
    ak1_services.mark_placed(placement.referral.job_seeker, placed_on=placement.start_date)


def connect() -> None:
    signals.placement_made.connect(placement_made, dispatch_uid="placements.cards.placement_made")
