"""The staff caseload at tens of thousands of people (``jobseekers.selectors.caseload_page``).

``jobseeker_caseload_idx``: ``(city_id, name, id)`` over the records that are not anonymised (the
caseload never lists those), carrying the AK/1 number: the list's order, its count as an
index-only scan, and a search by name or AK/1 number filtered on the index alone (no heap reads).

Why no pg_trgm index for the name search: every tenant table has forced row-level security, and
PostgreSQL uses an index for a condition on such a table only when its operator is leakproof
(``=``, ``<``...); ``LIKE``, ``%>`` and ``@@`` are not, so the runtime role would never use a
trigram or full-text index there (measured: a sequential scan even with ``enable_seqscan=off``).
Exact NIK and AK/1 matches use their b-tree indexes; a part of a name is checked on this index.

Plain SQL without a model state: the index is the database's business, so other changes to
``JobSeeker``'s ``Meta`` never conflict with it.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("jobseekers", "0008_consent_form_document"),
    ]

    operations = [
        migrations.RunSQL(
            "CREATE INDEX IF NOT EXISTS jobseeker_caseload_idx ON jobseekers_jobseeker (city_id, name, id) "
            "INCLUDE (ak1_number) WHERE anonymised_at IS NULL",
            reverse_sql="DROP INDEX IF EXISTS jobseeker_caseload_idx",
        ),
    ]
