"""Migration operations that put a tenant table under PostgreSQL row-level security.

Add ``EnableCityRLS("modelname")`` to the migration that creates a model inheriting
``CityOwnedModel``, after its ``CreateModel``. It:

1. adds ``UNIQUE (city_id, id)``, so other tenant tables can point at this one by city *and* id;
2. for every foreign key to another tenant table (one with a ``city`` field), adds a composite
   ``FOREIGN KEY (city_id, <fk>_id) REFERENCES other (city_id, id)``: a row of city A cannot
   point at a row of city B, whatever the code does;
3. enables **and forces** RLS and creates the ``city_isolation`` policy::

       USING      (city_id = NULLIF(current_setting('app.city_id', true), '')::bigint)
       WITH CHECK (city_id = NULLIF(current_setting('app.city_id', true), '')::bigint)

``NULLIF`` matters: on a reused connection an unset setting reads ``''`` and ``''::bigint``
would raise instead of matching nothing. The policy has no sub-query (Citus-compatible).

A foreign key added to an existing tenant model later gets ``AddSameCityForeignKey(model, field)``.
``tests/cities/test_catalogue.py`` fails when a table with ``city_id`` lacks any of this.
"""

from __future__ import annotations

import hashlib

from django.db import models
from django.db.migrations.operations.base import Operation

CITY_SETTING = "NULLIF(current_setting('app.city_id', true), '')::bigint"
CITY_POLICY = "city_isolation"


def _name(table: str, suffix: str) -> str:
    """A constraint name within PostgreSQL's 63-byte limit, stable for the same inputs."""
    name = f"{table}_{suffix}"
    if len(name) <= 63:
        return name
    digest = hashlib.sha1(name.encode(), usedforsecurity=False).hexdigest()[:8]
    return f"{name[: 63 - 9]}_{digest}"


def is_tenant_model(model: type[models.Model]) -> bool:
    """True when ``model`` (live or historical) has a ``city`` foreign key to ``cities.City``."""
    try:
        field = model._meta.get_field("city")
    except Exception:
        return False
    return bool(field.is_relation and field.related_model._meta.label_lower == "cities.city")


def _same_city_fk_sql(model, field) -> tuple[str, str]:
    table = model._meta.db_table
    target = field.related_model
    name = _name(table, f"{field.column}_same_city_fk")
    forwards = (
        f'ALTER TABLE "{table}" ADD CONSTRAINT "{name}" FOREIGN KEY ("city_id", "{field.column}") '
        f'REFERENCES "{target._meta.db_table}" ("city_id", "{target._meta.pk.column}") '
        "DEFERRABLE INITIALLY DEFERRED"
    )
    backwards = f'ALTER TABLE "{table}" DROP CONSTRAINT IF EXISTS "{name}"'
    return forwards, backwards


def _tenant_foreign_keys(model):
    for field in model._meta.local_fields:
        if field.name != "city" and isinstance(field, models.ForeignKey) and is_tenant_model(field.related_model):
            yield field


class EnableCityRLS(Operation):
    """Enable and force city row-level security on a ``CityOwnedModel`` table (see module docs)."""

    reversible = True
    reduces_to_sql = True

    def __init__(self, model_name: str) -> None:
        self.model_name = model_name

    def deconstruct(self):
        return (self.__class__.__qualname__, [self.model_name], {})

    def state_forwards(self, app_label, state) -> None:
        pass

    def _model(self, app_label, state):
        model = state.apps.get_model(app_label, self.model_name)
        if not is_tenant_model(model):
            raise ValueError(f"{app_label}.{self.model_name} has no city field; inherit CityOwnedModel.")
        return model

    def database_forwards(self, app_label, schema_editor, from_state, to_state) -> None:
        model = self._model(app_label, to_state)
        table = model._meta.db_table
        pk = model._meta.pk.column
        statements = [
            f'ALTER TABLE "{table}" ADD CONSTRAINT "{_name(table, "city_id_pk_key")}" UNIQUE ("city_id", "{pk}")',
        ]
        statements += [_same_city_fk_sql(model, field)[0] for field in _tenant_foreign_keys(model)]
        statements += [
            f'ALTER TABLE "{table}" ENABLE ROW LEVEL SECURITY',
            f'ALTER TABLE "{table}" FORCE ROW LEVEL SECURITY',
            f'CREATE POLICY {CITY_POLICY} ON "{table}" USING (city_id = {CITY_SETTING}) '
            f"WITH CHECK (city_id = {CITY_SETTING})",
        ]
        for statement in statements:
            schema_editor.execute(statement)

    def database_backwards(self, app_label, schema_editor, from_state, to_state) -> None:
        model = self._model(app_label, from_state)
        table = model._meta.db_table
        statements = [
            f'DROP POLICY IF EXISTS {CITY_POLICY} ON "{table}"',
            f'ALTER TABLE "{table}" NO FORCE ROW LEVEL SECURITY',
            f'ALTER TABLE "{table}" DISABLE ROW LEVEL SECURITY',
        ]
        statements += [_same_city_fk_sql(model, field)[1] for field in _tenant_foreign_keys(model)]
        statements.append(f'ALTER TABLE "{table}" DROP CONSTRAINT IF EXISTS "{_name(table, "city_id_pk_key")}"')
        for statement in statements:
            schema_editor.execute(statement)

    def describe(self) -> str:
        return f"Enable and force city row-level security on {self.model_name}"

    @property
    def migration_name_fragment(self) -> str:
        return f"rls_{self.model_name.lower()}"


class AddSameCityForeignKey(Operation):
    """Add the composite same-city foreign key for a tenant FK added after ``EnableCityRLS``."""

    reversible = True
    reduces_to_sql = True

    def __init__(self, model_name: str, field_name: str) -> None:
        self.model_name = model_name
        self.field_name = field_name

    def deconstruct(self):
        return (self.__class__.__qualname__, [self.model_name, self.field_name], {})

    def state_forwards(self, app_label, state) -> None:
        pass

    def _sql(self, app_label, state) -> tuple[str, str]:
        model = state.apps.get_model(app_label, self.model_name)
        field = model._meta.get_field(self.field_name)
        if not (is_tenant_model(model) and is_tenant_model(field.related_model)):
            raise ValueError(f"{self.model_name}.{self.field_name} must link two tenant models.")
        return _same_city_fk_sql(model, field)

    def database_forwards(self, app_label, schema_editor, from_state, to_state) -> None:
        schema_editor.execute(self._sql(app_label, to_state)[0])

    def database_backwards(self, app_label, schema_editor, from_state, to_state) -> None:
        schema_editor.execute(self._sql(app_label, from_state)[1])

    def describe(self) -> str:
        return f"Add same-city foreign key {self.model_name}.{self.field_name}"
