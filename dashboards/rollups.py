"""Writing the rollups: one city at a time, inside that city's context.

``refresh_city(city_id)`` runs inside ``city_context(city_id)`` (a ``CityTask`` or the "refresh
now" view provides it), counts ``dashboards.indicators`` for the months that need it and replaces
that city's ``CityRollup`` rows for those months in the same transaction — a reader sees the old
figures or the new ones, never half. Which months:

- **incremental** (default): the current and the previous month (city time), plus every month in
  which a row changed since the last run (``indicators.changed_months``, one query);
- **full** (first run, or ``full=True``): every month from the city's first dated row to now.

Snapshot indicators are rewritten only for the current month; past months keep the snapshot last
taken during them. The watermark (``RollupState.changes_seen_until``) is the run's start time
minus ``WATERMARK_MARGIN``, so a row saved by a transaction that commits while we count is seen
by the next run.
"""

from __future__ import annotations

import datetime
import time

from django.db import connection, transaction
from django.utils import timezone

from cities.calendar import add_months, city_today, month_start
from cities.models import City
from cities.tenancy import require_city_id
from dashboards import indicators
from dashboards.models import CityRollup, RollupState

WATERMARK_MARGIN = datetime.timedelta(minutes=10)
BATCH = 5000

_FIRST_MONTH_SQL = """
SELECT min(m) FROM (
    SELECT min(created_at AT TIME ZONE %(tz)s)::date FROM jobseekers_jobseeker WHERE city_id = %(city)s
    UNION ALL SELECT min(start_date) FROM placements_placement WHERE city_id = %(city)s
    UNION ALL SELECT min(published_at AT TIME ZONE %(tz)s)::date FROM employers_vacancy WHERE city_id = %(city)s
    UNION ALL SELECT min(date) FROM employers_employerservice WHERE city_id = %(city)s
    UNION ALL SELECT min(completed_at AT TIME ZONE %(tz)s)::date FROM assessments_assessment WHERE city_id = %(city)s
    UNION ALL SELECT min(done_at AT TIME ZONE %(tz)s)::date FROM placements_followup WHERE city_id = %(city)s
) AS firsts(m)
"""


def months_to_refresh(city: City, *, today: datetime.date, full: bool, since: datetime.datetime | None) -> list:
    """The months (first days) ``refresh_city`` recomputes; one or two queries."""
    current = month_start(today)
    recent = {add_months(current, -1), current}
    if full or since is None:
        with connection.cursor() as cursor:
            cursor.execute(_FIRST_MONTH_SQL, {"tz": city.timezone, "city": city.pk})
            first = cursor.fetchone()[0]
        first = min(month_start(first), current) if first else current
        return sorted(set(indicators.month_range(first, current)) | recent)
    changed = indicators.changed_months(city_id=city.pk, timezone_name=city.timezone, since=since)
    return sorted(recent | {month for month in changed if month <= current})


@transaction.atomic
def refresh_city(city_id: int, *, full: bool = False, now: datetime.datetime | None = None) -> RollupState:
    """Recompute the current city's rollups (see the module docstring); returns its ``RollupState``.

    Must run inside ``city_context(city_id)``: raises ``NoCityContextError`` outside any context
    and ``ValueError`` inside another city's. ``now`` is for tests (default: the current time).
    A fixed number of queries: 2 reads of state and city, 1-2 to choose the months,
    ``indicators.COMPUTE_QUERIES`` to count, 1 delete, 1 insert per 5,000 rows, 1 state upsert.
    """
    if require_city_id() != city_id:
        raise ValueError(f"refresh_city({city_id}) outside that city's context")
    started = time.perf_counter()
    now = now or timezone.now()
    city = City.objects.get(pk=city_id)
    today = city_today(city, now)
    state = RollupState.objects.filter(for_city_id=city_id).first()
    full = full or state is None
    months = months_to_refresh(city, today=today, full=full, since=None if full else state.changes_seen_until)
    counts = indicators.compute(city_id=city_id, timezone_name=city.timezone, months=months, today=today)
    current = month_start(today)
    snapshot_codes = [code for code, ind in indicators.INDICATORS.items() if ind.kind == indicators.SNAPSHOT]
    stale = CityRollup.objects.filter(for_city_id=city_id, month__in=months)
    # Past months keep their last snapshot: delete snapshot rows only for the current month.
    stale.exclude(indicator__in=snapshot_codes).delete()
    CityRollup.objects.filter(for_city_id=city_id, month=current, indicator__in=snapshot_codes).delete()
    CityRollup.objects.bulk_create(
        [
            CityRollup(
                for_city_id=city_id,
                month=count.month,
                indicator=count.indicator,
                dimension=count.dimension,
                value=count.value,
                count=count.count,
            )
            for count in counts
        ],
        batch_size=BATCH,
    )
    state, _ = RollupState.objects.update_or_create(
        for_city_id=city_id,
        defaults={
            "computed_at": timezone.now(),
            "changes_seen_until": now - WATERMARK_MARGIN,
            "months": len(months),
            "duration_ms": int((time.perf_counter() - started) * 1000),
            "full": full,
        },
    )
    return state
