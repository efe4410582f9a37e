"""What the catalogue says about distributing tenant tables with Citus on ``city_id`` (docs/scaling.md).

These check the facts docs/scaling.md states as true (unique keys including ``city_id`` and same-city
foreign keys are checked by test_catalogue.py). The gaps it lists (primary keys of ``id``
alone, Django's single-column foreign keys next to the same-city composite ones) are what a
distribution migration would change; the query that lists them is in docs/scaling.md.
"""

from __future__ import annotations

import pytest
from django.db import connection

pytestmark = pytest.mark.django_db

TENANT_TABLES = """
    SELECT c.oid FROM pg_class c
    JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = 'public'
    JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'city_id' AND NOT a.attisdropped
    WHERE c.relkind IN ('r', 'p')
"""
# Global tables a tenant table may point at: small shared data, Citus reference tables.
GLOBAL_TARGET_PREFIXES = ("reference_", "cities_city", "accounts_user", "django_content_type", "jobseekers_consenttext")


def fetch(query: str, params=None) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(query, params)
        return cursor.fetchall()


def test_no_policy_has_a_sub_query():
    """Citus pushes a policy down to the shards only when it is a plain predicate on the row."""
    rows = fetch("SELECT tablename, policyname, coalesce(qual, '') || ' ' || coalesce(with_check, '') FROM pg_policies")
    assert rows, "there are policies to check"
    assert [row[:2] for row in rows if "select" in row[2].lower()] == []


def test_every_tenant_table_that_is_pointed_at_has_a_unique_city_id_and_id_key():
    """The key same-city foreign keys point at (Citus co-location), and the shape of a distributed primary key."""
    rows = fetch(
        f"""
        SELECT DISTINCT k.confrelid::regclass::text FROM pg_constraint k
        WHERE k.contype = 'f' AND k.conrelid IN ({TENANT_TABLES}) AND k.confrelid IN ({TENANT_TABLES})
          AND NOT EXISTS (
            SELECT 1 FROM pg_index i WHERE i.indrelid = k.confrelid AND i.indisunique AND i.indnatts = 2
              AND (SELECT array_agg(attname::text ORDER BY attname) FROM pg_attribute
                   WHERE attrelid = k.confrelid AND attnum = ANY (i.indkey)) = ARRAY['city_id', 'id'])
        """
    )
    assert rows == []


def test_no_global_table_points_at_a_tenant_table():
    """A foreign key from a reference table into a distributed one is what Citus cannot have."""
    rows = fetch(
        f"""
        SELECT k.conname FROM pg_constraint k
        WHERE k.contype = 'f' AND k.confrelid IN ({TENANT_TABLES}) AND k.conrelid NOT IN ({TENANT_TABLES})
        """
    )
    assert rows == []


def test_tenant_tables_point_only_at_tenant_tables_or_the_known_global_ones():
    rows = fetch(
        f"""
        SELECT DISTINCT k.confrelid::regclass::text FROM pg_constraint k
        WHERE k.contype = 'f' AND k.conrelid IN ({TENANT_TABLES}) AND k.confrelid NOT IN ({TENANT_TABLES})
        """
    )
    targets = sorted(name for (name,) in rows)
    assert "accounts_user" in targets
    assert [name for name in targets if not name.startswith(GLOBAL_TARGET_PREFIXES)] == []
