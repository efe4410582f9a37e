"""Ids posted to the job seeker's document page that are not numbers (or not theirs): a form error,
never a 500, and nothing removed. The page is read in Indonesian (the default language)."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from accounts.models import Membership
from accounts.services import member_sign_up
from cities.tenancy import city_context
from jobseekers.models import Document
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def _indonesian(msgid: str) -> str:
    with translation.override("id"):
        text = gettext(msgid)
    assert text != msgid, f"not translated: {msgid}"
    return text


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def document(client, city_a, job_seeker_user):
    client.force_login(job_seeker_user)
    client.post(reverse("jobseekers:my-documents"), {"kind": "cv", "file": SimpleUploadedFile("cv.pdf", PDF)})
    with city_context(city_a):
        return Document.objects.get()


@pytest.mark.parametrize("junk", ["abc", "1 OR 1=1", "²", "99999999999999999999", "-1", ""])
def test_a_junk_document_id_to_remove_is_a_form_error(client, city_a, document, junk):
    response = client.post(reverse("jobseekers:my-documents"), {"delete": junk})
    assert response.status_code == 200
    page = response.content.decode()
    assert _indonesian("Choose one of your documents to remove.") in page
    assert not response.context["form"].errors  # the upload form is not what was sent
    with city_context(city_a):
        assert Document.objects.filter(pk=document.pk).exists()


def test_another_persons_document_is_not_removed(client, city_a, document):
    other = UserFactory()
    member_sign_up(user=other, city=city_a, role=Membership.Role.JOB_SEEKER)
    client.force_login(other)
    response = client.post(reverse("jobseekers:my-documents"), {"delete": document.pk})
    assert response.status_code == 200
    assert _indonesian("Choose one of your documents to remove.") in response.content.decode()
    with city_context(city_a):
        assert Document.objects.filter(pk=document.pk).exists()


def test_the_person_still_removes_their_own_document(client, city_a, document):
    response = client.post(reverse("jobseekers:my-documents"), {"delete": document.pk})
    assert response.status_code == 302
    with city_context(city_a):
        assert not Document.objects.exists()
