"""Read-only queries of AK/1 cards, in the current city."""

from __future__ import annotations

import calendar
import datetime

from django.db.models import Count, DateField, Exists, OuterRef, QuerySet
from django.db.models.expressions import RawSQL

from ak1.models import REPORT_BOXES, REPORT_EVERY_MONTHS, Card

# The due date of a card's next report box: six months after the issue per box already stamped, plus
# one. PostgreSQL's date + interval clamps to the month's last day, as cities.calendar.add_months.
NEXT_DUE = RawSQL(
    "(ak1_card.issued_on + make_interval(months => %s * (1 + "
    "(SELECT count(*) FROM ak1_report WHERE ak1_report.card_id = ak1_card.id)::int)))::date",
    [REPORT_EVERY_MONTHS],
    output_field=DateField(),
)


def renewed() -> Exists:
    """Whether a newer card renews the outer card (in the current city)."""
    return Exists(Card.objects.filter(renews=OuterRef("pk")))


def cards_of(job_seeker) -> QuerySet[Card]:
    return (
        Card.objects.filter(job_seeker=job_seeker)
        .annotate(has_renewal=renewed())
        .prefetch_related("reports")
        .order_by("-issued_on", "-pk")
    )


def due_to_report(today: datetime.date) -> QuerySet[Card]:
    """Valid cards whose next report box falls due by the end of ``today``'s month (or is overdue),
    oldest due first, with the holder."""
    month_end = today.replace(day=calendar.monthrange(today.year, today.month)[1])
    return (
        Card.objects.filter(
            placed_on__isnull=True,
            expires_on__gte=today,
            job_seeker__anonymised_at__isnull=True,
        )
        .exclude(renewed())
        .annotate(reports_count=Count("reports"), next_due=NEXT_DUE)
        .filter(reports_count__lt=REPORT_BOXES, next_due__lte=month_end)
        .select_related("job_seeker")
        .order_by("next_due", "number")
    )


def issued_in_month(today: datetime.date) -> QuerySet[Card]:
    """Cards issued from the first of ``today``'s month to ``today``, newest first, with the holder."""
    return (
        Card.objects.filter(issued_on__gte=today.replace(day=1), issued_on__lte=today)
        .select_related("job_seeker")
        .order_by("-issued_on", "-pk")
    )


def by_token(token: str) -> Card | None:
    """The card a verification link names (in the URL's city), with the holder's name for initials."""
    if not token or len(token) > 40:
        return None
    return (
        Card.objects.filter(verification_token=token)
        .annotate(has_renewal=renewed())
        .select_related("job_seeker", "city")
        .first()
    )
