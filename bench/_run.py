"""``make bench``: every bench script, one after another, on one bench database. Exits 1 on a failure.

The bench database is ``<DATABASE_URL's database>_bench`` (a name already ending in ``_bench`` is
kept). It is created by the owner role when missing (the owner has CREATEDB), migrated, given the
98 kota and the reference data, and filled by ``generate_synthetic`` with ``BENCH_JOBSEEKERS``
people (1,000,000 by default) over the 98 kota; all of that is kept for the next run. Then each
``bench/*.py`` script (a file with a ``__main__`` block; not the helpers) runs with the URLs pointed
at it; every script must exit 0 and end with ``BENCH <name> <value> <unit>`` lines. The collected
``BENCH`` lines are printed last. Sizes come from each script's ``BENCH_*`` variables (bench/README.md).
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import psycopg2
from psycopg2 import sql

ROOT = Path(__file__).resolve().parent.parent


def bench_environment() -> dict[str, str]:
    env = dict(os.environ)
    for key in ("DATABASE_URL", "DATABASE_OWNER_URL"):
        if not env.get(key):
            sys.exit(f"{key} must be set (make bench starts the embedded services and sets both)")
        base, _, name = env[key].rpartition("/")
        name = name.split("?")[0]
        env[key] = f"{base}/{name if name.endswith('_bench') else name + '_bench'}"
    return env


def ensure_database(env: dict[str, str]) -> None:
    sys.path.insert(0, str(ROOT))
    from ijc_portal.envparse import Env

    os.environ["DATABASE_OWNER_URL"] = env["DATABASE_OWNER_URL"]
    owner = Env().database("DATABASE_OWNER_URL")
    conn = psycopg2.connect(
        dbname="postgres",
        user=owner["USER"],
        password=owner.get("PASSWORD") or None,
        host=owner.get("HOST") or None,
        port=owner.get("PORT") or None,
    )
    conn.autocommit = True
    with conn.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [owner["NAME"]])
        if not cursor.fetchone():
            print(f"creating the bench database {owner['NAME']}", flush=True)
            cursor.execute(
                sql.SQL("CREATE DATABASE {} OWNER {} ENCODING 'UTF8' TEMPLATE template0").format(
                    sql.Identifier(owner["NAME"]), sql.Identifier(owner["USER"])
                )
            )
    conn.close()
    people = os.environ.get("BENCH_JOBSEEKERS", "1000000")
    for command in (
        ["migrate", "-v0"],
        ["load_cities"],
        ["load_reference"],
        ["generate_synthetic", "--cities=98", f"--jobseekers={people}"],
    ):
        subprocess.run([sys.executable, "manage.py", *command], cwd=ROOT, env=env, check=True)


def main() -> int:
    env = bench_environment()
    started = time.perf_counter()
    ensure_database(env)
    # Scripts, not the helpers they import: a script has a __main__ block.
    scripts = sorted(
        p
        for p in (ROOT / "bench").glob("*.py")
        if not p.name.startswith("_") and '__name__ == "__main__"' in p.read_text(encoding="utf-8")
    )
    collected: list[str] = []
    for script in scripts:
        print(f"== {script.relative_to(ROOT)}", flush=True)
        process = subprocess.Popen(
            [sys.executable, str(script)], cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True, bufsize=1
        )
        lines = []
        for line in process.stdout:
            print(line, end="", flush=True)
            lines.append(line.rstrip("\n"))
        if process.wait() != 0:
            print(f"{script.name} failed (exit {process.returncode})", file=sys.stderr)
            return 1
        tail = [line for line in lines if line.strip()]
        if not tail or not tail[-1].startswith("BENCH "):
            print(f"{script.name} did not end with BENCH <name> <value> <unit> lines", file=sys.stderr)
            return 1
        collected += [line for line in lines if line.startswith("BENCH ")]
    print(f"== all {len(scripts)} scripts in {time.perf_counter() - started:.0f} s; load average {os.getloadavg()}")
    print("\n".join(collected))
    return 0


if __name__ == "__main__":
    sys.exit(main())
