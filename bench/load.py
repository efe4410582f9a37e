"""Load test: a bounded mixed run against gunicorn on loopback, through PgBouncer, with RLS on and off.

Run against a bench database holding ``generate_synthetic`` data (generated here when missing:
``BENCH_LOAD_JOBSEEKERS`` people, 100,000 by default, over 98 cities). It

1. signs in each of a few cities' synthetic officer and job seekers (``ijc_portal.synthetic.load``);
2. starts PgBouncer (transaction pooling, ``--pool-size`` server connections) in front of PostgreSQL
   and gunicorn (``--workers`` sync workers, DEBUG off, API throttles raised) on loopback;
3. runs ``--concurrency`` clients for ``--seconds`` seconds, each sending one request at a time,
   the kinds mixed by weight: the anonymous board and word search, job seekers' own pages, the staff
   caseload (pages, filter, search), case pages, and API lists; every answer must be a 200;
4. unless ``--no-rls-compare``: copies the database (``CREATE DATABASE … TEMPLATE``), drops every
   row-level security policy in the copy and disables RLS there, and runs the same load against it,
   ``--rounds`` pairs in the order on, off, off, on, … (the machine's load drifts). The ORM's city
   scoping and ``SET LOCAL`` are unchanged in the copy, so the ratio is the cost of PostgreSQL's half
   of the tenancy.

Prints requests per second, p50, p95, p99 per kind and the errors, then ``BENCH`` lines. The load
client runs on the same cores as the server and the database: the figures are the whole machine's.
Exits 1 on any error.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ijc_portal.settings")

import django

django.setup()

import psycopg2  # noqa: E402
from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from psycopg2 import sql  # noqa: E402

from bench._bench import bench  # noqa: E402
from ijc_portal.synthetic import load, pooler  # noqa: E402


def _owner(dbname: str):
    owner = settings.DATABASE_OWNER
    conn = psycopg2.connect(
        dbname=dbname,
        user=owner["USER"],
        password=owner.get("PASSWORD") or None,
        host=owner.get("HOST") or None,
        port=owner.get("PORT") or None,
    )
    conn.autocommit = True
    return conn


def copy_without_rls(source: str, target: str) -> None:
    """``target`` = a copy of ``source`` with every policy dropped and row-level security disabled."""
    conn = _owner("postgres")
    with conn.cursor() as cursor:
        cursor.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(target)))
        cursor.execute(
            sql.SQL("CREATE DATABASE {} TEMPLATE {} OWNER {}").format(
                sql.Identifier(target), sql.Identifier(source), sql.Identifier(settings.DATABASE_OWNER["USER"])
            )
        )
    conn.close()
    conn = _owner(target)
    with conn.cursor() as cursor:
        cursor.execute("SELECT schemaname, tablename, policyname FROM pg_policies WHERE schemaname = 'public'")
        for schema, table, policy in cursor.fetchall():
            cursor.execute(
                sql.SQL("DROP POLICY {} ON {}.{}").format(
                    sql.Identifier(policy), sql.Identifier(schema), sql.Identifier(table)
                )
            )
        cursor.execute(
            "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = 'public' AND c.relrowsecurity"
        )
        for (table,) in cursor.fetchall():
            cursor.execute(
                sql.SQL("ALTER TABLE {} NO FORCE ROW LEVEL SECURITY, DISABLE ROW LEVEL SECURITY").format(
                    sql.Identifier(table)
                )
            )
    conn.close()


def drop_database(name: str) -> None:
    conn = _owner("postgres")
    with conn.cursor() as cursor:
        cursor.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
    conn.close()


def run(env: dict[str, str], targets, args, label: str) -> load.Result:
    runtime = connection.settings_dict
    environment = dict(env)
    if args.pgbouncer:
        context = pooler.pgbouncer(
            upstream=(runtime["HOST"], int(runtime["PORT"] or 5432)),
            users={runtime["USER"]: runtime["PASSWORD"]},
            pool_size=args.pool_size,
        )
    else:
        context = None
    with context if context is not None else _nothing() as pool:
        if pool is not None:
            environment["DATABASE_URL"] = pool.url(env["DATABASE_URL"])
            environment["CONN_MAX_AGE"] = "0"  # PgBouncer is the pool; a Django connection per request
        with load.serve(environment, workers=args.workers) as (host, port):
            load.drive(host, port, targets, seconds=min(3, args.seconds), concurrency=args.concurrency)  # warm up
            result = load.drive(host, port, targets, seconds=args.seconds, concurrency=args.concurrency)
    load.report(result, label)
    return result


class _nothing:
    def __enter__(self):
        return None

    def __exit__(self, *exc):
        return False


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=float(os.environ.get("BENCH_LOAD_SECONDS", "60")))
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--pool-size", type=int, default=4, help="PgBouncer server connections")
    parser.add_argument("--no-pgbouncer", dest="pgbouncer", action="store_false")
    parser.add_argument("--no-rls-compare", dest="rls_compare", action="store_false")
    parser.add_argument("--rounds", type=int, default=1, help="RLS on/off pairs, in the order A B B A ...")
    args = parser.parse_args()
    if settings.PRODUCTION:
        sys.exit("refusing to run with IJC_ENV=production")
    if args.pgbouncer and not pooler.available():
        sys.exit("pgbouncer is not installed (apt-get install pgbouncer), or pass --no-pgbouncer")
    try:
        targets = load.prepare()
    except RuntimeError:
        people = int(os.environ.get("BENCH_LOAD_JOBSEEKERS", "100000"))
        call_command("generate_synthetic", cities=98, jobseekers=people)
        targets = load.prepare()
    name = connection.settings_dict["NAME"]
    connection.close()
    via = f"PgBouncer (pool {args.pool_size})" if args.pgbouncer else "direct"
    print(f"gunicorn {args.workers} workers, {args.concurrency} clients, {args.seconds:.0f} s, {via}", flush=True)
    env = dict(os.environ)
    if not args.rls_compare:
        on = run(env, targets, args, "RLS on")
        runs = {"on": [on]}
    else:
        copy = f"{name}_norls"
        copy_without_rls(name, copy)
        off_env = dict(env)
        for key in ("DATABASE_URL", "DATABASE_OWNER_URL"):
            off_env[key] = env[key].rpartition("/")[0] + "/" + copy
        runs = {"on": [], "off": []}
        try:
            # A B B A ...: the machine's load drifts; alternating spreads the drift over both.
            for index in range(2 * args.rounds):
                mode = "on" if index % 4 in (0, 3) else "off"
                label = "RLS on" if mode == "on" else "RLS off (policies dropped in a copy)"
                runs[mode].append(run(env if mode == "on" else off_env, targets, args, f"{label}, run {index + 1}"))
        finally:
            drop_database(copy)
        on = runs["on"][0]
    figures = [("load_rps", on.requests / on.seconds, "req/s"), ("load_errors", len(on.errors), "errors")]
    figures.append(("load_5xx", on.server_errors, "responses"))
    for kind, row in on.summary().items():
        figures += [(f"load_{kind}_rps", row["rps"], "req/s"), (f"load_{kind}_p50", row["p50"], "ms")]
        figures += [(f"load_{kind}_p95", row["p95"], "ms"), (f"load_{kind}_p99", row["p99"], "ms")]
    errors = sum(len(result.errors) for results in runs.values() for result in results)
    figures.append(("load_all_runs_errors", errors, "errors"))
    if args.rls_compare:

        def rate(results):
            return sum(r.requests for r in results) / sum(r.seconds for r in results)

        figures += [("load_rls_on_rps", rate(runs["on"]), "req/s"), ("load_rls_off_rps", rate(runs["off"]), "req/s")]
        figures.append(("load_rls_on_vs_off_throughput", rate(runs["on"]) / rate(runs["off"]), "ratio"))
    figures.append(("load_machine_loadavg_1min", os.getloadavg()[0], "load"))
    for figure, value, unit in figures:
        bench(figure, value, unit)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
