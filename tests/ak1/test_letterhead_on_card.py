"""The AK/1 card carries the city's letterhead (office lines and logo) instead of the card settings'
office name once the city admin has set one, on the printable page and in the PDF."""

from __future__ import annotations

import pytest
import weasyprint
from django.urls import reverse

from ak1 import services
from cities.tenancy import city_context
from tests import personas
from tests.cities.test_letterhead import inflated, set_letterhead

pytestmark = pytest.mark.django_db


def test_the_card_shows_the_letterhead_when_set(client, city_a, city_b, staff_a, monkeypatch):
    person = personas.walk_in(city_a, name="Siti Nurhaliza")
    with city_context(city_a):
        card = services.issue(person, officer=staff_a, birth_place="Bandung")
    set_letterhead(city_b, "PEMERINTAH KOTA BETA")
    client.force_login(staff_a)
    url = reverse("ak1:print", kwargs={"pk": card.pk})
    before = client.get(url).content.decode()
    assert "ak1-card-office" in before and "KOTA BETA" not in before
    set_letterhead(city_a, "PEMERINTAH KOTA ALPHA\nDINAS TENAGA KERJA")
    printed = client.get(url).content.decode()
    assert "PEMERINTAH KOTA ALPHA" in printed and "ak1-card-office" not in printed
    assert 'src="data:image/png;base64,' in printed

    rendered = []
    real_html = weasyprint.HTML

    def spy(*args, **kwargs):
        rendered.append(kwargs["string"])
        return real_html(*args, **kwargs)

    monkeypatch.setattr(weasyprint, "HTML", spy)
    pdf = client.get(reverse("ak1:pdf", kwargs={"pk": card.pk}))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert "DINAS TENAGA KERJA" in rendered[-1] and "KOTA BETA" not in rendered[-1]
    assert b"/Subtype /Image" in inflated(pdf.content)
