"""Helpers shared by the bench scripts: the ``BENCH <name> <value> <unit>`` lines and a scratch database."""

from __future__ import annotations

import contextlib
import subprocess
import sys
from pathlib import Path

import psycopg2
from psycopg2 import sql

ROOT = Path(__file__).resolve().parent.parent


def bench(name: str, value: float, unit: str) -> None:
    """One machine-readable figure, the last lines of every script: ``BENCH <name> <value> <unit>``."""
    print(f"BENCH {name} {value:.3f} {unit}", flush=True)


def _owner_connection(owner: dict, dbname: str):
    conn = psycopg2.connect(
        dbname=dbname,
        user=owner["USER"],
        password=owner.get("PASSWORD") or None,
        host=owner.get("HOST") or None,
        port=owner.get("PORT") or None,
    )
    conn.autocommit = True
    return conn


@contextlib.contextmanager
def scratch_database(owner: dict, name: str, env: dict, *, keep: bool = False):
    """Create database ``name`` as the owner role (it has CREATEDB), migrate it, load the cities and the
    reference data, and yield an environment whose URLs point at it; drop it afterwards unless ``keep``.

    ``env`` is the process environment with ``DATABASE_URL`` and ``DATABASE_OWNER_URL``; only the
    database name of each is swapped.
    """
    conn = _owner_connection(owner, "postgres")
    with conn.cursor() as cursor:
        cursor.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        cursor.execute(
            sql.SQL("CREATE DATABASE {} OWNER {} ENCODING 'UTF8' TEMPLATE template0").format(
                sql.Identifier(name), sql.Identifier(owner["USER"])
            )
        )
    conn.close()
    scratch = dict(env)
    for key in ("DATABASE_URL", "DATABASE_OWNER_URL"):
        base, _, _old = env[key].rpartition("/")
        scratch[key] = f"{base}/{name}"
    try:
        for command in (["migrate", "-v0"], ["load_cities"], ["load_reference"]):
            subprocess.run(
                [sys.executable, "manage.py", *command], cwd=ROOT, env=scratch, check=True, stdout=subprocess.DEVNULL
            )
        yield scratch
    finally:
        if not keep:
            conn = _owner_connection(owner, "postgres")
            with conn.cursor() as cursor:
                cursor.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
            conn.close()
