"""The skill search in either language (case, accents and punctuation ignored), its message when it
finds nothing, and skills shown in the reader's language."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps as django_apps
from django.urls import reverse
from django.utils import translation

from reference import datasets
from reference.models import Skill, fold
from reference.services import default_data_dir
from reference.skill_search import no_skill_found
from tests.employers.conftest import employer_user, organisation  # noqa: F401 (fixtures)
from tests.jobseekers.conftest import job_seeker_user  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db

SEWING = "S6.5.6"  # fabricating garments and textile products
CLERICAL = "S4.4"  # performing administrative activities


@pytest.fixture
def catalogue():
    """The skills of reference/data/skills.csv (without the broader links: not needed here)."""
    rows = datasets.read_skills(default_data_dir()).skills
    Skill.objects.bulk_create([Skill(**values) for values in rows])
    return {skill.code: skill for skill in Skill.objects.all()}


def codes(term: str) -> set[str]:
    return set(Skill.objects.search(term).values_list("code", flat=True))


def test_every_skill_of_the_catalogue_has_an_indonesian_label(catalogue):
    assert len(catalogue) == 778
    assert not [code for code, skill in catalogue.items() if not skill.label_id]
    assert catalogue[SEWING].label_id == "membuat pakaian dan produk tekstil"


def test_the_migration_fills_the_skills_already_loaded(catalogue):
    Skill.objects.update(label_id="", synonyms_id=[], search_text="")
    migration = importlib.import_module("reference.migrations.0003_skill_indonesian_labels")
    migration.fill_indonesian_labels(django_apps, None)
    assert not Skill.objects.filter(label_id="").exists()
    assert SEWING in codes("menjahit") and CLERICAL in codes("Entri-Data")


def test_the_search_finds_its_own_examples(catalogue):
    assert SEWING in codes("menjahit")
    assert CLERICAL in codes("entri data")
    assert {SEWING} <= codes("jahit")


@pytest.mark.parametrize("term", ["Entri Data", "entri-data", "ENTRI  DATA", "entri_data", " entri data. "])
def test_case_spacing_and_punctuation_are_ignored(catalogue, term):
    assert codes(term) == codes("entri data") and codes(term)


def test_accents_are_ignored_both_ways():
    assert fold("Éntri-Dàta") == "entri data"
    Skill.objects.create(
        code="t-cafe",
        esco_uri="http://data.europa.eu/esco/skill/t-cafe",
        kind=Skill.Kind.SKILL,
        label_en="running a café",
        label_id="mengelola kafe",
    )
    assert codes("cafe") == codes("CAFÉ") == codes("kafe") == {"t-cafe"}


def test_an_english_query_still_works(catalogue):
    assert SEWING in codes("garments")
    assert SEWING in codes("Fabricating garments and textile products")
    assert "ec4b8a2b-c20c-4c0f-bef0-fcc1f5f42c40" in codes("use ICT peripherals")
    assert codes("data entry") >= {CLERICAL}


def test_nothing_for_nonsense_or_an_empty_term(catalogue):
    assert codes("qwertyuiop") == set()
    assert codes("  --  ") == set()


def test_the_message_when_nothing_is_found_suggests_a_word(catalogue):
    with translation.override("id"):
        message = no_skill_found("qwertyuiop")
        assert message.startswith("Tidak ada keterampilan untuk “qwertyuiop”.")
        assert "jahit" in message  # the general hint with examples
        # A word of the term that finds skills on its own is suggested.
        assert no_skill_found("menjahit qwertyuiop") == (
            "Tidak ada keterampilan untuk “menjahit qwertyuiop”. Coba cari “menjahit” saja."
        )
    with translation.override("en"):
        assert no_skill_found("qwertyuiop").startswith("No skill found for “qwertyuiop”.")


def test_the_label_is_in_the_readers_language(catalogue):
    skill = catalogue[SEWING]
    assert skill.label("id") == "membuat pakaian dan produk tekstil"
    assert skill.label("en") == skill.label("en-us") == "fabricating garments and textile products"
    with translation.override("id"):
        assert skill.label() == "membuat pakaian dan produk tekstil"
    untranslated = Skill(label_en="data entry")
    assert untranslated.label("id") == "data entry"


def test_the_job_seeker_page_shows_indonesian_labels_and_says_when_nothing_is_found(
    client,
    catalogue,
    job_seeker_user,  # noqa: F811 (fixture)
):
    client.force_login(job_seeker_user)
    url = reverse("jobseekers:my-profile-step", kwargs={"step": 2})
    with translation.override("id"):
        page = client.get(url, {"cari_keterampilan": "menjahit"}, HTTP_ACCEPT_LANGUAGE="id").content.decode()
        assert "membuat pakaian dan produk tekstil" in page
        assert "fabricating garments and textile products" not in page
        assert "Tidak ada keterampilan" not in page
        page = client.get(url, {"cari_keterampilan": "qwertyuiop"}, HTTP_ACCEPT_LANGUAGE="id").content.decode()
        assert "Tidak ada keterampilan untuk “qwertyuiop”." in page


def test_the_vacancy_form_adds_an_indonesian_label_and_says_when_nothing_is_found(
    client,
    catalogue,
    city_a,
    organisation,  # noqa: F811 (fixture)
    employer_user,  # noqa: F811 (fixture)
):
    from cities.tenancy import city_context
    from employers.models import Vacancy
    from tests.employers.test_skills import form_data

    client.force_login(employer_user)
    url = reverse("employers:vacancy-create")
    with translation.override("id"):
        response = client.post(url, form_data(skill_search="qwertyuiop"), HTTP_ACCEPT_LANGUAGE="id")
        assert response.status_code == 200
        assert "Tidak ada keterampilan untuk “qwertyuiop”." in response.content.decode()
        # An Indonesian label typed in full is added on save, whatever its case.
        response = client.post(
            url, form_data(skill_search="Membuat Pakaian dan Produk Tekstil"), HTTP_ACCEPT_LANGUAGE="id"
        )
        assert response.status_code == 302, response.content.decode()[:3000]
    with city_context(city_a):
        assert list(Vacancy.objects.get().esco_skills.values_list("code", flat=True)) == [SEWING]
