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

# What an erased value becomes in the trail (``redact``): the entry keeps who, when, which record
# and which fields, not the values (UU 27/2022 art. 8: erasure; arts. 20-26, 34: processing provable).
REDACTED = "[erased]"


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


def record_access_many(
    *, objs: Iterable[models.Model], groups: Iterable[str], extra: dict | None = None, actor: User | None = None
) -> int:
    """One access entry per object of ``objs`` (one model, current city) naming the field ``groups``,
    written in a single INSERT whatever their number; returns how many. ``extra`` is added to each
    entry's ``additional_data`` (e.g. ``{"list": "caseload"}``). Actor, IP address and port as for
    ``record_access``; ``actor`` names the actor where the middleware cannot know them (an API token
    is read by the view). The same ``ValueError`` and ``NoCityContextError``."""
    groups = _checked(groups)
    objs = list(objs)
    if not objs:
        return 0
    content_type = ContentType.objects.get_for_model(type(objs[0]))
    metadata = _request_metadata()
    if actor is not None:
        metadata |= {"actor": actor, "actor_email": actor.email}
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
    AuditLogEntry.objects.bulk_create(entries, batch_size=5000)  # an export can list a whole city
    return len(entries)


def entries_about(model: type[models.Model], pks: Iterable) -> models.QuerySet[AuditLogEntry]:
    """Every entry of the current city about the ``model`` rows ``pks`` (deleted rows too)."""
    content_type = ContentType.objects.get_for_model(model)
    return AuditLogEntry.objects.filter(content_type=content_type, object_pk__in=[str(pk) for pk in pks])


def _redacted(value):
    if isinstance(value, dict) and value.get("type") == "m2m":  # django-auditlog's many-to-many change
        return {**value, "objects": [REDACTED]}
    if isinstance(value, list):
        return [REDACTED for _item in value]
    return [REDACTED, REDACTED]


def redact(entries: models.QuerySet[AuditLogEntry], *, fields: Iterable[str] | None = None, object_repr=None) -> int:
    """Erase personal values from existing ``entries``, keeping the entries themselves: who, when,
    from where, which record, which action, which fields changed and which groups were viewed.

    The old and new values of ``fields`` (every field when ``None``) become ``REDACTED``; the
    serialised copy and the legacy change text are dropped; ``object_repr`` (when given) replaces the
    text that named the record. Returns the number of entries rewritten (one UPDATE per 500)."""
    wanted = None if fields is None else set(fields)
    rows = list(entries.only("pk", "changes", "changes_text", "serialized_data", "object_repr"))
    for entry in rows:
        changes = entry.changes
        if isinstance(changes, dict):
            entry.changes = {
                name: _redacted(value) if wanted is None or name in wanted else value for name, value in changes.items()
            }
        elif changes is not None:
            entry.changes = None
        entry.changes_text = ""
        entry.serialized_data = None
        if object_repr is not None:
            entry.object_repr = object_repr
    AuditLogEntry.objects.bulk_update(
        rows, ["changes", "changes_text", "serialized_data", "object_repr"], batch_size=500
    )
    return len(rows)


def forget_actor_email(user: User) -> int:
    """Blank the email django-auditlog copied into the current city's entries ``user`` wrote as the
    actor (the actor link stays, pointing at the erased account); returns how many."""
    return AuditLogEntry.objects.filter(actor_id=user.pk, actor_email__isnull=False).update(actor_email=None)
