"""A document kind for the scan of a signed consent or disclosure form (``OnBehalfRecord.paper_form``)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("jobseekers", "0007_claim_code"),
    ]

    operations = [
        migrations.AlterField(
            model_name="document",
            name="kind",
            field=models.CharField(
                choices=[
                    ("cv", "CV"),
                    ("certificate", "Certificate"),
                    ("ak1", "AK/1 card"),
                    ("kpd", "Disability card (KPD)"),
                    ("other", "Other"),
                    ("consent_form", "Signed consent form"),
                ],
                max_length=20,
                verbose_name="kind of document",
            ),
        ),
    ]
