"""Tenancy through PgBouncer in transaction-pooling mode (ijc_portal.synthetic.pooler).

Many clients share two server connections; their transactions alternate between two cities. Each
transaction sees only the rows of the city it set with ``SET LOCAL``, the next transaction on the
same client (and so, most of the time, on another client's former server connection) sees nothing
until it sets a city, and a write naming the other city is refused by the policy.
"""

from __future__ import annotations

import os
import threading

import psycopg2
import pytest
from django.db import connection

from cities.tenancy import city_context
from ijc_portal.synthetic import pooler
from jobseekers.models import JobSeeker
from tests.factories import CityFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not pooler.available() and not os.environ.get("CI"), reason="pgbouncer is not installed (CI installs it)"
    ),
]

PEOPLE = 15


@pytest.fixture
def two_cities():
    cities = CityFactory(), CityFactory()
    for city, prefix in zip(cities, "AB", strict=True):
        with city_context(city):
            JobSeeker.objects.bulk_create([JobSeeker(name=f"{prefix} {n}") for n in range(PEOPLE)])
    return cities


@pytest.fixture
def bouncer():
    db = connection.settings_dict
    with pooler.pgbouncer(
        upstream=(db["HOST"], int(db["PORT"] or 5432)), users={db["USER"]: db["PASSWORD"]}, pool_size=2
    ) as pool:

        def connect():
            return psycopg2.connect(
                host=pool.host, port=pool.port, dbname=db["NAME"], user=db["USER"], password=db["PASSWORD"] or None
            )

        yield connect


def _read(conn, city_id: int) -> tuple[int, set[int], list[str]]:
    with conn, conn.cursor() as cursor:  # one transaction
        cursor.execute(f"SET LOCAL app.city_id = '{int(city_id)}'")
        cursor.execute(
            "SELECT pg_backend_pid(), array_agg(DISTINCT city_id), array_agg(name) FROM jobseekers_jobseeker"
        )
        pid, city_ids, names = cursor.fetchone()
    return pid, set(city_ids or []), names or []


def _unset_count(conn) -> tuple[int, str]:
    with conn, conn.cursor() as cursor:
        cursor.execute("SELECT count(*), coalesce(current_setting('app.city_id', true), '') FROM jobseekers_jobseeker")
        return cursor.fetchone()


def test_two_cities_interleaved_through_transaction_pooling(two_cities, bouncer):
    """One test (one database flush): sequential interleaving, concurrent clients, refused writes."""
    a, b = two_cities
    _interleaved_on_two_server_connections(a, b, bouncer)
    _concurrent_clients(a, b, bouncer)
    _writes_naming_the_other_city_are_refused(a, b, bouncer)


def _interleaved_on_two_server_connections(a, b, bouncer) -> None:
    clients = [bouncer() for _ in range(8)]
    server_pids = set()
    try:
        for round_ in range(12):
            for index, conn in enumerate(clients):
                city, prefix = (a, "A") if (index + round_) % 2 == 0 else (b, "B")
                pid, city_ids, names = _read(conn, city.pk)
                server_pids.add(pid)
                assert city_ids == {city.pk}
                assert len(names) == PEOPLE and all(name.startswith(prefix) for name in names)
                # The next transaction of this client has no city: nothing, and the setting is blank.
                assert _unset_count(conn) == (0, "")
    finally:
        for conn in clients:
            conn.close()
    assert len(server_pids) <= 2, "eight clients were served by the pool's two server connections"


def _concurrent_clients(a, b, bouncer) -> None:
    failures = []

    def worker(number: int) -> None:
        conn = bouncer()
        try:
            for step in range(15):
                city, prefix = (a, "A") if (number + step) % 2 == 0 else (b, "B")
                with conn, conn.cursor() as cursor:
                    cursor.execute(f"SET LOCAL app.city_id = '{int(city.pk)}'")
                    cursor.execute("SELECT pg_sleep(0.002)")  # hold the server connection a moment
                    cursor.execute("SELECT name FROM jobseekers_jobseeker")
                    names = [row[0] for row in cursor.fetchall()]
                if len(names) != PEOPLE or any(not name.startswith(prefix) for name in names):
                    failures.append((number, step, city.pk, names[:3]))
        finally:
            conn.close()

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []


def _writes_naming_the_other_city_are_refused(a, b, bouncer) -> None:
    conn = bouncer()
    try:
        for statement in (
            "INSERT INTO jobseekers_jobseeker (city_id, name) VALUES (%s, 'intruder')",
            "UPDATE jobseekers_jobseeker SET city_id = %s WHERE name = 'A 1'",
        ):
            with pytest.raises(psycopg2.errors.InsufficientPrivilege), conn, conn.cursor() as cursor:
                cursor.execute(f"SET LOCAL app.city_id = '{int(a.pk)}'")
                cursor.execute(statement, [b.pk])
    finally:
        conn.close()
    with city_context(b):
        assert not JobSeeker.objects.filter(name__in=["A 1", "intruder"]).exists()
