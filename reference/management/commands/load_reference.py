"""``python manage.py load_reference [--data-dir DIR]``: load every reference table, all or nothing."""

from __future__ import annotations

import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from reference.datafiles import DataFileError
from reference.services import default_data_dir, reference_data_load


class Command(BaseCommand):
    help = (
        "Load occupations (KBJI 2014), industries (KBLI 2020), ESCO skills, accommodation types, "
        "WG-SS questions and the accessibility checklists from reference/data/. Idempotent; a bad "
        "row stops the load before anything is written."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--data-dir",
            type=Path,
            default=None,
            help=f"Directory holding the data files (default: {default_data_dir()}).",
        )

    def handle(self, *args, data_dir: Path | None, **options):
        started = time.monotonic()
        try:
            counts = reference_data_load(data_dir=data_dir)
        except DataFileError as error:
            raise CommandError(f"Nothing was loaded. {error}") from error
        width = max(len(name) for name in counts)
        for name, count in counts.items():
            self.stdout.write(f"{name.ljust(width)}  {count}")
        self.stdout.write(self.style.SUCCESS(f"Reference data loaded in {time.monotonic() - started:.2f} s."))
