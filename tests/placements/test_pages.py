"""Pages and API: the employer never sees an undisclosed field; the person confirms with choices."""

from __future__ import annotations

import pytest

from cities.tenancy import city_context
from jobseekers.models import JobSeekerAccommodation
from placements import services
from placements.models import Referral
from tests.placements.conftest import accommodation, seeker

pytestmark = pytest.mark.django_db


@pytest.fixture
def referral(city_a, vacancy, staff, person_user):
    with city_context(city_a):
        person = seeker(
            "Rina Rujukan",
            user=person_user,
            occupations=["2411"],
            email="rina@example.test",
            ragam=["sensorik"],
            accommodations_text="Kursi khusus",
        )
        JobSeekerAccommodation.objects.create(
            job_seeker=person, accommodation=accommodation("ACC-042", "Quiet desk away from traffic")
        )
        return services.referral_propose(actor=staff, job_seeker=person, vacancy=vacancy)


def test_the_person_confirms_with_disclosure_choices_on_the_page(client, city_a, referral, person_user):
    client.force_login(person_user)
    url = f"/pencari-kerja/rujukan/{referral.pk}/"
    assert client.get(url).status_code == 200
    response = client.post(url, {"action": "confirm", "disclosed": ["ragam"]})
    assert response.status_code == 302
    with city_context(city_a):
        saved = Referral.objects.get(pk=referral.pk)
        assert (saved.status, saved.disclosed) == ("confirmed", ["ragam"])


@pytest.mark.parametrize("disclosed", [[], ["ragam"], ["needs"]])
def test_the_employer_sees_only_disclosed_fields_in_html_and_api(
    client, city_a, referral, person_user, employer_user, disclosed
):
    with city_context(city_a):
        services.referral_confirm(actor=person_user, referral=referral, disclosed=disclosed)
    client.force_login(employer_user)
    html = client.get(f"/pemberi-kerja/kandidat/{referral.pk}/").content.decode()
    api = client.get("/api/pemberi-kerja/kandidat/").json()["results"]
    assert "Rina Rujukan" in html and api[0]["name"] == "Rina Rujukan"
    shows_needs = "needs" in disclosed
    shows_ragam = "ragam" in disclosed
    assert ("Kursi khusus" in html) is shows_needs
    assert ("Quiet desk" in html or "ACC-042" in html) is shows_needs
    assert ("needs" in api[0]) is shows_needs
    assert ("ragam" in api[0]) is shows_ragam
    assert "functioning" not in api[0] and "documents" not in api[0]
    assert ("sensor" in html.lower()) is shows_ragam


def test_the_employer_does_not_see_an_unconfirmed_referral(client, referral, employer_user):
    client.force_login(employer_user)
    assert client.get(f"/pemberi-kerja/kandidat/{referral.pk}/").status_code == 404
    assert client.get("/api/pemberi-kerja/kandidat/").json()["results"] == []


def test_staff_see_suggestions_with_reasons(client, city_a, vacancy, staff):
    with city_context(city_a):
        seeker("Ani", occupations=["2411"], functioning={"mobility": 4})
        services.vacancy_suggestions_refresh(vacancy_id=vacancy.pk)
    client.force_login(staff)
    page = client.get(f"/petugas/penempatan/lowongan/{vacancy.pk}/", HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200
    assert "Ani" in page.content.decode()


def test_the_staff_filter_suggestions_by_reach(client, city_a, vacancy, staff):
    from django.utils import translation

    with city_context(city_a):
        seeker("Orang Medan Baru", occupations=["2411"], kecamatan="Medan Baru")
        seeker("Orang Jauh", occupations=["2411"], kecamatan="Tembung")
        services.vacancy_suggestions_refresh(vacancy_id=vacancy.pk)
    client.force_login(staff)
    url = f"/petugas/penempatan/lowongan/{vacancy.pk}/"
    english = {"HTTP_ACCEPT_LANGUAGE": "en"}
    with translation.override("en"):
        everyone = client.get(url, **english).content.decode()
        near = client.get(url, {"jangkauan": "kecamatan"}, **english).content.decode()
        remote = client.get(url, {"jangkauan": "remote"}, **english).content.decode()
        bad = client.get(url, {"jangkauan": "10km"}, **english)
    assert "Orang Medan Baru" in everyone and "Orang Jauh" in everyone
    assert "Orang Medan Baru" in near and "Orang Jauh" not in near
    assert "Orang Medan Baru" not in remote and "No suggested person is within this reach" in remote
    assert bad.status_code == 200 and "Orang Jauh" in bad.content.decode()  # an unknown choice filters nothing
