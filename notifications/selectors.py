"""Reads of the notifications app that are more than one line: the staff's lists of calls to make and
letters to print (``notifications.person_messages``), in the active city."""

from __future__ import annotations

from django.db.models import Count, Max, Q, QuerySet

from notifications.models import PersonMessage


def calls_to_make(*, fetched_by) -> QuerySet[PersonMessage]:
    """Open calls of the current city (none reached the person yet), oldest first, with ``calls``
    (how many were tried) and ``last_called_at``. ``fetched_by`` is the staff member reading."""
    return (
        PersonMessage.objects.filter(way=PersonMessage.Way.PHONE, done_at=None)
        .annotate(calls=Count("call_logs"), last_called_at=Max("call_logs__called_at"))
        .order_by("created_at", "id")
    )


def letters_to_print(*, fetched_by) -> QuerySet[PersonMessage]:
    """Letters of the current city not printed yet, oldest first."""
    return PersonMessage.objects.filter(way=PersonMessage.Way.LETTER, done_at=None).order_by("created_at", "id")


def person_message_counts(*, fetched_by) -> dict[str, int]:
    """``{"calls": open calls, "letters": letters to print}`` in the current city; one query."""
    return PersonMessage.objects.filter(done_at=None).aggregate(
        calls=Count("id", filter=Q(way=PersonMessage.Way.PHONE)),
        letters=Count("id", filter=Q(way=PersonMessage.Way.LETTER)),
    )
