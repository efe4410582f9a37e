"""Employers pages: flows through the views, tenancy (another city's objects are 404s), the public
board (no leak of unpublished or private data, constant query count), JSON-LD and the feed."""

from __future__ import annotations

import json
import re
import zoneinfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cities.tenancy import city_context
from employers import services
from employers.models import Employer, Interest, PublishedVacancy, Vacancy
from tests.employers.conftest import ORG, make_member, vacancy_fields

pytestmark = pytest.mark.django_db


def test_an_employer_registers_posts_and_submits_through_the_pages(client, city_a, employer_user):
    client.force_login(employer_user)
    assert client.get(reverse("employers:quota")).status_code == 302  # no organisation yet
    response = client.post(reverse("employers:organisation"), {**ORG, "size": "small"})
    assert response.status_code == 302
    with city_context(city_a):
        employer = Employer.objects.get()
        assert not employer.is_verified
    data = {
        **vacancy_fields(deadline="2099-01-31"),
        "description": '<p onclick="x()">Kerja</p><script>alert(1)</script>',
        "education_level": "sma",
        "recruitment_options": ["extra_time", "sign_interpreter"],
    }
    response = client.post(reverse("employers:vacancy-create"), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    with city_context(city_a):
        vacancy = Vacancy.objects.get()
    assert vacancy.description == "<p>Kerja</p>"
    assert vacancy.recruitment_options == ["extra_time", "sign_interpreter"]
    response = client.post(reverse("employers:vacancy-status", kwargs={"pk": vacancy.pk}), {"to": "submitted"})
    assert response.status_code == 302
    with city_context(city_a):
        assert Vacancy.objects.get().status == "submitted"
    # An employer may not publish its own vacancy, whatever it posts.
    client.post(reverse("employers:vacancy-status", kwargs={"pk": vacancy.pk}), {"to": "published"})
    with city_context(city_a):
        assert Vacancy.objects.get().status == "submitted"
    page = client.get(reverse("employers:dashboard")).content.decode()
    assert "Operator" not in page and vacancy.title in page


def test_the_form_keeps_what_was_typed_and_explains_errors(client, city_a, organisation, employer_user):
    client.force_login(employer_user)
    response = client.post(reverse("employers:vacancy-create"), {"title": "Penjahit"})
    assert response.status_code == 200
    page = response.content.decode()
    assert 'value="Penjahit"' in page and 'id="error-summary"' in page


def test_staff_verify_and_publish_through_the_pages(client, city_a, organisation, employer_user, staff_user):
    with city_context(city_a):
        vacancy = services.vacancy_save(actor=employer_user, employer=organisation, **vacancy_fields())
        services.vacancy_submit(actor=employer_user, vacancy=vacancy)
    client.force_login(staff_user)
    url = reverse("employers:staff-vacancy", kwargs={"pk": vacancy.pk})
    client.post(url, {"to": "published"})  # refused: not verified
    with city_context(city_a):
        assert Vacancy.objects.get().status == "submitted"
    client.post(reverse("employers:staff-employer-verify", kwargs={"pk": organisation.pk}))
    client.post(url, {"to": "published"})
    with city_context(city_a):
        assert Vacancy.objects.get().status == "published"
    assert PublishedVacancy.objects.count() == 1


def test_staff_return_needs_a_note(client, city_a, verified_organisation, employer_user, staff_user):
    with city_context(city_a):
        vacancy = services.vacancy_save(actor=employer_user, employer=verified_organisation, **vacancy_fields())
        services.vacancy_submit(actor=employer_user, vacancy=vacancy)
    client.force_login(staff_user)
    url = reverse("employers:staff-vacancy", kwargs={"pk": vacancy.pk})
    assert client.post(url, {"to": "draft", "note": ""}).status_code == 200
    client.post(url, {"to": "draft", "note": "Tulis gaji"})
    with city_context(city_a):
        assert (Vacancy.objects.get().status, Vacancy.objects.get().review_note) == ("draft", "Tulis gaji")


def test_staff_list_filters_by_quota(client, city_a, organisation, employer_user, staff_user):
    with city_context(city_a):
        services.quota_report_record(
            actor=employer_user,
            employer=organisation,
            year=2026,
            headcount=300,
            employees_with_disabilities=1,
            source="self",
        )
    client.force_login(staff_user)
    page = client.get(reverse("employers:staff-employer-list"), {"quota": "shortfall"}).content.decode()
    assert "PT Maju Bersama" in page and "short by 2" in page
    page = client.get(reverse("employers:staff-employer-list"), {"quota": "met"}).content.decode()
    assert "PT Maju Bersama" not in page


# --- Tenancy: another city's employer and vacancy are 404s ---------------------------------------
def test_another_citys_employer_and_vacancy_are_404(client, city_a, city_b, published_vacancy):
    other_staff = make_member(city_b, "staff", mfa=True)
    client.force_login(other_staff)
    client.raise_request_exception = False
    employer_id = published_vacancy.employer_id
    assert client.get(reverse("employers:staff-employer", kwargs={"pk": employer_id})).status_code == 404
    assert client.get(reverse("employers:staff-vacancy", kwargs={"pk": published_vacancy.pk})).status_code == 404
    assert client.post(reverse("employers:staff-employer-verify", kwargs={"pk": employer_id})).status_code == 404
    # The public page under city B's address does not show city A's vacancy.
    url = reverse("employers:vacancy-public", kwargs={"city_slug": city_b.slug, "pk": published_vacancy.pk})
    assert client.get(url).status_code == 404


def test_another_employers_vacancy_is_404(client, city_a, published_vacancy):
    stranger = make_member(city_a, "employer")
    client.force_login(stranger)
    client.raise_request_exception = False
    assert client.get(reverse("employers:vacancy", kwargs={"pk": published_vacancy.pk})).status_code == 302
    with city_context(city_a):
        services.employer_register(actor=stranger, **{**ORG, "nib": "5555555555555", "legal_name": "CV Lain"})
    assert client.get(reverse("employers:vacancy", kwargs={"pk": published_vacancy.pk})).status_code == 404


# --- The public board ----------------------------------------------------------------------------
def test_unpublished_vacancies_never_reach_the_public(client, city_a, verified_organisation, employer_user, staff_user):
    with city_context(city_a):
        draft = services.vacancy_save(
            actor=employer_user, employer=verified_organisation, **vacancy_fields(title="Rahasia draf")
        )
        submitted = services.vacancy_save(
            actor=employer_user, employer=verified_organisation, **vacancy_fields(title="Rahasia diajukan")
        )
        services.vacancy_submit(actor=employer_user, vacancy=submitted)
        closed = services.vacancy_save(
            actor=employer_user, employer=verified_organisation, **vacancy_fields(title="Sudah ditutup")
        )
        services.vacancy_submit(actor=employer_user, vacancy=closed)
        services.vacancy_publish(actor=staff_user, vacancy=closed)
        services.vacancy_transition(actor=employer_user, vacancy=closed, to="closed")
        public = services.vacancy_save(
            actor=employer_user, employer=verified_organisation, **vacancy_fields(title="Terbuka untuk umum")
        )
        services.vacancy_submit(actor=employer_user, vacancy=public)
        services.vacancy_publish(actor=staff_user, vacancy=public)
    client.raise_request_exception = False
    for url in (
        reverse("employers:board"),
        reverse("employers:city-board", kwargs={"city_slug": city_a.slug}),
        reverse("employers:city-feed", kwargs={"city_slug": city_a.slug}),
    ):
        page = client.get(url).content.decode()
        assert "Terbuka untuk umum" in page
        for secret in ("Rahasia draf", "Rahasia diajukan", "Sudah ditutup", "hr@maju.test", "1234567890123"):
            assert secret not in page, (url, secret)
    for vacancy in (draft, submitted, closed):
        url = reverse("employers:vacancy-public", kwargs={"city_slug": city_a.slug, "pk": vacancy.pk})
        assert client.get(url).status_code == 404
    # The index holds only public columns: no contact, NIB, notes or internal ids of people.
    columns = {field.name for field in PublishedVacancy._meta.get_fields()}
    assert not columns & {"contact_email", "nib", "review_note", "created_by", "published_by", "city"}


def test_an_inactive_citys_vacancies_leave_the_national_board(client, city_a, published_vacancy):
    assert published_vacancy.title in client.get(reverse("employers:board")).content.decode()
    city_a.is_active = False
    city_a.save()
    assert published_vacancy.title not in client.get(reverse("employers:board")).content.decode()


def test_search_filters(client, city_a, city_b, published_vacancy):
    board = reverse("employers:board")
    assert published_vacancy.title in client.get(board, {"q": "ARSIP"}).content.decode()
    assert published_vacancy.title not in client.get(board, {"q": "tukang las"}).content.decode()
    assert published_vacancy.title in client.get(board, {"arrangement": "on_site"}).content.decode()
    assert published_vacancy.title not in client.get(board, {"arrangement": "remote"}).content.decode()
    assert published_vacancy.title in client.get(board, {"city": city_a.pk}).content.decode()
    assert published_vacancy.title not in client.get(board, {"city": city_b.pk}).content.decode()
    assert published_vacancy.title not in client.get(board, {"reserved": "on"}).content.decode()


def _publish_many(city, employer, employer_user, staff_user, count):
    with city_context(city):
        for number in range(count):
            vacancy = services.vacancy_save(
                actor=employer_user, employer=employer, **vacancy_fields(title=f"Lowongan {number}")
            )
            services.vacancy_submit(actor=employer_user, vacancy=vacancy)
            services.vacancy_publish(actor=staff_user, vacancy=vacancy)


@pytest.mark.parametrize("name", ["employers:board", "employers:city-board"])
def test_the_board_answers_in_a_constant_number_of_queries(
    client, city_a, verified_organisation, employer_user, staff_user, name
):
    kwargs = {"city_slug": city_a.slug} if name == "employers:city-board" else {}
    url = reverse(name, kwargs=kwargs)
    _publish_many(city_a, verified_organisation, employer_user, staff_user, 2)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url, {"q": "lowongan"}).status_code == 200
    _publish_many(city_a, verified_organisation, employer_user, staff_user, 30)
    with CaptureQueriesContext(connection) as many:
        page = client.get(url, {"q": "lowongan", "page": 2}).content.decode()
    assert "Lowongan" in page
    assert 0 < len(many) == len(few), [q["sql"] for q in many.captured_queries]


def test_the_detail_page_has_a_valid_job_posting(client, city_a, published_vacancy):
    url = reverse("employers:vacancy-public", kwargs={"city_slug": city_a.slug, "pk": published_vacancy.pk})
    page = client.get(url).content.decode()
    match = re.search(r'<script type="application/ld\+json"[^>]*>(.*?)</script>', page, re.S)
    data = json.loads(match.group(1))
    assert data["@context"] == "https://schema.org/" and data["@type"] == "JobPosting"
    for required in ("title", "description", "datePosted", "hiringOrganization", "jobLocation", "validThrough"):
        assert data[required], required
    assert data["title"] == published_vacancy.title
    assert data["hiringOrganization"] == {"@type": "Organization", "name": "PT Maju Bersama"}
    assert data["jobLocation"]["@type"] == "Place"
    assert data["jobLocation"]["address"]["addressCountry"] == "ID"
    assert data["jobLocation"]["address"]["addressLocality"] == city_a.name
    # On the city's clock (WIB here) with its offset.
    posted = published_vacancy.published_at.astimezone(zoneinfo.ZoneInfo("Asia/Jakarta")).replace(microsecond=0)
    assert data["datePosted"] == posted.isoformat() and data["datePosted"].endswith("+07:00")
    assert data["validThrough"] == "2099-01-31T23:59:59+07:00"
    assert data["baseSalary"]["currency"] == "IDR"
    assert data["baseSalary"]["value"] == {
        "@type": "QuantitativeValue",
        "unitText": "MONTH",
        "minValue": 3_000_000,
        "maxValue": 4_000_000,
    }
    assert data["employmentType"] == "FULL_TIME"


def test_json_ld_cannot_break_out_of_its_script(client, city_a, verified_organisation, employer_user, staff_user):
    with city_context(city_a):
        vacancy = services.vacancy_save(
            actor=employer_user,
            employer=verified_organisation,
            **vacancy_fields(title="</script><script>alert(1)</script>"),
        )
        services.vacancy_submit(actor=employer_user, vacancy=vacancy)
        services.vacancy_publish(actor=staff_user, vacancy=vacancy)
    url = reverse("employers:vacancy-public", kwargs={"city_slug": city_a.slug, "pk": vacancy.pk})
    page = client.get(url).content.decode()
    assert "<script>alert(1)" not in page


def test_the_feed_lists_the_citys_published_vacancies(client, city_a, published_vacancy):
    response = client.get(reverse("employers:city-feed", kwargs={"city_slug": city_a.slug}))
    assert response["Content-Type"].startswith("application/rss+xml")
    body = response.content.decode()
    assert published_vacancy.title in body
    assert reverse("employers:vacancy-public", kwargs={"city_slug": city_a.slug, "pk": published_vacancy.pk}) in body


def test_a_job_seeker_expresses_interest_and_staff_see_it(client, city_a, published_vacancy, seeker_user, staff_user):
    client.force_login(seeker_user)
    url = reverse("employers:express-interest", kwargs={"city_slug": city_a.slug, "pk": published_vacancy.pk})
    assert client.post(url, {"message": "Saya perlu juru bahasa isyarat"}).status_code == 302
    detail = reverse("employers:vacancy-public", kwargs={"city_slug": city_a.slug, "pk": published_vacancy.pk})
    assert "already expressed interest" in client.get(detail, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    client.force_login(staff_user)
    page = client.get(reverse("employers:staff-interest-list")).content.decode()
    assert "Saya perlu juru bahasa isyarat" in page
    with city_context(city_a):
        interest = Interest.objects.get()
    client.post(reverse("employers:staff-interest-review", kwargs={"pk": interest.pk}))
    with city_context(city_a):
        assert Interest.objects.get().status == "reviewed"


def test_anonymous_visitors_read_the_board_and_are_asked_to_sign_in_to_express_interest(
    client, city_a, published_vacancy
):
    detail = reverse("employers:vacancy-public", kwargs={"city_slug": city_a.slug, "pk": published_vacancy.pk})
    assert client.get(detail).status_code == 200
    url = reverse("employers:express-interest", kwargs={"city_slug": city_a.slug, "pk": published_vacancy.pk})
    assert client.get(url)["Location"].startswith(reverse("account_login"))


def test_an_employer_adds_a_site_and_a_self_declared_report(client, city_a, organisation, employer_user):
    client.force_login(employer_user)
    response = client.post(
        reverse("employers:workplace-list"),
        {"name": "Gudang", "address": "Jl. Tallo 3", "features": ["step_free", "toilet"]},
    )
    assert response.status_code == 302
    with city_context(city_a):
        site = organisation.workplaces.get()
    assert site.features == ["step_free", "toilet"]
    # The form does not offer "verified" to an employer, and a forged one is refused.
    page = client.get(reverse("employers:quota")).content.decode()
    assert 'value="verified"' not in page
    data = {"year": 2026, "headcount": 120, "employees_with_disabilities": 1, "reported_on": "2026-01-15"}
    assert client.post(reverse("employers:quota"), {**data, "source": "verified"}).status_code == 200
    assert client.post(reverse("employers:quota"), {**data, "source": "wlkp"}).status_code == 302
    page = client.get(reverse("employers:dashboard"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    with city_context(city_a):
        report = organisation.quota_reports.get()
    assert (report.required, report.shortfall, report.source) == (2, 1, "wlkp")


def test_staff_log_services_and_see_totals(client, city_a, organisation, staff_user):
    client.force_login(staff_user)
    url = reverse("employers:staff-service-add", kwargs={"pk": organisation.pk})
    for participants in (12, 8):
        response = client.post(url, {"kind": "awareness", "date": "2026-04-01", "participants": participants})
        assert response.status_code == 302
    client.post(url, {"kind": "assessment_request", "date": "2026-05-01", "participants": 0, "follow_up": "Jadwalkan"})
    response = client.get(reverse("employers:staff-service-list"), {"year": "2026"})
    summary = {str(label): (count, people) for label, count, people in response.context["summary"]}
    assert summary["Disability-awareness session"] == (2, 20)
    assert summary["Accessibility assessment requested"] == (1, 0)
    assert (
        client.get(reverse("employers:staff-service-list"), {"year": "2025"}).context["page_obj"].paginator.count == 0
    )


def test_verification_and_publication_are_in_the_audit_trail(city_a, published_vacancy):
    from accounts.audit import trail

    with city_context(city_a):
        actions = [entry.changes_dict.get("status") for entry in trail(published_vacancy)]
        assert ["submitted", "published"] in actions
        assert any("verified_at" in entry.changes_dict for entry in trail(published_vacancy.employer))
