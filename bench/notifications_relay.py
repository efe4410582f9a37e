"""What does the outbox cost? Prints per-call and per-row figures (lower is better).

Against a development database (refuses IJC_ENV=production), with the in-memory email backend and
the locmem SMS backend, so the figures are the portal's own cost, not a mail server's:

  a. ``notify`` for one person and two channels (email + inbox) inside ``city_context``;
  b. ``relay_pending`` sending N pending emails, in batches of 50 (rows per second, queries per row);
  c. the beat sweep's cost per active city with nothing due.

Nothing is published to the broker (the relay is called directly). Bench rows are deleted at the end.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ijc_portal.settings")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from accounts.models import User  # noqa: E402
from cities.models import City, Province  # noqa: E402
from cities.tenancy import city_context  # noqa: E402
from notifications import services  # noqa: E402
from notifications.models import Notification, NotificationPreference  # noqa: E402

N = int(os.environ.get("BENCH_ROWS", "1000"))
REFERRAL = {"vacancy_title": "Juru ketik", "employer_name": "PT Maju", "url": "https://ijc.test/r/1"}


def main() -> None:
    if settings.PRODUCTION:
        sys.exit("refusing to seed bench data with IJC_ENV=production")
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    settings.NOTIFICATIONS_TEXT_BACKEND = "locmem"
    services.publish_relay = lambda city_id, countdown=None: True  # no broker in the bench
    province, _ = Province.objects.get_or_create(code="97", defaults={"bps_code": "97", "name": "Bench"})
    city, _ = City.objects.get_or_create(
        code="97.99",
        defaults={"bps_code": "9799", "name": "Kota Bench Notif", "province": province, "slug": "bench-notif"},
    )
    city.is_active = True
    city.save()
    # Enough people that nobody passes the daily limit (50): the relay sends, it does not defer.
    users = [
        User.objects.get_or_create(email=f"bench-notif-{i}@example.test", defaults={"name": f"Bench {i}"})[0]
        for i in range(N // 40 + 1)
    ]
    for person in users:
        NotificationPreference.objects.update_or_create(user=person, defaults={"daily_limit": 50, "quiet_hours": False})
    user = users[0]
    try:
        with city_context(city):
            Notification.objects.all().delete()
        samples = []
        for n in range(200):
            start = time.perf_counter()
            with city_context(city):
                services.notify(
                    recipient=user,
                    kind="referral_proposed",
                    context=REFERRAL,
                    idempotency_key=f"bench:{n}",
                    channels=["email", "inbox"],
                )
            samples.append(time.perf_counter() - start)
        notify_ms = statistics.median(samples) * 1000
        print(f"a. notify (email + inbox, own transaction): median {notify_ms:.2f} ms")
        with city_context(city):
            Notification.objects.all().delete()
            for n in range(N):
                services.notify(
                    recipient=users[n % len(users)],
                    kind="referral_proposed",
                    context=REFERRAL,
                    idempotency_key=f"r:{n}",
                    channels=["email"],
                )
        sent = 0
        start = time.perf_counter()
        with CaptureQueriesContext(connection) as queries:
            while True:
                with city_context(city):
                    result = services.relay_pending()
                sent += result.sent
                if not result.more:
                    break
        elapsed = time.perf_counter() - start
        print(
            f"b. relay: {sent} emails in {elapsed:.2f} s = {sent / elapsed:.0f} rows/s, "
            f"{len(queries) / max(sent, 1):.1f} queries per row"
        )
        cities = list(City.objects.filter(is_active=True).values_list("pk", flat=True))
        start = time.perf_counter()
        services.sweep_cities()
        per_city = (time.perf_counter() - start) / max(len(cities), 1)
        print(f"c. sweep: {per_city * 1000:.2f} ms per active city ({len(cities)} active)")
        print(f"BENCH notify_call {notify_ms:.3f} ms")
        print(f"BENCH notify_relay {sent / elapsed:.3f} rows/s")
        print(f"BENCH notify_relay_queries_per_row {len(queries) / max(sent, 1):.3f} queries")
        print(f"BENCH notify_sweep_per_city {per_city * 1000:.3f} ms")
    finally:
        with city_context(city):
            Notification.objects.all().delete()


if __name__ == "__main__":
    main()
