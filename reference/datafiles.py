"""Reading reference data files and making a table hold exactly their rows.

Used by the ``load_reference`` and ``load_cities`` commands. Every loader follows the same two
steps so a bad file writes nothing:

1. read and validate every file completely (``read_csv``, ``check``, ``validate``), raising
   ``DataFileError`` that names the file, the line and the code of the first bad row;
2. only then write, inside one transaction, with ``sync_rows``: rows are keyed on their codes,
   new ones are bulk-created, changed ones bulk-updated, unchanged ones left alone. Loading the
   same files twice therefore changes nothing.

Rows that are in the table but no longer in the file are kept (other tables may point at them)
and counted as ``not_in_file`` so the command can report them.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models


class DataFileError(Exception):
    """A reference data file is missing or malformed. ``str()`` names the file and the line."""

    def __init__(self, path: Path | str, message: str, *, line: int | None = None, code: str | None = None):
        self.path = Path(path)
        self.line = line
        self.code = code
        where = self.path.name
        if line is not None:
            where += f", line {line}"
        if code:
            where += f" ({code})"
        super().__init__(f"{where}: {message}")


@dataclass(frozen=True)
class Record:
    """One data row of a CSV file: its values and the line it ends on (the header is line 1)."""

    path: Path
    line: int
    values: dict[str, str]

    def __getitem__(self, column: str) -> str:
        return self.values[column]

    def error(self, message: str, *, code: str | None = None) -> DataFileError:
        return DataFileError(self.path, message, line=self.line, code=code)


def read_csv(path: Path, columns: Sequence[str]) -> list[Record]:
    """All data rows of a UTF-8 CSV file with a header naming at least ``columns``.

    Values are stripped of surrounding spaces. Raises ``DataFileError`` when the file is missing,
    a column is missing, or a row has more or fewer fields than the header.
    """
    if not path.is_file():
        raise DataFileError(path, "file not found")
    records = []
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        header = next(reader, None)
        if header is None:
            raise DataFileError(path, "the file is empty", line=1)
        header = [name.strip().lstrip("\ufeff") for name in header]
        missing = [name for name in columns if name not in header]
        if missing:
            raise DataFileError(path, f"missing column(s): {', '.join(missing)}", line=1)
        for fields in reader:
            if not fields:
                continue
            if len(fields) != len(header):
                raise DataFileError(path, f"expected {len(header)} fields, found {len(fields)}", line=reader.line_num)
            values = dict(zip(header, (field.strip() for field in fields), strict=True))
            records.append(Record(path, reader.line_num, values))
    return records


def parse_bool(record: Record, column: str, *, code: str | None = None) -> bool:
    """``true`` / ``false`` (any case); anything else is an error naming the row."""
    value = record[column].lower()
    if value not in ("true", "false"):
        raise record.error(f"{column} must be true or false, got {record[column]!r}", code=code)
    return value == "true"


def parse_int(record: Record, column: str, *, code: str | None = None, blank: bool = False) -> int | None:
    raw = record[column]
    if raw == "" and blank:
        return None
    try:
        return int(raw)
    except ValueError:
        raise record.error(f"{column} must be a whole number, got {raw!r}", code=code) from None


def check(condition: bool, record: Record, message: str, *, code: str | None = None) -> None:
    """Raise ``record.error(message)`` unless ``condition`` holds."""
    if not condition:
        raise record.error(message, code=code)


def unique_codes(records: Iterable[tuple[Record, str]]) -> None:
    """Raise on the first code that appears twice, naming both lines."""
    seen: dict[str, int] = {}
    for record, code in records:
        if code in seen:
            raise record.error(f"duplicate code (first seen on line {seen[code]})", code=code)
        seen[code] = record.line


def field_problems(model: type[models.Model], values: dict[str, Any]) -> str | None:
    """The model's field validation (lengths, choices, validators) of one row, without the database.

    Returns ``None`` when the values are valid, else one line such as ``"code: Use ACC-nnn."``.
    Foreign keys and fields not in ``values`` are skipped (loaders resolve codes themselves).
    """
    checked = [f for f in model._meta.concrete_fields if f.name in values and not f.is_relation]
    instance = model(**{f.name: values[f.name] for f in checked})
    try:
        instance.clean_fields(exclude=[f.name for f in model._meta.concrete_fields if f not in checked])
    except ValidationError as error:
        return "; ".join(f"{name}: {' '.join(messages)}" for name, messages in error.message_dict.items())
    return None


def validate(model: type[models.Model], values: dict[str, Any], record: Record, *, code: str | None = None) -> None:
    """Raise ``record.error`` when ``field_problems`` finds any."""
    problems = field_problems(model, values)
    if problems:
        raise record.error(problems, code=code)


@dataclass
class SyncCounts:
    """What ``sync_rows`` did to one table."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    not_in_file: int = 0

    @property
    def in_file(self) -> int:
        return self.created + self.updated + self.unchanged

    def __add__(self, other: SyncCounts) -> SyncCounts:
        return SyncCounts(
            self.created + other.created,
            self.updated + other.updated,
            self.unchanged + other.unchanged,
            self.not_in_file + other.not_in_file,
        )

    def __str__(self) -> str:
        text = f"{self.in_file} in file: {self.created} created, {self.updated} updated, {self.unchanged} unchanged"
        if self.not_in_file:
            text += f"; {self.not_in_file} in the table but not in the file (kept)"
        return text


def _key_of(source: Any, key: Sequence[str], get) -> tuple:
    return tuple(get(source, name) for name in key)


def sync_rows(
    queryset: models.QuerySet,
    rows: Sequence[dict[str, Any]],
    *,
    key: Sequence[str],
    fields: Sequence[str],
    batch_size: int = 1000,
) -> SyncCounts:
    """Make the rows of ``queryset`` keyed by ``key`` hold ``rows``; return what changed.

    ``rows`` are dicts of model field values (foreign keys as ``<name>_id``) including every name
    in ``key`` and ``fields``. Only ``fields`` are compared and written on existing rows, so a
    column left out (e.g. ``City.is_active``) keeps its value; new rows take the model defaults
    for it. One SELECT, then at most one bulk INSERT and one bulk UPDATE per batch.
    """
    model = queryset.model
    existing = {
        _key_of(obj, key, getattr): obj for obj in queryset.only(*{model._meta.pk.name, *key, *fields}).order_by()
    }
    to_create: list[models.Model] = []
    to_update: list[models.Model] = []
    counts = SyncCounts()
    seen: set[tuple] = set()
    for row in rows:
        row_key = _key_of(row, key, dict.__getitem__)
        seen.add(row_key)
        obj = existing.get(row_key)
        if obj is None:
            to_create.append(model(**{name: row[name] for name in (*key, *fields)}))
            continue
        changed = [name for name in fields if getattr(obj, name) != row[name]]
        if changed:
            for name in fields:
                setattr(obj, name, row[name])
            to_update.append(obj)
        else:
            counts.unchanged += 1
    if to_create:
        model._base_manager.bulk_create(to_create, batch_size=batch_size)
    if to_update and fields:
        model._base_manager.bulk_update(to_update, list(fields), batch_size=batch_size)
    counts.created = len(to_create)
    counts.updated = len(to_update)
    counts.not_in_file = len(existing.keys() - seen)
    return counts


def ids_by_code(queryset: models.QuerySet, key: str = "code") -> dict[Any, int]:
    """``{code: id}`` for a table, to turn the codes a file uses into foreign key values."""
    return dict(queryset.order_by().values_list(key, "pk"))


def sync_tree(
    queryset: models.QuerySet,
    rows: Sequence[dict[str, Any]],
    *,
    fields: Sequence[str],
    level_field: str = "level",
    parent_field: str = "parent",
) -> SyncCounts:
    """``sync_rows`` for a code hierarchy: rows carry ``code`` and ``parent_code`` ("" at the top).

    Writes one level at a time, top first, so every parent has an id before its children refer
    to it (callers have checked that a parent is always one level up and in the file).
    """
    parent_attname = f"{parent_field}_id"
    total = SyncCounts()
    for level in sorted({row[level_field] for row in rows}):
        ids = ids_by_code(queryset)
        level_rows = [
            {
                **{name: value for name, value in row.items() if name != "parent_code"},
                parent_attname: ids[row["parent_code"]] if row["parent_code"] else None,
            }
            for row in rows
            if row[level_field] == level
        ]
        total += sync_rows(queryset, level_rows, key=["code"], fields=[*fields, parent_attname])
    total.not_in_file = queryset.count() - len(rows)
    return total
