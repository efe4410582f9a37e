"""Row-level security on ``cities_city``: code running for one city cannot change another city's row.

``cities_city`` is not a tenant table (it has no ``city_id``; every page may read every city), so it
gets per-command policies instead of ``city_isolation``, and RLS is enabled but not forced: the
owner role (migrations, ``load_cities``) is not bound by them. For the runtime role:

* SELECT: every row (the public list of cities, the middleware's slug look-up);
* INSERT: only outside any city context (loading cities is maintenance work, never a city's);
* UPDATE: inside a city context only that city's own row; outside any context (maintenance) any row;
* DELETE: no policy, so nothing (``ijc_portal.database.grant_runtime`` also withholds the privilege).
"""

from django.db import migrations

from cities.operations import CITY_SETTING

NO_CITY = "NULLIF(current_setting('app.city_id', true), '') IS NULL"

FORWARDS = [
    "ALTER TABLE cities_city ENABLE ROW LEVEL SECURITY",
    "CREATE POLICY city_read ON cities_city FOR SELECT USING (true)",
    f"CREATE POLICY city_insert ON cities_city FOR INSERT WITH CHECK ({NO_CITY})",
    f"CREATE POLICY city_update ON cities_city FOR UPDATE USING ({NO_CITY} OR id = {CITY_SETTING}) "
    f"WITH CHECK ({NO_CITY} OR id = {CITY_SETTING})",
]
BACKWARDS = [
    "DROP POLICY city_update ON cities_city",
    "DROP POLICY city_insert ON cities_city",
    "DROP POLICY city_read ON cities_city",
    "ALTER TABLE cities_city DISABLE ROW LEVEL SECURITY",
]


class Migration(migrations.Migration):
    dependencies = [("cities", "0003_city_timezone_from_province")]

    operations = [migrations.RunSQL(FORWARDS, BACKWARDS)]
