"""Several photos per item (checked, stripped of EXIF/GPS, with a required text alternative, in the
report and the PDF), Indonesian checklist texts, and conflicting saves of one item by two assessors."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from PIL import Image

from accounts.models import Membership
from assessments import photos, services
from assessments.models import ItemPhoto, ItemResult
from cities.tenancy import city_context
from tests.assessments.conftest import VISIT
from tests.assessments.test_pages import _inflated, finish
from tests.employers.conftest import make_member

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def assessment(city_a, checklist, a_staff, workplace):
    with city_context(city_a):
        return services.assessment_schedule(actor=a_staff, workplace=workplace, scheduled_on=VISIT)


def jpeg_with_gps(size=(40, 20), orientation: int = 6) -> bytes:
    """A camera-like JPEG: EXIF with a GPS position, the camera make and an orientation tag."""
    image = Image.new("RGB", size, (200, 30, 30))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x0112] = orientation  # Orientation: 6 = rotate 90 degrees to view
    exif[0x8825] = {1: "S", 2: (7.0, 33.0, 30.0), 3: "E", 4: (110.0, 49.0, 5.0)}  # GPS IFD
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif)
    return out.getvalue()


def upload(data: bytes, name="foto.jpg", content_type="image/jpeg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=content_type)


class TestPrepare:
    def test_exif_and_gps_are_removed_and_the_photo_is_upright(self):
        original = jpeg_with_gps()
        assert Image.open(io.BytesIO(original)).getexif().get_ifd(0x8825)  # the test photo has a GPS position
        prepared = photos.prepare(upload(original, name="rumah-bu-siti.jpg"))
        stored = prepared.file.read()
        image = Image.open(io.BytesIO(stored))
        assert prepared.content_type == "image/jpeg"
        assert not image.getexif() and b"Exif" not in stored and b"PhoneMaker" not in stored
        assert image.size == (20, 40)  # turned by the orientation tag before the tag was dropped
        assert "rumah" not in prepared.file.name and prepared.file.name.endswith(".jpg")

    @pytest.mark.parametrize(
        ("data", "code"),
        [
            (b"<script>alert(1)</script>", "type"),
            (b"GIF89a" + b"\x00" * 100, "type"),
            (b"\xff\xd8\xff\xe0" + b"\x00" * 300, "unreadable"),  # sniffed as JPEG, but not a picture
            (b"\xff\xd8\xff" + b"\x00" * (5 * 1024 * 1024), "size"),
        ],
    )
    def test_bad_files_are_refused_with_a_reason(self, data, code):
        with pytest.raises(ValidationError) as raised:
            photos.prepare(upload(data))
        assert raised.value.code == code


def step_url(assessment, step=1):
    return reverse("assessments:step", kwargs={"pk": assessment.pk, "step": step})


def test_several_photos_with_their_text_are_added_removed_and_served_only_to_assessors(
    client, city_a, assessment, a_staff, a_partner
):
    with city_context(city_a):
        ramp = assessment.results.get(code="RAMP-02")
    client.force_login(a_staff)
    prefix = f"r{ramp.pk}"
    # A photo without its text: nothing of the item is saved, the error says why.
    page = client.post(
        step_url(assessment), {f"{prefix}-measured": "1:9", f"{prefix}-photo": upload(jpeg_with_gps())}
    ).content.decode()
    assert "Describe what the photo shows" in page
    with city_context(city_a):
        assert not ItemPhoto.objects.exists() and ItemResult.objects.get(pk=ramp.pk).measured == ""
    for number, text in enumerate(["Ramp from the street", "Ramp landing, no tactile tiles"]):
        response = client.post(
            step_url(assessment),
            {
                f"{prefix}-measured": "1:9",
                f"{prefix}-photo": upload(jpeg_with_gps()),
                f"{prefix}-photo_alt": text,
                f"{prefix}-revision": str(number),
            },
        )
        assert response.status_code == 302
    with city_context(city_a):
        saved = list(ItemPhoto.objects.filter(result=ramp).order_by("pk"))
    assert [p.alt_text for p in saved] == ["Ramp from the street", "Ramp landing, no tactile tiles"]
    page = client.get(step_url(assessment)).content.decode()
    assert 'alt="Ramp from the street"' in page and "2 photos saved" in page
    photo_url = reverse("assessments:photo", kwargs={"pk": assessment.pk, "photo_pk": saved[0].pk})
    response = client.get(photo_url)
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    assert b"PhoneMaker" not in response.content
    client.force_login(a_partner)  # not named on this visit
    assert client.get(photo_url).status_code == 404
    client.force_login(a_staff)
    response = client.post(
        step_url(assessment),
        {f"{prefix}-measured": "1:9", f"{prefix}-remove_photos": [str(saved[0].pk)], f"{prefix}-revision": "2"},
    )
    assert response.status_code == 302
    with city_context(city_a):
        assert list(ItemPhoto.objects.filter(result=ramp).values_list("pk", flat=True)) == [saved[1].pk]


def test_photos_of_failing_items_are_in_the_report_the_pdf_and_the_employers_copy(
    client, city_a, assessment, a_staff, an_employer_user
):
    with city_context(city_a):
        door = assessment.results.get(code="DOOR-01")
        services.item_result_record(
            actor=a_staff,
            result=door,
            measured="80",
            photo=photos.prepare(upload(jpeg_with_gps())),
            photo_alt="Main door, 80 cm wide",
        )
        finish(a_staff, assessment, {"DOOR-01": "80"})
        item_photo = ItemPhoto.objects.get()
    client.force_login(a_staff)
    report = client.get(reverse("assessments:report", kwargs={"pk": assessment.pk}) + "?bahasa=en").content.decode()
    assert 'alt="Main door, 80 cm wide"' in report and "Photos of the items to fix" in report
    pdf = client.get(reverse("assessments:report-pdf", kwargs={"pk": assessment.pk}) + "?bahasa=en").content
    assert b"/Subtype /Image" in _inflated(pdf)
    employer_photo = reverse("assessments:employer-photo", kwargs={"pk": assessment.pk, "photo_pk": item_photo.pk})
    client.force_login(an_employer_user)
    assert client.get(employer_photo).status_code == 404  # not shared yet
    with city_context(city_a):
        services.assessment_share(actor=a_staff, assessment=assessment)
    report = client.get(reverse("assessments:employer-report", kwargs={"pk": assessment.pk})).content.decode()
    assert employer_photo in report
    assert client.get(employer_photo).status_code == 200


def test_the_checklist_texts_follow_the_language(client, city_a, assessment, a_staff):
    with city_context(city_a):
        ramp = assessment.results.get(code="RAMP-02")
    assert ramp.requirement_indonesian.startswith("Ram di luar bangunan")
    with translation.override("id"):
        assert ramp.title_text == "Kemiringan ram di luar bangunan"
    with translation.override("en"):
        assert ramp.requirement_text == ramp.requirement
    client.force_login(a_staff)
    with city_context(city_a):
        finish(a_staff, assessment, {"RAMP-01": "1:8"})
    report = client.get(reverse("assessments:report", kwargs={"pk": assessment.pk}) + "?bahasa=id").content.decode()
    assert "Kemiringan ram di dalam bangunan" in report
    report = client.get(reverse("assessments:report", kwargs={"pk": assessment.pk}) + "?bahasa=en").content.decode()
    assert "Interior ramp gradient" in report and "Kemiringan ram di dalam bangunan" not in report


def test_a_second_assessor_never_silently_overwrites_the_first(client, city_a, assessment, a_staff):
    with city_context(city_a):
        other = make_member(city_a, Membership.Role.STAFF, mfa=True)
        ramp = assessment.results.get(code="RAMP-02")
    prefix = f"r{ramp.pk}"
    client.force_login(a_staff)
    opened = client.get(step_url(assessment)).content.decode()
    assert f'name="{prefix}-revision" value="0"' in opened
    with city_context(city_a):  # the other assessor saves the item meanwhile
        services.item_result_record(actor=other, result=ramp, measured="1:14", note="Measured twice")
    response = client.post(step_url(assessment), {f"{prefix}-measured": "1:9", f"{prefix}-revision": "0"})
    page = response.content.decode()
    assert response.status_code == 200 and "after you opened the form" in page
    assert "Measured twice" in page and 'value="1:9"' in page  # theirs shown, mine kept in the field
    assert f'name="{prefix}-revision" value="1"' in page
    with city_context(city_a):
        assert ItemResult.objects.get(pk=ramp.pk).measured == "1:14"
    response = client.post(step_url(assessment), {f"{prefix}-measured": "1:9", f"{prefix}-revision": "1"})
    assert response.status_code == 302  # saving again is a deliberate choice
    with city_context(city_a):
        saved = ItemResult.objects.get(pk=ramp.pk)
    assert (saved.measured, saved.outcome, saved.revision) == ("1:9", "fail", 2)


def test_the_overview_resumes_at_the_first_area_with_items_to_check(client, city_a, assessment, a_staff):
    detail = reverse("assessments:detail", kwargs={"pk": assessment.pk})
    client.force_login(a_staff)
    page = client.get(detail).content.decode()
    assert f'href="{step_url(assessment, 1)}">Continue where you left off' in page
    with city_context(city_a):
        first_area = assessment.results.order_by("position").first().area
        for result in assessment.results.filter(area=first_area):
            services.item_result_record(actor=a_staff, result=result, not_applicable=True)
    page = client.get(detail).content.decode()
    assert f'href="{step_url(assessment, 2)}">Continue where you left off' in page
    assert "Last saved by" in page


def test_another_citys_photo_is_a_404_and_invisible(client, city_a, city_b, assessment, a_staff):
    with city_context(city_a):
        ramp = assessment.results.get(code="RAMP-02")
        services.item_result_record(
            actor=a_staff, result=ramp, measured="1:9", photo=photos.prepare(upload(jpeg_with_gps())), photo_alt="Ramp"
        )
        item_photo = ItemPhoto.objects.get()
    with city_context(city_b):
        assert not ItemPhoto.objects.filter(pk=item_photo.pk).exists()
        other_staff = make_member(city_b, Membership.Role.STAFF, mfa=True)
    client.force_login(other_staff)
    url = reverse("assessments:photo", kwargs={"pk": assessment.pk, "photo_pk": item_photo.pk})
    assert client.get(url).status_code == 404
