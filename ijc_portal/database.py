"""Database roles and grants: the owner role runs migrations, the runtime role serves requests.

The tenancy contract (ARCHITECTURE.md §3) needs two PostgreSQL roles:

* the **owner** (``DATABASE_OWNER_URL``) owns the database and every table; ``migrate`` runs as it;
* the **runtime** role (``DATABASE_URL``) is used by the web app and Celery workers. It is not
  superuser, not ``BYPASSRLS``, owns no table, and holds only SELECT/INSERT/UPDATE/DELETE, so
  forced row-level security always applies to it. It may not TRUNCATE (which ignores row-level
  security), may only use sequences (``nextval`` through inserts), not read them (``last_value``
  counts every city's rows), may not delete cities, and runs with ``track_activities = off`` so
  ``pg_stat_activity`` never shows one of its sessions the SQL of another (literal values included:
  psycopg2 interpolates parameters on the client). Only a superuser can turn that setting back on.

A third, optional role takes backups (``DATABASE_BACKUP_URL``, ``manage.py backup``): forced
row-level security hides every row from a session without a city, the owner's included, so a dump
made as the owner would be empty or refused. The **backup** role is ``BYPASSRLS`` and nothing else:
not superuser, owns nothing, may not create databases or roles, holds SELECT on the tables and
sequences only (no INSERT, UPDATE, DELETE or TRUNCATE), has no TEMPORARY privilege, and its sessions
are read-only by default (``default_transaction_read_only``). Its password is the most sensitive
of the three: keep it out of the web and worker environments (only the backup job needs it).

``bootstrap()`` creates the roles and the database on a server where it has a superuser
connection; it is idempotent (running it twice changes nothing). ``grant_runtime()`` (and
``grant_backup()`` when there is a backup role) is called after every ``migrate`` so new tables
are reachable by the runtime role.

Command line (used by ``.ci/run`` and ``docker-compose.yml``)::

    python -m ijc_portal.database bootstrap --admin-url postgres://postgres@127.0.0.1:5432/postgres

reads ``DATABASE_URL`` and ``DATABASE_OWNER_URL`` from the environment, and ``DATABASE_BACKUP_URL``
when it is set (the backup role is then created too).
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import Any

import psycopg2
from psycopg2 import sql

from ijc_portal.envparse import Env


def _connect(config: dict[str, Any], dbname: str | None = None):
    connection = psycopg2.connect(
        dbname=dbname or config["NAME"],
        user=config["USER"],
        password=config.get("PASSWORD") or None,
        host=config.get("HOST") or None,
        port=config.get("PORT") or None,
    )
    connection.autocommit = True
    return connection


def _ensure_role(cursor, name: str, password: str, attributes: str) -> None:
    cursor.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [name])
    verb = "ALTER" if cursor.fetchone() else "CREATE"
    statement = sql.SQL("{verb} ROLE {name} " + attributes).format(verb=sql.SQL(verb), name=sql.Identifier(name))
    cursor.execute(statement)
    if password:
        cursor.execute(sql.SQL("ALTER ROLE {} PASSWORD %s").format(sql.Identifier(name)), [password])


def bootstrap(
    admin: dict[str, Any], owner: dict[str, Any], runtime: dict[str, Any], backup: dict[str, Any] | None = None
) -> None:
    """Create (or correct) the owner and runtime roles (and the backup role when ``backup`` is given)
    and the database.

    ``admin``, ``owner`` and ``runtime`` are Django DATABASES-style dicts (NAME, USER, PASSWORD,
    HOST, PORT). ``admin`` must be a superuser connection. The database name is taken from
    ``owner`` and must equal ``runtime``'s. Raises ``ValueError`` when the two URLs disagree
    about the database or use the same role.
    """
    if owner["NAME"] != runtime["NAME"]:
        raise ValueError("DATABASE_URL and DATABASE_OWNER_URL must name the same database.")
    if owner["USER"] == runtime["USER"]:
        raise ValueError("DATABASE_URL and DATABASE_OWNER_URL must use two different roles.")
    if backup is not None and (backup["USER"] in (owner["USER"], runtime["USER"]) or backup["NAME"] != owner["NAME"]):
        raise ValueError("DATABASE_BACKUP_URL must name the same database with a role of its own.")
    connection = _connect(admin, dbname=admin.get("NAME") or "postgres")
    try:
        with connection.cursor() as cursor:
            _ensure_role(cursor, owner["USER"], owner.get("PASSWORD", ""), "LOGIN CREATEDB NOSUPERUSER NOBYPASSRLS")
            _ensure_role(
                cursor,
                runtime["USER"],
                runtime.get("PASSWORD", ""),
                "LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE",
            )
            # Every web and worker session shares this role, and PostgreSQL shows a role its own other
            # sessions' query text. track_activities is superuser-only, so the role cannot re-enable it.
            cursor.execute(sql.SQL("ALTER ROLE {} SET track_activities = off").format(sql.Identifier(runtime["USER"])))
            if backup is not None:
                ensure_backup_role(cursor, backup["USER"], backup.get("PASSWORD", ""))
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [owner["NAME"]])
            if not cursor.fetchone():
                cursor.execute(
                    sql.SQL("CREATE DATABASE {} OWNER {} ENCODING 'UTF8' TEMPLATE template0").format(
                        sql.Identifier(owner["NAME"]), sql.Identifier(owner["USER"])
                    )
                )
    finally:
        connection.close()
    # Schema privileges are granted in the new database itself.
    connection = _connect({**admin, "NAME": owner["NAME"]})
    try:
        with connection.cursor() as cursor:
            cursor.execute(sql.SQL("ALTER SCHEMA public OWNER TO {}").format(sql.Identifier(owner["USER"])))
            cursor.execute("REVOKE CREATE ON SCHEMA public FROM PUBLIC")
            grant_runtime(cursor, owner_role=owner["USER"], runtime_role=runtime["USER"], dbname=owner["NAME"])
            if backup is not None:
                grant_backup(cursor, owner_role=owner["USER"], backup_role=backup["USER"], dbname=owner["NAME"])
    finally:
        connection.close()


def ensure_backup_role(cursor, name: str, password: str) -> None:
    """Create (or correct) the backup role: ``BYPASSRLS`` (a dump must see every city) and nothing more.

    Needs a superuser cursor (only a superuser grants ``BYPASSRLS``). The role's sessions are
    read-only by default and it does not show its queries to other sessions of its own.
    """
    _ensure_role(cursor, name, password, "LOGIN BYPASSRLS NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION")
    cursor.execute(sql.SQL("ALTER ROLE {} SET default_transaction_read_only = on").format(sql.Identifier(name)))


def grant_backup(cursor, *, owner_role: str, backup_role: str, dbname: str) -> None:
    """Give ``backup_role`` read access (SELECT, nothing else) to everything ``owner_role`` made.

    Runs as the owner or a superuser, on a cursor connected to ``dbname``; idempotent. ``pg_dump``
    also reads sequences (their ``last_value``), hence SELECT on them too.
    """
    ident = sql.Identifier
    statements = [
        sql.SQL("REVOKE TEMPORARY ON DATABASE {} FROM {}").format(ident(dbname), ident(backup_role)),
        sql.SQL("GRANT CONNECT ON DATABASE {} TO {}").format(ident(dbname), ident(backup_role)),
        sql.SQL("GRANT USAGE ON SCHEMA public TO {}").format(ident(backup_role)),
        sql.SQL("GRANT SELECT ON ALL TABLES IN SCHEMA public TO {}").format(ident(backup_role)),
        sql.SQL("GRANT SELECT ON ALL SEQUENCES IN SCHEMA public TO {}").format(ident(backup_role)),
        sql.SQL("ALTER DEFAULT PRIVILEGES FOR ROLE {} IN SCHEMA public GRANT SELECT ON TABLES TO {}").format(
            ident(owner_role), ident(backup_role)
        ),
        sql.SQL("ALTER DEFAULT PRIVILEGES FOR ROLE {} IN SCHEMA public GRANT SELECT ON SEQUENCES TO {}").format(
            ident(owner_role), ident(backup_role)
        ),
    ]
    for statement in statements:
        cursor.execute(statement)


def grant_runtime(cursor, *, owner_role: str, runtime_role: str, dbname: str) -> None:
    """Give ``runtime_role`` data access (never DDL, never ownership) to everything ``owner_role`` made.

    Runs as the owner or a superuser, on a cursor connected to ``dbname``. Idempotent. Does nothing
    when the two roles are one (``migrate`` run while already connected as the owner, as the test
    set-up does): the revocations below must never reach the owner's own privileges.
    """
    if runtime_role == owner_role:
        return
    ident = sql.Identifier
    statements = [
        # No TEMPORARY: a temp table named like a tenant table would shadow it (pg_temp is searched
        # first) for the life of a pooled connection, outside row-level security.
        sql.SQL("REVOKE TEMPORARY ON DATABASE {} FROM PUBLIC").format(ident(dbname)),
        sql.SQL("REVOKE TEMPORARY ON DATABASE {} FROM {}").format(ident(dbname), ident(runtime_role)),
        sql.SQL("GRANT CONNECT ON DATABASE {} TO {}").format(ident(dbname), ident(runtime_role)),
        sql.SQL("GRANT USAGE ON SCHEMA public TO {}").format(ident(runtime_role)),
        sql.SQL("GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {}").format(
            ident(runtime_role)
        ),
        # TRUNCATE ignores row-level security: one statement would empty every city's table.
        sql.SQL("REVOKE TRUNCATE ON ALL TABLES IN SCHEMA public FROM {}").format(ident(runtime_role)),
        # USAGE is what inserts need (nextval; Django reads the new id back with RETURNING). SELECT
        # would let one city read last_value, the count of every city's rows.
        sql.SQL("GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO {}").format(ident(runtime_role)),
        sql.SQL("REVOKE SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public FROM {}").format(ident(runtime_role)),
        sql.SQL(
            "ALTER DEFAULT PRIVILEGES FOR ROLE {} IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {}"
        ).format(ident(owner_role), ident(runtime_role)),
        sql.SQL("ALTER DEFAULT PRIVILEGES FOR ROLE {} IN SCHEMA public GRANT USAGE ON SEQUENCES TO {}").format(
            ident(owner_role), ident(runtime_role)
        ),
        sql.SQL("ALTER DEFAULT PRIVILEGES FOR ROLE {} IN SCHEMA public REVOKE SELECT ON SEQUENCES FROM {}").format(
            ident(owner_role), ident(runtime_role)
        ),
    ]
    for statement in statements:
        cursor.execute(statement)
    # Cities are created and changed by maintenance work (load_cities) and never deleted by the
    # portal; row-level security (cities migration 0004) limits a city's code to its own row.
    cursor.execute("SELECT to_regclass('public.cities_city') IS NOT NULL")
    if cursor.fetchone()[0]:
        cursor.execute(sql.SQL("REVOKE DELETE ON cities_city FROM {}").format(ident(runtime_role)))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m ijc_portal.database", description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    boot = sub.add_parser("bootstrap", help="create the owner and runtime roles and the database")
    boot.add_argument(
        "--admin-url",
        default=os.environ.get("DATABASE_ADMIN_URL"),
        help="superuser URL (default: $DATABASE_ADMIN_URL)",
    )
    args = parser.parse_args(argv)
    env = Env({**os.environ, "DATABASE_ADMIN_URL": args.admin_url or ""})
    try:
        admin = env.database("DATABASE_ADMIN_URL")
        owner = env.database("DATABASE_OWNER_URL")
        runtime = env.database("DATABASE_URL")
        backup = env.database("DATABASE_BACKUP_URL") if env.is_set("DATABASE_BACKUP_URL") else None
        bootstrap(admin, owner, runtime, backup)
    except Exception as exc:  # a command-line tool: report, don't trace
        print(f"bootstrap failed: {exc}", file=sys.stderr)
        return 1
    extra = f", backup {backup['USER']!r}" if backup is not None else ""
    print(f"database {owner['NAME']!r}: owner {owner['USER']!r}, runtime {runtime['USER']!r}{extra} ready")
    return 0


if __name__ == "__main__":
    sys.exit(main())
