"""``migrate`` as the owner role, then grant the runtime role access to what it created.

The web app and workers connect as the runtime role (``DATABASE_URL``), which may not create or
alter tables. This command swaps the connection to ``DATABASE_OWNER_URL`` for the migration and
swaps it back afterwards, so migrations, and the tables they create, belong to the owner.

It overrides Django's own ``migrate`` because ``ijc_portal`` comes first in ``INSTALLED_APPS`` (the
first app's command of a name wins).
"""

from __future__ import annotations

from contextlib import contextmanager

from django.conf import settings
from django.core.management.base import CommandError
from django.core.management.commands.migrate import Command as MigrateCommand
from django.db import connections

from ijc_portal.database import grant_runtime


@contextmanager
def as_owner(alias: str = "default"):
    """Run the block with connection ``alias`` logged in as the owner role; restore it after."""
    owner = settings.DATABASE_OWNER
    if owner is None:
        raise CommandError("DATABASE_OWNER_URL must be set to run migrations (they run as the owner role).")
    connection = connections[alias]
    saved = {key: connection.settings_dict.get(key) for key in ("USER", "PASSWORD")}
    if saved["USER"] == owner["USER"]:
        yield connection
        return
    connection.close()
    connection.settings_dict.update(USER=owner["USER"], PASSWORD=owner.get("PASSWORD", ""))
    try:
        yield connection
    finally:
        connection.close()
        connection.settings_dict.update(saved)


class Command(MigrateCommand):
    help = "Apply migrations as the owner role (DATABASE_OWNER_URL) and grant the runtime role data access."

    def handle(self, *args, **options):
        alias = options["database"]
        runtime_role = connections[alias].settings_dict["USER"]
        with as_owner(alias) as connection:
            super().handle(*args, **options)
            with connection.cursor() as cursor:
                grant_runtime(
                    cursor,
                    owner_role=settings.DATABASE_OWNER["USER"],
                    runtime_role=runtime_role,
                    dbname=connection.settings_dict["NAME"],
                )
