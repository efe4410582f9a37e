"""A job seeker is born before the day of registration (a database check; the age rule, 15-100 on the
city's calendar, is the services').

Added ``NOT VALID`` (new and changed rows are checked at once, nothing is scanned under a lock), then
validated when every existing row passes. A database holding an old row that breaks it keeps the
check unvalidated instead of failing the deployment: the row's next change is refused on its birth
date by ``JobSeeker.clean`` (it checks a stored date on or after registration), and once corrected
``ALTER TABLE jobseekers_jobseeker VALIDATE CONSTRAINT jobseeker_born_before_registration`` finishes it.
"""

import zoneinfo

import django.db.models.functions.datetime
from django.db import migrations, models, transaction

TABLE = "jobseekers_jobseeker"
NAME = "jobseeker_born_before_registration"
ADD = (
    f'ALTER TABLE "{TABLE}" ADD CONSTRAINT "{NAME}" CHECK '
    '("birth_date" IS NULL OR "birth_date" < ("created_at" AT TIME ZONE \'Asia/Jakarta\')::date) NOT VALID'
)
DROP = f'ALTER TABLE "{TABLE}" DROP CONSTRAINT IF EXISTS "{NAME}"'


def _validate_when_all_rows_pass(apps, schema_editor):
    try:
        with transaction.atomic(using=schema_editor.connection.alias):
            schema_editor.execute(f'ALTER TABLE "{TABLE}" VALIDATE CONSTRAINT "{NAME}"')
    except Exception as error:  # an old row breaks it: stays NOT VALID (see the module's note)
        print(f"\n  {NAME} left NOT VALID: {error}")


class Migration(migrations.Migration):
    dependencies = [
        ("jobseekers", "0009_caseload_search_indexes"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[migrations.RunSQL(ADD, DROP)],
            state_operations=[
                migrations.AddConstraint(
                    model_name="jobseeker",
                    constraint=models.CheckConstraint(
                        condition=models.Q(
                            ("birth_date__isnull", True),
                            (
                                "birth_date__lt",
                                django.db.models.functions.datetime.TruncDate(
                                    "created_at", tzinfo=zoneinfo.ZoneInfo(key="Asia/Jakarta")
                                ),
                            ),
                            _connector="OR",
                        ),
                        name=NAME,
                    ),
                )
            ],
        ),
        migrations.RunPython(_validate_when_all_rows_pass, migrations.RunPython.noop),
    ]
