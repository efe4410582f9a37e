"""``manage.py load_demo`` gives the demo cities employers to try the portal with (issue 6)."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from cities.models import City
from cities.tenancy import city_context
from employers.models import Employer, EmployerService, PublishedVacancy, QuotaReport, Vacancy, VacancySkill, Workplace

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(settings):
    settings.DEBUG = True
    call_command("load_cities", stdout=io.StringIO())
    call_command("load_reference", stdout=io.StringIO())
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


def test_the_demo_cities_get_employers_vacancies_reports_and_services(demo):
    assert "6 demo employers created" in demo
    for slug, code in (("surakarta", "33.72"), ("bandung", "32.73")):
        city = City.objects.get(code=code)
        with city_context(city):
            employers = {employer.legal_name: employer for employer in Employer.objects.all()}
            assert len(employers) == 3
            assert sum(employer.is_verified for employer in employers.values()) == 2
            login_org = Employer.objects.get(members__user__email=f"pemberi.{slug}@demo.ijc.test")
            assert login_org.is_verified and login_org.vacancies.count() == 4
            statuses = sorted(Vacancy.objects.values_list("status", flat=True))
            assert statuses == ["draft", "published", "published", "published", "submitted", "submitted"]
            # The unverified organisation's vacancy waits: it cannot be published before verification.
            pending = Vacancy.objects.get(employer__verified_at__isnull=True)
            assert pending.status == "submitted"
            assert Workplace.objects.count() == 3 and QuotaReport.objects.count() == 3
            assert EmployerService.objects.count() == 3
            assert VacancySkill.objects.exists() and Vacancy.objects.filter(experience_years__isnull=False).exists()
        assert PublishedVacancy.objects.filter(portal_city=city).count() == 3
    assert not PublishedVacancy.objects.exclude(portal_city__code__in=("33.72", "32.73")).exists()


def test_running_it_again_adds_nothing(demo, settings):
    before = PublishedVacancy.objects.count()
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    assert "0 demo employers created" in out.getvalue()
    assert PublishedVacancy.objects.count() == before
