"""A vacancy's application deadline is not before the day it was published (a database check).

Existing rows that break it (a deadline typed before the publication, from before the services
checked it) first get the day of publication as their deadline, on their city's clock, city by city
under that city's row-level security (like ``0003``): the vacancy closed that day anyway (the expiry
task expires a vacancy the day after its deadline). Going back only drops the check.
"""

import zoneinfo

import django.db.models.functions.datetime
from django.db import migrations, models


def _deadline_not_before_publication(apps, schema_editor):
    City = apps.get_model("cities", "City")
    with schema_editor.connection.cursor() as cursor:
        for city_id, zone in City.objects.values_list("pk", "timezone"):
            cursor.execute(f"SET LOCAL app.city_id = '{int(city_id)}'")
            cursor.execute(
                "UPDATE employers_vacancy SET deadline = (published_at AT TIME ZONE %s)::date "
                "WHERE city_id = %s AND published_at IS NOT NULL AND deadline < (published_at AT TIME ZONE %s)::date",
                [zone, city_id, zone],
            )
        cursor.execute("SET LOCAL app.city_id = ''")


class Migration(migrations.Migration):
    dependencies = [
        ("cities", "0004_city_row_security"),
        ("employers", "0004_board_full_text_search"),
    ]

    operations = [
        migrations.RunPython(_deadline_not_before_publication, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="vacancy",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("deadline__isnull", True),
                    ("published_at__isnull", True),
                    (
                        "deadline__gte",
                        django.db.models.functions.datetime.TruncDate(
                            "published_at", tzinfo=zoneinfo.ZoneInfo(key="Asia/Jakarta")
                        ),
                    ),
                    _connector="OR",
                ),
                name="vacancy_deadline_on_or_after_publication",
            ),
        ),
    ]
