"""Set-based SQL builders: ``INSERT INTO <model's table> (every column) SELECT … FROM …`` with defaults.

The generator writes with plain ``INSERT … SELECT`` statements run inside the city's transaction after
``SET LOCAL app.city_id``, so the row-level security policy's ``WITH CHECK`` applies to every row it
writes. (``COPY FROM`` is refused by PostgreSQL on a table whose row-level security applies to the
role, and it is forced here for every role, the owner included.)
"""

from __future__ import annotations

from django.db import connection


def pick(param: str, cast: str = "text") -> str:
    """SQL for one element of the array parameter ``param``, drawn uniformly (``random()``) per row.

    Weighted draws repeat an element in the array as often as its weight.
    """
    return f"(%({param})s::{cast}[])[1 + floor(random() * cardinality(%({param})s::{cast}[]))::int]"


def weighted(weights: dict[str, int]) -> list[str]:
    """``{"a": 3, "b": 1}`` → ``["a", "a", "a", "b"]``: an array for ``pick``."""
    return [value for value, weight in weights.items() for _ in range(weight)]


def insert_select(cursor, model, values: dict[str, str], source: str, params: dict, *, with_sql: str = "") -> int:
    """Insert one row of ``model`` per row of ``source`` (the SQL after ``FROM``); return the row count.

    ``values`` maps column names to SQL expressions; a column left out gets the field's default (a bind
    parameter) or NULL. The primary key is left to its sequence and database-generated columns to
    PostgreSQL. Raises ``ValueError`` for a NOT NULL column with neither a value nor a default.
    """
    columns, expressions = [], []
    for field in model._meta.concrete_fields:
        if field.primary_key or getattr(field, "generated", False):
            continue
        column = field.column
        if column in values:
            expressions.append(values[column])
        elif field.has_default() or (field.blank and field.empty_strings_allowed and not field.null):
            key = f"default_{model._meta.db_table}_{column}"
            params[key] = field.get_db_prep_save(field.get_default(), connection)
            expressions.append(f"%({key})s")
        elif field.null:
            expressions.append("NULL")
        else:
            raise ValueError(f"{model.__name__}.{field.name} needs a value")
        columns.append(connection.ops.quote_name(column))
    unknown = set(values) - {field.column for field in model._meta.concrete_fields}
    if unknown:
        raise ValueError(f"{model.__name__} has no column {sorted(unknown)}")
    cursor.execute(
        f"{with_sql} INSERT INTO {model._meta.db_table} ({', '.join(columns)}) "  # noqa: S608
        f"SELECT {', '.join(expressions)} FROM {source}",
        params,
    )
    return cursor.rowcount
