"""The reference admin: searchable, and read-only (the loader owns the rows)."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from reference.models import ChecklistVersion, Occupation
from tests.factories import UserFactory, give_totp

pytestmark = pytest.mark.django_db

MODELS = [
    "occupation",
    "industry",
    "skill",
    "accommodationtype",
    "wgquestion",
    "wgresponseoption",
    "checklistversion",
    "checklistitem",
]


@pytest.fixture
def superuser_client(client):
    call_command("load_reference", stdout=StringIO())
    user = UserFactory(is_staff=True, is_superuser=True)
    give_totp(user)
    client.force_login(user)
    return client


@pytest.mark.parametrize("model", MODELS)
def test_every_reference_changelist_opens_and_offers_no_add(superuser_client, model):
    response = superuser_client.get(reverse(f"admin:reference_{model}_changelist"))

    assert response.status_code == 200
    assert superuser_client.get(reverse(f"admin:reference_{model}_add")).status_code == 403


def test_it_finds_occupations_by_indonesian_title(superuser_client):
    response = superuser_client.get(reverse("admin:reference_occupation_changelist"), {"q": "perangkat lunak"})

    assert response.status_code == 200
    assert "2512" in response.content.decode()


def test_a_row_can_be_viewed_but_not_changed_or_deleted(superuser_client):
    occupation = Occupation.objects.get(code="2512")
    version = ChecklistVersion.objects.get()

    for url in (
        reverse("admin:reference_occupation_change", args=[occupation.pk]),
        reverse("admin:reference_checklistversion_change", args=[version.pk]),
    ):
        assert superuser_client.get(url).status_code == 200
    response = superuser_client.post(
        reverse("admin:reference_occupation_change", args=[occupation.pk]), {"title_en": "Changed"}
    )
    assert response.status_code == 403
    assert superuser_client.get(reverse("admin:reference_occupation_delete", args=[occupation.pk])).status_code == 403
    assert Occupation.objects.get(code="2512").title_en == "Software developers"
