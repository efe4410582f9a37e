"""Signals the placements app sends, for the apps above it (webhooks, api, dashboards).

Placements itself reacts to the lower apps' signals in ``placements.rematch`` (re-matching).
"""

from __future__ import annotations

from django.dispatch import Signal

# --- Signals placements sends (for the apps above it: webhooks, api) ------------------------------
# Sent explicitly by the services below, inside their transaction (never from post_save). A receiver
# runs in that transaction (it may write outbox rows) and queues Celery work with on_commit.

# Sent with ``placement`` (``placements.models.Placement``, just saved, follow-ups scheduled) and
# ``actor`` (the ``accounts.User`` who recorded it), by ``placements.services.placement_record``.
placement_made = Signal()
# Sent with ``followup`` (``placements.models.FollowUp``, ``done_at`` set; its placement closed as
# retained/left when this follow-up closed it) and ``actor``, by ``placements.services.followup_record``.
followup_recorded = Signal()
