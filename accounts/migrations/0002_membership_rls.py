"""Row-level security for memberships.

Reading: a row is visible inside its city's context, or to its own user inside
``cities.tenancy.user_context`` (how the middleware finds a user's cities before choosing one).
Writing (INSERT/UPDATE/DELETE): only inside the row's city context — ``user_context`` alone must
never let a user grant themselves a role in another city.
"""

from django.db import migrations

SETTING = "NULLIF(current_setting('{name}', true), '')::bigint"
IN_CITY = f"city_id = {SETTING.format(name='app.city_id')}"
OWN_USER = f"user_id = {SETTING.format(name='app.user_id')}"


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial")]

    operations = [
        migrations.RunSQL(
            sql=[
                "ALTER TABLE accounts_membership ENABLE ROW LEVEL SECURITY",
                "ALTER TABLE accounts_membership FORCE ROW LEVEL SECURITY",
                f"CREATE POLICY membership_read ON accounts_membership FOR SELECT USING ({IN_CITY} OR {OWN_USER})",
                f"CREATE POLICY membership_insert ON accounts_membership FOR INSERT WITH CHECK ({IN_CITY})",
                f"CREATE POLICY membership_update ON accounts_membership FOR UPDATE USING ({IN_CITY}) WITH CHECK ({IN_CITY})",
                f"CREATE POLICY membership_delete ON accounts_membership FOR DELETE USING ({IN_CITY})",
            ],
            reverse_sql=[
                "DROP POLICY IF EXISTS membership_read ON accounts_membership",
                "DROP POLICY IF EXISTS membership_insert ON accounts_membership",
                "DROP POLICY IF EXISTS membership_update ON accounts_membership",
                "DROP POLICY IF EXISTS membership_delete ON accounts_membership",
                "ALTER TABLE accounts_membership NO FORCE ROW LEVEL SECURITY",
                "ALTER TABLE accounts_membership DISABLE ROW LEVEL SECURITY",
            ],
        )
    ]
