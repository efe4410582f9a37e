"""Private servers for the fault tests, on loopback ports of their own: a PostgreSQL 15 cluster, a
Redis, an SMTP sink, a web process and a Celery worker. The shared PostgreSQL and Redis that other
test runs use are never stopped; only these are.

PostgreSQL refuses to run as root (CI runs as root): the cluster then runs as the ``postgres``
system user (the system PostgreSQL's), in a directory it owns.
"""

from __future__ import annotations

import contextlib
import os
import pwd
import shutil
import signal
import socket
import socketserver
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import quote

import pytest

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(predicate, timeout: float = 30.0, interval: float = 0.1) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(interval)
    return bool(predicate())


def port_open(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
        return True
    except OSError:
        return False


def postgres_bin_dir() -> Path | None:
    for candidate in (os.environ.get("PG_BIN_DIR"), "/usr/lib/postgresql/15/bin"):
        if candidate and (Path(candidate) / "initdb").is_file():
            return Path(candidate)
    return None


class PrivatePostgres:
    """An initdb'd cluster in a temporary directory on a free port; ``stop``/``start`` at will."""

    def __init__(self) -> None:
        bindir = postgres_bin_dir()
        if bindir is None:
            pytest.skip("needs PostgreSQL 15's initdb and pg_ctl (/usr/lib/postgresql/15/bin or PG_BIN_DIR)")
        self.bindir = bindir
        self.user: str | None = None
        if os.geteuid() == 0:
            try:
                pwd.getpwnam("postgres")
            except KeyError:
                pytest.skip("running as root needs a 'postgres' system user to run PostgreSQL as")
            self.user = "postgres"
        self.dir = Path(tempfile.mkdtemp(prefix="ijc-faults-pg-"))
        if self.user:
            entry = pwd.getpwnam(self.user)
            os.chown(self.dir, entry.pw_uid, entry.pw_gid)
        self.data = self.dir / "data"
        self.port = free_port()

    def _run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        kwargs = {"user": self.user, "group": pwd.getpwnam(self.user).pw_gid, "extra_groups": []} if self.user else {}
        return subprocess.run(
            [str(self.bindir / args[0]), *args[1:]],
            capture_output=True,
            text=True,
            check=check,
            cwd=self.dir,
            timeout=60,
            **kwargs,
        )

    def init(self) -> PrivatePostgres:
        self._run("initdb", "-D", str(self.data), "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync")
        return self

    def start(self) -> None:
        options = (
            f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 "
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        )
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.dir / "log"), "-w", "-t", "30", "-o", options, "start")

    def stop(self, mode: str = "fast") -> None:
        self._run("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "-t", "30", "stop", check=False)

    def config(self, user: str = "postgres", name: str = "postgres", password: str = "") -> dict:
        return {"NAME": name, "USER": user, "PASSWORD": password, "HOST": "127.0.0.1", "PORT": self.port}

    def url(self, user: str, name: str, password: str = "") -> str:
        secret = f":{quote(password, safe='')}" if password else ""
        return f"postgres://{user}{secret}@127.0.0.1:{self.port}/{name}"

    def cleanup(self) -> None:
        self.stop("immediate")
        shutil.rmtree(self.dir, ignore_errors=True)


class PrivateRedis:
    """A throw-away redis-server on a fixed port, without persistence, that the test stops and starts."""

    def __init__(self) -> None:
        binary = shutil.which("redis-server")
        if binary is None:
            pytest.skip("needs a redis-server binary")
        self.binary = binary
        self.port = free_port()
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.process = subprocess.Popen(
            [self.binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        if not wait_for(lambda: port_open(self.port), timeout=10, interval=0.05):
            raise RuntimeError("redis-server did not start")

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=10)
            self.process = None


class SmtpSink:
    """A minimal SMTP server in a thread that keeps every message it accepts (``messages``)."""

    def __init__(self) -> None:
        self.messages: list[bytes] = []
        sink = self

        class Handler(socketserver.StreamRequestHandler):
            def handle(self):
                self.wfile.write(b"220 sink\r\n")
                while line := self.rfile.readline():
                    verb = line[:4].upper()
                    if verb == b"DATA":
                        self.wfile.write(b"354 go\r\n")
                        body = []
                        while (part := self.rfile.readline()) not in (b".\r\n", b""):
                            body.append(part)
                        sink.messages.append(b"".join(body))
                        self.wfile.write(b"250 queued\r\n")
                    elif verb == b"QUIT":
                        self.wfile.write(b"221 bye\r\n")
                        return
                    else:
                        self.wfile.write(b"250 ok\r\n")

        self.server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def portal_env(**overrides: str) -> dict[str, str]:
    """The environment of a portal process (web or worker) started by a test: the test's own settings
    (ci.env's URLs and key), development defaults, DEBUG off, then ``overrides``."""
    env = {name: value for name, value in os.environ.items() if not name.startswith(("PYTEST_", "DJANGO_SETTINGS"))}
    env |= {"DEBUG": "false", "IJC_ENV": "development", "PYTHONUNBUFFERED": "1", "LOG_LEVEL": "WARNING"}
    return env | overrides


class PortalProcess:
    """A process of the portal (gunicorn, a Celery worker) in a session of its own, so that it and its
    children can be signalled (or killed) together."""

    def __init__(self, args: list[str], env: dict[str, str], log: Path) -> None:
        self.log = log
        self._handle = log.open("wb")
        self.process = subprocess.Popen(
            [sys.executable, *args],
            cwd=ROOT,
            env=env,
            stdout=self._handle,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    @property
    def pid(self) -> int:
        return self.process.pid

    def alive(self) -> bool:
        return self.process.poll() is None

    def kill_group(self, signum: int = signal.SIGKILL) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signum)

    def stop(self) -> None:
        if self.alive():
            self.kill_group(signal.SIGTERM)
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.process.wait(timeout=10)
        self.kill_group(signal.SIGKILL)  # and whatever of its group is left
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.process.wait(timeout=5)
        self._handle.close()

    def output(self) -> str:
        self._handle.flush()
        return self.log.read_text(errors="replace")[-4000:]
