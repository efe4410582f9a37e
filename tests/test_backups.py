"""``manage.py backup`` and ``manage.py restore``: a backup of two cities restores into an empty
database with the same rows per city, the tenancy rules in place, the documents back, and the portal
serving a page from it. The archive format and its encryption are checked on their own below.

The backup role (``BYPASSRLS``, read-only) is made on the test server as ``bootstrap`` makes it,
through a superuser connection (``DATABASE_ADMIN_URL``, else ``postgres`` on the test server, as CI
has); without one the restore test is skipped.
"""

from __future__ import annotations

import base64
import io
import json
import os
import tarfile
import time
from contextlib import contextmanager
from pathlib import Path

import psycopg2
import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from cities.models import CityOwnedModel
from cities.tenancy import city_context
from ijc_portal.backups import crypto
from ijc_portal.database import ensure_backup_role, grant_backup
from ijc_portal.envparse import Env
from ijc_portal.management.commands.migrate import as_owner
from jobseekers.models import JobSeeker
from tests import personas
from tests.cities import test_catalogue as catalogue

BACKUP_ROLE = "ijc_backup"
BACKUP_PASSWORD = "test-backup-password"


def _admin() -> dict:
    if os.environ.get("DATABASE_ADMIN_URL"):
        return Env(os.environ).database("DATABASE_ADMIN_URL")
    return {**settings.DATABASE_OWNER, "USER": "postgres", "PASSWORD": "", "NAME": "postgres"}


def _connect(config: dict, dbname: str | None = None):
    return psycopg2.connect(
        dbname=dbname or config["NAME"],
        user=config["USER"],
        password=config.get("PASSWORD") or None,
        host=config.get("HOST") or None,
        port=config.get("PORT") or None,
        connect_timeout=5,
    )


@pytest.fixture
def backup_role(monkeypatch):
    """The backup role on the test server, granted read access to the test database; its URL in the env."""
    admin = _admin()
    try:
        superuser = _connect(admin)
    except psycopg2.OperationalError:
        pytest.skip("no superuser connection to create the backup role (set DATABASE_ADMIN_URL)")
    superuser.autocommit = True
    try:
        with superuser.cursor() as cursor:
            try:
                ensure_backup_role(cursor, BACKUP_ROLE, BACKUP_PASSWORD)
            except psycopg2.errors.UniqueViolation:  # another test run created it at the same moment
                ensure_backup_role(cursor, BACKUP_ROLE, BACKUP_PASSWORD)
    finally:
        superuser.close()
    name = connection.settings_dict["NAME"]
    with as_owner() as owner, owner.cursor() as cursor:
        grant_backup(cursor, owner_role=settings.DATABASE_OWNER["USER"], backup_role=BACKUP_ROLE, dbname=name)
    config = {**settings.DATABASE_OWNER, "USER": BACKUP_ROLE, "PASSWORD": BACKUP_PASSWORD, "NAME": name}
    host = config["HOST"] or "localhost"
    url = f"postgres://{BACKUP_ROLE}:{BACKUP_PASSWORD}@{host}:{config['PORT'] or 5432}/{name}"
    if host.startswith("/"):
        url = f"postgres://{BACKUP_ROLE}:{BACKUP_PASSWORD}@/{name}?host={host}"
    monkeypatch.setenv("DATABASE_BACKUP_URL", url)
    return config


def _drop_database(name: str) -> None:
    owner = _connect(settings.DATABASE_OWNER, dbname="postgres")
    owner.autocommit = True
    try:
        with owner.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        owner.close()


@contextmanager
def serving_from(name: str):
    """The default connection (the runtime role) points at database ``name`` for the block."""
    saved = connection.settings_dict["NAME"]
    connection.close()
    connection.settings_dict["NAME"] = name
    try:
        yield
    finally:
        connection.close()
        connection.settings_dict["NAME"] = saved


def rows_per_city(cities) -> dict:
    """Rows of every city-owned model, per city, as the runtime role sees them (through RLS)."""
    counts = {}
    for city in cities:
        with city_context(city):
            for model in apps.get_models():
                if issubclass(model, CityOwnedModel):
                    counts[(city.slug, model._meta.label)] = model._default_manager.count()
    return counts


@pytest.mark.django_db(transaction=True)
def test_a_backup_restores_into_an_empty_database(
    backup_role, vacancy_a, walk_in_a, city_a, city_b, settings, tmp_path, monkeypatch
):
    started = time.monotonic()
    walk_in_b = personas.walk_in(city_b)
    settings.MEDIA_ROOT = tmp_path / "media"
    documents = {"jobseekers/1/cv.pdf": b"%PDF-1.4 cv", "assessments/2/photo.jpg": b"\xff\xd8\xff photo"}
    for relative, content in documents.items():
        (settings.MEDIA_ROOT / relative).parent.mkdir(parents=True, exist_ok=True)
        (settings.MEDIA_ROOT / relative).write_bytes(content)
    monkeypatch.setenv("BACKUP_ENCRYPTION_KEY", base64.urlsafe_b64encode(os.urandom(32)).decode())
    before = rows_per_city([city_a, city_b])
    assert before[("kota-alpha", "employers.Vacancy")] >= 1
    assert before[("kota-alpha", "jobseekers.JobSeeker")] == before[("kota-beta", "jobseekers.JobSeeker")] == 1

    archive = tmp_path / "backup.tar.enc"
    call_command("backup", output=str(archive), stdout=io.StringIO())
    assert crypto.is_encrypted(archive) and archive.stat().st_mode & 0o077 == 0

    restored = f"{connection.settings_dict['NAME']}_restored"
    _drop_database(restored)
    settings.MEDIA_ROOT = tmp_path / "restored-media"
    out = io.StringIO()
    try:
        call_command("restore", str(archive), database=restored, stdout=out)
        assert "checked" in out.getvalue()
        for relative, content in documents.items():
            assert (settings.MEDIA_ROOT / relative).read_bytes() == content

        with serving_from(restored):
            assert rows_per_city([city_a, city_b]) == before
            # The tenancy contract holds in the restored database (the same checks as on the test database).
            catalogue.test_every_table_with_city_id_has_forced_rls_and_a_policy()
            catalogue.test_every_city_owned_model_has_the_exact_city_isolation_policy()
            catalogue.test_every_foreign_key_between_tenant_tables_is_pinned_to_the_same_city()
            catalogue.test_the_runtime_role_is_not_superuser_not_bypassrls_and_owns_nothing()
            with connection.cursor() as cursor:  # no city: no tenant row
                cursor.execute("SELECT count(*) FROM employers_vacancy")
                assert cursor.fetchone()[0] == 0
            # The portal serves the city's public job board from the restored database.
            from django.test import Client

            response = Client().get(f"/kota/{city_a.slug}/lowongan/")
            assert response.status_code == 200
            assert vacancy_a.title in response.content.decode()
            with city_context(city_b):
                assert JobSeeker.objects.get().pk == walk_in_b.pk

        # A second restore into the same (now full) database is refused, and changes nothing.
        with pytest.raises(CommandError, match="not empty"):
            call_command("restore", str(archive), database=restored, no_media=True, stdout=io.StringIO())
    finally:
        _drop_database(restored)
    assert time.monotonic() - started < 20


def test_backup_without_the_backup_role_is_refused(monkeypatch):
    monkeypatch.delenv("DATABASE_BACKUP_URL", raising=False)
    with pytest.raises(CommandError, match="DATABASE_BACKUP_URL"):
        call_command("backup", stdout=io.StringIO())


def test_encryption_round_trip_and_tampering():
    key = crypto.load_key(base64.urlsafe_b64encode(os.urandom(32)).decode())
    plain = os.urandom(crypto.CHUNK * 2 + 123)
    sealed = io.BytesIO()
    crypto.encrypt_stream(io.BytesIO(plain), sealed, key)
    data = sealed.getvalue()
    assert plain not in data
    out = io.BytesIO()
    crypto.decrypt_stream(io.BytesIO(data), out, key)
    assert out.getvalue() == plain

    other = crypto.load_key(base64.urlsafe_b64encode(os.urandom(32)).decode())
    changed = bytearray(data)
    changed[100] ^= 1
    chunk = 4 + crypto.CHUNK + crypto.TAG_BYTES
    header = len(crypto.MAGIC) + crypto.PREFIX_BYTES
    for bad, bad_key in [
        (data, other),  # wrong key
        (bytes(changed), key),  # a changed byte
        (data[: header + chunk], key),  # cut after the first chunk: the last-chunk flag is missing
        (data[:-5], key),  # cut inside the last chunk
        (data[:header] + data[header + chunk : header + 2 * chunk] + data[header : header + chunk], key),  # reordered
    ]:
        with pytest.raises(crypto.BackupKeyError):
            crypto.decrypt_stream(io.BytesIO(bad), io.BytesIO(), bad_key)
    with pytest.raises(crypto.BackupKeyError):
        crypto.load_key("too-short")


def test_a_damaged_archive_is_refused_before_the_database_is_touched(tmp_path):
    from ijc_portal.backups import BackupError, restore_backup

    archive = tmp_path / "damaged.tar"
    manifest = {
        "format": "ijc-portal-backup",
        "version": 1,
        "dump": {"name": "database.dump", "sha256": "0" * 64, "bytes": 4},
        "tables": {},
        "media": {"files": {}, "count": 0, "bytes": 0},
    }
    with tarfile.open(archive, "w") as tar:
        for name, data in [("database.dump", b"PGDM"), ("manifest.json", json.dumps(manifest).encode())]:
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    target = {"NAME": "never_created", "USER": "nobody", "HOST": "127.0.0.1", "PORT": 1}
    with pytest.raises(BackupError, match="checksum mismatch"):
        restore_backup(Path(archive), target=target, runtime_role="nobody", media_root=None)
    (tmp_path / "not-a-backup").write_bytes(b"hello")
    with pytest.raises(BackupError, match="not a backup"):
        restore_backup(tmp_path / "not-a-backup", target=target, runtime_role="nobody", media_root=None)


@pytest.mark.django_db(transaction=True)
def test_the_backup_role_reads_every_city_and_can_change_nothing(backup_role, walk_in_a):
    """BYPASSRLS is its one power: not superuser, owns nothing, SELECT only, read-only sessions."""
    superuser = _connect(_admin())
    try:
        with superuser.cursor() as cursor:
            cursor.execute(
                "SELECT rolsuper, rolbypassrls, rolcreatedb, rolcreaterole, rolreplication FROM pg_roles "
                "WHERE rolname = %s",
                [BACKUP_ROLE],
            )
            assert cursor.fetchone() == (False, True, False, False, False)
    finally:
        superuser.close()
    reader = _connect(backup_role)
    reader.autocommit = True
    try:
        with reader.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM jobseekers_jobseeker")  # no city set, every row
            assert cursor.fetchone()[0] == 1
            cursor.execute(
                "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                "WHERE n.nspname = 'public' AND pg_get_userbyid(c.relowner) = %s",
                [BACKUP_ROLE],
            )
            assert cursor.fetchone()[0] == 0
            cursor.execute(
                "SELECT has_table_privilege(%s, 'jobseekers_jobseeker', 'INSERT, UPDATE, DELETE, TRUNCATE')",
                [BACKUP_ROLE],
            )
            assert cursor.fetchone()[0] is False
            with pytest.raises(psycopg2.errors.ReadOnlySqlTransaction):
                cursor.execute("DELETE FROM jobseekers_jobseeker")
    finally:
        reader.close()
