"""Create the first APEKSI administrator non-interactively (deployment).

    IJC_ADMIN_PASSWORD=... python manage.py create_apeksi_admin --email admin@apeksi.or.id --name "Admin APEKSI"

The password comes from an environment variable (default ``IJC_ADMIN_PASSWORD``) or a file
(``--password-file``), never from the command line, where it would stay in the shell history and
the process list. Running it again for the same email updates the name and password (idempotent).
The admin must set up an authenticator app at first sign-in before any page opens.
Exit status 1 with a message for a missing or weak password or a malformed email.
"""

from __future__ import annotations

import os
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email

from accounts.services import apeksi_admin_create


class Command(BaseCommand):
    help = "Create or update the APEKSI administrator (superuser with the cross-city admin role)."

    def add_arguments(self, parser):
        parser.add_argument("--email", required=True)
        parser.add_argument("--name", required=True)
        parser.add_argument(
            "--password-env", default="IJC_ADMIN_PASSWORD", help="environment variable with the password"
        )
        parser.add_argument("--password-file", type=Path, help="file whose first line is the password")

    def handle(self, *args, email, name, password_env, password_file, **options):
        try:
            validate_email(email)
        except ValidationError as error:
            raise CommandError(f"--email: {error.messages[0]}") from None
        if password_file is not None:
            try:
                lines = password_file.read_text().splitlines()
            except OSError as error:
                raise CommandError(f"--password-file: {error}") from None
            password = lines[0] if lines else ""
        else:
            password = os.environ.get(password_env, "")
        if not password:
            raise CommandError(f"No password: set {password_env} or give --password-file.")
        try:
            user = apeksi_admin_create(email=email, name=name, password=password)
        except ValidationError as error:
            raise CommandError("Password refused: " + " ".join(error.messages)) from None
        self.stdout.write(f"APEKSI admin ready: {user.email} (set up an authenticator app at first sign-in).")
