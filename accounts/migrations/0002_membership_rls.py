"""Row-level security for memberships: visible in their city's context, or to their own user."""

from django.db import migrations

SETTING = "NULLIF(current_setting('{name}', true), '')::bigint"
CONDITION = f"city_id = {SETTING.format(name='app.city_id')} OR user_id = {SETTING.format(name='app.user_id')}"


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial")]

    operations = [
        migrations.RunSQL(
            sql=[
                "ALTER TABLE accounts_membership ENABLE ROW LEVEL SECURITY",
                "ALTER TABLE accounts_membership FORCE ROW LEVEL SECURITY",
                f"CREATE POLICY membership_access ON accounts_membership USING ({CONDITION}) WITH CHECK ({CONDITION})",
            ],
            reverse_sql=[
                "DROP POLICY IF EXISTS membership_access ON accounts_membership",
                "ALTER TABLE accounts_membership NO FORCE ROW LEVEL SECURITY",
                "ALTER TABLE accounts_membership DISABLE ROW LEVEL SECURITY",
            ],
        )
    ]
