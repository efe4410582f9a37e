"""The matching feature store's tables (``placements.matching.store``), plain SQL without model state.

* ``placements_matchsnapshot``: one row per city and ``version`` holding the city's matching arrays
  as an npz blob (the newest two are kept);
* ``placements_seekerchange``: per person, when their matching data last changed (written by
  ``placements.rematch`` in the changing transaction), read by every worker's catch-up;
* ``jobseeker_city_updated_idx`` on ``jobseekers_jobseeker (city_id, updated_at)``: the catch-up's
  "who changed since" read.

Both tables carry ``city_id`` with the same forced row-level security and ``city_isolation`` policy
as every tenant table (``cities.operations``) and keys that lead with ``city_id``. No foreign keys:
Django's flush truncates only its models' tables, and a key from these would make that fail; the
catch-up joins a change to its job seeker (an orphan matches nothing) and a city's snapshots are
derived data, rebuilt when missing.
"""

from django.db import migrations

POLICY = "(city_id = NULLIF(current_setting('app.city_id', true), '')::bigint)"

FORWARD = f"""
CREATE TABLE placements_matchsnapshot (
    city_id bigint NOT NULL,
    version bigint NOT NULL,
    built_at timestamptz NOT NULL,
    people integer NOT NULL,
    blob bytea NOT NULL,
    PRIMARY KEY (city_id, version)
);
CREATE TABLE placements_seekerchange (
    city_id bigint NOT NULL,
    job_seeker_id bigint NOT NULL,
    changed_at timestamptz NOT NULL,
    PRIMARY KEY (city_id, job_seeker_id)
);
CREATE INDEX placements_seekerchange_recent_idx ON placements_seekerchange (city_id, changed_at);
CREATE INDEX IF NOT EXISTS jobseeker_city_updated_idx ON jobseekers_jobseeker (city_id, updated_at);
""" + "".join(
    f"""
ALTER TABLE {table} ENABLE ROW LEVEL SECURITY;
ALTER TABLE {table} FORCE ROW LEVEL SECURITY;
CREATE POLICY city_isolation ON {table} USING {POLICY} WITH CHECK {POLICY};
"""
    for table in ("placements_matchsnapshot", "placements_seekerchange")
)

BACKWARD = """
DROP TABLE IF EXISTS placements_seekerchange;
DROP TABLE IF EXISTS placements_matchsnapshot;
DROP INDEX IF EXISTS jobseeker_city_updated_idx;
"""


class Migration(migrations.Migration):
    dependencies = [
        ("cities", "0004_city_row_security"),
        ("jobseekers", "0009_caseload_search_indexes"),
        ("placements", "0005_placement_offer_date_and_backdating"),
    ]

    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
