"""``manage.py backup``: the database of every city and the uploaded documents in one archive.

Connects as the backup role (``DATABASE_BACKUP_URL``: ``BYPASSRLS``, read-only; created by
``python -m ijc_portal.database bootstrap`` when that variable is set). Encrypts the archive when
``BACKUP_ENCRYPTION_KEY`` is set (``ijc_portal.backups.crypto``). See docs/operations.md, "Backups".
"""

from __future__ import annotations

import datetime
import os
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from ijc_portal.backups import BackupError, create_backup
from ijc_portal.backups.crypto import BackupKeyError, load_key
from ijc_portal.envparse import Env


def backup_key() -> bytes | None:
    """The archive key from ``BACKUP_ENCRYPTION_KEY``, or None when it is not set."""
    text = os.environ.get("BACKUP_ENCRYPTION_KEY", "").strip()
    try:
        return load_key(text) if text else None
    except BackupKeyError as error:
        raise CommandError(str(error)) from error


class Command(BaseCommand):
    help = "Back up the database (every city, one snapshot) and MEDIA_ROOT into one archive with a manifest."

    def add_arguments(self, parser):
        parser.add_argument("--output", help="the archive's path (default: BACKUP_DIR/ijc-backup-<UTC time>.tar)")
        parser.add_argument("--no-media", action="store_true", help="leave the uploaded documents out")

    def handle(self, *args, **options):
        env = Env(os.environ)
        if not env.is_set("DATABASE_BACKUP_URL"):
            raise CommandError(
                "DATABASE_BACKUP_URL is not set: backups connect as the backup role (BYPASSRLS, read-only), "
                "which `python -m ijc_portal.database bootstrap` creates when that variable is set."
            )
        source = env.database("DATABASE_BACKUP_URL")
        key = backup_key()
        output = options["output"]
        if not output:
            stamp = datetime.datetime.now(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
            directory = Path(os.environ.get("BACKUP_DIR") or settings.BASE_DIR / ".data" / "backups")
            output = directory / f"ijc-backup-{stamp}.tar{'.enc' if key else ''}"
        media_root = None if options["no_media"] else Path(settings.MEDIA_ROOT)
        try:
            manifest = create_backup(Path(output), source=source, media_root=media_root, key=key)
        except BackupError as error:
            raise CommandError(str(error)) from error
        rows = sum(table["rows"] for table in manifest["tables"].values())
        self.stdout.write(
            f"Backup written: {output} ({len(manifest['tables'])} tables, {rows} rows, "
            f"{manifest['media']['count']} documents, {'encrypted' if key else 'NOT encrypted'})."
        )
