"""Vacancies take the job seekers' education codes (``reference.education.EducationLevel``).

Vacancies had their own list (none, sd, smp, sma, diploma, s1, s2) while job seekers' education rows
use none, sd, smp, sma, smk, d1_d3, d4_s1, s2, s3. Two stored vacancy codes change: ``diploma``
("Diploma (D1-D4)", at least a D1) becomes ``d1_d3`` and ``s1`` becomes ``d4_s1`` (KKNI puts D4 and
S1 at one level); both keep their rank in matching. The others are the same code. Going back maps
``d1_d3`` → ``diploma``, ``d4_s1`` → ``s1`` and the codes the old list lacked to the nearest one it
had (``smk`` → ``sma``, ``s3`` → ``s2``, "Master or higher"). Runs city by city under that city's
row-level security, like ``0002``.
"""

from django.db import migrations, models

FORWARD = {"diploma": "d1_d3", "s1": "d4_s1"}
BACKWARD = {"d1_d3": "diploma", "d4_s1": "s1", "smk": "sma", "s3": "s2"}


def _remap(mapping):
    def run(apps, schema_editor):
        City = apps.get_model("cities", "City")
        Vacancy = apps.get_model("employers", "Vacancy")
        with schema_editor.connection.cursor() as cursor:
            for city_id in City.objects.values_list("pk", flat=True):
                cursor.execute(f"SET LOCAL app.city_id = '{int(city_id)}'")
                for old, new in mapping.items():
                    Vacancy.all_cities.filter(city_id=city_id, education_level=old).update(education_level=new)
            cursor.execute("SET LOCAL app.city_id = ''")

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("cities", "0002_city_profile"),
        ("employers", "0002_skills_experience_reverification"),
    ]

    operations = [
        migrations.AlterField(
            model_name="vacancy",
            name="education_level",
            field=models.CharField(
                choices=[
                    ("none", "No formal requirement"),
                    ("sd", "Primary school (SD/SDLB)"),
                    ("smp", "Junior secondary (SMP/SMPLB)"),
                    ("sma", "Senior secondary (SMA/SMALB)"),
                    ("smk", "Vocational secondary (SMK)"),
                    ("d1_d3", "Diploma (D1-D3)"),
                    ("d4_s1", "Bachelor (D4/S1)"),
                    ("s2", "Master (S2)"),
                    ("s3", "Doctorate (S3)"),
                ],
                default="none",
                max_length=10,
                verbose_name="education",
            ),
        ),
        migrations.RunPython(_remap(FORWARD), _remap(BACKWARD)),
    ]
