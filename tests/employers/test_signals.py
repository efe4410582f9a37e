"""What the apps above give employers through ``employers.signals``: hires through the portal on the
quota status (placements), and the center's verified accessibility shown instead of the employer's
declaration (assessments)."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import Membership
from assessments import services as assessment_services
from cities.tenancy import city_context
from employers import selectors, services
from employers.models import Vacancy
from jobseekers.models import JobSeeker
from placements.models import Placement, Referral
from tests.assessments.conftest import load_checklist
from tests.assessments.test_pages import finish
from tests.employers.conftest import ORG, make_member, vacancy_fields

pytestmark = pytest.mark.django_db


def hire(vacancy: Vacancy, staff, start: datetime.date, name: str = "Sari") -> Placement:
    """A placement made through the portal for ``vacancy`` (rows written directly: the referral
    workflow itself is tested in tests/placements)."""
    person = JobSeeker.objects.create(name=name, status="active")
    referral = Referral.objects.create(
        job_seeker=person, vacancy=vacancy, status=Referral.Status.PLACED, proposed_by=staff
    )
    return Placement.objects.create(
        referral=referral, start_date=start, wage=3_000_000, contract_type="permanent", recorded_by=staff
    )


@pytest.fixture
def hires(city_a, published_vacancy, staff_user, employer_user):
    """Two hires in 2026 and one in 2025 for the organisation; one hire in 2026 for another one."""
    with city_context(city_a):
        hire(published_vacancy, staff_user, datetime.date(2026, 2, 1), "A")
        hire(published_vacancy, staff_user, datetime.date(2026, 11, 30), "B")
        hire(published_vacancy, staff_user, datetime.date(2025, 12, 31), "C")
        other_user = make_member(city_a, Membership.Role.EMPLOYER)
        other = services.employer_register(actor=other_user, **{**ORG, "nib": "9999999999999", "legal_name": "PT Lain"})
        services.employer_verify(actor=staff_user, employer=other)
        vacancy = services.vacancy_save(actor=other_user, employer=other, **vacancy_fields())
        services.vacancy_submit(actor=other_user, vacancy=vacancy)
        services.vacancy_publish(actor=staff_user, vacancy=vacancy)
        hire(vacancy, staff_user, datetime.date(2026, 3, 1), "D")
        for year, pwd in ((2025, 1), (2026, 3)):
            services.quota_report_record(
                actor=employer_user,
                employer=published_vacancy.employer,
                year=year,
                headcount=200,
                employees_with_disabilities=pwd,
                source="self",
            )


class TestPortalHires:
    def test_counted_per_year_for_this_employer_only(self, city_a, published_vacancy, hires):
        with city_context(city_a):
            employer = published_vacancy.employer
            assert selectors.portal_hires(employer, [2026, 2025, 2024]) == {2024: 0, 2025: 1, 2026: 2}
            assert selectors.portal_hires(employer, []) == {}

    def test_the_count_never_changes_the_report(self, city_a, published_vacancy, hires):
        with city_context(city_a):
            latest = selectors.reports_with_portal_hires(published_vacancy.employer)[0]
            assert (latest.year, latest.employees_with_disabilities, latest.portal_hires) == (2026, 3, 2)
            assert latest.difference == 1  # 3 reported - ceil(200 x 1%) = 1; the 2 hires are not added

    def test_a_fixed_number_of_queries_whatever_the_number_of_reports(self, city_a, published_vacancy, hires):
        with city_context(city_a):
            employer = published_vacancy.employer
            with CaptureQueriesContext(connection) as few:
                selectors.reports_with_portal_hires(employer)
            for year in range(2016, 2025):
                services.quota_report_record(
                    actor=employer.members.first().user,
                    employer=employer,
                    year=year,
                    headcount=10,
                    employees_with_disabilities=0,
                    source="self",
                )
            with CaptureQueriesContext(connection) as many:
                assert len(selectors.reports_with_portal_hires(employer)) == 11
            assert len(many) == len(few) == 2

    def test_shown_on_the_employer_and_staff_pages(self, client, city_a, published_vacancy, hires, employer_user):
        client.force_login(employer_user)
        dashboard = client.get(reverse("employers:dashboard")).content.decode()
        assert "Hires through the portal in 2026" in dashboard
        quota = client.get(reverse("employers:quota")).content.decode()
        assert "Hires through the portal (counted separately)" in quota
        assert "<td>2</td>" in quota and "<td>1</td>" in quota
        staff = make_member(city_a, Membership.Role.STAFF, mfa=True)
        client.force_login(staff)
        page = client.get(reverse("employers:staff-employer", kwargs={"pk": published_vacancy.employer_id}))
        text = page.content.decode()
        assert "Hires through the portal (counted separately)" in text and "<td>2</td>" in text


@pytest.fixture
def site_vacancy(city_a, verified_organisation, employer_user, staff_user):
    """A published vacancy at a site declaring step-free access, a lift and a quiet space."""
    with city_context(city_a):
        site = services.workplace_save(
            actor=employer_user,
            employer=verified_organisation,
            name="Kantor pusat",
            address="Jl. Merdeka 1",
            features=["step_free", "lift", "quiet_space"],
            notes="",
        )
        vacancy = services.vacancy_save(
            actor=employer_user, employer=verified_organisation, **vacancy_fields(workplace=site)
        )
        services.vacancy_submit(actor=employer_user, vacancy=vacancy)
        vacancy = services.vacancy_publish(actor=staff_user, vacancy=vacancy)
        assert vacancy.workplace == site  # loaded here, inside the city context
        return vacancy


def verify_site(city, staff, workplace, *, share: bool = True):
    """An assessment of ``workplace`` on 1 December 2026: the door fails, everything else is n/a
    except one ramp item that passes (so step-free access is not met, the lift is not checked)."""
    load_checklist()
    with city_context(city):
        assessment = assessment_services.assessment_schedule(
            actor=staff, workplace=workplace, scheduled_on=datetime.date(2026, 12, 1)
        )
        finish(staff, assessment, {"DOOR-01": "80"})
        if share:
            assessment_services.assessment_share(actor=staff, assessment=assessment)


class TestVerifiedAccessibility:
    def public_page(self, client, city_a, vacancy) -> str:
        url = reverse("employers:vacancy-public", kwargs={"city_slug": city_a.slug, "pk": vacancy.pk})
        return client.get(url).content.decode()

    def test_without_an_assessment_the_declaration_is_shown_and_labelled(self, client, city_a, site_vacancy):
        with city_context(city_a):
            access = selectors.workplace_accessibility(site_vacancy.workplace)
        assert access["source"] == "declared"
        assert len(access["declared"]) == 3
        page = self.public_page(client, city_a, site_vacancy)
        assert "Accessibility as declared by the employer (not verified by the center)" in page
        assert "Lift to every floor used" in page
        assert "verified by the center" not in page.replace("not verified by the center", "")

    def test_a_shared_assessment_replaces_the_declaration(
        self, client, city_a, site_vacancy, staff_user, employer_user
    ):
        verify_site(city_a, staff_user, site_vacancy.workplace)
        with city_context(city_a):
            access = selectors.workplace_accessibility(site_vacancy.workplace)
        assert access["source"] == "verified" and access["assessed_on"] == datetime.date(2026, 12, 1)
        assert "Step-free entrance (level or ramp)" in [str(label) for label in access["missing"]]
        # The lift was not checked, so it is neither verified nor missing; it stays a declaration, as
        # does the quiet space, which the checklist does not cover.
        assert [str(label) for label in access["declared"]] == ["Lift to every floor used", "Quiet space"]
        public = self.public_page(client, city_a, site_vacancy)
        assert "Accessibility verified by the center on 1 December 2026" in public
        assert "Accessibility as declared by the employer" not in public
        assert "Also declared by the employer (not checked by the assessment)" in public
        client.force_login(employer_user)
        edit = client.get(reverse("employers:workplace-edit", kwargs={"pk": site_vacancy.workplace_id}))
        assert "Accessibility verified by the center on 1 December 2026" in edit.content.decode()
        listing = client.get(reverse("employers:workplace-list")).content.decode()
        assert "accessibility verified by the center on 1 December 2026" in listing
        own = client.get(reverse("employers:vacancy", kwargs={"pk": site_vacancy.pk})).content.decode()
        assert "Accessibility verified by the center on 1 December 2026" in own
        client.force_login(staff_user)
        review = client.get(reverse("employers:staff-vacancy", kwargs={"pk": site_vacancy.pk})).content.decode()
        assert "Accessibility verified by the center on 1 December 2026" in review
        employer_page = client.get(reverse("employers:staff-employer", kwargs={"pk": site_vacancy.employer_id}))
        assert "verified by the center on 1 December 2026" in employer_page.content.decode()

    def test_an_assessment_not_shared_yet_is_not_shown(self, client, city_a, site_vacancy, staff_user):
        verify_site(city_a, staff_user, site_vacancy.workplace, share=False)
        page = self.public_page(client, city_a, site_vacancy)
        assert "Accessibility as declared by the employer (not verified by the center)" in page
        assert "Accessibility verified by the center" not in page


def test_the_dashboard_counts_the_candidates_the_employer_may_see(
    client, city_a, published_vacancy, staff_user, employer_user
):
    with city_context(city_a):
        for status, name in (("confirmed", "A"), ("interview", "B"), ("proposed", "C")):
            Referral.objects.create(
                job_seeker=JobSeeker.objects.create(name=name, status="active"),
                vacancy=published_vacancy,
                status=status,
                proposed_by=staff_user,
            )
        url, counts = selectors.referred_candidates(published_vacancy.employer)
    assert url == reverse("placements:employer-candidates")
    assert counts == {published_vacancy.pk: 2}  # not the one the person has not confirmed yet
    client.force_login(employer_user)
    page = client.get(reverse("employers:dashboard")).content.decode()
    assert "Candidates referred by the center" in page and "<td>2</td>" in page
    assert f'href="{url}"' in page
