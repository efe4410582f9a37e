"""PgBouncer in transaction-pooling mode on loopback, in front of PostgreSQL, for tests and load runs.

Transaction pooling hands a server connection to a client for one transaction only, so consecutive
transactions of one client may run on different server connections and one server connection
serves many clients in turn. Tenancy survives it because the city is set with ``SET LOCAL`` (ends
with the transaction) and never with a session-level ``SET`` (ARCHITECTURE.md §3). The Debian
package's ``pgbouncer`` binary is used; as root it is started with ``-u nobody`` (it refuses root).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

CONFIG = """[databases]
* = host={host} port={port}

[pgbouncer]
listen_addr = 127.0.0.1
listen_port = {listen_port}
unix_socket_dir =
auth_type = {auth_type}
auth_file = {directory}/userlist.txt
pool_mode = transaction
default_pool_size = {pool_size}
min_pool_size = 0
reserve_pool_size = 0
max_client_conn = {max_client_conn}
ignore_startup_parameters = extra_float_digits,options
admin_users = {admin_user}
logfile = {directory}/pgbouncer.log
log_connections = 0
log_disconnections = 0
"""


@dataclass(frozen=True)
class Pooler:
    host: str
    port: int
    directory: Path

    def url(self, url: str) -> str:
        """``url`` (``postgres://user:password@host:port/db``) pointed at the pooler instead.

        Server-side cursors are switched off (Django's advice for transaction pooling): a cursor
        opened outside a transaction (``.iterator()`` in autocommit) would outlive the server
        connection's turn.
        """
        scheme, rest = url.split("://", 1)
        credentials, _, tail = rest.rpartition("@")
        _hostport, _, database = tail.partition("/")
        database = database.split("?")[0]
        return f"{scheme}://{credentials}@{self.host}:{self.port}/{database}?disable_server_side_cursors=true"


def available() -> bool:
    return shutil.which("pgbouncer") is not None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def pgbouncer(*, upstream: tuple[str, int], users: dict[str, str], pool_size: int = 2, max_client_conn: int = 200):
    """Run PgBouncer until the block ends; yields a ``Pooler``. ``users``: role → password.

    The first user is also the pooler's admin (``SHOW POOLS`` on its ``pgbouncer`` database).
    """
    binary = shutil.which("pgbouncer")
    if binary is None:
        raise RuntimeError("pgbouncer is not installed (Debian package pgbouncer)")
    directory = Path(tempfile.mkdtemp(prefix="ijc-pgbouncer-"))
    port = _free_port()
    (directory / "userlist.txt").write_text("".join(f'"{user}" "{password}"\n' for user, password in users.items()))
    (directory / "pgbouncer.ini").write_text(
        CONFIG.format(
            host=upstream[0] or "127.0.0.1",
            port=upstream[1] or 5432,
            listen_port=port,
            pool_size=pool_size,
            max_client_conn=max_client_conn,
            directory=directory,
            admin_user=next(iter(users)),
            # The embedded server (pgserver) trusts its socket and its roles have no password.
            auth_type="scram-sha-256" if all(users.values()) else "trust",
        )
    )
    command = [binary, str(directory / "pgbouncer.ini")]
    if os.geteuid() == 0:
        import pwd

        nobody = pwd.getpwnam("nobody")
        for path in (directory, *directory.iterdir()):
            os.chown(path, nobody.pw_uid, nobody.pw_gid)
        command[1:1] = ["-u", "nobody"]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)  # noqa: S603
    try:
        deadline = time.monotonic() + 10
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"pgbouncer exited: {process.stderr.read().decode(errors='replace')[-500:]}")
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=0.5):
                break
            if time.monotonic() > deadline:
                raise RuntimeError("pgbouncer did not start listening")
            time.sleep(0.05)
        yield Pooler("127.0.0.1", port, directory)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        shutil.rmtree(directory, ignore_errors=True)
