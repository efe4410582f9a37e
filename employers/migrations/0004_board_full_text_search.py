"""Search on the public job board (``employers.selectors.board_search``).

* ``PublishedVacancy.search_vector``: a stored, generated ``tsvector`` (PostgreSQL's ``indonesian``
  configuration; title A, employer B, the rest D) with a GIN index;
* ``BoardWord``: the words of the published titles with a pg_trgm GiST index, the vocabulary a typo
  is matched against (nearest word by trigram distance), filled here from the rows already indexed
  and kept current by a trigger on the index table.

``pg_trgm`` is a trusted extension: the owner role that runs migrations may create it.
"""

import django.contrib.postgres.indexes
import django.contrib.postgres.operations
import django.contrib.postgres.search
from django.db import migrations, models

# The words of a title worth suggesting: 3 letters or more, not a bare number.
TITLE_WORDS = """
SELECT DISTINCT left(word, 60) FROM regexp_split_to_table(lower({title}), '[^[:alnum:]]+') AS word
WHERE length(word) >= 3 AND word !~ '^[0-9]+$'
"""

FILL_WORDS = f"""
INSERT INTO employers_boardword (word)
SELECT DISTINCT words.left FROM employers_publishedvacancy,
    LATERAL ({TITLE_WORDS.format(title="title")}) AS words
ON CONFLICT DO NOTHING
"""

# A trigger, like the generated column: every writer of the index (the services, imports, bulk
# loads) adds its title's words, and none can forget to. Runs with the writer's rights.
ADD_WORDS = f"""
CREATE FUNCTION employers_boardword_add() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO employers_boardword (word) {TITLE_WORDS.format(title="NEW.title")}
    ON CONFLICT DO NOTHING;
    RETURN NULL;
END
$$;
CREATE TRIGGER employers_boardword_add AFTER INSERT OR UPDATE OF title ON employers_publishedvacancy
    FOR EACH ROW EXECUTE FUNCTION employers_boardword_add();
"""

DROP_WORDS = """
DROP TRIGGER IF EXISTS employers_boardword_add ON employers_publishedvacancy;
DROP FUNCTION IF EXISTS employers_boardword_add();
"""


class Migration(migrations.Migration):
    dependencies = [
        ("cities", "0004_city_row_security"),
        ("employers", "0003_one_education_vocabulary"),
        ("reference", "0003_skill_indonesian_labels"),
    ]

    operations = [
        django.contrib.postgres.operations.TrigramExtension(),
        migrations.AddField(
            model_name="publishedvacancy",
            name="search_vector",
            field=models.GeneratedField(
                db_persist=True,
                expression=django.contrib.postgres.search.CombinedSearchVector(
                    django.contrib.postgres.search.CombinedSearchVector(
                        django.contrib.postgres.search.SearchVector("title", config="indonesian", weight="A"),
                        "||",
                        django.contrib.postgres.search.SearchVector("employer_name", config="indonesian", weight="B"),
                        django.contrib.postgres.search.SearchConfig("indonesian"),
                    ),
                    "||",
                    django.contrib.postgres.search.SearchVector("search_text", config="indonesian", weight="D"),
                    django.contrib.postgres.search.SearchConfig("indonesian"),
                ),
                output_field=django.contrib.postgres.search.SearchVectorField(),
            ),
        ),
        migrations.AddIndex(
            model_name="publishedvacancy",
            index=django.contrib.postgres.indexes.GinIndex(fields=["search_vector"], name="published_vacancy_fts_idx"),
        ),
        migrations.CreateModel(
            name="BoardWord",
            fields=[
                ("word", models.CharField(max_length=60, primary_key=True, serialize=False)),
            ],
            options={
                "indexes": [
                    django.contrib.postgres.indexes.GistIndex(
                        fields=["word"], name="board_word_trgm", opclasses=["gist_trgm_ops"]
                    )
                ],
            },
        ),
        migrations.RunSQL(FILL_WORDS, migrations.RunSQL.noop),
        migrations.RunSQL(ADD_WORDS, DROP_WORDS),
    ]
