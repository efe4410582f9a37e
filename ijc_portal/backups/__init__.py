"""Backups that restore: the database (every city, one consistent snapshot) and the uploaded
documents (``MEDIA_ROOT``) in one archive with a manifest, optionally encrypted (``crypto``).

Row-level security is forced on every tenant table, so a dump made by the owner or the runtime role
would see no tenant row. The dump is made by the **backup role** (``DATABASE_BACKUP_URL``,
``ijc_portal.database.ensure_backup_role``): ``BYPASSRLS``, read-only, SELECT only.

``create_backup``:

1. opens a ``REPEATABLE READ READ ONLY`` transaction as the backup role, exports its snapshot and
   counts the rows of every table (per city for tables with a ``city_id``) in it;
2. runs ``pg_dump --snapshot`` on that same snapshot (custom format, compressed), so the dump and
   the counts describe the same instant, however busy the portal is;
3. adds the dump and every file under ``MEDIA_ROOT`` (copied after the snapshot: a document
   uploaded meanwhile is included without its row, which is harmless) to a tar archive with
   ``manifest.json``: the counts, and the SHA-256 and size of every member;
4. encrypts the archive when a key is given; writes it next to its final name and renames it, mode 0600.

``restore_backup`` restores into an **empty** database (created when missing), as the owner role:
checksums first, then ``pg_restore`` section by section — tables, then data; the row counts per city
are compared with the manifest before row-level security is switched on (post-data: indexes,
constraints, ``ENABLE ROW LEVEL SECURITY`` and the policies); then the runtime (and backup) role's
grants, a check that every tenant table has forced row-level security and a policy, and the
documents. Any difference stops it with ``BackupError``.
"""

from __future__ import annotations

import datetime
import hashlib
import io
import json
import os
import shutil
import subprocess
import tarfile
import tempfile
from pathlib import Path
from typing import Any, BinaryIO

import psycopg2
from psycopg2 import sql
from psycopg2.extensions import ISOLATION_LEVEL_REPEATABLE_READ

from ijc_portal.backups.crypto import BackupKeyError, decrypt_stream, encrypt_stream, is_encrypted

FORMAT = "ijc-portal-backup"
VERSION = 1
MANIFEST = "manifest.json"
DUMP = "database.dump"
MEDIA = "media/"
HASH_CHUNK = 1024 * 1024

__all__ = ["BackupError", "BackupKeyError", "create_backup", "restore_backup", "table_counts", "tenancy_problems"]


class BackupError(RuntimeError):
    """The backup or the restore could not be completed; the message says why (no secret in it)."""


# --- PostgreSQL ------------------------------------------------------------------------------------
def _connect(config: dict[str, Any], dbname: str | None = None):
    return psycopg2.connect(
        dbname=dbname or config["NAME"],
        user=config["USER"],
        password=config.get("PASSWORD") or None,
        host=config.get("HOST") or None,
        port=config.get("PORT") or None,
    )


def _client_env(config: dict[str, Any], dbname: str | None = None) -> dict[str, str]:
    """The environment for pg_dump / pg_restore: the password never appears on a command line."""
    env = {**os.environ, "PGDATABASE": dbname or config["NAME"], "PGUSER": config["USER"]}
    for key, name in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("PASSWORD", "PGPASSWORD")):
        if config.get(key):
            env[name] = str(config[key])
        else:
            env.pop(name, None)
    return env


def _major(binary: str) -> int | None:
    """The major version a PostgreSQL client binary reports (``pg_dump (PostgreSQL) 15.20`` -> 15)."""
    try:
        out = subprocess.run([binary, "--version"], capture_output=True, text=True, timeout=10, check=False).stdout  # noqa: S603
        return int(out.split()[-1].split(".")[0])
    except (OSError, ValueError, IndexError, subprocess.TimeoutExpired):
        return None


def _binary(name: str, server_version_num: int) -> str:
    """``name`` of the server's major version: from ``PG_BIN_DIR``, Debian's layout, the embedded
    development server's own (pgserver), or ``PATH``, whichever reports that version first."""
    import importlib.util

    major = server_version_num // 10000
    directories = [os.environ.get("PG_BIN_DIR"), f"/usr/lib/postgresql/{major}/bin"]
    spec = importlib.util.find_spec("pgserver")
    if spec is not None and spec.origin:
        directories.append(str(Path(spec.origin).parent / "pginstall" / "bin"))
    candidates = [str(Path(d) / name) for d in directories if d and (Path(d) / name).is_file()]
    candidates += [found] if (found := shutil.which(name)) else []
    for candidate in candidates:
        if _major(candidate) == major:
            return candidate
    raise BackupError(
        f"{name} of PostgreSQL {major} (the server's version) was not found: install it or set PG_BIN_DIR."
    )


def _run(command: list[str], env: dict[str, str]) -> None:
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        raise BackupError(f"{Path(command[0]).name} failed: {result.stderr.strip()[-2000:]}")


def table_counts(cursor) -> dict[str, dict[str, Any]]:
    """Rows of every table of the ``public`` schema, per city (``"cities": {"<id>": n}``) for the tables
    with a ``city_id`` column. Sees every row only as a role that row-level security does not filter."""
    cursor.execute(
        """
        SELECT c.relname,
               EXISTS (SELECT 1 FROM pg_attribute a
                       WHERE a.attrelid = c.oid AND a.attname = 'city_id' AND NOT a.attisdropped)
        FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND NOT c.relispartition
        ORDER BY c.relname
        """
    )
    counts: dict[str, dict[str, Any]] = {}
    for table, tenant in cursor.fetchall():
        if tenant:
            cursor.execute(
                sql.SQL("SELECT city_id, count(*) FROM {} GROUP BY city_id ORDER BY city_id").format(
                    sql.Identifier(table)
                )
            )
            cities = {str(city_id): n for city_id, n in cursor.fetchall()}
            counts[table] = {"rows": sum(cities.values()), "cities": cities}
        else:
            cursor.execute(sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(table)))
            counts[table] = {"rows": cursor.fetchone()[0]}
    return counts


def tenancy_problems(cursor) -> list[str]:
    """Every table with a ``city_id`` column that lacks enabled and forced row-level security or a policy."""
    cursor.execute(
        """
        SELECT c.relname, c.relrowsecurity, c.relforcerowsecurity,
               EXISTS (SELECT 1 FROM pg_policies p WHERE p.schemaname = 'public' AND p.tablename = c.relname)
        FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p')
          AND EXISTS (SELECT 1 FROM pg_attribute a
                      WHERE a.attrelid = c.oid AND a.attname = 'city_id' AND NOT a.attisdropped)
        ORDER BY c.relname
        """
    )
    problems = []
    for table, enabled, forced, policy in cursor.fetchall():
        missing = [what for what, ok in (("RLS", enabled), ("FORCE RLS", forced), ("a policy", policy)) if not ok]
        if missing:
            problems.append(f"{table}: no {', no '.join(missing)}")
    return problems


# --- Files ---------------------------------------------------------------------------------------
class _Hashing(io.RawIOBase):
    """A read-only file that hashes what is read through it (tarfile reads each member once)."""

    def __init__(self, handle: BinaryIO) -> None:
        self.handle, self.digest, self.size = handle, hashlib.sha256(), 0

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        data = self.handle.read(size)
        self.digest.update(data)
        self.size += len(data)
        return data


def _add_file(tar: tarfile.TarFile, path: Path, name: str) -> dict[str, Any]:
    info = tar.gettarinfo(str(path), arcname=name)
    info.uid = info.gid = 0
    info.uname = info.gname = ""
    with path.open("rb") as handle:
        hashing = _Hashing(handle)
        tar.addfile(info, hashing)
    if hashing.size != info.size:
        raise BackupError(f"{name} changed while it was being archived; run the backup again.")
    return {"sha256": hashing.digest.hexdigest(), "bytes": hashing.size}


def _media_files(media_root: Path | None) -> list[Path]:
    if media_root is None or not media_root.is_dir():
        return []
    return sorted(path for path in media_root.rglob("*") if path.is_file() and not path.is_symlink())


def _extract_checked(tar: tarfile.TarFile, name: str, expected: dict[str, Any], target: Path) -> None:
    """Copy member ``name`` to ``target``, checking its size and SHA-256 against the manifest."""
    member = tar.getmember(name)
    if not member.isfile():
        raise BackupError(f"{name} in the archive is not a file.")
    digest, size = hashlib.sha256(), 0
    target.parent.mkdir(parents=True, exist_ok=True)
    with tar.extractfile(member) as source, target.open("wb") as sink:
        while chunk := source.read(HASH_CHUNK):
            digest.update(chunk)
            size += len(chunk)
            sink.write(chunk)
    if (digest.hexdigest(), size) != (expected["sha256"], expected["bytes"]):
        raise BackupError(f"{name}: checksum mismatch, the archive is damaged.")


# --- Backup --------------------------------------------------------------------------------------
def create_backup(
    output: Path, *, source: dict[str, Any], media_root: Path | None, key: bytes | None = None
) -> dict[str, Any]:
    """Write the archive to ``output`` as the backup role ``source`` (a DATABASES-style dict); return its manifest."""
    output = Path(output)
    output.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".backup-", dir=output.parent) as scratch:
        scratch_dir = Path(scratch)
        dump = scratch_dir / DUMP
        connection = _connect(source)
        try:
            connection.set_session(isolation_level=ISOLATION_LEVEL_REPEATABLE_READ, readonly=True)
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT pg_export_snapshot(), current_setting('server_version_num')::int, "
                    "current_setting('server_version'), statement_timestamp()"
                )
                snapshot, version_num, version, taken_at = cursor.fetchone()
                counts = table_counts(cursor)
                _run(
                    [
                        _binary("pg_dump", version_num),
                        "--format=custom",
                        f"--snapshot={snapshot}",
                        "--no-password",
                        f"--file={dump}",
                    ],
                    _client_env(source),
                )
            connection.rollback()
        finally:
            connection.close()

        tar_path = scratch_dir / "archive.tar"
        root = Path(media_root) if media_root else None
        with tarfile.open(tar_path, "w", format=tarfile.PAX_FORMAT) as tar:
            dump_entry = _add_file(tar, dump, DUMP)
            files = {}
            for path in _media_files(root):
                relative = path.relative_to(root).as_posix()
                files[relative] = _add_file(tar, path, MEDIA + relative)
            manifest = {
                "format": FORMAT,
                "version": VERSION,
                "created_at": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
                "database": {
                    "name": source["NAME"],
                    "server_version": version,
                    "snapshot_at": taken_at.isoformat(),
                },
                "dump": {"name": DUMP, **dump_entry},
                "tables": counts,
                "media": {"files": files, "count": len(files), "bytes": sum(f["bytes"] for f in files.values())},
                "encrypted": key is not None,
            }
            data = json.dumps(manifest, indent=2, sort_keys=True).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size, info.mode, info.mtime = len(data), 0o600, int(datetime.datetime.now().timestamp())
            tar.addfile(info, io.BytesIO(data))

        partial = output.with_name(output.name + ".part")
        if key is not None:
            with tar_path.open("rb") as plain, partial.open("wb") as sealed:
                encrypt_stream(plain, sealed, key)
        else:
            shutil.move(tar_path, partial)
        partial.chmod(0o600)
        partial.replace(output)
    return manifest


# --- Restore -------------------------------------------------------------------------------------
def read_manifest(tar: tarfile.TarFile) -> dict[str, Any]:
    try:
        manifest = json.load(tar.extractfile(MANIFEST))
    except (KeyError, ValueError) as error:
        raise BackupError("The archive has no readable manifest.json: not an IJC backup.") from error
    if manifest.get("format") != FORMAT or manifest.get("version") != VERSION:
        raise BackupError("The archive is not an IJC backup of a version this portal can restore.")
    return manifest


def _ensure_empty_database(target: dict[str, Any]) -> None:
    """Create the target database (as the owner, which has CREATEDB) or check that it has no table."""
    try:
        connection = _connect(target)
    except psycopg2.OperationalError as error:
        if "does not exist" not in str(error):
            raise BackupError(f"Cannot connect to the target database: {error}".strip()) from error
        admin = _connect(target, dbname="postgres")
        admin.autocommit = True
        try:
            with admin.cursor() as cursor:
                cursor.execute(
                    sql.SQL("CREATE DATABASE {} OWNER {} ENCODING 'UTF8' TEMPLATE template0").format(
                        sql.Identifier(target["NAME"]), sql.Identifier(target["USER"])
                    )
                )
        finally:
            admin.close()
        return
    try:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                "WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'v', 'm', 'S')"
            )
            if cursor.fetchone()[0]:
                raise BackupError(
                    f"The database {target['NAME']!r} is not empty: restore into a new (or emptied) database."
                )
    finally:
        connection.close()


def _differences(expected: dict[str, Any], found: dict[str, Any]) -> list[str]:
    out = []
    for table in sorted(set(expected) | set(found)):
        if expected.get(table) != found.get(table):
            out.append(f"{table}: expected {expected.get(table)}, found {found.get(table)}")
    return out


def restore_backup(
    archive: Path,
    *,
    target: dict[str, Any],
    runtime_role: str,
    backup_role: str | None = None,
    media_root: Path | None = None,
    key: bytes | None = None,
) -> dict[str, Any]:
    """Restore ``archive`` into the empty database ``target`` (DATABASES-style, the owner role) and its
    documents into ``media_root`` (skipped when None); return the manifest."""
    from ijc_portal.database import grant_backup, grant_runtime

    archive = Path(archive)
    with tempfile.TemporaryDirectory(prefix="ijc-restore-") as scratch:
        scratch_dir = Path(scratch)
        tar_path = archive
        if is_encrypted(archive):
            if key is None:
                raise BackupKeyError("The backup is encrypted: set BACKUP_ENCRYPTION_KEY to its key.")
            tar_path = scratch_dir / "archive.tar"
            with archive.open("rb") as sealed, tar_path.open("wb") as plain:
                decrypt_stream(sealed, plain, key)
        try:
            tar = tarfile.open(tar_path, "r:")  # noqa: SIM115 - closed by the with block below
        except tarfile.TarError as error:
            raise BackupError("The file is not a backup archive (nor an encrypted one).") from error
        with tar:
            manifest = read_manifest(tar)
            dump = scratch_dir / DUMP
            _extract_checked(tar, DUMP, manifest["dump"], dump)
            staged = scratch_dir / "media"
            if media_root is not None:
                for relative, expected in manifest["media"]["files"].items():
                    if Path(relative).is_absolute() or ".." in Path(relative).parts:
                        raise BackupError(f"Refusing the document path {relative!r}.")
                    _extract_checked(tar, MEDIA + relative, expected, staged / relative)

        if media_root is not None:
            _check_documents(staged, Path(media_root))
        _ensure_empty_database(target)
        connection = _connect(target)
        connection.autocommit = True
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT current_setting('server_version_num')::int")
                pg_restore = _binary("pg_restore", cursor.fetchone()[0])
                restore = [pg_restore, "--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction"]
                restore += ["--no-password", f"--dbname={target['NAME']}"]
                env = _client_env(target)
                _run([*restore, "--section=pre-data", str(dump)], env)
                _run([*restore, "--section=data", str(dump)], env)
                # Row-level security is not enabled yet (post-data does it): the owner sees every row.
                problems = _differences(manifest["tables"], table_counts(cursor))
                if problems:
                    raise BackupError("Row counts differ from the manifest: " + "; ".join(problems[:20]))
                _run([*restore, "--section=post-data", str(dump)], env)
                grant_runtime(cursor, owner_role=target["USER"], runtime_role=runtime_role, dbname=target["NAME"])
                if backup_role:
                    cursor.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [backup_role])
                    if cursor.fetchone():
                        grant_backup(cursor, owner_role=target["USER"], backup_role=backup_role, dbname=target["NAME"])
                problems = tenancy_problems(cursor)
                if problems:
                    raise BackupError("Tenancy rules missing after the restore: " + "; ".join(problems))
        finally:
            connection.close()

        if media_root is not None:
            _place_documents(staged, Path(media_root))
    return manifest


def _staged_files(staged: Path) -> list[Path]:
    return sorted(p for p in staged.rglob("*") if p.is_file()) if staged.is_dir() else []


def _check_documents(staged: Path, media_root: Path) -> None:
    """Before anything is restored: no document of the archive may replace a different existing file."""
    for path in _staged_files(staged):
        destination = media_root / path.relative_to(staged)
        if destination.exists() and destination.read_bytes() != path.read_bytes():
            raise BackupError(
                f"MEDIA_ROOT already holds a different {path.relative_to(staged).as_posix()}: nothing restored."
            )


def _place_documents(staged: Path, media_root: Path) -> None:
    """Move the checked documents into ``media_root`` (identical files already there are kept)."""
    for path in _staged_files(staged):
        destination = media_root / path.relative_to(staged)
        if not destination.exists():
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.move(path, destination)
