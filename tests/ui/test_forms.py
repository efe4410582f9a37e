"""The barrier report: validation keeps what was typed, the error summary links to each field, the email goes out."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.core import mail
from django.core.mail import EmailMessage
from django.urls import reverse

from tests.factories import CityFactory

pytestmark = pytest.mark.django_db


def test_an_empty_report_shows_the_error_summary_linking_to_each_missing_field(client):
    response = client.post(reverse("accessibility"), {})

    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="error-summary"' in html and "autofocus" in html
    assert "Ada 2 masalah pada formulir ini" in html
    assert 'href="#id_location"' in html
    assert 'href="#id_description"' in html
    assert "<title>Kesalahan: Pernyataan aksesibilitas" in html
    assert len(mail.outbox) == 0


def test_a_field_with_an_error_is_described_by_its_hint_and_its_error(client):
    html = client.post(reverse("accessibility"), {}).content.decode()

    control = re.search(r'<input[^>]*id="id_location"[^>]*>', html).group(0)
    assert 'aria-invalid="true"' in control
    assert 'aria-describedby="id_location_helptext id_location_error"' in control
    assert 'id="id_location_helptext"' in html
    assert 'id="id_location_error"' in html
    assert '<label class="field__label" for="id_location">' in html


def test_a_failed_submit_keeps_everything_the_person_typed(client):
    typed = {
        "location": "Halaman daftar kota",
        "description": "Tombol berikutnya tidak terbaca oleh pembaca layar.",
        "assistive_technology": "TalkBack",
        "name": "Sari",
        "email": "bukan-email",
        "phone": "0812 3456 7890",
    }

    html = client.post(reverse("accessibility"), typed).content.decode()

    assert "Masukkan alamat email dengan format yang benar." in html  # Django's own Indonesian message
    for value in typed.values():
        assert value in html


def test_a_valid_report_is_emailed_in_indonesian_to_the_accessibility_contact(client):
    city = CityFactory(name="Kota Alpha", slug="kota-alpha")
    client.cookies["django_language"] = "en"

    response = client.post(
        reverse("accessibility"),
        {
            "location": "Formulir\npendaftaran",
            "description": "Kolom tanggal lahir tidak punya label.",
            "city": city.slug,
            "email": "sari@example.test",
        },
    )

    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [settings.ACCESSIBILITY_CONTACT_EMAIL]
    assert message.reply_to == ["sari@example.test"]
    assert message.subject == "Laporan hambatan aksesibilitas: Formulir pendaftaran"
    assert "Kolom tanggal lahir tidak punya label." in message.body
    assert "Kota: Kota Alpha" in message.body
    followed = client.get(response["Location"]).content.decode()
    assert "Thank you. Your report has been sent." in followed
    assert 'role="status"' in followed


def test_a_report_that_cannot_be_sent_says_so_and_keeps_the_text(client, monkeypatch):
    def refuse(self, fail_silently=False):
        raise OSError("connection refused")

    monkeypatch.setattr(EmailMessage, "send", refuse)

    html = client.post(
        reverse("accessibility"), {"location": "Beranda", "description": "Teks terlalu kecil di ponsel."}
    ).content.decode()

    assert "Laporan Anda belum dapat dikirim saat ini." in html
    assert "Teks terlalu kecil di ponsel." in html
    assert 'id="error-summary"' in html


def test_the_phone_number_must_look_like_one(client):
    html = client.post(
        reverse("accessibility"), {"location": "Beranda", "description": "Sulit dibaca.", "phone": "telepon saya"}
    ).content.decode()

    assert 'href="#id_phone"' in html
    assert len(mail.outbox) == 0
