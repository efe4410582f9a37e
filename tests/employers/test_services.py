"""Employers: quota arithmetic, organisations, sanitising, the vacancy status machine and expiry."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError

from cities.tenancy import city_context
from employers import services
from employers.models import Employer, PublishedVacancy, QuotaReport, Vacancy, quota_required
from employers.selectors import employers_with_quota
from employers.services import EmployerError, sanitize_html
from tests.employers.conftest import ORG, make_member, vacancy_fields

pytestmark = pytest.mark.django_db


# --- Quota arithmetic (UU 8/2016 art. 53) ---------------------------------------------------------
@pytest.mark.parametrize(
    ("headcount", "rate", "required"),
    [
        (0, 1, 0),
        (0, 2, 0),
        (1, 1, 1),  # any employee at all: ceil(0.01) = 1
        (1, 2, 1),
        (99, 1, 1),
        (100, 1, 1),  # exactly on the line
        (101, 1, 2),
        (50, 2, 1),  # exactly on the line at 2%
        (51, 2, 2),
        (100, 2, 2),
        (149, 2, 3),
        (1000, 2, 20),
        (12_345, 1, 124),
    ],
)
def test_required_is_the_ceiling_of_headcount_times_rate(headcount, rate, required):
    assert quota_required(headcount, rate) == required


def test_negative_input_is_refused():
    with pytest.raises(ValueError):
        quota_required(-1, 1)


@pytest.mark.parametrize(("sector", "rate"), [("private", 1), ("government", 2), ("bumn", 2), ("bumd", 2)])
def test_the_sector_decides_the_rate(sector, rate):
    assert Employer(sector=sector).quota_rate_percent == rate


def _report(city, employer, actor, headcount, pwd, *, year=2026, source="self"):
    with city_context(city):
        return services.quota_report_record(
            actor=actor,
            employer=employer,
            year=year,
            headcount=headcount,
            employees_with_disabilities=pwd,
            source=source,
        )


def test_shortfall_and_surplus_private(city_a, organisation, employer_user):
    report = _report(city_a, organisation, employer_user, 250, 1)
    assert (report.required, report.difference, report.shortfall, report.surplus) == (3, -2, 2, 0)
    on_line = _report(city_a, organisation, employer_user, 200, 2, year=2027)
    assert (on_line.required, on_line.difference, on_line.shortfall, on_line.surplus) == (2, 0, 0, 0)
    above = _report(city_a, organisation, employer_user, 200, 5, year=2028)
    assert (above.shortfall, above.surplus) == (0, 3)


def test_shortfall_government_rate_and_zero_headcount(city_a, staff_user):
    with city_context(city_a):
        office = Employer.objects.create(**{**ORG, "nib": "", "sector": "government", "legal_name": "Dinas X"})
    report = _report(city_a, office, staff_user, 150, 2, source="verified")
    assert (report.required, report.shortfall) == (3, 1)
    empty = _report(city_a, office, staff_user, 0, 0, year=2027, source="verified")
    assert (empty.required, empty.difference) == (0, 0)


def test_more_employees_with_disabilities_than_headcount_is_invalid(city_a, organisation, employer_user):
    with pytest.raises(ValidationError):
        _report(city_a, organisation, employer_user, 3, 4)


def test_only_staff_record_a_verified_report(city_a, organisation, employer_user):
    with pytest.raises(EmployerError):
        _report(city_a, organisation, employer_user, 10, 1, source="verified")


def test_the_staff_list_computes_quota_in_sql_and_filters(city_a, organisation, employer_user, staff_user):
    with city_context(city_a):
        gov = Employer.objects.create(**{**ORG, "nib": "", "sector": "government", "legal_name": "Dinas Y"})
        Employer.objects.create(**{**ORG, "nib": "9999999999999", "legal_name": "CV Tanpa Laporan"})
    _report(city_a, organisation, employer_user, 100, 0, year=2025)
    _report(city_a, organisation, employer_user, 100, 1, year=2026)  # latest year counts: on the line
    _report(city_a, gov, staff_user, 51, 1, source="verified")  # 2% of 51 → 2 required
    with city_context(city_a):
        rows = {e.legal_name: e for e in employers_with_quota()}
        assert (rows["PT Maju Bersama"].q_required, rows["PT Maju Bersama"].q_difference) == (1, 0)
        assert (rows["Dinas Y"].q_required, rows["Dinas Y"].q_difference) == (2, -1)
        assert rows["CV Tanpa Laporan"].q_year is None
        assert [e.legal_name for e in employers_with_quota(quota="shortfall")] == ["Dinas Y"]
        assert [e.legal_name for e in employers_with_quota(quota="met")] == ["PT Maju Bersama"]
        assert [e.legal_name for e in employers_with_quota(quota="no_report")] == ["CV Tanpa Laporan"]
        assert [e.legal_name for e in employers_with_quota(sector="government")] == ["Dinas Y"]
        assert [e.legal_name for e in employers_with_quota(verified="yes")] == []


# --- Organisations --------------------------------------------------------------------------------
def test_register_makes_the_actor_a_member_and_starts_unverified(city_a, organisation, employer_user):
    with city_context(city_a):
        assert services.employer_of(employer_user) == organisation
        assert not organisation.is_verified
        with pytest.raises(EmployerError):
            services.employer_register(actor=employer_user, **{**ORG, "nib": "1111111111111"})


def test_only_employer_accounts_register(city_a, seeker_user):
    with city_context(city_a), pytest.raises(EmployerError):
        services.employer_register(actor=seeker_user, **ORG)


def test_a_bad_nib_is_invalid(city_a, employer_user):
    with city_context(city_a), pytest.raises(ValidationError):
        services.employer_register(actor=employer_user, **{**ORG, "nib": "12AB"})


def test_only_staff_verify_and_a_new_legal_name_needs_verification_again(
    city_a, organisation, employer_user, staff_user
):
    with city_context(city_a):
        with pytest.raises(EmployerError):
            services.employer_verify(actor=employer_user, employer=organisation)
        services.employer_verify(actor=staff_user, employer=organisation)
        assert organisation.is_verified
        services.employer_update(actor=employer_user, employer=organisation, address="Jl. Baru 2")
        assert organisation.is_verified
        services.employer_update(actor=employer_user, employer=organisation, legal_name="PT Maju Sekali")
        assert not organisation.is_verified


def test_another_employer_member_cannot_change_the_organisation(city_a, organisation):
    stranger = make_member(city_a, "employer")
    with city_context(city_a), pytest.raises(EmployerError):
        services.employer_update(actor=stranger, employer=organisation, address="x")


# --- Sanitising -----------------------------------------------------------------------------------
def test_sanitising_removes_script_and_event_handlers():
    dirty = (
        '<p onclick="steal()">Halo <strong>semua</strong></p><script>alert(1)</script>'
        '<img src=x onerror="alert(2)"><a href="javascript:alert(3)">x</a>'
        '<a href="https://ijc.test" onmouseover="alert(4)" style="color:red">link</a><iframe src="//evil"></iframe>'
    )
    clean = sanitize_html(dirty)
    for forbidden in ("script", "alert", "onclick", "onerror", "onmouseover", "javascript:", "<img", "iframe", "style"):
        assert forbidden not in clean
    assert "<p>Halo <strong>semua</strong></p>" in clean
    assert 'href="https://ijc.test"' in clean


def test_the_description_is_sanitised_on_save(city_a, organisation, employer_user):
    with city_context(city_a):
        vacancy = services.vacancy_save(
            actor=employer_user,
            employer=organisation,
            **vacancy_fields(description='<p onmouseover="x()">Tugas</p><script>alert(1)</script>'),
        )
        assert Vacancy.objects.get(pk=vacancy.pk).description == "<p>Tugas</p>"


def test_a_wage_or_negotiable_is_required_and_the_range_ordered(city_a, organisation, employer_user):
    with city_context(city_a):
        with pytest.raises(ValidationError):
            services.vacancy_save(
                actor=employer_user, employer=organisation, **vacancy_fields(wage_min=None, wage_max=None)
            )
        with pytest.raises(ValidationError):
            services.vacancy_save(actor=employer_user, employer=organisation, **vacancy_fields(wage_min=5_000_000))
        vacancy = services.vacancy_save(
            actor=employer_user,
            employer=organisation,
            **vacancy_fields(wage_min=None, wage_max=None, wage_negotiable=True),
        )
        assert vacancy.pk


# --- The status machine ---------------------------------------------------------------------------
def test_the_whole_path_and_the_public_index(city_a, verified_organisation, employer_user, staff_user):
    with city_context(city_a):
        vacancy = services.vacancy_save(actor=employer_user, employer=verified_organisation, **vacancy_fields())
        assert vacancy.status == "draft"
        with pytest.raises(EmployerError):  # staff do not submit for the employer
            services.vacancy_submit(actor=staff_user, vacancy=vacancy)
        vacancy = services.vacancy_submit(actor=employer_user, vacancy=vacancy)
        assert vacancy.status == "submitted"
        with pytest.raises(EmployerError):  # the employer does not publish its own vacancy
            services.vacancy_publish(actor=employer_user, vacancy=vacancy)
        assert not PublishedVacancy.objects.exists()
        vacancy = services.vacancy_publish(actor=staff_user, vacancy=vacancy)
        assert vacancy.status == "published" and vacancy.published_by == staff_user
        row = PublishedVacancy.objects.get()
        assert (row.vacancy_id, row.portal_city_id, row.employer_name) == (vacancy.pk, city_a.pk, "PT Maju Bersama")
        assert "arsip" in row.search_text
        vacancy = services.vacancy_transition(actor=employer_user, vacancy=vacancy, to="filled")
        assert vacancy.status == "filled"
        assert not PublishedVacancy.objects.exists()
        with pytest.raises(EmployerError):  # filled is final
            services.vacancy_transition(actor=staff_user, vacancy=vacancy, to="published")


def test_an_unverified_employer_cannot_publish(city_a, organisation, employer_user, staff_user):
    with city_context(city_a):
        vacancy = services.vacancy_save(actor=employer_user, employer=organisation, **vacancy_fields())
        services.vacancy_submit(actor=employer_user, vacancy=vacancy)
        with pytest.raises(EmployerError, match="verified"):
            services.vacancy_publish(actor=staff_user, vacancy=vacancy)
        assert Vacancy.objects.get(pk=vacancy.pk).status == "submitted"


def test_only_drafts_change_and_staff_can_return_a_submission(city_a, verified_organisation, employer_user, staff_user):
    with city_context(city_a):
        vacancy = services.vacancy_save(actor=employer_user, employer=verified_organisation, **vacancy_fields())
        services.vacancy_submit(actor=employer_user, vacancy=vacancy)
        vacancy.refresh_from_db()
        with pytest.raises(EmployerError):
            services.vacancy_save(actor=employer_user, employer=verified_organisation, vacancy=vacancy, title="Baru")
        vacancy = services.vacancy_transition(actor=staff_user, vacancy=vacancy, to="draft", note="Tambah gaji")
        assert (vacancy.status, vacancy.review_note) == ("draft", "Tambah gaji")
        services.vacancy_save(actor=employer_user, employer=verified_organisation, vacancy=vacancy, title="Baru")


def test_an_outsider_cannot_move_a_vacancy(city_a, published_vacancy, seeker_user):
    other_employer = make_member(city_a, "employer")
    with city_context(city_a):
        for actor in (seeker_user, other_employer):
            with pytest.raises(EmployerError):
                services.vacancy_transition(actor=actor, vacancy=published_vacancy, to="closed")
            assert not services.may_transition(actor, published_vacancy, "closed")


@pytest.mark.parametrize(
    ("start", "to", "kinds"),
    [
        ("draft", "submitted", {"employer"}),
        ("submitted", "published", {"staff"}),
        ("published", "expired", {"system", "staff"}),
        ("published", "closed", {"employer", "staff"}),
        ("draft", "published", set()),
        ("expired", "published", set()),
    ],
)
def test_the_transition_table(start, to, kinds):
    from employers.models import VACANCY_TRANSITIONS

    assert set(VACANCY_TRANSITIONS.get((start, to), ())) == kinds


# --- Expiry ---------------------------------------------------------------------------------------
def test_the_task_expires_only_vacancies_past_their_deadline(city_a, city_b, published_vacancy, employer_user):
    from employers.tasks import expire_vacancies

    with city_context(city_a):
        published = datetime.datetime(2019, 12, 1, tzinfo=datetime.UTC)  # the deadline is not before publication
        Vacancy.objects.filter(pk=published_vacancy.pk).update(
            deadline=datetime.date(2020, 1, 1), published_at=published
        )
        assert PublishedVacancy.objects.count() == 1
    assert expire_vacancies(city_id=city_b.pk) == 0  # another city's task touches nothing here
    assert expire_vacancies(city_id=city_a.pk) == 1
    with city_context(city_a):
        assert Vacancy.objects.get(pk=published_vacancy.pk).status == "expired"
    assert not PublishedVacancy.objects.exists()


def test_the_deadline_day_itself_is_still_open(city_a, published_vacancy):
    with city_context(city_a):
        deadline = published_vacancy.deadline
        assert services.vacancies_expire(today=deadline) == 0
        assert services.vacancies_expire(today=deadline + datetime.timedelta(days=1)) == 1


def test_the_beat_task_fans_out_to_every_active_city(city_a, city_b, monkeypatch, settings):
    from employers import tasks

    queued = []
    monkeypatch.setattr(tasks.expire_vacancies, "delay", lambda **kwargs: queued.append(kwargs))
    assert tasks.expire_vacancies_everywhere() == 2
    assert queued == [{"city_id": city_a.pk}, {"city_id": city_b.pk}]
    assert settings.CELERY_BEAT_SCHEDULE["employers-expire-vacancies"]["task"] == tasks.expire_vacancies_everywhere.name


# --- Interest and services log ----------------------------------------------------------------------
def test_a_job_seeker_expresses_interest_once(city_a, published_vacancy, seeker_user, employer_user, staff_user):
    with city_context(city_a):
        interest = services.interest_express(actor=seeker_user, vacancy=published_vacancy, message="Saya tertarik")
        assert interest.status == "new"
        with pytest.raises(EmployerError):
            services.interest_express(actor=seeker_user, vacancy=published_vacancy)
        with pytest.raises(EmployerError):
            services.interest_express(actor=employer_user, vacancy=published_vacancy)
        services.interest_mark_reviewed(actor=staff_user, interest=interest)
        assert interest.status == "reviewed"


def test_the_services_log_is_for_staff(city_a, organisation, employer_user, staff_user):
    with city_context(city_a):
        with pytest.raises(EmployerError):
            services.employer_service_record(
                actor=employer_user, employer=organisation, kind="awareness", date=datetime.date(2026, 5, 1)
            )
        service = services.employer_service_record(
            actor=staff_user, employer=organisation, kind="awareness", date=datetime.date(2026, 5, 1), participants=12
        )
        assert service.staff == staff_user


def test_quota_reports_are_history(city_a, organisation, employer_user):
    _report(city_a, organisation, employer_user, 10, 0, year=2024)
    _report(city_a, organisation, employer_user, 20, 1, year=2025)
    with city_context(city_a):
        assert [r.year for r in QuotaReport.objects.filter(employer=organisation)] == [2025, 2024]


def test_a_new_legal_name_reaches_the_public_index(city_a, published_vacancy, employer_user):
    with city_context(city_a):
        employer = Employer.objects.get(pk=published_vacancy.employer_id)
        services.employer_update(actor=employer_user, employer=employer, legal_name="PT Maju Baru")
    assert PublishedVacancy.objects.get().employer_name == "PT Maju Baru"
