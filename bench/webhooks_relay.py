"""What do webhooks cost? Prints per-call and per-row figures (lower is better).

Against a development database (refuses IJC_ENV=production), with a local HTTP receiver
(``http.server`` in a thread, answering 200 at once) so the figures are the portal's own cost, not a
partner's network:

  a. ``emit`` inside ``city_context`` with no endpoint subscribed (what every publication pays) and
     with one subscribed endpoint (one delivery row);
  b. ``relay_pending`` delivering N events to the local receiver in batches of 50: deliveries per
     second (each a signed POST on a new connection, the attempt logged) and SQL queries per delivery;
  c. the beat sweep's cost per active city with nothing due.

Nothing is published to the broker (the relay is called directly). Bench rows are deleted at the end.
"""

from __future__ import annotations

import http.server
import os
import statistics
import sys
import threading
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
from webhooks import services  # noqa: E402
from webhooks.models import Event, WebhookEndpoint  # noqa: E402

N = int(os.environ.get("BENCH_ROWS", "1000"))
DATA = {"placement": {"id": 1, "start_date": "2026-12-01"}, "employer": {"id": 1, "name": "PT Bench"}}


class Receiver(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length", "0")))
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


def _emit_samples(city, key_prefix: str) -> float:
    samples = []
    for n in range(200):
        start = time.perf_counter()
        with city_context(city):
            services.emit(Event.PLACEMENT_MADE, key=f"{key_prefix}:{n}", data=DATA)
        samples.append(time.perf_counter() - start)
    return statistics.median(samples) * 1000


def main() -> None:
    if settings.PRODUCTION:
        sys.exit("refusing to seed bench data with IJC_ENV=production")
    settings.WEBHOOKS_ALLOW_LOOPBACK = True
    services.publish_relay = lambda city_id, countdown=None: True  # no broker in the bench
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Receiver)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/bench"
    province, _ = Province.objects.get_or_create(code="97", defaults={"bps_code": "97", "name": "Bench"})
    city, _ = City.objects.get_or_create(
        code="97.98",
        defaults={"bps_code": "9798", "name": "Kota Bench Webhook", "province": province, "slug": "bench-webhook"},
    )
    city.is_active = True
    city.save()
    admin, _ = User.objects.get_or_create(email="bench-webhook@example.test", defaults={"name": "Bench"})
    try:
        with city_context(city):
            WebhookEndpoint.objects.all().delete()
        emit_none = _emit_samples(city, "none")
        print(f"a. emit, no endpoint subscribed: median {emit_none:.2f} ms")
        with city_context(city):
            services.endpoint_create(actor=admin, url=url, events=[Event.PLACEMENT_MADE])
        emit_one = _emit_samples(city, "one")
        print(f"   emit, one endpoint (one delivery row): median {emit_one:.2f} ms")
        with city_context(city):
            services.relay_pending(limit=1000)  # the 200 above
            for n in range(N):
                services.emit(Event.PLACEMENT_MADE, key=f"relay:{n}", data=DATA)
        sent = 0
        connection.queries_log.clear()  # the log keeps 9,000 queries: start the count from empty
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
            f"b. relay: {sent} deliveries in {elapsed:.2f} s = {sent / elapsed:.0f} per s, "
            f"{len(queries) / max(sent, 1):.1f} queries per delivery"
        )
        cities = list(City.objects.filter(is_active=True).values_list("pk", flat=True))
        start = time.perf_counter()
        services.sweep_cities()
        per_city = (time.perf_counter() - start) / max(len(cities), 1)
        print(f"c. sweep: {per_city * 1000:.2f} ms per active city ({len(cities)} active)")
        print(f"BENCH webhook_emit_no_endpoint {emit_none:.3f} ms")
        print(f"BENCH webhook_emit_one_endpoint {emit_one:.3f} ms")
        print(f"BENCH webhook_relay {sent / elapsed:.3f} deliveries/s")
        print(f"BENCH webhook_relay_queries_per_delivery {len(queries) / max(sent, 1):.3f} queries")
        print(f"BENCH webhook_sweep_per_city {per_city * 1000:.3f} ms")
    finally:
        with city_context(city):
            WebhookEndpoint.objects.all().delete()  # deliveries and attempts go with it
        server.shutdown()


if __name__ == "__main__":
    main()
