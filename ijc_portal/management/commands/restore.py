"""``manage.py restore ARCHIVE``: a backup into an empty database, checked against its manifest.

Runs as the owner role (``DATABASE_OWNER_URL``); the target database (``--database``, default the
configured one) must be empty or missing (it is then created). Restores the documents into
``MEDIA_ROOT`` unless ``--no-media``. See docs/operations.md, "Backups".
"""

from __future__ import annotations

import os
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from ijc_portal.backups import BackupError, BackupKeyError, restore_backup
from ijc_portal.envparse import Env
from ijc_portal.management.commands.backup import backup_key


class Command(BaseCommand):
    help = "Restore a backup archive into an empty database (as the owner role) and its documents into MEDIA_ROOT."

    def add_arguments(self, parser):
        parser.add_argument("archive", help="the file `manage.py backup` wrote")
        parser.add_argument("--database", help="the target database's name (default: the configured database)")
        parser.add_argument("--media-root", help="where the documents go (default: MEDIA_ROOT)")
        parser.add_argument("--no-media", action="store_true", help="restore the database only")

    def handle(self, *args, **options):
        if settings.DATABASE_OWNER is None:
            raise CommandError("DATABASE_OWNER_URL must be set: a restore runs as the owner role.")
        target = {**settings.DATABASE_OWNER}
        if options["database"]:
            target["NAME"] = options["database"]
        env = Env(os.environ)
        backup_role = env.database("DATABASE_BACKUP_URL")["USER"] if env.is_set("DATABASE_BACKUP_URL") else None
        media_root = None if options["no_media"] else Path(options["media_root"] or settings.MEDIA_ROOT)
        try:
            manifest = restore_backup(
                Path(options["archive"]),
                target=target,
                runtime_role=settings.DATABASES["default"]["USER"],
                backup_role=backup_role,
                media_root=media_root,
                key=backup_key(),
            )
        except (BackupError, BackupKeyError) as error:
            raise CommandError(str(error)) from error
        rows = sum(table["rows"] for table in manifest["tables"].values())
        cities = {city for table in manifest["tables"].values() for city in table.get("cities", {})}
        documents = 0 if media_root is None else manifest["media"]["count"]
        self.stdout.write(
            f"Restored into {target['NAME']!r}: {len(manifest['tables'])} tables, {rows} rows "
            f"({len(cities)} cities), {documents} documents; row counts, checksums and tenancy rules checked."
        )
