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

from accounts.models import AuditLogEntry, User

# Field groups whose reading is logged (DOMAIN.md: health and disability data are specific data).
SENSITIVE_GROUPS = tuple(AuditLogEntry.GROUP_LABELS)


def _checked(groups: Iterable[str]) -> list[str]:
    groups = sorted(set(groups))
    unknown = set(groups) - set(SENSITIVE_GROUPS)
    if unknown:
        raise ValueError(f"Unknown sensitive field groups: {sorted(unknown)}")
    return groups


def record_access(*, obj: models.Model, groups: Iterable[str]) -> AuditLogEntry:
    """Write one access entry for ``obj`` (current city) naming the field ``groups`` shown.

    Actor, IP address and port come from the request through ``AuditlogMiddleware``. Raises
    ``ValueError`` for a group not in ``SENSITIVE_GROUPS`` and ``NoCityContextError`` outside a city.
    """
    groups = _checked(groups)
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


def _request_metadata() -> dict:
    """Actor, IP address and port that ``AuditlogMiddleware`` put in django-auditlog's context for
    this request (``log_create`` gets them through a ``pre_save`` receiver, which a bulk insert skips)."""
    from auditlog.cid import get_cid
    from auditlog.context import auditlog_value

    context = auditlog_value.get({})
    actor = context.get("actor")
    actor = actor if isinstance(actor, User) and actor.is_authenticated else None
    return {
        "actor": actor,
        "actor_email": getattr(actor, "email", None),
        "remote_addr": context.get("remote_addr"),
        "remote_port": context.get("remote_port"),
        "cid": get_cid(),
    }


def record_access_many(*, objs: Iterable[models.Model], groups: Iterable[str], extra: dict | None = None) -> int:
    """One access entry per object of ``objs`` (one model, current city) naming the field ``groups``,
    written in a single INSERT whatever their number; returns how many. ``extra`` is added to each
    entry's ``additional_data`` (e.g. ``{"list": "caseload"}``). Actor, IP address and port as for
    ``record_access``; the same ``ValueError`` and ``NoCityContextError``."""
    groups = _checked(groups)
    objs = list(objs)
    if not objs:
        return 0
    content_type = ContentType.objects.get_for_model(type(objs[0]))
    metadata = _request_metadata()
    entries = [
        AuditLogEntry(
            content_type=content_type,
            object_pk=str(obj.pk),
            object_id=obj.pk if isinstance(obj.pk, int) else None,
            object_repr=str(obj),
            action=AuditLogEntry.Action.ACCESS,
            changes=None,
            additional_data={"fields": groups, **(extra or {})},
            **metadata,
        )
        for obj in objs
    ]
    AuditLogEntry.objects.bulk_create(entries)
    return len(entries)

