"""The database catalogue matches the tenancy contract, for every table, present and future."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.conf import settings
from django.db import connection

from cities.models import CityOwnedModel
from cities.operations import CITY_POLICY, is_tenant_model

pytestmark = pytest.mark.django_db

EXPECTED = "(city_id = (NULLIF(current_setting('app.city_id'::text, true), ''::text))::bigint)"


def fetch(query: str, params=None) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(query, params)
        return cursor.fetchall()


def city_tables() -> list[str]:
    rows = fetch(
        "SELECT table_name FROM information_schema.columns "
        "WHERE table_schema = 'public' AND column_name = 'city_id' ORDER BY table_name"
    )
    return [name for (name,) in rows]


def test_there_are_tenant_tables_to_check():
    assert "jobseekers_jobseeker" in city_tables()


def test_every_table_with_city_id_has_forced_rls_and_a_policy():
    problems = []
    for table in city_tables():
        (enabled, forced), *_ = fetch(
            "SELECT relrowsecurity, relforcerowsecurity FROM pg_class WHERE oid = %s::regclass", [table]
        )
        policies = fetch("SELECT policyname FROM pg_policies WHERE schemaname = 'public' AND tablename = %s", [table])
        if not (enabled and forced and policies):
            problems.append(f"{table}: enabled={enabled} forced={forced} policies={policies}")
    assert problems == [], "add cities.operations.EnableCityRLS to the migration:\n" + "\n".join(problems)


def test_every_city_owned_model_has_the_exact_city_isolation_policy():
    models = [m for m in apps.get_models() if issubclass(m, CityOwnedModel)]
    assert models, "at least one CityOwnedModel exists"
    for model in models:
        rows = fetch(
            "SELECT qual, with_check, permissive, roles FROM pg_policies WHERE tablename = %s AND policyname = %s",
            [model._meta.db_table, CITY_POLICY],
        )
        assert rows == [(EXPECTED, EXPECTED, "PERMISSIVE", ["public"])], model._meta.label
        others = fetch(
            "SELECT policyname FROM pg_policies WHERE tablename = %s AND policyname <> %s",
            [model._meta.db_table, CITY_POLICY],
        )
        assert others == [], f"{model._meta.label}: extra permissive policies widen access: {others}"


def test_every_foreign_key_between_tenant_tables_is_pinned_to_the_same_city():
    missing = []
    for model in apps.get_models():
        if not is_tenant_model(model):
            continue
        for field in model._meta.concrete_fields:
            if not field.is_relation or field.name == "city" or not is_tenant_model(field.related_model):
                continue
            rows = fetch(
                """
                SELECT 1 FROM pg_constraint c
                WHERE c.contype = 'f' AND c.conrelid = %s::regclass AND c.confrelid = %s::regclass
                  AND array_length(c.conkey, 1) = 2
                  AND (SELECT array_agg(attname::text ORDER BY attname) FROM pg_attribute
                       WHERE attrelid = c.conrelid AND attnum = ANY (c.conkey)) = %s
                """,
                [model._meta.db_table, field.related_model._meta.db_table, sorted(["city_id", field.column])],
            )
            if not rows:
                missing.append(f"{model._meta.label}.{field.name}")
    assert missing == [], f"add cities.operations.AddSameCityForeignKey for: {missing}"


def test_the_runtime_role_is_not_superuser_not_bypassrls_and_owns_nothing():
    runtime = settings.DATABASES["default"]["USER"]
    assert fetch("SELECT current_user")[0][0] == runtime, "tests must run as the runtime role"
    (superuser, bypass, createrole, createdb), *_ = fetch(
        "SELECT rolsuper, rolbypassrls, rolcreaterole, rolcreatedb FROM pg_roles WHERE rolname = %s", [runtime]
    )
    assert (superuser, bypass, createrole, createdb) == (False, False, False, False)
    owned = fetch(
        "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE n.nspname = 'public' AND pg_get_userbyid(c.relowner) = %s",
        [runtime],
    )
    assert owned == []
    assert fetch("SELECT pg_get_userbyid(nspowner) FROM pg_namespace WHERE nspname = 'public'")[0][0] != runtime


def test_the_runtime_role_cannot_change_the_schema_or_switch_rls_off():
    from django.db.utils import ProgrammingError

    for statement in [
        "ALTER TABLE jobseekers_jobseeker DISABLE ROW LEVEL SECURITY",
        "DROP POLICY city_isolation ON jobseekers_jobseeker",
        "CREATE TABLE sneaky (id int)",
        # A temp table would shadow the tenant table for the life of a pooled connection.
        "CREATE TEMP TABLE jobseekers_jobseeker (LIKE public.jobseekers_jobseeker INCLUDING ALL)",
        "SET ROLE ijc_owner",
    ]:
        with pytest.raises(ProgrammingError), connection.cursor() as cursor:
            cursor.execute("SAVEPOINT probe")
            try:
                cursor.execute(statement)
            finally:
                cursor.execute("ROLLBACK TO SAVEPOINT probe")


def test_unique_keys_on_tenant_tables_include_city_id():
    """A global unique key would tell city A that city B holds a value (a NIK, say)."""
    offenders = fetch(
        """
        SELECT i.indrelid::regclass::text, i.indexrelid::regclass::text FROM pg_index i
        WHERE i.indisunique AND NOT i.indisprimary
          AND i.indrelid IN (SELECT (table_name)::regclass FROM information_schema.columns
                             WHERE table_schema = 'public' AND column_name = 'city_id')
          AND NOT EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = i.indrelid
                          AND a.attnum = ANY (i.indkey) AND a.attname = 'city_id')
          -- rows with no city at all (APEKSI memberships) may be unique among themselves
          AND coalesce(pg_get_expr(i.indpred, i.indrelid), '') NOT LIKE '%city_id IS NULL%'
        """
    )
    assert offenders == []
