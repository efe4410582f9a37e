"""Fresh planner statistics for the bench scripts after seeding.

Only a table's owner may ANALYZE it: run as the runtime role, ANALYZE skips the table with a
warning and the planner works blind. Connects with ``DATABASE_OWNER_URL`` when set.
"""

from __future__ import annotations


def analyze_as_owner(*tables: str) -> None:
    import psycopg2
    from django.conf import settings

    owner = settings.DATABASE_OWNER or settings.DATABASES["default"]
    conn = psycopg2.connect(
        dbname=owner["NAME"], user=owner["USER"], password=owner["PASSWORD"], host=owner["HOST"], port=owner["PORT"]
    )
    conn.autocommit = True
    try:
        with conn.cursor() as cursor:
            for table in tables:
                cursor.execute(f"VACUUM ANALYZE {table}")
    finally:
        conn.close()
