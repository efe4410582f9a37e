"""Helpers for loader tests: copy the shipped data files somewhere writable and corrupt one row."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

from reference.services import default_data_dir


def copy_data(tmp_path: Path) -> Path:
    """A copy of every file in reference/data/, for the loaders' ``--data-dir``."""
    target = tmp_path / "data"
    shutil.copytree(default_data_dir(), target)
    return target


def edit_csv_row(path: Path, code_column: str, code: str, /, **changes: str) -> int:
    """Change columns of the row whose ``code_column`` is ``code``; return its line number (header = 1)."""
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    header = rows[0]
    for index, row in enumerate(rows):
        if index and row[header.index(code_column)] == code:
            for column, value in changes.items():
                row[header.index(column)] = value
            break
    else:
        raise AssertionError(f"{code} is not in {path.name}")
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)
    return index + 1
