"""The audit trail: who created, changed, deleted — and who **viewed** — a record, with time, city and IP.

Create/update/delete events are written by django-auditlog for the models registered in
``AUDITED_MODELS`` (``accounts.apps``); reads of sensitive data are written by the view that shows
them, through ``record_access``. Every entry is an ``accounts.AuditLogEntry``: a city-owned row
under forced row-level security, so a city sees only its own trail. Source of the duty: UU 27/2022
(PDP) arts. 20-26 and 34 — processing of specific personal data must be provable later.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.contenttypes.models import ContentType
from django.db import models

from accounts.models import AuditLogEntry

# Field groups whose reading is logged (DOMAIN.md: health and disability data are specific data).
SENSITIVE_GROUPS = tuple(AuditLogEntry.GROUP_LABELS)


def record_access(*, obj: models.Model, groups: Iterable[str]) -> AuditLogEntry:
    """Write one access entry for ``obj`` (current city) naming the field ``groups`` shown.

    Actor, IP address and port come from the request through ``AuditlogMiddleware``. Raises
    ``ValueError`` for a group not in ``SENSITIVE_GROUPS`` and ``NoCityContextError`` outside a city.
    """
    groups = sorted(set(groups))
    unknown = set(groups) - set(SENSITIVE_GROUPS)
    if unknown:
        raise ValueError(f"Unknown sensitive field groups: {sorted(unknown)}")
    return AuditLogEntry.objects.log_create(
        obj,
        force_log=True,
        action=AuditLogEntry.Action.ACCESS,
        changes=None,
        additional_data={"fields": groups},
    )


def trail(obj: models.Model) -> models.QuerySet[AuditLogEntry]:
    """Every entry about ``obj`` in the current city, newest first, with the actor joined."""
    content_type = ContentType.objects.get_for_model(type(obj))
    return (
        AuditLogEntry.objects.filter(content_type=content_type, object_pk=str(obj.pk))
        .select_related("actor")
        .order_by("-timestamp", "-pk")
    )


def accesses(obj: models.Model) -> models.QuerySet[AuditLogEntry]:
    """The access (read) entries about ``obj``: what a person sees on "who viewed my data"."""
    return trail(obj).filter(action=AuditLogEntry.Action.ACCESS)
