"""The city job board's feeds: RSS 2.0 and Atom 1.0 (RFC 4287), advertised on the board page."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse

from accounts.models import Membership
from cities.tenancy import city_context
from employers import services
from tests.employers.conftest import ORG, make_member, vacancy_fields

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


def publish(city, title: str, *, nib: str):
    """A verified organisation of ``city`` with one published vacancy called ``title``."""
    member = make_member(city, Membership.Role.EMPLOYER)
    staff = make_member(city, Membership.Role.STAFF, mfa=True)
    with city_context(city):
        org = services.employer_register(actor=member, **{**ORG, "nib": nib})
        services.employer_verify(actor=staff, employer=org)
        vacancy = services.vacancy_save(actor=member, employer=org, **vacancy_fields(title=title))
        services.vacancy_submit(actor=member, vacancy=vacancy)
        return services.vacancy_publish(actor=staff, vacancy=vacancy)


@pytest.fixture
def vacancies(city_a, city_b):
    """Two published vacancies and one draft in city A, one published vacancy in city B."""
    first = publish(city_a, "Operator data", nib="1111111111111")
    second = publish(city_a, "Penjahit", nib="2222222222222")
    member = make_member(city_a, Membership.Role.EMPLOYER)
    with city_context(city_a):
        org = services.employer_register(actor=member, **{**ORG, "nib": "3333333333333"})
        services.vacancy_save(actor=member, employer=org, **vacancy_fields(title="Konsep rahasia"))
    other = publish(city_b, "Kasir kota lain", nib="4444444444444")
    return first, second, other


def test_the_atom_feed_has_one_entry_per_published_vacancy_of_the_city(client, city_a, vacancies):
    first, second, _other = vacancies
    response = client.get(reverse("employers:city-atom-feed", kwargs={"city_slug": city_a.slug}))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)
    assert root.tag == f"{ATOM}feed"
    assert city_a.name in root.find(f"{ATOM}title").text
    assert root.find(f"{ATOM}subtitle") is not None and root.find(f"{ATOM}updated") is not None
    entries = root.findall(f"{ATOM}entry")
    # Newest first; the draft and the other city's vacancy are not there.
    assert [entry.find(f"{ATOM}title").text.split(" · ")[0] for entry in entries] == ["Penjahit", "Operator data"]
    for entry, vacancy in zip(entries, (second, first), strict=True):
        link = entry.find(f"{ATOM}link").get("href")
        assert link.endswith(reverse("employers:vacancy-public", kwargs={"city_slug": city_a.slug, "pk": vacancy.pk}))
        assert entry.find(f"{ATOM}id").text == f"ijc-vacancy-{city_a.pk}-{vacancy.pk}"
        assert entry.find(f"{ATOM}updated").text == entry.find(f"{ATOM}published").text
        assert entry.find(f"{ATOM}published").text.startswith(str(vacancy.published_at.year))
        assert entry.find(f"{ATOM}summary").text


def test_the_rss_feed_is_well_formed_and_only_this_city(client, city_a, vacancies):
    response = client.get(reverse("employers:city-feed", kwargs={"city_slug": city_a.slug}))
    channel = ET.fromstring(response.content).find("channel")
    titles = [item.find("title").text for item in channel.findall("item")]
    assert len(titles) == 2 and not any("Kasir kota lain" in title or "Konsep" in title for title in titles)


def test_the_city_board_advertises_both_feeds(client, city_a, vacancies):
    page = client.get(reverse("employers:city-board", kwargs={"city_slug": city_a.slug})).content.decode()
    head = page.split("</head>")[0]
    rss = reverse("employers:city-feed", kwargs={"city_slug": city_a.slug})
    atom = reverse("employers:city-atom-feed", kwargs={"city_slug": city_a.slug})
    assert f'<link rel="alternate" type="application/rss+xml" href="{rss}"' in head
    assert f'<link rel="alternate" type="application/atom+xml" href="{atom}"' in head
    assert f'href="{atom}"' in page.split("</head>")[1]  # a visible link too
    national = client.get(reverse("employers:board")).content.decode()
    assert "application/atom+xml" not in national


def test_an_unknown_city_has_no_feed(client, db):
    assert client.get(reverse("employers:city-atom-feed", kwargs={"city_slug": "tidak-ada"})).status_code == 404
