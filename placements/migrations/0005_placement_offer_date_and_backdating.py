"""A placement keeps the day of its offer (``offered_on``) and, when it started before the offer or the
referral, why (``backdated_reason``); the database checks the start against the offer on the row.

Existing placements get no offer day (``NULL``: the check passes for them) and an empty reason (a
database default as well, so the seeding SQL of ``bench/`` that names its columns keeps working).
"""

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("cities", "0004_city_row_security"),
        ("placements", "0004_referral_confirmed_label"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="placement",
            name="backdated_reason",
            field=models.TextField(
                blank=True, db_default="", default="", verbose_name="reason for the back-dated start"
            ),
        ),
        migrations.AddField(
            model_name="placement",
            name="offered_on",
            field=models.DateField(blank=True, null=True, verbose_name="offer made on"),
        ),
        migrations.AddConstraint(
            model_name="placement",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("offered_on__isnull", True),
                    ("start_date__gte", models.F("offered_on")),
                    models.Q(("backdated_reason", ""), _negated=True),
                    _connector="OR",
                ),
                name="placement_start_on_or_after_offer",
            ),
        ),
    ]
