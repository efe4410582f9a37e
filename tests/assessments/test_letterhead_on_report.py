"""The city's letterhead and signatory on the accessibility report: the staff page, the employer's page
and the PDF (the HTML WeasyPrint renders, with the logo as a data: URI); another city's never."""

from __future__ import annotations

import pytest
import weasyprint
from django.urls import reverse

from assessments import services
from cities.tenancy import city_context
from tests.assessments.conftest import VISIT
from tests.assessments.test_pages import finish
from tests.cities.test_letterhead import NIP, inflated, set_letterhead

pytestmark = pytest.mark.django_db


@pytest.fixture
def assessment(city_a, checklist, a_staff, workplace):
    with city_context(city_a):
        return services.assessment_schedule(actor=a_staff, workplace=workplace, scheduled_on=VISIT)


def test_the_report_pages_and_pdf_carry_the_city_letterhead(
    client, city_a, city_b, assessment, a_staff, an_employer_user, monkeypatch
):
    set_letterhead(city_b, "PEMERINTAH KOTA BETA", signatory_name="Ibu Beta")
    with city_context(city_a):
        finish(a_staff, assessment, {"DOOR-01": "80"})
    client.force_login(a_staff)
    url = reverse("assessments:report", kwargs={"pk": assessment.pk})
    page = client.get(url).content.decode()
    assert 'class="kop"' not in page and "KOTA BETA" not in page  # none set in city A, B's is never shown
    set_letterhead(city_a, "PEMERINTAH KOTA ALPHA\nDINAS TENAGA KERJA")
    page = client.get(url).content.decode()
    assert "PEMERINTAH KOTA ALPHA" in page and f"NIP {NIP}" in page and "KOTA BETA" not in page

    rendered = []
    real_html = weasyprint.HTML

    def spy(*args, **kwargs):
        rendered.append(kwargs["string"])
        return real_html(*args, **kwargs)

    monkeypatch.setattr(weasyprint, "HTML", spy)
    pdf = client.get(reverse("assessments:report-pdf", kwargs={"pk": assessment.pk}))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert "DINAS TENAGA KERJA" in rendered[-1] and "data:image/png;base64," in rendered[-1]
    assert "Kepala Dinas Tenaga Kerja" in rendered[-1] and "KOTA BETA" not in rendered[-1]
    assert b"/Subtype /Image" in inflated(pdf.content)

    client.post(reverse("assessments:status", kwargs={"pk": assessment.pk}), {"action": "share"})
    client.force_login(an_employer_user)
    shared = client.get(reverse("assessments:employer-report", kwargs={"pk": assessment.pk})).content.decode()
    assert "PEMERINTAH KOTA ALPHA" in shared
