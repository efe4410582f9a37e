"""Every public page renders in Indonesian and English with the right <html lang>, one h1, and the layout's parts."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from tests.factories import CityFactory, ProvinceFactory

PUBLIC_URL_NAMES = ["home", "cities:list", "accessibility", "privacy", "display-preferences"]
SKIP_LINK = {"id": "Langsung ke isi utama", "en": "Skip to main content"}


def get_in(client, url: str, language: str):
    client.cookies["django_language"] = language
    return client.get(url)


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["id", "en"])
@pytest.mark.parametrize("url_name", PUBLIC_URL_NAMES)
def test_each_public_page_renders_in_both_languages(client, url_name, language):
    response = get_in(client, reverse(url_name), language)

    assert response.status_code == 200
    html = response.content.decode()
    assert f'<html lang="{language}"' in html
    assert len(re.findall(r"<h1[\s>]", html)) == 1
    assert SKIP_LINK[language] in html
    for landmark in ("<header", "<nav", '<main id="main"', "<footer"):
        assert landmark in html


@pytest.mark.django_db
def test_indonesian_is_the_default_language(client):
    html = client.get(reverse("home")).content.decode()

    assert '<html lang="id"' in html
    assert "Cari kerja bersama Pusat Ketenagakerjaan Inklusif" in html


@pytest.mark.django_db
def test_the_language_switch_is_a_plain_form_that_changes_the_page_language(client):
    home = client.get(reverse("home")).content.decode()
    assert 'action="/i18n/setlang/"' in home
    assert 'name="language" value="en" lang="en"' in home

    response = client.post("/i18n/setlang/", {"language": "en", "next": reverse("privacy")})

    assert response.status_code == 302
    assert response["Location"] == reverse("privacy")
    assert '<html lang="en"' in client.get(reverse("privacy")).content.decode()


@pytest.mark.django_db
def test_the_city_landing_page_names_the_city_and_its_province(client):
    city = CityFactory(name="Kota Alpha", slug="kota-alpha", province=ProvinceFactory(code="98", name="Provinsi Satu"))

    response = client.get(reverse("cities:detail", kwargs={"city_slug": city.slug}))

    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Pusat Ketenagakerjaan Inklusif Kota Alpha</h1>" in html
    assert "Provinsi Satu" in html
    assert 'aria-current="page">Kota Alpha</span>' in html  # breadcrumb


@pytest.mark.django_db
def test_the_city_landing_page_is_404_for_an_unknown_city(client):
    assert client.get("/kota/tidak-ada/").status_code == 404


@pytest.mark.django_db
def test_the_city_landing_page_is_404_for_an_inactive_city(client):
    city = CityFactory(slug="kota-tidur", is_active=False)

    response = client.get(f"/kota/{city.slug}/")

    assert response.status_code == 404
    assert "Halaman tidak ditemukan" in response.content.decode()


@pytest.mark.django_db
def test_the_city_list_shows_only_active_cities(client):
    CityFactory(name="Kota Aktif")
    CityFactory(name="Kota Belum", is_active=False)

    html = client.get(reverse("cities:list")).content.decode()

    assert "Kota Aktif" in html
    assert "Kota Belum" not in html
    assert "<caption" in html and '<th scope="col">' in html and '<th scope="row">' in html


@pytest.mark.django_db
def test_the_city_list_pagination_says_where_you_are(client):
    CityFactory.create_batch(30)

    first = client.get(reverse("cities:list")).content.decode()
    second = client.get(reverse("cities:list") + "?page=2").content.decode()

    assert "Halaman 1 dari 2" in first
    assert 'href="?page=2" rel="next"' in first
    assert "Halaman 2 dari 2" in second
    assert 'aria-current="page"><span class="visually-hidden">Halaman </span>2</a>' in second


@pytest.mark.django_db
def test_the_home_page_lists_active_cities_with_an_indonesian_count(client):
    CityFactory.create_batch(2)

    html = client.get(reverse("home")).content.decode()

    assert "2 kota menjalankan pusat layanannya di portal ini." in html


@pytest.mark.django_db
def test_dates_are_written_the_indonesian_way(client):
    html_id = get_in(client, reverse("accessibility"), "id").content.decode()
    html_en = get_in(client, reverse("accessibility"), "en").content.decode()

    assert "terakhir ditinjau pada 29 November 2026" in html_id
    assert "last reviewed on 29 November 2026" in html_en


@pytest.mark.django_db
def test_a_rejected_form_explains_that_going_back_keeps_the_typed_text():
    from django.test import Client

    client = Client(enforce_csrf_checks=True)

    response = client.post(reverse("accessibility"), {"location": "x", "description": "y"})

    assert response.status_code == 403
    html = response.content.decode()
    assert "Formulir tidak dapat dikirim" in html
    assert '<html lang="id"' in html
