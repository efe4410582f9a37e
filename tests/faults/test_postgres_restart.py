"""PostgreSQL restarted while requests arrive: the web process answers a clean 503 while the database is
away and serves again once it is back, without being restarted itself.

A private cluster (``servers.PrivatePostgres``) gets the roles from ``ijc_portal.database.bootstrap``
and the test database's schema; gunicorn serves the portal from it in a process of its own (DEBUG off,
persistent connections as in production). A thread asks for a page every 50 ms while the cluster is
stopped (``pg_ctl stop -m fast``, which also cuts the web process's open connection) and started again.
"""

from __future__ import annotations

import subprocess
import threading
import time
import urllib.error
import urllib.request

import pytest
from django.conf import settings
from django.db import connection

from ijc_portal.backups import _binary, _client_env
from ijc_portal.database import bootstrap, grant_runtime
from tests.faults.servers import PortalProcess, PrivatePostgres, free_port, portal_env, wait_for

pytestmark = pytest.mark.django_db

OWNER, RUNTIME, NAME = ("ijc_owner", "owner-pw"), ("ijc_app", "runtime-pw"), "ijc"
PAGE = "/kota/"


@pytest.fixture
def cluster():
    server = PrivatePostgres().init()
    try:
        server.start()
        yield server
    finally:
        server.cleanup()


def _copy_schema(server: PrivatePostgres) -> None:
    """The roles as bootstrap makes them, and the test database's tables, policies and grants."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('server_version_num')::int / 10000")
        if cursor.fetchone()[0] != 15:  # the embedded development server (pgserver) is PostgreSQL 16
            pytest.skip("copies the test database's schema into a PostgreSQL 15 cluster: needs a PostgreSQL 15 server")
    owner = server.config(OWNER[0], NAME, OWNER[1])
    bootstrap(server.config(), owner, server.config(RUNTIME[0], NAME, RUNTIME[1]))
    source = {**settings.DATABASE_OWNER, "NAME": connection.settings_dict["NAME"]}
    dump = subprocess.run(
        [_binary("pg_dump", 150000), "--schema-only", "--format=custom", "--no-password"],
        env=_client_env(source),
        capture_output=True,
        check=True,
        timeout=60,
    ).stdout
    subprocess.run(
        [_binary("pg_restore", 150000), "--no-owner", "--no-privileges", "--exit-on-error", f"--dbname={NAME}"],
        env=_client_env(owner),
        input=dump,
        capture_output=True,
        check=True,
        timeout=60,
    )
    import psycopg2

    conn = psycopg2.connect(dbname=NAME, user=OWNER[0], host="127.0.0.1", port=server.port)
    try:
        with conn, conn.cursor() as cursor:
            grant_runtime(cursor, owner_role=OWNER[0], runtime_role=RUNTIME[0], dbname=NAME)
    finally:
        conn.close()


def _get(url: str) -> tuple[int, dict, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, dict(response.headers), response.read().decode(errors="replace")
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode(errors="replace")


def test_requests_get_a_clean_503_while_postgres_restarts_then_succeed(cluster, tmp_path):
    started = time.monotonic()
    _copy_schema(cluster)
    port = free_port()
    env = portal_env(
        DATABASE_URL=cluster.url(RUNTIME[0], NAME, RUNTIME[1]),
        DATABASE_OWNER_URL=cluster.url(OWNER[0], NAME, OWNER[1]),
        CONN_MAX_AGE="60",
        IJC_PORT=str(port),
    )
    args = ["-m", "gunicorn", "ijc_portal.wsgi:application", "--bind", f"127.0.0.1:{port}", "--workers", "1"]
    web = PortalProcess([*args, "--timeout", "30", "--graceful-timeout", "2"], env, tmp_path / "web.log")
    url = f"http://127.0.0.1:{port}{PAGE}"
    try:
        assert wait_for(lambda: _ok(url), timeout=30), f"the web process did not serve:\n{web.output()}"
        import psutil

        workers = sorted(child.pid for child in psutil.Process(web.pid).children())

        answers: list[tuple[float, int, dict, str]] = []
        stop = threading.Event()

        def ask():
            while not stop.is_set():
                answers.append((time.monotonic(), *_get(url)))
                time.sleep(0.05)

        asker = threading.Thread(target=ask, daemon=True)
        asker.start()
        time.sleep(0.5)
        cluster.stop("fast")
        down_at = time.monotonic()
        assert wait_for(lambda: any(t > down_at and s == 503 for t, s, _h, _b in answers), timeout=10)
        time.sleep(0.5)
        cluster.start()
        up_at = time.monotonic()
        assert wait_for(lambda: any(t > up_at and s == 200 for t, s, _h, _b in answers), timeout=10), web.output()
        time.sleep(0.5)
        stop.set()
        asker.join(timeout=15)

        assert {status for _t, status, _h, _b in answers} <= {200, 503}, "only pages and clean 503s"
        outage = [(headers, body) for _t, status, headers, body in answers if status == 503]
        assert outage
        for headers, body in outage:
            assert headers.get("Retry-After") == "30"
            assert "Layanan sementara tidak tersedia" in body and "Service temporarily unavailable" in body
            assert "Traceback" not in body and "OperationalError" not in body
        first_back = next(i for i, (t, s, _h, _b) in enumerate(answers) if t > up_at and s == 200)
        assert [s for _t, s, _h, _b in answers[first_back:]] == [200] * (len(answers) - first_back)
        # The same web process (and worker) served before, during and after: nothing was restarted.
        assert web.alive() and sorted(child.pid for child in psutil.Process(web.pid).children()) == workers
    finally:
        web.stop()
    assert time.monotonic() - started < 30


def _ok(url: str) -> bool:
    try:
        return _get(url)[0] == 200
    except OSError:
        return False
