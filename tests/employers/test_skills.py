"""Structured requirements of a vacancy (for matching, issue 8): ESCO skills chosen with a search
that works without JavaScript, years of experience as a number, and the move of old free text."""

from __future__ import annotations

import importlib
import json

import pytest
from django.apps import apps as django_apps
from django.db import connection
from django.urls import reverse

from cities.tenancy import city_context
from employers import services
from employers.models import PublishedVacancy, Vacancy, VacancySkill
from placements.matching.profiles import load_vacancies
from reference.models import Skill
from tests.employers.conftest import vacancy_fields

pytestmark = pytest.mark.django_db


def skill(code: str, label: str, alt=()) -> Skill:
    return Skill.objects.create(
        code=code,
        esco_uri=f"http://data.europa.eu/esco/skill/{code}",
        kind=Skill.Kind.SKILL,
        label_en=label,
        alt_labels_en=list(alt),
    )


@pytest.fixture
def skills(db):
    return {
        "entry": skill("t1", "data entry"),
        "service": skill("t2", "customer service", alt=["serve customers"]),
        "sew": skill("t3", "sewing"),
        "sew_machine": skill("t4", "operate sewing machines"),
    }


def form_data(**overrides) -> dict:
    return {**vacancy_fields(deadline="2099-01-31"), "education_level": "sma", **overrides}


class TestService:
    def test_skills_and_years_are_saved_and_replaced(self, city_a, organisation, employer_user, skills):
        with city_context(city_a):
            vacancy = services.vacancy_save(
                actor=employer_user,
                employer=organisation,
                esco_skills=[skills["entry"], skills["service"]],
                **vacancy_fields(experience_years=2),
            )
            assert set(vacancy.esco_skills.values_list("label_en", flat=True)) == {"data entry", "customer service"}
            services.vacancy_save(
                actor=employer_user, employer=organisation, vacancy=vacancy, esco_skills=[skills["sew"]]
            )
            assert list(VacancySkill.objects.filter(vacancy=vacancy).values_list("skill__label_en", flat=True)) == [
                "sewing"
            ]
            # None leaves them; the years stay too.
            services.vacancy_save(actor=employer_user, employer=organisation, vacancy=vacancy, title="Penjahit")
            vacancy.refresh_from_db()
            assert vacancy.experience_years == 2 and vacancy.esco_skills.count() == 1

    def test_years_out_of_range_are_refused(self, city_a, organisation, employer_user):
        from django.core.exceptions import ValidationError

        with city_context(city_a), pytest.raises(ValidationError) as error:
            services.vacancy_save(actor=employer_user, employer=organisation, **vacancy_fields(experience_years=70))
        assert "experience_years" in error.value.error_dict

    def test_the_public_index_finds_a_vacancy_by_its_skills(
        self, city_a, verified_organisation, employer_user, staff_user, skills
    ):
        with city_context(city_a):
            vacancy = services.vacancy_save(
                actor=employer_user, employer=verified_organisation, esco_skills=[skills["sew"]], **vacancy_fields()
            )
            services.vacancy_submit(actor=employer_user, vacancy=vacancy)
            services.vacancy_publish(actor=staff_user, vacancy=vacancy)
        assert "sewing" in PublishedVacancy.objects.get().search_text


class TestPicker:
    def test_an_exact_label_is_added_on_save(self, client, city_a, organisation, employer_user, skills):
        client.force_login(employer_user)
        response = client.post(
            reverse("employers:vacancy-create"),
            form_data(skill_search="Data Entry", experience_years="3", experience="Administrasi kantor"),
        )
        assert response.status_code == 302, response.content.decode()[:2000]
        with city_context(city_a):
            vacancy = Vacancy.objects.get()
            assert list(vacancy.esco_skills.values_list("label_en", flat=True)) == ["data entry"]
            assert vacancy.experience_years == 3

    def test_a_search_lists_matches_to_tick_and_keeps_what_was_typed(
        self, client, city_a, organisation, employer_user, skills
    ):
        client.force_login(employer_user)
        url = reverse("employers:vacancy-create")
        response = client.post(url, form_data(title="Penjahit butik", skill_search="sewing m"))
        assert response.status_code == 200
        page = response.content.decode()
        assert 'value="Penjahit butik"' in page and 'id="error-summary"' in page
        assert "operate sewing machines" in page and f'name="esco_skills" value="{skills["sew_machine"].pk}"' in page
        assert f'name="esco_skills" value="{skills["entry"].pk}"' not in page  # only what matches the words
        with city_context(city_a):
            assert not Vacancy.objects.exists()  # nothing saved
        # Tick the suggestion and save again (the search text may stay).
        response = client.post(
            url, form_data(title="Penjahit butik", skill_search="sewing m", esco_skills=[skills["sew_machine"].pk])
        )
        assert response.status_code == 302
        with city_context(city_a):
            assert list(Vacancy.objects.get().esco_skills.values_list("label_en", flat=True)) == [
                "operate sewing machines"
            ]

    def test_no_match_says_what_to_do(self, client, city_a, organisation, employer_user, skills):
        client.force_login(employer_user)
        response = client.post(reverse("employers:vacancy-create"), form_data(skill_search="menjahit"))
        assert response.status_code == 200
        assert "No skill found for “menjahit”." in response.content.decode()

    def test_a_draft_shows_its_skills_ticked_and_the_public_page_lists_them(
        self, client, city_a, verified_organisation, employer_user, staff_user, skills
    ):
        with city_context(city_a):
            vacancy = services.vacancy_save(
                actor=employer_user,
                employer=verified_organisation,
                esco_skills=[skills["service"]],
                **vacancy_fields(experience_years=1),
            )
        client.force_login(employer_user)
        page = client.get(reverse("employers:vacancy", kwargs={"pk": vacancy.pk})).content.decode()
        assert f'value="{skills["service"].pk}"' in page and "checked" in page.split("customer service")[0][-400:]
        with city_context(city_a):
            services.vacancy_submit(actor=employer_user, vacancy=vacancy)
            services.vacancy_publish(actor=staff_user, vacancy=vacancy)
        public = client.get(
            reverse("employers:vacancy-public", kwargs={"city_slug": city_a.slug, "pk": vacancy.pk})
        ).content.decode()
        assert "<li>customer service</li>" in public  # no Indonesian label: the English one
        assert "At least 1 year of experience." in public
        json_ld = public.split('<script type="application/ld+json"')[1].split(">", 1)[1]  # after its nonce
        posting = json.loads(json_ld.split("</script>")[0])
        assert posting["skills"] == "customer service"
        assert posting["experienceRequirements"] == {
            "@type": "OccupationalExperienceRequirements",
            "monthsOfExperience": 12,
        }


class TestMatchingReadsTheFields:
    def test_profiles_carry_skill_ids_and_years_in_a_fixed_number_of_queries(
        self, city_a, verified_organisation, employer_user, staff_user, skills, django_assert_num_queries
    ):
        with city_context(city_a):
            made = []
            for n in range(4):
                vacancy = services.vacancy_save(
                    actor=employer_user,
                    employer=verified_organisation,
                    esco_skills=[skills["entry"], skills["sew"]][: n % 3],
                    # Free text is no longer parsed: only the number counts.
                    **vacancy_fields(skills="customer service", experience="5 tahun", experience_years=n or None),
                )
                services.vacancy_submit(actor=employer_user, vacancy=vacancy)
                made.append(services.vacancy_publish(actor=staff_user, vacancy=vacancy))
            with django_assert_num_queries(3):
                profiles = load_vacancies(Vacancy.objects.filter(pk=made[0].pk))
            with django_assert_num_queries(3):
                profiles = load_vacancies()
            by_id = {profile.id: profile for profile in profiles}
            assert by_id[made[0].pk].skill_ids == [] and by_id[made[0].pk].experience_years == 0.0
            assert by_id[made[1].pk].skill_ids == [skills["entry"].pk] and by_id[made[1].pk].experience_years == 1.0
            assert sorted(by_id[made[2].pk].skill_ids) == sorted([skills["entry"].pk, skills["sew"].pk])
            assert by_id[made[3].pk].experience_years == 3.0


def test_the_migration_moves_free_text_into_the_new_fields(city_a, city_b, organisation, employer_user, skills):
    """0002's data step: ESCO labels (and alternative labels) named in the old skills text become
    links, "N tahun"/"N years" in the experience text becomes the number; in every city."""
    migration = importlib.import_module("employers.migrations.0002_skills_experience_reverification")
    with city_context(city_a):
        old = services.vacancy_save(
            actor=employer_user,
            employer=organisation,
            **vacancy_fields(skills="Data entry, serve customers and filing", experience="Minimal 2 tahun di kantor"),
        )
        plain = services.vacancy_save(
            actor=employer_user, employer=organisation, **vacancy_fields(skills="menjahit", experience="")
        )
    with connection.schema_editor(atomic=False) as editor:
        migration.structure_free_text(django_apps, editor)
    with city_context(city_a):
        old.refresh_from_db()
        assert set(old.esco_skills.values_list("label_en", flat=True)) == {"data entry", "customer service"}
        assert old.experience_years == 2
        assert old.skills == "Data entry, serve customers and filing"  # the text is kept
        assert not plain.esco_skills.exists() and Vacancy.objects.get(pk=plain.pk).experience_years is None


def test_another_citys_vacancy_skills_are_invisible(client, city_a, city_b, organisation, employer_user, skills):
    """VacancySkill is a tenant table: city B sees none of city A's rows, through the ORM or raw SQL,
    and city A's vacancy (with its skills) is a 404 for city B's employer and staff."""
    with city_context(city_a):
        vacancy = services.vacancy_save(
            actor=employer_user, employer=organisation, esco_skills=[skills["entry"]], **vacancy_fields()
        )
        assert VacancySkill.objects.count() == 1
    with city_context(city_b):
        assert VacancySkill.objects.count() == 0
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM employers_vacancyskill")
            assert cursor.fetchone()[0] == 0
    from accounts.models import Membership
    from tests.employers.conftest import ORG, make_member

    employer_b = make_member(city_b, Membership.Role.EMPLOYER)
    with city_context(city_b):
        services.employer_register(actor=employer_b, **ORG)
    client.force_login(employer_b)
    assert client.get(reverse("employers:vacancy", kwargs={"pk": vacancy.pk})).status_code == 404
    client.force_login(make_member(city_b, Membership.Role.STAFF, mfa=True))
    assert client.get(reverse("employers:staff-vacancy", kwargs={"pk": vacancy.pk})).status_code == 404
