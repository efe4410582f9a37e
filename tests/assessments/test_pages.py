"""Assessment pages: the on-site form saves each step as a draft without JavaScript, errors keep
what was typed, finishing and sharing, the report in HTML and PDF (with the failing items), and who
sees what (an employer only their own workplaces' shared reports; partners only their visits)."""

from __future__ import annotations

import re
import zlib

import pytest
import weasyprint
from django.urls import reverse

from accounts.models import Membership, User
from assessments import services
from assessments.models import Assessment, ChecklistPublication, ItemResult
from cities.tenancy import city_context
from employers import services as employer_services
from tests.assessments.conftest import VISIT
from tests.employers.conftest import ORG, make_member
from tests.factories import UserFactory, give_totp

pytestmark = pytest.mark.django_db


@pytest.fixture
def assessment(city_a, checklist, a_staff, workplace):
    with city_context(city_a):
        return services.assessment_schedule(actor=a_staff, workplace=workplace, scheduled_on=VISIT)


def finish(staff, assessment, failing):
    for result in assessment.results.all():
        if result.code in failing:
            services.item_result_record(
                actor=staff, result=result, measured=failing[result.code], recommendation=f"Fix {result.code}"
            )
        elif result.code == "RAMP-02":
            services.item_result_record(actor=staff, result=result, measured="1:14")
        else:
            services.item_result_record(actor=staff, result=result, not_applicable=True)
    services.assessment_complete(actor=staff, assessment=assessment)


def test_staff_schedule_a_visit_on_the_page(client, city_a, checklist, a_staff, a_partner, workplace):
    client.force_login(a_staff)
    page = client.get(reverse("assessments:schedule")).content.decode()
    assert "Kantor pusat" in page
    response = client.post(
        reverse("assessments:schedule"),
        {"workplace": workplace.pk, "scheduled_on": "2026-12-01", "partners": [a_partner.pk]},
    )
    assert response.status_code == 302
    with city_context(city_a):
        assessment = Assessment.objects.get()
        assert assessment.results.count() == 62
        assert set(assessment.assessors.values_list("user_id", flat=True)) == {a_staff.pk, a_partner.pk}


def test_each_step_is_saved_as_a_draft_and_errors_keep_what_was_typed(client, city_a, assessment, a_partner):
    with city_context(city_a):
        services._set_assessors(assessment, [a_partner])
        ramp = {r.code: r.pk for r in assessment.results.filter(area="ramp")}
    client.force_login(a_partner)
    url = reverse("assessments:step", kwargs={"pk": assessment.pk, "step": 1})
    page = client.get(url).content.decode()
    assert "RAMP-02" in page and 'name="r{}-measured"'.format(ramp["RAMP-02"]) in page
    data = {
        f"r{ramp['RAMP-02']}-measured": "1:9",
        f"r{ramp['RAMP-03']}-measured": "lebar",  # unreadable
        f"r{ramp['RAMP-04']}-measured": "130",
        f"r{ramp['RAMP-04']}-override": "fail",  # override without a reason
        "next": "1",
    }
    response = client.post(url, data)
    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="error-summary"' in page and 'value="lebar"' in page and 'value="130"' in page
    with city_context(city_a):
        saved = ItemResult.objects.get(pk=ramp["RAMP-02"])
        assert (saved.measured, saved.outcome) == ("1:9", "fail")  # the valid item is saved anyway
        assert ItemResult.objects.get(pk=ramp["RAMP-03"]).outcome == ""
        assert Assessment.objects.get(pk=assessment.pk).status == "in_progress"
    data[f"r{ramp['RAMP-03']}-measured"] = "100"
    data[f"r{ramp['RAMP-04']}-override_reason"] = "Curb broken along half the ramp."
    response = client.post(url, data)
    assert response.headers["Location"] == reverse("assessments:step", kwargs={"pk": assessment.pk, "step": 2})
    with city_context(city_a):
        overridden = ItemResult.objects.get(pk=ramp["RAMP-04"])
        assert (overridden.computed, overridden.outcome) == ("pass", "fail")


def test_finish_share_report_and_pdf(client, city_a, assessment, a_staff, monkeypatch):
    with city_context(city_a):
        finish(a_staff, assessment, {"DOOR-01": "80", "TOIL-02": "85"})
    client.force_login(a_staff)
    detail = client.get(reverse("assessments:detail", kwargs={"pk": assessment.pk})).content.decode()
    assert "Share the report with the employer" in detail or "Bagikan" in detail
    client.post(reverse("assessments:status", kwargs={"pk": assessment.pk}), {"action": "share"})
    with city_context(city_a):
        assert Assessment.objects.get(pk=assessment.pk).status == "shared"
    report = client.get(reverse("assessments:report", kwargs={"pk": assessment.pk}) + "?bahasa=en")
    page = report.content.decode()
    assert "DOOR-01" in page and "TOIL-02" in page and "Fix DOOR-01" in page
    assert "Permen PUPR 14/PRT/M/2017" in page and checklist_name(assessment) in page
    assert "RAMP-02" not in page.split("What to fix")[1]  # a passing item is not in the list

    rendered = []
    real_html = weasyprint.HTML

    def spy(*args, **kwargs):
        rendered.append(kwargs["string"])
        return real_html(*args, **kwargs)

    monkeypatch.setattr(weasyprint, "HTML", spy)
    for language, heading in (("id", "Yang perlu diperbaiki"), ("en", "What to fix")):
        response = client.get(reverse("assessments:report-pdf", kwargs={"pk": assessment.pk}) + f"?bahasa={language}")
        assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
        pdf = response.content
        assert pdf.startswith(b"%PDF-") and pdf.rstrip().endswith(b"%%EOF") and len(pdf) > 5000
        assert b"/Type /Page" in _inflated(pdf)  # at least one page (objects sit in compressed streams)
        html = rendered[-1]
        assert f'lang="{language}"' in html
        assert "DOOR-01" in html and "TOIL-02" in html and "Fix TOIL-02" in html
        if language == "en":
            assert heading in html


def _inflated(pdf: bytes) -> bytes:
    """The PDF with every Flate stream decompressed, each read by its declared /Length."""
    parts = [pdf]
    for match in re.finditer(rb"/Length (\d+)[^>]*>>\s*stream\r?\n", pdf):
        data = pdf[match.end() : match.end() + int(match.group(1))]
        try:
            parts.append(zlib.decompress(data))
        except zlib.error:
            continue
    return b"".join(parts)


def checklist_name(assessment) -> str:
    return assessment.version.name


def test_an_employer_sees_only_their_own_shared_reports(client, city_a, assessment, a_staff, an_employer_user):
    url = reverse("assessments:employer-report", kwargs={"pk": assessment.pk})
    pdf_url = reverse("assessments:employer-report-pdf", kwargs={"pk": assessment.pk})
    client.force_login(an_employer_user)
    with city_context(city_a):
        finish(a_staff, assessment, {"DOOR-01": "80"})
    assert client.get(url).status_code == 404  # completed, not shared yet
    assert "Kantor pusat" not in client.get(reverse("assessments:employer-list")).content.decode()
    with city_context(city_a):
        services.assessment_share(actor=a_staff, assessment=assessment)
        door = assessment.results.get(code="DOOR-01")
    assert "Kantor pusat" in client.get(reverse("assessments:employer-list")).content.decode()
    page = client.get(url).content.decode()
    assert "DOOR-01" in page and f'name="p{door.pk}-progress"' in page
    assert client.get(pdf_url).status_code == 200
    response = client.post(url, {f"p{door.pk}-progress": "done", f"p{door.pk}-note": "Pintu diganti."})
    assert response.status_code == 302
    with city_context(city_a):
        assert ItemResult.objects.get(pk=door.pk).progress == "done"
    # Another organisation's member of the same city gets a 404.
    other = make_member(city_a, Membership.Role.EMPLOYER)
    with city_context(city_a):
        employer_services.employer_register(actor=other, **{**ORG, "nib": "9999999999999", "legal_name": "PT Lain"})
    client.force_login(other)
    assert client.get(url).status_code == 404 and client.get(pdf_url).status_code == 404
    assert "Kantor pusat" not in client.get(reverse("assessments:employer-list")).content.decode()


def test_the_workplace_page_shows_the_verified_result(client, city_a, assessment, a_staff, an_employer_user, workplace):
    with city_context(city_a):
        finish(a_staff, assessment, {"DOOR-01": "80"})
        services.assessment_share(actor=a_staff, assessment=assessment)
    client.force_login(an_employer_user)
    page = client.get(reverse("employers:workplace-edit", kwargs={"pk": workplace.pk})).content.decode()
    assert "1 December 2026" in page or "1 Desember 2026" in page
    assert "verified-title" in page


def test_partners_see_only_their_visits_and_other_cities_are_404(client, city_a, city_b, assessment, a_partner):
    client.force_login(a_partner)
    assert client.get(reverse("assessments:detail", kwargs={"pk": assessment.pk})).status_code == 404
    assert "Kantor pusat" not in client.get(reverse("assessments:list")).content.decode()
    with city_context(city_a):
        services._set_assessors(assessment, [a_partner])
    assert client.get(reverse("assessments:detail", kwargs={"pk": assessment.pk})).status_code == 200
    staff_b = make_member(city_b, Membership.Role.STAFF, mfa=True)
    client.force_login(staff_b)
    assert client.get(reverse("assessments:detail", kwargs={"pk": assessment.pk})).status_code == 404
    assert client.get(reverse("assessments:report-pdf", kwargs={"pk": assessment.pk})).status_code == 404


def test_apeksi_admin_publishes_a_version_on_the_page(client, checklist):
    admin = UserFactory(cross_city_role=User.CrossCityRole.APEKSI_ADMIN)
    give_totp(admin)
    client.force_login(admin)
    url = reverse("assessments:checklist-versions")
    assert checklist.code in client.get(url).content.decode()
    assert client.post(url, {"version": checklist.pk}).status_code == 302
    assert ChecklistPublication.objects.get().version == checklist
    analyst = UserFactory(cross_city_role=User.CrossCityRole.APEKSI_ANALYST)
    give_totp(analyst)
    client.force_login(analyst)
    assert client.get(url).status_code == 403
