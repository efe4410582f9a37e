"""One vocabulary of education codes (reference.education) for job seekers, vacancies, imports and the
API, read from what people write: abbreviations, long forms, any case."""

from __future__ import annotations

import pytest

from employers.models import Vacancy
from jobseekers.models import Education
from reference.education import SHORT_FORMS, EducationLevel, parse_education


@pytest.mark.parametrize(
    ("written", "code"),
    [
        ("SD", "sd"),
        ("Sekolah Dasar", "sd"),
        ("MI", "sd"),
        ("smp", "smp"),
        ("MTs", "smp"),
        ("SLTP", "smp"),
        ("SMA", "sma"),
        ("MA", "sma"),
        ("SMA/Sederajat", "sma"),
        ("Lulusan SLTA", "sma"),
        ("Paket C", "sma"),
        ("SMK", "smk"),
        ("SMK Teknik Mesin", "smk"),
        ("STM", "smk"),
        ("D1", "d1_d3"),
        ("D2", "d1_d3"),
        ("D3", "d1_d3"),
        ("D-III", "d1_d3"),
        ("Diploma III", "d1_d3"),
        ("diploma 3 keperawatan", "d1_d3"),
        ("Ahli Madya", "d1_d3"),
        ("Sarjana Muda", "d1_d3"),
        ("D4", "d4_s1"),
        ("Diploma IV", "d4_s1"),
        ("S1", "d4_s1"),
        ("S-1", "d4_s1"),
        ("s1 akuntansi", "d4_s1"),
        ("Sarjana", "d4_s1"),
        ("Sarjana Terapan", "d4_s1"),
        ("Bachelor", "d4_s1"),
        ("S2", "s2"),
        ("Magister", "s2"),
        ("Master's degree", "s2"),
        ("S3", "s3"),
        ("Doktor", "s3"),
        ("PhD", "s3"),
        ("Tidak sekolah", "none"),
        ("Tidak tamat SD", "none"),
        ("", ""),
        ("  ", ""),
    ],
)
def test_what_people_write_is_read_as_its_code(written, code):
    assert parse_education(written) == code


@pytest.mark.parametrize("written", ["S4", "kuliah", "Tidak tamat SMA", "D5", "SMA SMK"[:2] + "X"])
def test_what_names_no_level_is_none(written):
    assert parse_education(written) is None


def test_the_codes_themselves_and_the_vacancies_former_codes_are_read():
    assert all(parse_education(code) == code for code in EducationLevel.values)
    assert parse_education("diploma") == "d1_d3" and parse_education("s1") == "d4_s1"


def test_every_short_form_a_message_names_is_read():
    assert all(parse_education(form.strip()) for form in SHORT_FORMS.split(","))


def test_job_seekers_and_vacancies_share_the_codes():
    seeker_codes = [code for code, _label in Education._meta.get_field("level").choices]
    vacancy_codes = [code for code, _label in Vacancy._meta.get_field("education_level").choices]
    assert seeker_codes == vacancy_codes == EducationLevel.values
