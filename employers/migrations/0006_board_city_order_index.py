"""One city's job board walks its newest vacancies in order, ties by id (``board_search``): the city
index gains ``vacancy_id`` so the planner reads it in that order instead of sorting the city's rows."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('cities', '0005_city_letterhead'),
        ('employers', '0005_vacancy_deadline_on_or_after_publication'),
        ('reference', '0004_checklist_indonesian_names_sources'),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name='publishedvacancy',
            name='published_vacancy_city_idx',
        ),
        migrations.AddIndex(
            model_name='publishedvacancy',
            index=models.Index(fields=['portal_city', '-published_at', '-vacancy_id'], name='published_vacancy_city_recent'),
        ),
    ]
