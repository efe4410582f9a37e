"""The city's letterhead (kop surat) and signatory: the city admin's page (logo checked by content and
size, NIP checked), and the letterhead on the monthly ULD report page and its PDF, never another
city's (docs/letterhead.md)."""

from __future__ import annotations

import io
import re
import zlib

import pytest
import weasyprint
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from cities.letterheads import LOGO_MAX_PX, logo_prepare, nip_check
from cities.models import CityLetterhead
from cities.tenancy import city_context
from tests import personas

pytestmark = pytest.mark.django_db

EDIT = "city_profile:letterhead"
NIP = "197805122005011002"  # born 12 May 1978, appointed January 2005, a man, number 002


def image_file(fmt: str = "PNG", size: tuple[int, int] = (40, 30), name: str = "logo.png") -> SimpleUploadedFile:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(out, format=fmt)
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/png")


def form_data(**changes) -> dict:
    return {
        "office_name": "PEMERINTAH KOTA ALPHA\nDINAS TENAGA KERJA",
        "address": "Jl. Merdeka 1, Kota Alpha 40111",
        "phone": "022 123 4567",
        "email": "disnaker@alpha.go.id",
        "website": "https://disnaker.alpha.go.id",
        "signatory_name": "Drs. Budi Santoso, M.Si.",
        "signatory_nip": NIP,
        "signatory_position": "Kepala Dinas Tenaga Kerja",
        **changes,
    }


def set_letterhead(city, office: str, **changes) -> CityLetterhead:
    with city_context(city):
        logo = logo_prepare(image_file())
        return CityLetterhead.objects.create(
            **{**form_data(office_name=office, **changes), "logo": logo[0], "logo_content_type": logo[1]}
        )


# --- The NIP and the logo -----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "value",
    [
        "19780512200501100",  # 17 digits
        "1978051220050110021",  # 19 digits
        "1978O512200501 002",  # a letter and a space
        "197813122005011002",  # month 13 of the birth date
        "197805122005131002",  # month 13 of the appointment
        "197805122005013002",  # gender digit 3
    ],
)
def test_a_nip_is_18_digits_of_a_date_a_month_and_a_gender(value):
    with pytest.raises(ValidationError) as caught:
        nip_check(value)
    assert caught.value.code == "nip"


def test_a_good_nip_passes():
    assert nip_check(f" {NIP} ") == NIP


def test_a_logo_is_a_png_or_jpeg_written_again_and_scaled():
    data, content_type = logo_prepare(image_file("JPEG", size=(1200, 400), name="logo.png"))
    from PIL import Image

    with Image.open(io.BytesIO(data)) as image:
        assert image.format == "JPEG" and content_type == "image/jpeg"  # by content, not by name
        assert max(image.size) == LOGO_MAX_PX


@pytest.mark.parametrize(
    "upload",
    [
        SimpleUploadedFile("logo.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>x</script></svg>'),
        SimpleUploadedFile("logo.png", b"not an image at all"),
        "gif",
    ],
)
def test_other_files_are_refused(upload):
    if upload == "gif":
        upload = image_file("GIF", name="logo.png")
    with pytest.raises(ValidationError) as caught:
        logo_prepare(upload)
    assert caught.value.code == "type"


# --- The city admin's page ----------------------------------------------------------------------------------
def test_the_city_admin_sets_the_letterhead_and_the_report_shows_it(client, city_a, monkeypatch):
    admin = personas.city_admin(city_a)
    client.force_login(admin)
    home = client.get(reverse("dashboards:home-city-admin")).content.decode()
    assert reverse(EDIT) in home
    assert client.get(reverse(EDIT)).status_code == 200
    response = client.post(reverse(EDIT), {**form_data(), "logo_upload": image_file()})
    assert response.status_code == 302
    with city_context(city_a):
        saved = CityLetterhead.objects.get()
    assert saved.logo_content_type == "image/png" and saved.signatory_nip == NIP and saved.updated_by == admin
    # No new upload keeps the logo.
    client.post(reverse(EDIT), form_data(signatory_position="Plt. Kepala Dinas Tenaga Kerja"))
    with city_context(city_a):
        assert CityLetterhead.objects.get().logo

    page = client.get(reverse("dashboards:city-report"), {"bulan": "2026-10"}).content.decode()
    assert "PEMERINTAH KOTA ALPHA" in page and "DINAS TENAGA KERJA" in page
    assert 'src="data:image/png;base64,' in page
    assert "Plt. Kepala Dinas Tenaga Kerja" in page and f"NIP {NIP}" in page

    rendered = []
    real_html = weasyprint.HTML

    def spy(*args, **kwargs):
        rendered.append(kwargs["string"])
        return real_html(*args, **kwargs)

    monkeypatch.setattr(weasyprint, "HTML", spy)
    pdf = client.get(reverse("dashboards:city-report-pdf"), {"bulan": "2026-10"})
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert "PEMERINTAH KOTA ALPHA" in rendered[-1] and "data:image/png;base64," in rendered[-1]
    assert f"NIP {NIP}" in rendered[-1]
    assert b"/Subtype /Image" in inflated(pdf.content)  # the logo is drawn in the PDF


def test_a_bad_logo_and_nip_are_refused_in_indonesian_and_keep_the_input(client, city_a, settings):
    settings.LANGUAGE_CODE = "id"
    client.force_login(personas.city_admin(city_a))
    svg = SimpleUploadedFile("logo.svg", b'<svg xmlns="http://www.w3.org/2000/svg"/>', content_type="image/svg+xml")
    with translation.override("id"):
        page = client.post(reverse(EDIT), {**form_data(signatory_nip="1234"), "logo_upload": svg}).content.decode()
    assert "Unggah logo sebagai gambar PNG atau JPEG." in page
    assert "NIP terdiri dari 18 angka" in page
    assert "Drs. Budi Santoso, M.Si." in page  # the typed input is kept
    with city_context(city_a):
        assert not CityLetterhead.objects.exists()


def test_a_logo_over_500_kb_is_refused(client, city_a, settings):
    settings.LANGUAGE_CODE = "id"
    client.force_login(personas.city_admin(city_a))
    big = SimpleUploadedFile("logo.png", b"\x89PNG\r\n\x1a\n" + b"0" * (500 * 1024), content_type="image/png")
    with translation.override("id"):
        page = client.post(reverse(EDIT), {**form_data(), "logo_upload": big}).content.decode()
    assert "Logo lebih besar dari 500 KB." in page


def test_the_signatory_needs_name_and_position_together(client, city_a):
    client.force_login(personas.city_admin(city_a))
    response = client.post(reverse(EDIT), form_data(signatory_position=""))
    assert response.status_code == 200
    with city_context(city_a):
        assert not CityLetterhead.objects.exists()


def test_another_citys_letterhead_is_never_shown(client, city_a, city_b):
    set_letterhead(city_b, "PEMERINTAH KOTA BETA\nDINAS KETENAGAKERJAAN", signatory_name="Ibu Beta")
    client.force_login(personas.staff_officer(city_a))
    page = client.get(reverse("dashboards:city-report"), {"bulan": "2026-10"}).content.decode()
    assert "KOTA BETA" not in page and "Ibu Beta" not in page and 'class="kop"' not in page
    set_letterhead(city_a, "PEMERINTAH KOTA ALPHA")
    page = client.get(reverse("dashboards:city-report"), {"bulan": "2026-10"}).content.decode()
    assert "PEMERINTAH KOTA ALPHA" in page and "KOTA BETA" not in page
    client.force_login(personas.city_admin(city_a, name="Admin Dua"))
    form = client.get(reverse(EDIT)).content.decode()
    assert "KOTA BETA" not in form and "PEMERINTAH KOTA ALPHA" in form


def inflated(pdf: bytes) -> bytes:
    """The PDF with every Flate stream decompressed, each read by its declared /Length."""
    parts = [pdf]
    for match in re.finditer(rb"/Length (\d+)[^>]*>>\s*stream\r?\n", pdf):
        try:
            parts.append(zlib.decompress(pdf[match.end() : match.end() + int(match.group(1))]))
        except zlib.error:
            continue
    return b"".join(parts)
